//! `schemaforge`: the engine on the command line, for CI pipelines.

mod fds;
mod lint_output;
mod migrate_cli;
mod mongo_cli;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use schemaforge::diagnostic::Severity;
use schemaforge::generate::dbml::print_dbml;
use schemaforge::generate::sql::{
    dialect_for, generate, generate_index_script, Ddl, DdlOptions, Naming, NoteLevel,
    SchemaPlacement,
};
use schemaforge::generate::svg::scene_svg;
use schemaforge::import::detect::{detect_kind, TextKind};
use schemaforge::import::dialect_guess::{try_dialects, DialectGuess};
use schemaforge::import::sql::ImportReport;
use schemaforge::layout::metrics::measure;
use schemaforge::layout::view::{part_of, project_of_view, view_scene};
use schemaforge::layout::{auto_layout, build_scene, Algorithm, Rect, Scene};
use schemaforge::migrate::Format;
use schemaforge::model::{DiagramView, Dialect, Point, Project, SourceFormat};
use schemaforge::rules::{known_rules, lint_project, rules_page, Finding, LintSettings};
use schemaforge::synthetic::hub_schema_script;
use schemaforge::verify::{verify, Engine, EngineError};
use schemaforge::workspace::{open_text, project_from_import, Input};

/// The engine on the command line: import, export, verify, lay out and lint schemas.
#[derive(Parser)]
#[command(name = "schemaforge", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How to read FILE.
#[derive(Args, Clone)]
struct Source {
    /// An SQL script, a DBML file or a Schemaforge project file.
    file: String,
    /// The SQL dialect of FILE; found by trying each when not given.
    #[arg(long, value_parser = parse_dialect)]
    dialect: Option<Dialect>,
}

