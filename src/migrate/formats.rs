//! A plan written as the files of the migration tools teams use: plain timestamped up/down
//! pairs, golang-migrate, Flyway (with undo and, for statements that cannot run in a
//! transaction, its `executeInTransaction=false` config), goose and dbmate (their markers and
//! their no-transaction switches), Liquibase formatted SQL (a changeset per step, with its
//! rollback), Prisma (no down) and sqitch (deploy, revert and verify scripts and the plan
//! line). What each tool does with a file is its own; the SQL is the plan's.

use serde::Serialize;

use super::step::{Body, Plan};
use crate::model::Dialect;

/// The tools a migration can be written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Plain,
    GolangMigrate,
    Flyway,
    Goose,
    Dbmate,
    Liquibase,
    Prisma,
    Sqitch,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Plain,
        Format::GolangMigrate,
        Format::Flyway,
        Format::Goose,
        Format::Dbmate,
        Format::Liquibase,
        Format::Prisma,
        Format::Sqitch,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::GolangMigrate => "golang-migrate",
            Format::Flyway => "flyway",
            Format::Goose => "goose",
            Format::Dbmate => "dbmate",
            Format::Liquibase => "liquibase",
            Format::Prisma => "prisma",
            Format::Sqitch => "sqitch",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        let text = text.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == text || (text == "migrate" && *f == Format::GolangMigrate))
    }

    /// Whether the tool keeps a down migration.
    pub fn has_down(self) -> bool {
        self != Format::Prisma
    }
}

/// What names a migration: its version (a UTC timestamp, `20261201143000`), a short name
/// and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    pub version: String,
    pub name: String,
    pub author: String,
}

impl Migration {
    /// The name as a file name takes it: lower case words joined by `_`.
    pub fn slug(&self) -> String {
        let mut slug = String::new();
        for c in self.name.trim().chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('_') && !slug.is_empty() {
                slug.push('_');
            }
        }
        let slug = slug.trim_end_matches('_').to_string();
        if slug.is_empty() {
            "migration".into()
        } else {
            slug
        }
    }
}

/// One file of a written migration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct File {
    /// Relative to the migrations directory, `/`-separated.
    pub path: String,
    pub contents: String,
}

/// The files of `plan` for `format`.
pub fn write(plan: &Plan, format: Format, m: &Migration) -> Vec<File> {
    let slug = m.slug();
    let v = &m.version;
    let file = |path: String, contents: String| File { path, contents };
    let header = |direction: &str| header(plan, direction);
    match format {
        Format::Plain | Format::GolangMigrate => vec![
            file(
                format!("{v}_{slug}.up.sql"),
                format!("{}{}", header("up"), plan.up_script()),
            ),
            file(
                format!("{v}_{slug}.down.sql"),
                format!("{}{}", header("down"), plan.down_script()),
            ),
        ],
        Format::Flyway => {
            let mut files = vec![
                file(
                    format!("V{v}__{slug}.sql"),
                    format!("{}{}", header("up"), plan.up_script()),
                ),
                file(
                    format!("U{v}__{slug}.sql"),
                    format!("{}{}", header("down"), plan.down_script()),
                ),
            ];
            for (prefix, up) in [("V", true), ("U", false)] {
                if !plan.transactional(up) {
                    files.push(file(
                        format!("{prefix}{v}__{slug}.sql.conf"),
                        "executeInTransaction=false\n".into(),
                    ));
                }
            }
            files
        }
        Format::Goose => vec![file(format!("{v}_{slug}.sql"), goose(plan))],
        Format::Dbmate => vec![file(format!("{v}_{slug}.sql"), dbmate(plan))],
        Format::Liquibase => vec![file(format!("{v}_{slug}.sql"), liquibase(plan, m))],
        Format::Prisma => vec![
            file(
                format!("migrations/{v}_{slug}/migration.sql"),
                format!("{}{}", header("up"), plan.up_script()),
            ),
            file(
                "migrations/migration_lock.toml".into(),
                format!(
                    "# Please do not edit this file manually\nprovider = \"{}\"\n",
                    prisma_provider(plan.dialect)
                ),
            ),
        ],
        Format::Sqitch => sqitch(plan, m),
    }
}

/// What a file says first: the safety of its steps and what they need.
fn header(plan: &Plan, direction: &str) -> String {
    let up = direction == "up";
    let bodies: Vec<&Body> = plan
        .steps
        .iter()
        .map(|s| if up { &s.up } else { &s.down })
        .collect();
    let worst = bodies.iter().map(|b| b.safety()).max();
    let mut text = format!(
        "-- Schemaforge migration ({direction}), {}, {} mode: {} step{}",
        plan.dialect,
        format!("{:?}", plan.mode).to_ascii_lowercase(),
        bodies.len(),
        if bodies.len() == 1 { "" } else { "s" },
    );
    if let Some(worst) = worst {
        text.push_str(&format!(", at worst {}", worst.label()));
    }
    text.push('\n');
    if !plan.transactional(up) {
        text.push_str(
            "-- Some statements cannot run inside a transaction: run this file without one.\n",
        );
    }
    text.push('\n');
    text
}

/// Each statement of a body, ended as the dialect ends them.
fn statements(plan: &Plan, body: &Body) -> Vec<String> {
    body.statements
        .iter()
        .map(|s| {
            if plan.dialect == Dialect::Mssql {
                format!("{s};\nGO")
            } else {
                format!("{s};")
            }
        })
        .collect()
}

