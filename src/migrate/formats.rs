//! A plan written as the files of the migration tools teams use: plain timestamped up/down
//! pairs, golang-migrate, Flyway (with undo and, for statements that cannot run in a
//! transaction, its `executeInTransaction=false` config), goose and dbmate (their markers and
//! their no-transaction switches), Liquibase formatted SQL (a changeset per step, with its
//! rollback), Prisma (no down) and sqitch (deploy, revert and verify scripts and the plan
//! line). What each tool does with a file is its own; the SQL is the plan's.

use serde::Serialize;

use super::parts::single_query_parts;
use super::step::{Body, Plan};
use crate::generate::sql::{civil_from_days, days_from_civil};
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

    /// The k-th of n consecutive migrations this one is written as: its version k seconds
    /// (or k) later, so the runners order them, and its name numbered.
    pub fn part(&self, k: usize, n: usize) -> Migration {
        Migration {
            version: later_version(&self.version, k),
            name: format!("{} part {} of {n}", self.name.trim(), k + 1),
            author: self.author.clone(),
        }
    }
}

/// The version of a migration made at `unix_seconds`: `YYYYMMDDhhmmss` in UTC, what
/// migration tools sort by.
pub fn timestamp_version(unix_seconds: u64) -> String {
    let (days, rest) = ((unix_seconds / 86_400) as i64, unix_seconds % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// A version `k` steps after `version`: seconds for a `YYYYMMDDhhmmss` timestamp, units for
/// another number (its width kept), a `.k` suffix otherwise.
fn later_version(version: &str, k: usize) -> String {
    if k == 0 {
        return version.to_string();
    }
    let digits = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit());
    let field = |range: std::ops::Range<usize>| version[range].parse::<i64>().unwrap_or(0);
    if digits && version.len() == 14 {
        let seconds = days_from_civil(field(0..4), field(4..6), field(6..8)) * 86_400
            + field(8..10) * 3600
            + field(10..12) * 60
            + field(12..14)
            + k as i64;
        let (day, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (y, m, d) = civil_from_days(day);
        return format!(
            "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        );
    }
    match version.parse::<u64>() {
        Ok(n) if digits => format!(
            "{:0width$}",
            n.saturating_add(k as u64),
            width = version.len()
        ),
        _ => format!("{version}.{k}"),
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
    let file = |path: String, contents: String| File { path, contents };
    match format {
        Format::Plain => pair(plan, m),
        // These runners send a file as one query: statements that must run alone get
        // migrations of their own.
        Format::GolangMigrate => parts(plan, m)
            .iter()
            .flat_map(|(part, m)| pair(part, m))
            .collect(),
        Format::Dbmate => parts(plan, m)
            .iter()
            .map(|(part, m)| file(format!("{}_{}.sql", m.version, m.slug()), dbmate(part)))
            .collect(),
        Format::Prisma => {
            let mut files: Vec<File> = parts(plan, m)
                .iter()
                .map(|(part, m)| {
                    file(
                        format!("migrations/{}_{}/migration.sql", m.version, m.slug()),
                        format!("{}{}", header(part, "up"), part.up_script()),
                    )
                })
                .collect();
            files.push(file(
                "migrations/migration_lock.toml".into(),
                format!(
                    "# Please do not edit this file manually\nprovider = \"{}\"\n",
                    prisma_provider(plan.dialect)
                ),
            ));
            files
        }
        Format::Flyway => {
            let (v, slug) = (&m.version, m.slug());
            let mut files = vec![
                file(
                    format!("V{v}__{slug}.sql"),
                    format!("{}{}", header(plan, "up"), plan.up_script()),
                ),
                file(
                    format!("U{v}__{slug}.sql"),
                    format!("{}{}", header(plan, "down"), plan.down_script()),
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
        Format::Goose => vec![file(format!("{}_{}.sql", m.version, m.slug()), goose(plan))],
        Format::Liquibase => vec![file(
            format!("{}_{}.sql", m.version, m.slug()),
            liquibase(plan, m),
        )],
        Format::Sqitch => sqitch(plan, m),
    }
}

/// `{version}_{name}.up.sql` and `.down.sql`.
fn pair(plan: &Plan, m: &Migration) -> Vec<File> {
    let (v, slug) = (&m.version, m.slug());
    vec![
        File {
            path: format!("{v}_{slug}.up.sql"),
            contents: format!("{}{}", header(plan, "up"), plan.up_script()),
        },
        File {
            path: format!("{v}_{slug}.down.sql"),
            contents: format!("{}{}", header(plan, "down"), plan.down_script()),
        },
    ]
}

/// The plan as consecutive migrations a runner sending each file as one query can apply,
/// numbered on from `m`'s version.
fn parts(plan: &Plan, m: &Migration) -> Vec<(Plan, Migration)> {
    let mut parts = single_query_parts(plan);
    let n = parts.len();
    if n == 1 {
        return parts.drain(..).map(|part| (part, m.clone())).collect();
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(k, part)| (part, m.part(k, n)))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_versions_carry_over_like_a_clock() {
        assert_eq!(later_version("20261231235958", 0), "20261231235958");
        assert_eq!(later_version("20261231235958", 1), "20261231235959");
        assert_eq!(later_version("20261231235958", 2), "20270101000000");
        assert_eq!(later_version("20240228235959", 1), "20240229000000");
        assert_eq!(later_version("0041", 3), "0044");
        assert_eq!(later_version("1.2", 1), "1.2.1");
    }

    #[test]
    fn a_version_is_the_utc_time_it_was_made() {
        assert_eq!(timestamp_version(0), "19700101000000");
        assert_eq!(timestamp_version(1_796_601_600 + 3_723), "20261207010203");
    }

    #[test]
    fn parts_are_named_in_order() {
        let m = Migration {
            version: "20261206120059".into(),
            name: "Add orders".into(),
            author: String::new(),
        };
        let second = m.part(1, 3);
        assert_eq!(second.version, "20261206120100");
        assert_eq!(second.slug(), "add_orders_part_2_of_3");
    }
}