/// How to write DDL.
#[derive(Args, Clone)]
struct DdlArgs {
    /// Constraint and index names as modelled, or from the seed templates.
    #[arg(long, default_value = "keep", value_parser = parse_naming)]
    naming: Naming,
    /// What named schemas become in MySQL/MariaDB, where a schema is a database: folded into
    /// the one database (tables whose names collide take their schema as a prefix),
    /// prefixes on every table, or a database each.
    #[arg(long, default_value = "fold", value_parser = parse_schemas)]
    schemas: SchemaPlacement,
    /// CREATE ... IF NOT EXISTS where the target has it.
    #[arg(long)]
    if_not_exists: bool,
    /// Wrap the script in one transaction where the target has transactional DDL.
    #[arg(long)]
    transaction: bool,
    /// Only the indexes.
    #[arg(long)]
    indexes_only: bool,
    /// With --indexes-only: CREATE INDEX CONCURRENTLY (PostgreSQL).
    #[arg(long, requires = "indexes_only")]
    concurrently: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Imports FILE and prints a summary: tables, columns, foreign keys, indexes, views,
    /// enums, and every statement skipped with its line and reason.
    Import {
        #[command(flatten)]
        source: Source,
        /// The summary as JSON.
        #[arg(long)]
        json: bool,
        /// Also writes the project file.
        #[arg(short, long, value_name = "PROJECT.json")]
        output: Option<String>,
    },
    /// Prints the DDL (or DBML) of FILE, or for a project's collections: mongo-validator (the
    /// `$jsonSchema` validator), json-schema (JSON Schema 2020-12), mongo-create
    /// (`db.createCollection` with validator and indexes), mongo-indexes (`createIndex`), or
    /// mongo-migration (up and down mongosh scripts from --from-version to the current model);
    /// or for wikis: mermaid (an `erDiagram`, with a warning past Mermaid's 50,000-character limit),
    /// markdown (the diagram and a table per table), review (a self-contained HTML page with
    /// the diagram, the findings and the migration from --from-version or the newest saved
    /// version) or share-link (the URL fragment that opens the project in the app).
    /// What the target cannot express, and what was written instead, goes to standard error.
    Export {
        #[command(flatten)]
        source: Source,
        /// postgres, mysql, sqlite, mssql, dbml, mongo-validator, json-schema, mongo-create,
        /// mongo-indexes, mongo-migration, mermaid, markdown, review or share-link.
        #[arg(long)]
        to: String,
        /// The collection, for mongo-validator and json-schema when the project has several.
        #[arg(long)]
        collection: Option<String>,
        /// For mongo-migration and review: the saved version to migrate from.
        #[arg(long, value_name = "V")]
        from_version: Option<String>,
        /// For mermaid, markdown and review: only the project's view of this name (its
        /// tables; the review page draws the view with stubs for the keys that leave it).
        #[arg(long, value_name = "NAME")]
        view: Option<String>,
        #[command(flatten)]
        ddl: DdlArgs,
    },
    /// Generates the DDL for the engine's dialect, applies it in a scratch database and
    /// prints OK, or the engine's error at its statement (exit status 1). Default URLs:
    /// postgresql://postgres@127.0.0.1:5432/postgres, mysql://root@127.0.0.1:3306/
    Verify {
        #[command(flatten)]
        source: Source,
        /// pglite, postgres, mariadb or sqlite.
        #[arg(long, value_parser = parse_engine)]
        engine: Engine,
        #[arg(long)]
        url: Option<String>,
        #[command(flatten)]
        ddl: DdlArgs,
    },
    /// Lays the diagram out afresh and prints each table's box, each foreign key's route,
    /// each note and the quality metrics (json), or the diagram as SVG.
    Layout {
        #[command(flatten)]
        source: Source,
        #[arg(long, default_value = "json", value_parser = ["json", "svg"])]
        format: String,
        /// layered (the default); force (up to 300 tables); groups (a grid per group).
        #[arg(long, default_value = "layered", value_parser = parse_algorithm)]
        algorithm: Algorithm,
        /// Only the project's view of this name, laid out on its own, with a stub for each
        /// foreign key that leaves it.
        #[arg(long, value_name = "NAME")]
        view: Option<String>,
        #[arg(short, long)]
        output: Option<String>,
    },
    /// Checks FILE against the rules (naming, integrity) and prints the findings; exit
    /// status 1 when one is an error.
    Lint {
        #[command(flatten)]
        source: Source,
        #[arg(long, default_value = "text", value_parser = ["text", "json", "sarif"])]
        format: String,
        /// Rule settings; ./schemaforge.toml when present.
        #[arg(long, value_name = "FILE")]
        config: Option<String>,
    },
    /// Prints every rule with its documentation (Markdown).
    Rules,
    /// Finds the minimal functional dependencies (one column on the right) and the
    /// candidate keys that hold in the rows of CSV (a header line names the columns; an
    /// empty field is a NULL, equal to other NULLs), or with `--table` in the INSERT and COPY
    /// rows an SQL dump holds for that table.
    Fds {
        /// A CSV file with a header line, or with `--table` an SQL dump.
        file: String,
        /// Read the rows of this table from the SQL dump FILE.
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
        /// The SQL dialect of the dump; found by trying each when not given.
        #[arg(long, value_parser = parse_dialect, requires = "table")]
        dialect: Option<Dialect>,
        /// Read at most this many rows of the dump.
        #[arg(
            long,
            value_name = "N",
            default_value_t = 1_000_000,
            requires = "table"
        )]
        rows: usize,
        /// `{"dependencies": [{"lhs": [...], "rhs": "..."}], "candidate_keys": [[...]]}`.
        #[arg(long)]
        json: bool,
        /// Look only for left sides of at most this many columns.
        #[arg(long, value_name = "N")]
        max_lhs: Option<usize>,
    },
    /// Plans the migration from OLD to NEW (SQL, DBML or project files; versions saved in a
    /// project with --from-version/--to-version): prints the up and down scripts, or with
    /// -o writes them in a migration tool's layout. Safe mode unless --simple. Steps that
    /// destroy data are written only with --accept-data-loss.
    Diff {
        old: String,
        new: String,
        /// The dialect of the migration (and of SQL files); NEW's when not given.
        #[arg(long, value_parser = parse_dialect)]
        dialect: Option<Dialect>,
        /// plain, golang-migrate, flyway, goose, dbmate, liquibase, prisma or sqitch.
        #[arg(long, default_value = "plain", value_parser = parse_format)]
        format: Format,
        /// Plain statements instead of the safe forms.
        #[arg(long)]
        simple: bool,
        /// The directory the files go to.
        #[arg(short, long, value_name = "DIR")]
        output: Option<String>,
        /// The migration's name in its file names.
        #[arg(long, default_value = "schemaforge migration")]
        name: String,
        /// Who wrote it (Liquibase changesets, sqitch plan).
        #[arg(long, default_value = "schemaforge")]
        author: String,
        /// Its version; the current UTC time (YYYYMMDDhhmmss) when not given.
        #[arg(long = "migration-version", value_name = "VERSION")]
        migration_version: Option<String>,
        #[arg(long, value_name = "NAME")]
        from_version: Option<String>,
        #[arg(long, value_name = "NAME")]
        to_version: Option<String>,
        #[arg(long)]
        accept_data_loss: bool,
        /// Plan every rename proposed for two files (similar names and columns) as a rename.
        #[arg(long)]
        accept_renames: bool,
        /// Plan one proposed rename as a rename, named as the proposal is printed: `old=new`
        /// for a table, `table.old=table.new` for a column. Repeatable.
        #[arg(long = "rename", value_name = "OLD=NEW")]
        renames: Vec<String>,
        /// The plan as JSON (steps, up and down statements, safety, pre-flight queries).
        #[arg(long)]
        json: bool,
    },
    /// Applies OLD's DDL on the engine, then the planned up migration, and compares the
    /// catalog with NEW's DDL; then the down migration, compared with OLD's. Exit status 1
    /// when a catalog differs.
    VerifyMigration {
        old: String,
        new: String,
        /// pglite, postgres, mariadb or sqlite.
        #[arg(long, value_parser = parse_engine)]
        engine: Engine,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        simple: bool,
        #[arg(long, value_name = "NAME")]
        from_version: Option<String>,
        #[arg(long, value_name = "NAME")]
        to_version: Option<String>,
        #[arg(long)]
        accept_renames: bool,
        /// As for `diff`.
        #[arg(long = "rename", value_name = "OLD=NEW")]
        renames: Vec<String>,
    },
    /// Lists the versions saved in a project file, or with --save NAME saves the project's
    /// current model as a version (named snapshots that `diff --from-version/--to-version`
    /// compare).
    Versions {
        /// A Schemaforge project file.
        project: String,
        #[arg(long, value_name = "NAME")]
        save: Option<String>,
    },
    /// Checks a migration script (PostgreSQL) against the migration safety rules: locks that
    /// block reads or writes, rewrites, breaking changes. Exit status 1 when one is an error.
    CheckMigration {
        file: String,
        #[arg(long, default_value = "text", value_parser = ["text", "json", "sarif"])]
        format: String,
    },
    /// Infers MongoDB collections' document models from sample documents (a JSON array,
    /// NDJSON or mongoexport output, Extended JSON v1 or v2), one file per collection: a
    /// summary of the fields and the references proposed between the collections to
    /// standard error, the `$jsonSchema` validator to standard output (an object of them by
    /// collection for several files).
    Infer {
        /// The sample documents, one file per collection.
        #[arg(required = true)]
        samples: Vec<String>,
        /// The collection's name, for one file (default: the file's name without extension).
        #[arg(long)]
        collection: Option<String>,
        /// Also writes a project holding the collection.
        #[arg(short, long, value_name = "PROJECT.json")]
        output: Option<String>,
    },
    /// Relational to document and back: `--to documents` proposes collections for FILE's
    /// tables (owned children embedded, junctions as arrays of references, other foreign
    /// keys as references); `--to tables` flattens a project's collections into tables.
    /// Prints what it decided to standard error and the result to standard output
    /// (`$jsonSchema` validators, or DDL), and writes the project with both when asked.
    Convert {
        #[command(flatten)]
        source: Source,
        /// documents or tables.
        #[arg(long, value_parser = ["documents", "tables"])]
        to: String,
        /// Also writes the project, the proposal added to it.
        #[arg(short, long, value_name = "PROJECT.json")]
        output: Option<String>,
    },
    /// Checks documents (a JSON array, NDJSON or mongoexport output) against a `$jsonSchema`
    /// validator (`{"$jsonSchema": ...}` or the bare schema) with MongoDB's semantics: each
    /// failing document with every failing path and keyword. Exit status 1 when one fails.
    Validate {
        validator: String,
        documents: String,
    },
    /// Prints a PostgreSQL schema of that many tables shaped like a large real one (one
    /// table referenced by a seventh of all foreign keys), for trying the tools at scale.
    Synthetic {
        #[arg(default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        tables: u32,
        /// Twice the tables when not given.
        foreign_keys: Option<u32>,
    },
}

