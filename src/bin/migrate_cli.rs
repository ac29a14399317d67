//! `schemaforge diff` and `schemaforge verify-migration`: the migration between two versions
//! (two files, or two saved versions of a project), written for a migration tool or proven
//! on an engine both ways.

use std::process::ExitCode;

use schemaforge::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use schemaforge::migrate::{plan, renames, write, Format, Migration, Mode, Plan, PlanOptions};
use schemaforge::model::reconcile::reconcile;
use schemaforge::model::{Dialect, IdGen, Model};
use schemaforge::verify::{verify_migration, Engine, Scripts};

use super::{read, Source};

/// Which two versions, and how to read them.
pub struct Versions {
    pub old: String,
    pub new: String,
    /// The dialect of SQL files and of the migration.
    pub dialect: Option<Dialect>,
    pub from_version: Option<String>,
    pub to_version: Option<String>,
    /// Take every proposed rename (two files with no shared ids).
    pub accept_renames: bool,
    /// Take these proposed renames, as printed (`old=new`, `table.old=table.new`).
    pub renames: Vec<String>,
}

/// The two models, with ids that match where they mean the same object, and the dialect
/// their expressions are written in.
fn models(v: &Versions) -> Result<(Model, Model, Dialect), String> {
    let pick = |file: &str, version: &Option<String>| -> Result<(Model, bool, Dialect), String> {
        let read = read(&Source {
            file: file.to_string(),
            dialect: v.dialect,
        })?;
        let project_file = read.report.is_none();
        let dialect = read.project.source.dialect;
        let model = match version.as_deref() {
            None | Some("current") => read.project.model,
            Some(name) => match read.project.version(name) {
                Some(saved) => saved.model.clone(),
                None => {
                    let known: Vec<&str> = read
                        .project
                        .versions
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect();
                    return Err(if known.is_empty() {
                        format!("{file} has no saved versions (only `current`)")
                    } else {
                        format!(
                            "{file} has no version {name}; it has {} and `current`",
                            known.join(", ")
                        )
                    });
                }
            },
        };
        Ok((model, project_file, dialect))
    };
    let (old, old_is_project, _) = pick(&v.old, &v.from_version)?;
    let (new, new_is_project, dialect) = pick(&v.new, &v.to_version)?;
    // Versions of one project share ids; anything else is matched by name (and the renames
    // the text leaves no doubt about).
    let new = if old_is_project && new_is_project {
        new
    } else {
        let mut ids = IdGen::after(old.max_id());
        let mut new = reconcile(&old, new, &mut ids);
        // What the names alone leave open: proposed, taken only when asked (a second round
        // finds the columns of tables the first one renamed).
        let mut wanted: Vec<&str> = v.renames.iter().map(|r| r.trim()).collect();
        for _round in 0..2 {
            let proposals = renames::propose(&old, &new);
            let mut taken = Vec::new();
            for p in &proposals {
                let (from, to) = proposal_names(p, &new);
                let asked = wanted.iter().position(|w| *w == format!("{from}={to}"));
                if let Some(k) = asked {
                    wanted.remove(k);
                }
                let take = v.accept_renames || asked.is_some();
                let what = if p.table.is_some() { "column" } else { "table" };
                eprintln!(
                    "possible rename: {what} {from} -> {to} (score {:.2}){}",
                    p.score,
                    if take {
                        ", taken".to_string()
                    } else {
                        format!("; --rename {from}={to} plans it as a rename")
                    }
                );
                if take {
                    taken.push(p.clone());
                }
            }
            if taken.is_empty() {
                break;
            }
            new = renames::accept(&old, new, &taken);
        }
        if let Some(missing) = wanted.first() {
            return Err(format!(
                "--rename {missing}: no such rename was proposed (the proposals are printed above, as old=new)"
            ));
        }
        new
    };
    Ok((old, new, dialect))
}

fn planned(
    v: &Versions,
    target: Option<Dialect>,
    simple: bool,
) -> Result<(Plan, Model, Model, Dialect), String> {
    let (old, new, source) = models(v)?;
    let target = target.or(v.dialect).unwrap_or(source);
    let options = PlanOptions {
        source,
        ..PlanOptions::new(target, if simple { Mode::Simple } else { Mode::Safe })
    };
    let plan = plan(&old, &new, &options)?;
    for n in &plan.notes {
        eprintln!("note: {}: {}", n.object, n.message);
    }
    Ok((plan, old, new, source))
}

/// A proposal's names as `--rename` takes them: a table's, or a column's after its table's
/// name in the newer version.
fn proposal_names(p: &renames::RenameProposal, new: &Model) -> (String, String) {
    let table = p
        .table
        .and_then(|id| new.tables.iter().find(|t| t.id == id))
        .map(|t| format!("{}.", t.name))
        .unwrap_or_default();
    (format!("{table}{}", p.from), format!("{table}{}", p.to))
}

