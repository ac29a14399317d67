//! Every corpus schema, generated for each engine's dialect, applies on the real engine:
//! the PostgreSQL 15 and MariaDB servers on 127.0.0.1, SQLite (embedded) and PGlite (node).
//! Then the engine's own catalog (pg_dump --schema-only, mariadb-dump --no-data,
//! sqlite_master) is imported back and compared: with the generated script, in full (types
//! up to the dialect's mapping, nullability, defaults, keys, foreign keys, unique and check
//! constraints, indexes), and with the source model, structurally (tables, columns,
//! nullability, primary and foreign keys).
//!
//! A server that is not running is reported in the output and its test passes without
//! checking, except under CI (`CI` set), where this machine kind always runs them.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

use schemaforge::generate::sql::{dialect_for, generate, Ddl, DdlOptions, NoteLevel};
use schemaforge::import::sql::import_sql;
use schemaforge::model::{Dialect, Model, Table};
use schemaforge::verify::{
    postgres_catalog, sqlite_catalog, EngineError, MariaDb, Pglite, Postgres, Sqlite,
};

mod support;
use support::available;
use support::catalog::assert_catalog_matches_script;
use support::{corpus_dir, corpus_files, dialect_of};

/// The source model and the catalog agree on tables, columns, nullability and keys.
fn assert_catalog_matches_source(label: &str, source: &Model, catalog: &Model, ddl: &Ddl) {
    let skipped: BTreeSet<&str> = ddl
        .notes
        .iter()
        .filter(|n| n.level == NoteLevel::Error)
        .map(|n| n.object.as_str())
        .collect();
    assert!(
        skipped.is_empty(),
        "{label}: nothing in the corpus is refused: {skipped:?}"
    );
    let names =
        |m: &Model| -> BTreeSet<String> { m.tables.iter().map(|t| t.name.clone()).collect() };
    assert_eq!(names(catalog), names(source), "{label}: tables");
    for s in &source.tables {
        let c = catalog
            .tables
            .iter()
            .find(|t| t.name == s.name)
            .expect("same tables");
        let columns = |t: &Table| -> Vec<(String, bool)> {
            t.columns
                .iter()
                .map(|c| (c.name.clone(), c.nullable))
                .collect()
        };
        assert_eq!(columns(c), columns(s), "{label}: columns of {}", s.name);
        assert_eq!(
            c.primary_key.as_ref().map(|p| &p.columns),
            s.primary_key.as_ref().map(|p| &p.columns),
            "{label}: primary key of {}",
            s.name
        );
        let fks = |t: &Table| -> BTreeSet<(Vec<String>, String)> {
            t.foreign_keys
                .iter()
                .map(|f| (f.columns.clone(), f.ref_table.clone()))
                .collect()
        };
        assert_eq!(fks(c), fks(s), "{label}: foreign keys of {}", s.name);
    }
}

/// The corpus files with their source models.
fn corpus() -> Vec<(String, Dialect, Model)> {
    corpus_files()
        .into_iter()
        .map(|path| {
            let dialect = dialect_of(&path);
            let text = std::fs::read_to_string(&path).expect("corpus file");
            let label = path
                .strip_prefix(corpus_dir())
                .unwrap_or(&path)
                .display()
                .to_string();
            (label, dialect, import_sql(&text, dialect).model)
        })
        .collect()
}

fn ddl_for(model: &Model, source: Dialect, target: Dialect) -> Ddl {
    let options = DdlOptions {
        source,
        ..DdlOptions::default()
    };
    generate(model, dialect_for(target).as_ref(), &options)
}

