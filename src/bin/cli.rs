//! `schemaforge`: the engine on the command line, for CI pipelines.

use std::process::ExitCode;

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
use schemaforge::layout::{auto_layout, build_scene, Algorithm, Rect, Scene};
use schemaforge::model::{Dialect, Point, Project, SourceFormat};
use schemaforge::synthetic::hub_schema_script;
use schemaforge::verify::{verify, Engine, EngineError};
use schemaforge::workspace::{open_text, project_from_import, Input};

const USAGE: &str = "\
usage:
  schemaforge import FILE [--dialect postgres|mysql|sqlite|mssql] [--json] [-o PROJECT.json]
      Imports an SQL script or a project file and prints a summary: tables, columns,
      foreign keys, indexes, views, enums, and every statement skipped with its line and
      reason. The dialect is detected from the text unless --dialect names it.
  schemaforge export FILE --to postgres|mysql|sqlite|mssql|dbml [--dialect DIALECT]
                     [--indexes-only [--concurrently]] [--naming keep|seed]
                     [--if-not-exists] [--transaction] [--schemas fold|prefix|databases]
      Prints the DDL (or DBML) of an SQL script, DBML file or project file. What the
      target cannot express, and what was written instead, goes to standard error.
      --schemas: what named schemas become in MySQL/MariaDB, where a schema is a
      database: folded into the one database (the default; tables whose names collide
      take their schema as a prefix), prefixes on every table, or a database each.
  schemaforge verify FILE --engine pglite|postgres|mariadb|sqlite [--url URL]
                     [--naming keep|seed]
      Generates the DDL for the engine's dialect, applies it in a scratch database and
      prints OK, or the engine's error at its statement (exit status 1).
      Default URLs: postgresql://postgres@127.0.0.1:5432/postgres, mysql://root@127.0.0.1:3306/
  schemaforge layout FILE [--format json|svg] [--algorithm layered|force|groups] [-o OUT]
      Lays the diagram out afresh (layered by default; force-directed for schemas of up
      to 300 tables; or a grid per table group). json: each table's box, each foreign
      key's route, each sticky note and the quality metrics (crossings, overlaps,
      edge_length, bends, width, height, aspect_ratio, millis); svg: the diagram as a
      self-contained SVG document.
  schemaforge synthetic TABLES [FOREIGN_KEYS]
      Prints a PostgreSQL schema of that many tables shaped like a large real one (one
      table referenced by a seventh of all foreign keys), for trying the tools at scale.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("schemaforge: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("schemaforge: {message}");
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Usage(String),
    Input(String),
}

/// The parsed command line.
struct Command {
    name: String,
    file: String,
    dialect: Option<Dialect>,
    json: bool,
    to: Option<String>,
    output: Option<String>,
    indexes_only: bool,
    concurrently: bool,
    naming: Naming,
    schemas: SchemaPlacement,
    if_not_exists: bool,
    transaction: bool,
    engine: Option<Engine>,
    url: Option<String>,
    format: Option<String>,
    algorithm: Algorithm,
}

fn parse(args: &[String]) -> Result<Command, Failure> {
    let mut it = args.iter();
    let name = it
        .next()
        .ok_or_else(|| Failure::Usage("missing command".into()))?
        .clone();
    let mut command = Command {
        name,
        file: String::new(),
        dialect: None,
        json: false,
        to: None,
        output: None,
        indexes_only: false,
        concurrently: false,
        schemas: SchemaPlacement::Fold,
        naming: Naming::Keep,
        if_not_exists: false,
        transaction: false,
        engine: None,
        url: None,
        format: None,
        algorithm: Algorithm::Layered,
    };
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "--dialect" => {
                let d = value("--dialect")?;
                command.dialect = Some(
                    Dialect::parse(&d)
                        .ok_or_else(|| Failure::Usage(format!("unknown dialect {d}")))?,
                );
            }
            "--to" => command.to = Some(value("--to")?),
            "--json" => command.json = true,
            "--indexes-only" => command.indexes_only = true,
            "--concurrently" => command.concurrently = true,
            "--if-not-exists" => command.if_not_exists = true,
            "--transaction" => command.transaction = true,
            "--naming" => {
                let n = value("--naming")?;
                command.naming = Naming::parse(&n).ok_or_else(|| {
                    Failure::Usage(format!("unknown naming {n}; use keep or seed"))
                })?;
            }
            "--schemas" => {
                let s = value("--schemas")?;
                command.schemas = SchemaPlacement::parse(&s).ok_or_else(|| {
                    Failure::Usage(format!(
                        "unknown schema placement {s}; use fold, prefix or databases"
                    ))
                })?;
            }
            "--engine" => {
                let e = value("--engine")?;
                command.engine = Some(
                    Engine::parse(&e)
                        .ok_or_else(|| Failure::Usage(format!("unknown engine {e}")))?,
                );
            }
            "--url" => command.url = Some(value("--url")?),
            "--format" => command.format = Some(value("--format")?),
            "--algorithm" => {
                let a = value("--algorithm")?;
                command.algorithm = Algorithm::parse(&a).ok_or_else(|| {
                    Failure::Usage(format!(
                        "unknown algorithm {a}; use layered, force or groups"
                    ))
                })?;
            }
            "-o" | "--output" => command.output = Some(value("-o")?),
            "-h" | "--help" => return Err(Failure::Usage("help".into())),
            flag if flag.starts_with('-') => {
                return Err(Failure::Usage(format!("unknown option {flag}")))
            }
            file if command.file.is_empty() => command.file = file.to_string(),
            extra => return Err(Failure::Usage(format!("unexpected argument {extra}"))),
        }
    }
    if command.file.is_empty() {
        return Err(Failure::Usage("missing FILE".into()));
    }
    Ok(command)
}

