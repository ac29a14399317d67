//! Every real schema in ../shared/corpus/sql goes through the importer without a panic, and
//! the counts it reaches are printed. Where the corpus README states the expected counts and
//! the importer already reaches them, they are asserted so they cannot regress.

use schemaforge::import::detect::{detect_format, Format};
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;

mod support;
use std::path::PathBuf;
use support::{corpus_dir, corpus_files, dialect_of};

#[test]
fn every_corpus_file_imports_without_panicking() {
    let files = corpus_files();
    assert!(
        files.len() >= 14,
        "expected the whole SQL corpus, found {}",
        files.len()
    );
    println!(
        "{:<40} {:>8} {:>6} {:>7} {:>4} {:>4} {:>6} {:>7} {:>6}",
        "file", "dialect", "tables", "columns", "fks", "idx", "stmts", "skipped", "errors"
    );
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        let dialect = dialect_of(path);
        let result = import_sql(&text, dialect);
        let m = &result.model;
        let r = &result.report;
        let name = path
            .strip_prefix(corpus_dir())
            .unwrap_or(path)
            .display()
            .to_string();
        println!(
            "{:<40} {:>8} {:>6} {:>7} {:>4} {:>4} {:>6} {:>7} {:>6}",
            name,
            dialect.name(),
            m.tables.len(),
            m.column_count(),
            m.foreign_key_count(),
            m.index_count(),
            r.statements,
            r.skipped.len(),
            r.errors().count()
        );
        assert!(r.statements > 0, "{name}: no statements found");
        assert!(!m.tables.is_empty(), "{name}: no tables imported");
        // Every statement is accounted for: imported, or skipped with a reason.
        assert!(
            r.imported + r.skipped.len() >= r.statements,
            "{name}: statements unaccounted"
        );
        assert!(r
            .skipped
            .iter()
            .all(|s| !s.reason.is_empty() && s.position.line > 0));
    }
}

#[test]
fn the_dialect_of_every_corpus_file_is_detected() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(
            detect_format(&text),
            Format::Sql(dialect_of(&path)),
            "{}",
            path.display()
        );
    }
}

#[test]
fn chinook_has_eleven_tables_and_eleven_foreign_keys_in_every_dialect() {
    let files: Vec<PathBuf> = corpus_files()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("chinook"))
        .collect();
    assert_eq!(files.len(), 6);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let result = import_sql(&text, dialect_of(&path));
        assert_eq!(result.model.tables.len(), 11, "{}", path.display());
        assert_eq!(result.model.foreign_key_count(), 11, "{}", path.display());
        // The self-reference: an employee reports to an employee.
        let employee = result
            .model
            .tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case("employee"))
            .expect("employee table");
        assert!(employee
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == employee.id));
    }
}

#[test]
fn pagila_pg_dump_has_twenty_two_tables_and_thirty_six_foreign_keys() {
    let path = corpus_dir().join("pagila/pagila.pg_dump.sql");
    let text = std::fs::read_to_string(&path).expect("pagila dump");
    let result = import_sql(&text, Dialect::Postgres);
    assert_eq!(result.model.tables.len(), 22);
    assert_eq!(result.model.foreign_key_count(), 36);
    assert_eq!(result.model.enums.len(), 1, "mpaa_rating");
}

fn import_corpus(relative: &str, dialect: Dialect) -> schemaforge::import::sql::SqlImport {
    let path = corpus_dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import_sql(&text, dialect)
}

/// Table name -> sorted column names, and the sorted foreign keys as
/// `table(columns) -> target(columns)`, all lower-cased.
type Shape = (std::collections::BTreeMap<String, Vec<String>>, Vec<String>);

fn shape(model: &schemaforge::model::Model) -> Shape {
    let model = &model.named();
    let tables = model
        .tables
        .iter()
        .map(|t| {
            let mut columns: Vec<String> =
                t.columns.iter().map(|c| c.name.to_lowercase()).collect();
            columns.sort();
            (t.name.to_lowercase(), columns)
        })
        .collect();
    let mut fks: Vec<String> = model
        .tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys.iter().map(move |fk| {
                format!(
                    "{}({}) -> {}({})",
                    t.name,
                    fk.columns.join(","),
                    fk.ref_table.name,
                    fk.ref_columns.join(",")
                )
                .to_lowercase()
            })
        })
        .collect();
    fks.sort();
    (tables, fks)
}