/// The options a migration's version (a UTC timestamp) and name come from.
pub struct Output {
    pub format: Format,
    pub directory: Option<String>,
    pub name: String,
    pub author: String,
    pub version: Option<String>,
    pub accept_data_loss: bool,
    pub json: bool,
}

pub fn diff(v: &Versions, simple: bool, out: &Output) -> Result<ExitCode, String> {
    let (plan, ..) = planned(v, None, simple)?;
    if out.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&plan).map_err(|e| e.to_string())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if plan.is_empty() {
        eprintln!("the two versions have the same schema: nothing to migrate");
        return Ok(ExitCode::SUCCESS);
    }
    for s in &plan.steps {
        eprintln!("[{}] {}: {}", s.up.safety().label(), s.title, s.up.why);
    }
    if plan.dialect == schemaforge::model::Dialect::Postgres {
        for f in schemaforge::rules::migration::lint_plan(&plan) {
            eprintln!("{} {}: {}", f.code, f.name, f.message);
        }
    }
    let Some(directory) = &out.directory else {
        println!(
            "-- up\n{}\n-- down\n{}",
            plan.up_script(),
            plan.down_script()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let loss = plan.data_loss();
    if !loss.is_empty() && !out.accept_data_loss {
        return Err(format!(
            "these steps destroy data, and nothing was written:\n  {}\nrun again with --accept-data-loss to write them",
            loss.join("\n  ")
        ));
    }
    let migration = Migration {
        version: out.version.clone().unwrap_or_else(utc_timestamp),
        name: out.name.clone(),
        author: out.author.clone(),
    };
    for file in write(&plan, out.format, &migration) {
        let path = std::path::Path::new(directory).join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // A sqitch plan gains the change's line; a Prisma lock file is kept.
        let exists = path.exists();
        let contents = match file.path.as_str() {
            "sqitch.plan" if exists => {
                let mut old = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                if !old.ends_with('\n') {
                    old.push('\n');
                }
                let line = file.contents.lines().last().unwrap_or_default();
                format!("{old}{line}\n")
            }
            "migrations/migration_lock.toml" if exists => continue,
            _ => file.contents,
        };
        std::fs::write(&path, contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify(
    v: &Versions,
    simple: bool,
    engine: Engine,
    url: Option<&str>,
) -> Result<ExitCode, String> {
    let (plan, old, new, source) = planned(v, Some(engine.dialect()), simple)?;
    if plan.dialect != engine.dialect() {
        return Err(format!(
            "{} runs {} scripts, not {}",
            engine_word(engine),
            engine.dialect(),
            plan.dialect
        ));
    }
    let options = DdlOptions {
        source,
        ..DdlOptions::default()
    };
    let d = dialect_for(engine.dialect());
    let (old_ddl, new_ddl) = (
        generate_ddl(&old, d.as_ref(), &options),
        generate_ddl(&new, d.as_ref(), &options),
    );
    let (up, down) = (plan.up_script(), plan.down_script());
    let scripts = Scripts {
        old_ddl: &old_ddl,
        new_ddl: &new_ddl,
        up: &up,
        down: &down,
    };
    let trip = verify_migration(engine, &scripts, url).map_err(|e| e.to_string())?;
    if trip.holds() {
        println!(
            "OK: on {}, the up migration ({} steps) gives the new version's catalog and the down migration the old one's",
            engine_word(engine),
            plan.steps.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for d in &trip.after_up {
        println!("after up, {d}");
    }
    for d in &trip.after_down {
        println!("after down, {d}");
    }
    Ok(ExitCode::FAILURE)
}

fn engine_word(e: Engine) -> &'static str {
    match e {
        Engine::Pglite => "PGlite",
        Engine::Postgres => "PostgreSQL",
        Engine::Mariadb => "MariaDB",
        Engine::Sqlite => "SQLite",
    }
}

/// Now as `YYYYMMDDhhmmss` in UTC, the version migration tools sort by.
fn utc_timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    schemaforge::migrate::formats::timestamp_version(secs)
}

/// `schemaforge versions`: the saved versions of a project file, or one more saved.
pub fn versions(path: &str, save: Option<String>) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut project =
        schemaforge::model::Project::from_json(&text).map_err(|d| format!("{path}: {d}"))?;
    if let Some(name) = save {
        schemaforge::migrate::review::save_version(&mut project, &name)
            .map_err(|e| format!("{path}: {e}"))?;
        let name = name.trim();
        std::fs::write(path, project.to_json()).map_err(|e| format!("cannot write {path}: {e}"))?;
        println!("saved version {name} in {path}");
        return Ok(ExitCode::SUCCESS);
    }
    for v in &project.versions {
        println!("{}\t{} tables", v.name, v.model.tables.len());
    }
    println!("current\t{} tables", project.model.tables.len());
    Ok(ExitCode::SUCCESS)
}