fn parse_dialect(s: &str) -> Result<Dialect, String> {
    Dialect::parse(s)
        .ok_or_else(|| format!("unknown dialect {s}; use postgres, mysql, sqlite or mssql"))
}

fn parse_naming(s: &str) -> Result<Naming, String> {
    Naming::parse(s).ok_or_else(|| format!("unknown naming {s}; use keep or seed"))
}

fn parse_schemas(s: &str) -> Result<SchemaPlacement, String> {
    SchemaPlacement::parse(s)
        .ok_or_else(|| format!("unknown schema placement {s}; use fold, prefix or databases"))
}

fn parse_engine(s: &str) -> Result<Engine, String> {
    Engine::parse(s)
        .ok_or_else(|| format!("unknown engine {s}; use pglite, postgres, mariadb or sqlite"))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        format!("unknown format {s}; use plain, golang-migrate, flyway, goose, dbmate, liquibase, prisma or sqitch")
    })
}

fn parse_algorithm(s: &str) -> Result<Algorithm, String> {
    Algorithm::parse(s)
        .ok_or_else(|| format!("unknown algorithm {s}; use layered, force or groups"))
}

fn main() -> ExitCode {
    // Usage errors exit with 2, --help and --version with 0 (clap's own conventions).
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("schemaforge: {message}");
            ExitCode::FAILURE
        }
    }
}