#[test]
fn sakila_is_one_model_in_mysql_sqlite_and_sql_server() {
    let mysql = import_corpus("sakila/mysql.sql", Dialect::Mysql);
    let sqlite = import_corpus("sakila/sqlite.sql", Dialect::Sqlite);
    let mssql = import_corpus("sakila/sql-server.sql", Dialect::Mssql);
    for (name, result) in [
        ("mysql", &mysql),
        ("sqlite", &sqlite),
        ("sql-server", &mssql),
    ] {
        assert_eq!(result.model.tables.len(), 16, "{name}");
        assert_eq!(result.model.foreign_key_count(), 22, "{name}");
        assert_eq!(
            result.report.errors().count(),
            0,
            "{name}: {:?}",
            result.report.errors().collect::<Vec<_>>()
        );
    }
    let rating = mysql
        .model
        .enums
        .iter()
        .find(|e| e.name == "film_rating_enum")
        .expect("inline ENUM modelled");
    assert_eq!(rating.values, ["G", "PG", "PG-13", "R", "NC-17"]);
    let reference = shape(&mysql.model);
    assert_eq!(shape(&sqlite.model), reference, "sqlite differs from mysql");
    assert_eq!(
        shape(&mssql.model),
        reference,
        "sql server differs from mysql"
    );
}

#[test]
fn sakila_postgres_has_fifteen_tables_and_six_payment_partitions() {
    for file in ["sakila/postgres.sql", "sakila/postgres.pg_dump.sql"] {
        let result = import_corpus(file, Dialect::Postgres);
        let model = &result.model;
        assert_eq!(model.tables.len(), 21, "{file}");
        assert_eq!(model.foreign_key_count(), 40, "{file}");
        let payment = model
            .tables
            .iter()
            .find(|t| t.name == "payment")
            .map(|t| t.id);
        let partitions: Vec<&str> = model
            .tables
            .iter()
            .filter(|t| payment.is_some_and(|p| t.inherits == [p]))
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(partitions.len(), 6, "{file}: {partitions:?}");
        // A partition inherits the parent's columns.
        let payment = model.table(None, "payment").expect("payment");
        let p1 = model
            .table(None, "payment_p2007_01")
            .expect("first partition");
        let names = |t: &schemaforge::model::Table| {
            t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names(p1), names(payment), "{file}");
        assert_eq!(result.report.errors().count(), 0, "{file}");
    }
}

#[test]
fn pg_dump_objects_are_kept_not_dropped() {
    let result = import_corpus("pagila/pagila.pg_dump.sql", Dialect::Postgres);
    let model = &result.model;
    assert_eq!(result.report.errors().count(), 0);
    assert!(
        model.sequences.len() >= 13,
        "sequences: {}",
        model.sequences.len()
    );
    let actor_seq = model
        .sequences
        .iter()
        .find(|s| s.name == "actor_actor_id_seq")
        .expect("actor sequence");
    assert_eq!(actor_seq.start, Some(1));
    assert_eq!(actor_seq.increment, Some(1));
    assert!(model
        .views
        .iter()
        .any(|v| v.name == "actor_info" && v.definition.starts_with("SELECT")));
    let rental_by_category = model
        .views
        .iter()
        .find(|v| v.name == "rental_by_category")
        .expect("materialized view");
    assert!(rental_by_category.materialized);
    assert_eq!(rental_by_category.indexes.len(), 1);
    assert!(model
        .domains
        .iter()
        .any(|d| d.name == "year" && !d.checks.is_empty()));
    let trigger = model
        .routines
        .iter()
        .find(|r| r.kind == schemaforge::model::RoutineKind::Trigger)
        .expect("a trigger");
    assert!(trigger.table.is_some() && trigger.text.starts_with("CREATE TRIGGER"));
    assert!(
        model
            .tables
            .iter()
            .filter(|t| t
                .partition_of
                .as_ref()
                .and_then(|p| model.table_by_id(p.parent))
                .is_some_and(|p| p.name == "payment"))
            .count()
            >= 7
    );
}