fn run(args: &[String]) -> Result<(), Failure> {
    if args.first().map(String::as_str) == Some("synthetic") {
        let number = |i: usize, default: usize| -> Result<usize, Failure> {
            args.get(i).map_or(Ok(default), |n| {
                n.parse()
                    .map_err(|_| Failure::Usage(format!("{n} is not a number")))
            })
        };
        let tables = number(1, 100)?.clamp(1, 100_000);
        let foreign_keys = number(2, tables * 2)?.min(1_000_000);
        print!("{}", hub_schema_script(tables, foreign_keys));
        return Ok(());
    }
    let command = parse(args)?;
    let bytes = std::fs::read(&command.file)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", command.file)))?;
    let text = String::from_utf8_lossy(&bytes);
    // The dialect of an SQL file is found by trying each; say which won and why.
    let tried = (command.dialect.is_none() && detect_kind(&text) == TextKind::Sql)
        .then(|| try_dialects(&text));
    let (guess, tried_import) = tried.map_or((None, None), |(g, i)| (Some(g), i));
    if let Some(guess) = &guess {
        eprintln!("dialect: {}", guess.reason());
    }
    let dialect = command.dialect.or(guess.as_ref().map(DialectGuess::chosen));
    let input = match (tried_import, dialect) {
        // The winning trial imported the whole file already.
        (Some(import), Some(dialect)) => {
            let (project, report) = project_from_import(&command.file, &text, import, dialect);
            Input::Sql {
                project: Box::new(project),
                report,
            }
        }
        _ => open_text(&command.file, &text, dialect)
            .map_err(|d| Failure::Input(format!("{}: {d}", command.file)))?,
    };
    let (project, report) = match input {
        Input::Project(p) => (*p, None),
        Input::Sql { project, report } => (*project, Some(report)),
    };
    match command.name.as_str() {
        "import" => {
            if command.json {
                println!(
                    "{}",
                    summary_json(&command.file, &project, report.as_ref(), guess.as_ref())
                );
            } else {
                print_summary(&command.file, &project, report.as_ref());
            }
            if let Some(path) = &command.output {
                std::fs::write(path, project.to_json())
                    .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))?;
                println!("wrote {path}");
            }
            Ok(())
        }
        "export" => {
            let to = command
                .to
                .as_deref()
                .ok_or_else(|| Failure::Usage("export needs --to".into()))?;
            if to.eq_ignore_ascii_case("dbml") {
                print!("{}", print_dbml(&project.model));
                return Ok(());
            }
            let target =
                Dialect::parse(to).ok_or_else(|| Failure::Usage(format!("unknown target {to}")))?;
            let ddl = ddl_for(&command, &project, target);
            print_notes(&ddl);
            print!("{}", ddl.script);
            if ddl.has_errors() {
                return Err(Failure::Input("some objects could not be generated".into()));
            }
            Ok(())
        }
        "verify" => {
            let engine = command
                .engine
                .ok_or_else(|| Failure::Usage("verify needs --engine".into()))?;
            let ddl = ddl_for(&command, &project, engine.dialect());
            print_notes(&ddl);
            match verify(engine, &ddl.script, command.url.as_deref()) {
                Ok(()) => {
                    println!(
                        "OK: {} applied the generated {} DDL",
                        engine_name(engine),
                        engine.dialect()
                    );
                    Ok(())
                }
                Err(e @ EngineError::Rejected { .. }) => Err(Failure::Input(format!(
                    "{} rejected the DDL at {e}",
                    engine_name(engine)
                ))),
                Err(e) => Err(Failure::Input(e.to_string())),
            }
        }
        "layout" => {
            let started = std::time::Instant::now();
            let layout = auto_layout(&project.model, command.algorithm).map_err(Failure::Input)?;
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            let scene = build_scene(&project.model, &layout);
            let text = match command.format.as_deref().unwrap_or("json") {
                "json" => layout_json(&scene, millis),
                "svg" => scene_svg(&scene),
                other => {
                    return Err(Failure::Usage(format!(
                        "unknown format {other}; use json or svg"
                    )))
                }
            };
            write_output(&command, &text)
        }
        other => Err(Failure::Usage(format!("unknown command {other}"))),
    }
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
fn ddl_for(command: &Command, project: &Project, target: Dialect) -> Ddl {
    let options = DdlOptions {
        if_not_exists: command.if_not_exists,
        transaction: command.transaction,
        naming: command.naming,
        source: project.source.dialect,
        schemas: command.schemas,
    };
    let dialect = dialect_for(target);
    if command.indexes_only {
        generate_index_script(
            &project.model,
            dialect.as_ref(),
            &options,
            command.concurrently,
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
fn write_output(command: &Command, text: &str) -> Result<(), Failure> {
    match &command.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Failure::Input(format!("cannot write {path}: {e}"))),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}