/// The prelude, the bodies and the epilogue of one direction, as statements.
fn all_statements(plan: &Plan, up: bool) -> Vec<String> {
    let mut out: Vec<String> = plan.prelude.iter().map(|s| format!("{s};")).collect();
    let bodies: Vec<&Body> = if up {
        plan.steps.iter().map(|s| &s.up).collect()
    } else {
        plan.steps.iter().rev().map(|s| &s.down).collect()
    };
    for b in bodies {
        out.extend(statements(plan, b));
    }
    out.extend(plan.epilogue.iter().map(|s| format!("{s};")));
    out
}

/// goose: one file, `-- +goose Up` and `-- +goose Down`, every statement between
/// `StatementBegin` and `StatementEnd` (so bodies with semicolons stay whole).
fn goose(plan: &Plan) -> String {
    let mut text = String::new();
    if !plan.transactional(true) || !plan.transactional(false) {
        text.push_str("-- +goose NO TRANSACTION\n");
    }
    for (marker, up) in [("Up", true), ("Down", false)] {
        text.push_str(&format!("-- +goose {marker}\n"));
        for s in all_statements(plan, up) {
            text.push_str(&format!(
                "-- +goose StatementBegin\n{s}\n-- +goose StatementEnd\n"
            ));
        }
        text.push('\n');
    }
    text
}

/// dbmate: `-- migrate:up` and `-- migrate:down`, with `transaction:false` where needed.
fn dbmate(plan: &Plan) -> String {
    let mut text = String::new();
    for (marker, up) in [("up", true), ("down", false)] {
        text.push_str(&format!("-- migrate:{marker}"));
        if !plan.transactional(up) {
            text.push_str(" transaction:false");
        }
        text.push('\n');
        text.push_str(&if up {
            plan.up_script()
        } else {
            plan.down_script()
        });
        text.push('\n');
    }
    text
}

/// Liquibase formatted SQL: a changeset per step with its rollback, the prelude and
/// epilogue in changesets of their own.
fn liquibase(plan: &Plan, m: &Migration) -> String {
    let mut text = String::from("--liquibase formatted sql\n\n");
    let author: String = m
        .author
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let author = if author.is_empty() {
        "schemaforge".to_string()
    } else {
        author
    };
    let mut k = 0;
    let mut changeset = |text: &mut String, title: &str, transactional: bool| {
        k += 1;
        text.push_str(&format!(
            "--changeset {author}:{}-{k}{}\n--comment: {}\n",
            m.version,
            if transactional {
                ""
            } else {
                " runInTransaction:false"
            },
            title.replace('\n', " ")
        ));
    };
    if !plan.prelude.is_empty() {
        changeset(&mut text, "session settings", true);
        for s in &plan.prelude {
            text.push_str(&format!("{s};\n"));
        }
        text.push_str("--rollback empty\n\n");
    }
    for step in &plan.steps {
        if step.up.statements.is_empty() {
            continue;
        }
        changeset(
            &mut text,
            &format!("{} [{}]", step.title, step.up.safety().label()),
            step.up.transactional && step.down.transactional,
        );
        for p in &step.up.preflight {
            text.push_str(&format!(
                "-- pre-flight, {} (expect 0): {}\n",
                p.what, p.query
            ));
        }
        for s in statements(plan, &step.up) {
            text.push_str(&s);
            text.push('\n');
        }
        if step.down.statements.is_empty() {
            text.push_str("--rollback empty\n");
        }
        for s in statements(plan, &step.down) {
            for line in s.lines() {
                text.push_str(&format!("--rollback {line}\n"));
            }
        }
        text.push('\n');
    }
    if !plan.epilogue.is_empty() {
        changeset(&mut text, "closing statements", true);
        for s in &plan.epilogue {
            text.push_str(&format!("{s};\n"));
        }
        text.push_str("--rollback empty\n\n");
    }
    text
}

fn prisma_provider(d: Dialect) -> &'static str {
    match d {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
        Dialect::Mssql => "sqlserver",
    }
}

/// sqitch: deploy, revert and verify scripts named after the change, and the change's line
/// for `sqitch.plan` (a new plan's header included, to append to or start one).
fn sqitch(plan: &Plan, m: &Migration) -> Vec<File> {
    let slug = m.slug();
    let wrap = |up: bool| {
        let transactional = plan.transactional(up) && plan.dialect != Dialect::Mysql;
        let body = if up {
            plan.up_script()
        } else {
            plan.down_script()
        };
        if transactional {
            format!("BEGIN;\n\n{body}\nCOMMIT;\n")
        } else {
            body
        }
    };
    let verify = if plan.verify.is_empty() {
        "-- Nothing the change creates can be selected.\n".to_string()
    } else {
        plan.verify
            .iter()
            .map(|q| format!("{q};\n"))
            .collect::<String>()
    };
    let v = &m.version;
    let stamp = if v.len() == 14 && v.chars().all(|c| c.is_ascii_digit()) {
        format!(
            "{}-{}-{}T{}:{}:{}Z",
            &v[0..4],
            &v[4..6],
            &v[6..8],
            &v[8..10],
            &v[10..12],
            &v[12..14]
        )
    } else {
        v.clone()
    };
    let author = if m.author.trim().is_empty() {
        "schemaforge"
    } else {
        m.author.trim()
    };
    vec![
        File {
            path: format!("deploy/{slug}.sql"),
            contents: format!("-- Deploy {slug}\n\n{}", wrap(true)),
        },
        File {
            path: format!("revert/{slug}.sql"),
            contents: format!("-- Revert {slug}\n\n{}", wrap(false)),
        },
        File {
            path: format!("verify/{slug}.sql"),
            contents: format!("-- Verify {slug}\n\n{verify}"),
        },
        File {
            path: "sqitch.plan".into(),
            contents: format!(
                "%syntax-version=1.0.0\n%project=schemaforge\n\n{slug} {stamp} {author} <{author}@schemaforge.invalid> # {}\n",
                m.name.replace('\n', " ")
            ),
        },
    ]
}