fn report(engine: &str, results: &[(String, Result<(), String>)]) {
    let ok = results.iter().filter(|(_, r)| r.is_ok()).count();
    println!(
        "{engine}: {ok}/{} corpus schemas applied and round-tripped",
        results.len()
    );
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(l, r)| r.as_ref().err().map(|e| format!("{l}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{engine}:\n{}", failures.join("\n\n"));
}

#[test]
fn corpus_applies_on_postgres_and_its_catalog_round_trips() {
    let Some(pg) = available("PostgreSQL 15 on 127.0.0.1:5432", Postgres::new(None)) else {
        return;
    };
    let mut results = Vec::new();
    for (label, source, model) in corpus() {
        let ddl = ddl_for(&model, source, Dialect::Postgres);
        let outcome = pg
            .apply_scratch(&ddl.script, postgres_catalog)
            .map_err(|e| e.to_string())
            .map(|catalog| {
                let back = import_sql(&catalog, Dialect::Postgres).model;
                let sent = import_sql(&ddl.script, Dialect::Postgres).model;
                assert_catalog_matches_script(&label, &sent, &back, Dialect::Postgres);
                assert_catalog_matches_source(&label, &model, &back, &ddl);
            });
        results.push((label, outcome));
    }
    report("PostgreSQL", &results);
}

#[test]
fn corpus_applies_on_mariadb_and_its_catalog_round_trips() {
    let Some(db) = available("MariaDB on 127.0.0.1:3306", MariaDb::new(None)) else {
        return;
    };
    let mut results = Vec::new();
    for (label, source, model) in corpus() {
        let ddl = ddl_for(&model, source, Dialect::Mysql);
        let inspect = |name: &str| db.catalog(name);
        // Sakila's own views name their database: `sakila.actor`.
        let applied = if label.starts_with("sakila") && source == Dialect::Mysql {
            db.apply_in_new_database("sakila", &ddl.script, inspect)
        } else {
            db.apply_scratch(&ddl.script, inspect)
        };
        let outcome = applied.map_err(|e| e.to_string()).map(|catalog| {
            let back = import_sql(&catalog, Dialect::Mysql).model;
            let sent = import_sql(&ddl.script, Dialect::Mysql).model;
            assert_catalog_matches_script(&label, &sent, &back, Dialect::Mysql);
            assert_catalog_matches_source(&label, &model, &back, &ddl);
        });
        results.push((label, outcome));
    }
    report("MariaDB", &results);
}

#[test]
fn corpus_applies_on_sqlite_and_its_catalog_round_trips() {
    let mut results = Vec::new();
    for (label, source, model) in corpus() {
        let ddl = ddl_for(&model, source, Dialect::Sqlite);
        let outcome = Sqlite::apply(&ddl.script)
            .and_then(|db| sqlite_catalog(&db))
            .map_err(|e| e.to_string())
            .map(|catalog| {
                let back = import_sql(&catalog, Dialect::Sqlite).model;
                let sent = import_sql(&ddl.script, Dialect::Sqlite).model;
                assert_catalog_matches_script(&label, &sent, &back, Dialect::Sqlite);
                assert_catalog_matches_source(&label, &model, &back, &ddl);
            });
        results.push((label, outcome));
    }
    report("SQLite", &results);
}

#[test]
fn corpus_applies_on_pglite_and_its_catalog_round_trips() {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/engines/node_modules");
    let probe = if runner.exists() {
        Ok(())
    } else {
        Err(EngineError::Unavailable(
            "tools/engines has no node_modules (make setup)".into(),
        ))
    };
    if available("PGlite", probe).is_none() {
        return;
    }
    // One PGlite for the whole corpus: each script on an empty public schema, then PGlite's
    // own pg_dump (compiled to wasm) of it.
    let corpus = corpus();
    let ddls: Vec<Ddl> = corpus
        .iter()
        .map(|(_, source, model)| ddl_for(model, *source, Dialect::Postgres))
        .collect();
    let scripts: Vec<String> = ddls.iter().map(|d| d.script.clone()).collect();
    let catalogs = Pglite::catalogs(&scripts).unwrap_or_else(|e| panic!("PGlite: {e}"));
    let mut results = Vec::new();
    for (((label, _, model), ddl), catalog) in corpus.iter().zip(&ddls).zip(catalogs) {
        let outcome = catalog.map_err(|e| e.to_string()).map(|catalog| {
            let back = import_sql(&catalog, Dialect::Postgres).model;
            let sent = import_sql(&ddl.script, Dialect::Postgres).model;
            assert_catalog_matches_script(label, &sent, &back, Dialect::Postgres);
            assert_catalog_matches_source(label, model, &back, ddl);
        });
        results.push((label.clone(), outcome));
    }
    report("PGlite", &results);
}