/// Typing produces every prefix of a script: none of them may panic the importer.
#[test]
fn truncated_and_corrupted_corpus_text_never_panics() {
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let dialect = dialect_of(&path);
        // Schema files are small; the data-heavy ones are cut to their first 40 kB.
        let text: String = text.chars().take(40_000).collect();
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by((text.len() / 60).max(1))
            .collect();
        for cut in cuts {
            let _ = import_sql(&text[..cut], dialect);
            // Flip the quote balance at the cut as well.
            let mangled = format!("{}'\"`[$$/*{}", &text[..cut], &text[cut..]);
            let _ = import_sql(&mangled, dialect);
        }
    }
}

#[test]
fn binary_garbage_gives_errors_not_panics() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..200 {
        let bytes: Vec<u8> = (0..(round * 7 % 400))
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        for dialect in Dialect::ALL {
            let result = import_sql(&text, dialect);
            assert!(result.report.statements >= result.report.imported);
        }
    }
}

/// Every corpus schema, reconciled into a project, holds the model's invariants: ids set and
/// unique, names unique, references resolved. (A project that fails them is refused on open.)
#[test]
fn every_corpus_model_passes_validate() {
    let mut failures = Vec::new();
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
        let import = import_sql(&text, dialect_of(&path));
        let mut ids = schemaforge::model::IdGen::default();
        let model = schemaforge::model::reconcile::reconcile(
            &schemaforge::model::Model::default(),
            import.model,
            &mut ids,
        );
        if let Err(invalid) = model.validate() {
            failures.push(format!("{}: {invalid}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The linter over every corpus schema: no panic, every finding points at an object of the
/// model, and every fix it offers applies, leaves a valid model and is undone exactly. The
/// counts per rule are printed (the review of Sakila, Pagila and Chinook read them).
#[test]
fn the_linter_runs_over_the_corpus_and_its_fixes_apply() {
    use schemaforge::rules::{lint_project, LintSettings, REGISTRY};
    let settings = LintSettings::default();
    let mut totals = std::collections::BTreeMap::<String, usize>::new();
    let mut fixes_applied = 0;
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
        let name = path
            .strip_prefix(corpus_dir())
            .unwrap_or(&path)
            .display()
            .to_string();
        let (project, _) =
            schemaforge::workspace::project_from_sql(&name, &text, dialect_of(&path));
        let findings = lint_project(&project, &settings);
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for f in &findings {
            *counts.entry(f.code.as_str()).or_default() += 1;
            *totals.entry(f.code.clone()).or_default() += 1;
            if let Some(t) = f.path.table {
                let table = project.model.tables.iter().find(|x| x.id == t);
                assert!(table.is_some(), "{name}: {f:?} names no table of the model");
                assert!(
                    f.position.is_some(),
                    "{name}: {f:?} has no position in the text"
                );
            }
            for fix in &f.fixes {
                let mut fixed = project.clone();
                let inverse = fix
                    .apply(&mut fixed)
                    .unwrap_or_else(|e| panic!("{name}: fix {:?}: {e}", fix.title));
                fixed.model.validate().expect("a fix leaves a valid model");
                schemaforge::edit::apply(&mut fixed, inverse).expect("a fix undoes");
                assert_eq!(
                    fixed.model, project.model,
                    "{name}: undo of {:?}",
                    fix.title
                );
                fixes_applied += 1;
            }
        }
        println!("{name:<45} {:>4} findings {counts:?}", findings.len());
    }
    println!("totals: {totals:?}; {fixes_applied} fixes applied and undone");
    for r in REGISTRY {
        println!(
            "{} {:<32} {:>5}",
            r.code(),
            r.name(),
            totals.get(r.code()).unwrap_or(&0)
        );
    }
    assert!(fixes_applied > 0);
}