/// FILE imported (or opened), with the import's report for a text and how its dialect was
/// found.
struct Read {
    project: Project,
    report: Option<ImportReport>,
    guess: Option<DialectGuess>,
}

fn read(source: &Source) -> Result<Read, String> {
    let bytes =
        std::fs::read(&source.file).map_err(|e| format!("cannot read {}: {e}", source.file))?;
    let text = String::from_utf8_lossy(&bytes);
    // The dialect of an SQL file is found by trying each; say which won and why.
    let tried = (source.dialect.is_none() && detect_kind(&text) == TextKind::Sql)
        .then(|| try_dialects(&text));
    let (guess, tried_import) = tried.map_or((None, None), |(g, i)| (Some(g), Some(i)));
    if let Some(guess) = &guess {
        eprintln!("dialect: {}", guess.reason());
    }
    let dialect = source.dialect.or(guess.as_ref().map(DialectGuess::chosen));
    let input = match (tried_import, dialect) {
        // The winning trial went on to import the whole file.
        (Some(import), Some(dialect)) => {
            let (project, report) = project_from_import(&source.file, &text, import, dialect);
            Input::Sql {
                project: Box::new(project),
                report,
            }
        }
        _ => {
            open_text(&source.file, &text, dialect).map_err(|d| format!("{}: {d}", source.file))?
        }
    };
    let (project, report) = match input {
        Input::Project(p) => (*p, None),
        Input::Sql { project, report } => (*project, Some(report)),
    };
    Ok(Read {
        project,
        report,
        guess,
    })
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Diff {
            old,
            new,
            dialect,
            format,
            simple,
            output,
            name,
            author,
            migration_version,
            from_version,
            to_version,
            accept_data_loss,
            accept_renames,
            renames,
            json,
        } => {
            let versions = migrate_cli::Versions {
                old,
                new,
                dialect,
                from_version,
                to_version,
                accept_renames,
                renames,
            };
            let out = migrate_cli::Output {
                format,
                directory: output,
                name,
                author,
                version: migration_version,
                accept_data_loss,
                json,
            };
            return migrate_cli::diff(&versions, simple, &out);
        }
        Command::VerifyMigration {
            old,
            new,
            engine,
            url,
            simple,
            from_version,
            to_version,
            accept_renames,
            renames,
        } => {
            let versions = migrate_cli::Versions {
                old,
                new,
                dialect: None,
                from_version,
                to_version,
                accept_renames,
                renames,
            };
            return migrate_cli::verify(&versions, simple, engine, url.as_deref());
        }
        Command::Versions { project, save } => return migrate_cli::versions(&project, save),
        Command::CheckMigration { file, format } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let findings = schemaforge::rules::migration::lint_migration(&text, Dialect::Postgres);
            let out = match format.as_str() {
                "json" => lint_output::json(&findings),
                "sarif" => lint_output::sarif(&file, &findings),
                _ => lint_output::text(&file, &findings),
            };
            print!("{out}");
            if findings.iter().any(|f| f.severity == Severity::Error) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Synthetic {
            tables,
            foreign_keys,
        } => {
            let tables = tables as usize;
            let foreign_keys = foreign_keys
                .map_or(tables * 2, |f| f as usize)
                .min(1_000_000);
            print!("{}", hub_schema_script(tables, foreign_keys));
        }
        Command::Rules => print!("{}", rules_page()),
        Command::Fds {
            file,
            table,
            dialect,
            rows,
            json,
            max_lhs,
        } => {
            let sample = match table {
                None => fds::csv_sample(&file)?,
                Some(name) => {
                    let source = Source {
                        file: file.clone(),
                        dialect,
                    };
                    let project = read(&source)?.project;
                    fds::dump_sample(&file, &project, &name, rows)?
                }
            };
            fds::run(&sample, json, max_lhs)?
        }
        Command::Import {
            source,
            json,
            output,
        } => {
            let Read {
                project,
                report,
                guess,
            } = read(&source)?;
            if json {
                println!(
                    "{}",
                    summary_json(&source.file, &project, report.as_ref(), guess.as_ref())
                );
            } else {
                print_summary(&source.file, &project, report.as_ref());
            }
            if let Some(path) = &output {
                std::fs::write(path, project.to_json())
                    .map_err(|e| format!("cannot write {path}: {e}"))?;
                println!("wrote {path}");
            }
        }
        Command::Infer {
            samples,
            collection,
            output,
        } => {
            mongo_cli::infer(&samples, collection.as_deref(), output.as_deref())?;
        }
        Command::Convert { source, to, output } => {
            let project = read(&source)?.project;
            print!("{}", mongo_cli::convert(project, &to, output.as_deref())?);
        }
        Command::Validate {
            validator,
            documents,
        } => {
            if !mongo_cli::validate(&validator, &documents)? {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Export {
            source,
            to,
            ddl,
            collection,
            from_version,
            view,
        } => {
            let project = read(&source)?.project;
            let view = view
                .map(|name| find_view(&project, &name).cloned())
                .transpose()?;
            if to.starts_with("mongo-") || to == "json-schema" {
                let target = mongo_cli::ExportTarget {
                    to: &to,
                    collection: collection.as_deref(),
                    from_version: from_version.as_deref(),
                };
                print!("{}", mongo_cli::export(&project, &target)?);
                return Ok(ExitCode::SUCCESS);
            }
            if to.eq_ignore_ascii_case("dbml") {
                print!("{}", print_dbml(&project.model));
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(text) = wiki_export(&project, &to, from_version.as_deref(), view.as_ref())?
            {
                print!("{text}");
                return Ok(ExitCode::SUCCESS);
            }
            if view.is_some() {
                return Err(format!(
                    "--view applies to mermaid, markdown and review, not {to}"
                ));
            }
            let target = Dialect::parse(&to).ok_or_else(|| {
                format!("unknown target {to}; use postgres, mysql, sqlite, mssql or dbml")
            })?;
            let out = ddl_for(&ddl, &project, target);
            print_notes(&out);
            print!("{}", out.script);
            if out.has_errors() {
                return Err("some objects could not be generated".into());
            }
        }
        Command::Verify {
            source,
            engine,
            url,
            ddl,
        } => {
            let project = read(&source)?.project;
            let out = ddl_for(&ddl, &project, engine.dialect());
            print_notes(&out);
            match verify(engine, &out.script, url.as_deref()) {
                Ok(()) => println!(
                    "OK: {} applied the generated {} DDL",
                    engine_name(engine),
                    engine.dialect()
                ),
                Err(e @ EngineError::Rejected { .. }) => {
                    return Err(format!("{} rejected the DDL at {e}", engine_name(engine)))
                }
                Err(e) => return Err(e.to_string()),
            }
        }
        Command::Layout {
            source,
            format,
            algorithm,
            view,
            output,
        } => {
            let project = read(&source)?.project;
            let view = view
                .map(|name| find_view(&project, &name).cloned())
                .transpose()?;
            let model = match &view {
                Some(view) => part_of(&project.model, &view.members),
                None => project.model.clone(),
            };
            let started = std::time::Instant::now();
            let layout = auto_layout(&model, algorithm)?;
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            let scene = match view {
                Some(view) => view_scene(&project.model, &DiagramView { layout, ..view }),
                None => build_scene(&project.model, &layout),
            };
            let text = if format == "svg" {
                scene_svg(&scene)
            } else {
                layout_json(&scene, millis)
            };
            write_output(output.as_deref(), &text)?;
        }
        Command::Lint {
            source,
            format,
            config,
        } => {
            let settings = lint_settings(config.as_deref())?;
            let Read {
                project, report, ..
            } = read(&source)?;
            // A project file keeps its own settings; a config file, when there is one, wins.
            let settings = settings.unwrap_or_else(|| project.lint.clone());
            let mut findings: Vec<Finding> = report
                .iter()
                .flat_map(|r| r.skipped.iter())
                .filter(|s| s.severity != Severity::Info)
                .map(Finding::from_skipped)
                .collect();
            findings.extend(lint_project(&project, &settings));
            let text = match format.as_str() {
                "json" => lint_output::json(&findings),
                "sarif" => lint_output::sarif(&source.file, &findings),
                _ => lint_output::text(&source.file, &findings),
            };
            print!("{text}");
            if findings.iter().any(|f| f.severity == Severity::Error) {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Settings from `--config`, else `./schemaforge.toml` when it exists, else none (the
/// project's own). A setting that names no rule, or contradicts another, is an error, not
/// silence.
fn lint_settings(config: Option<&str>) -> Result<Option<LintSettings>, String> {
    let path = match config {
        Some(p) => p.to_string(),
        None if std::path::Path::new("schemaforge.toml").exists() => "schemaforge.toml".into(),
        None => return Ok(None),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let settings: LintSettings = toml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let known = known_rules();
    let unknown = settings.unknown_rules(&known);
    if !unknown.is_empty() {
        return Err(format!(
            "{path}: no rule is called {}; `schemaforge rules` lists them",
            unknown.join(", ")
        ));
    }
    if let Some(problem) = settings.problems(&known).first() {
        return Err(format!("{path}: {problem}"));
    }
    Ok(Some(settings))
}

fn engine_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Pglite => "PGlite",
        Engine::Postgres => "PostgreSQL",
        Engine::Mariadb => "MariaDB",
        Engine::Sqlite => "SQLite",
    }
}

/// The DDL (or index script) the command asks for.
fn ddl_for(args: &DdlArgs, project: &Project, target: Dialect) -> Ddl {
    let options = DdlOptions {
        if_not_exists: args.if_not_exists,
        transaction: args.transaction,
        naming: args.naming,
        source: project.source.dialect,
        schemas: args.schemas,
    };
    let dialect = dialect_for(target);
    if args.indexes_only {
        generate_index_script(
            &project.model,
            dialect.as_ref(),
            &options,
            args.concurrently,
        )
    } else {
        generate(&project.model, dialect.as_ref(), &options)
    }
}

/// The fidelity report, on standard error so the script on standard output stays clean.
fn print_notes(ddl: &Ddl) {
    for note in &ddl.notes {
        let level = match note.level {
            NoteLevel::Info => "note",
            NoteLevel::Warning => "warning",
            NoteLevel::Error => "error",
        };
        eprintln!("{level}: {}: {}", note.object, note.message);
    }
}

fn print_summary(file: &str, project: &Project, report: Option<&ImportReport>) {
    let model = &project.model;
    println!("{file}");
    println!("  tables:       {}", model.tables.len());
    println!("  columns:      {}", model.column_count());
    println!("  foreign keys: {}", model.foreign_key_count());
    println!("  indexes:      {}", model.index_count());
    println!("  views:        {}", model.views.len());
    println!("  enums:        {}", model.enums.len());
    println!("  routines:     {}", model.routines.len());
    println!("  sequences:    {}", model.sequences.len());
    let Some(report) = report else {
        println!("  (project file, format {})", project.format);
        return;
    };
    println!("  dialect:      {}", project.source.dialect);
    println!(
        "  statements:   {} ({} imported, {} skipped, {} errors)",
        report.statements,
        report.imported,
        report.skipped.len(),
        report.errors().count()
    );
    for s in &report.skipped {
        let tag = match s.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "skipped",
        };
        println!(
            "  {}:{}: {tag}: {}: {}",
            s.position.line, s.position.column, s.kind, s.reason
        );
    }
}

/// The same summary as JSON, for scripts.
fn summary_json(
    file: &str,
    project: &Project,
    report: Option<&ImportReport>,
    guess: Option<&DialectGuess>,
) -> String {
    let model = &project.model;
    // How each dialect read the file, when the dialect was found by trying.
    let detection = guess.map(|g| {
        serde_json::json!({
            "reason": g.reason(),
            "close": g.is_close(),
            "sampled": g.sampled,
            "trials": g.trials.iter().map(|t| serde_json::json!({
                "dialect": t.dialect,
                "errors": t.errors,
                "tables": t.tables,
                "foreign_keys": t.foreign_keys,
                "objects": t.objects,
            })).collect::<Vec<_>>(),
        })
    });
    let skipped: Vec<serde_json::Value> = report
        .map(|r| {
            r.skipped
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "line": s.position.line,
                        "column": s.position.column,
                        "kind": s.kind,
                        "reason": s.reason,
                        "severity": s.severity,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let value = serde_json::json!({
        "file": file,
        "format": match (report, project.source.format) {
            (None, _) => "project",
            (Some(_), SourceFormat::Dbml) => "dbml",
            (Some(_), SourceFormat::Sql) => "sql",
        },
        "dialect": project.source.dialect,
        "dialect_detection": detection,
        "tables": model.tables.len(),
        "columns": model.column_count(),
        "foreign_keys": model.foreign_key_count(),
        "indexes": model.index_count(),
        "views": model.views.len(),
        "enums": model.enums.len(),
        "routines": model.routines.len(),
        "sequences": model.sequences.len(),
        "statements": report.map_or(0, |r| r.statements),
        "imported": report.map_or(0, |r| r.imported),
        "skipped": skipped,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The layout as JSON: boxes by table name, routes by foreign key, and the metrics.
fn layout_json(scene: &Scene, millis: f64) -> String {
    let boxes: Vec<Rect> = scene.tables.iter().map(|t| t.rect()).collect();
    let routes: Vec<Vec<Point>> = scene.edges.iter().map(|e| e.points.clone()).collect();
    let metrics = measure(&boxes, &routes);
    let names: std::collections::HashMap<_, _> = scene
        .tables
        .iter()
        .map(|t| (t.id, t.name.as_str()))
        .collect();
    let name_of = |id| names.get(&id).copied().unwrap_or_default();
    let json = serde_json::json!({
        "tables": scene.tables.iter().map(|t| serde_json::json!({
            "name": t.name, "x": t.x, "y": t.y, "width": t.width, "height": t.height,
        })).collect::<Vec<_>>(),
        "edges": scene.edges.iter().map(|e| serde_json::json!({
            "from": name_of(e.table),
            "to": name_of(e.target),
            "points": e.points.iter().map(|p| [p.x, p.y]).collect::<Vec<_>>(),
            "source_end": e.source_end,
            "target_end": e.target_end,
        })).collect::<Vec<_>>(),
        "notes": scene.notes.iter().map(|n| serde_json::json!({
            "name": n.name, "x": n.x, "y": n.y, "width": n.width, "height": n.height,
        })).collect::<Vec<_>>(),
        "metrics": {
            "crossings": metrics.crossings,
            "overlaps": metrics.overlaps,
            "edge_length": metrics.edge_length,
            "bends": metrics.bends,
            "width": metrics.width,
            "height": metrics.height,
            "aspect_ratio": metrics.aspect_ratio,
            "millis": millis,
        },
    });
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

/// Writes `text` to `-o PATH`, or prints it.
fn write_output(output: Option<&str>, text: &str) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}")),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}

/// The project's view named `name`, or an error that lists the views it has.
fn find_view<'a>(project: &'a Project, name: &str) -> Result<&'a DiagramView, String> {
    project
        .views
        .iter()
        .find(|v| v.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = project.views.iter().map(|v| v.name.as_str()).collect();
            if names.is_empty() {
                format!("the project has no views; {name:?} is not one")
            } else {
                format!(
                    "no view named {name:?}; the project has {}",
                    names.join(", ")
                )
            }
        })
}

/// The exports for wikis and reviews, or `None` when `to` names none of them; of `view`
/// alone when one is given.
fn wiki_export(
    project: &Project,
    to: &str,
    from: Option<&str>,
    view: Option<&DiagramView>,
) -> Result<Option<String>, String> {
    use schemaforge::generate::mermaid::{mermaid_diagrams, MERMAID_LIMIT};
    let part = view.map(|v| project_of_view(project, v));
    let shown = part.as_ref().unwrap_or(project);
    Ok(Some(match to {
        "mermaid" => {
            let text = schemaforge::generate::mermaid::mermaid_er(&shown.model);
            if text.len() > MERMAID_LIMIT {
                eprintln!(
                    "warning: the diagram is {} characters, past Mermaid's default limit of {MERMAID_LIMIT}; \
                     raise maxTextSize, or export markdown, which splits it in {} diagrams",
                    text.len(),
                    mermaid_diagrams(&shown.model, MERMAID_LIMIT).len()
                );
            }
            text
        }
        "markdown" => schemaforge::generate::markdown::project_markdown(shown),
        "review" => schemaforge::generate::review_page::review_page(project, from, view)?,
        "share-link" => format!("#p={}\n", schemaforge::share::encode_project(project)),
        _ => return Ok(None),
    }))
}
