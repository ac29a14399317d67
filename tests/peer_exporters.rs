//! The DBML project's exporter fixtures (../shared/corpus/dbml/exporter): for each DBML input,
//! our DDL must apply on the real engine and give the same catalog as the fixture's own
//! expected SQL applied on that engine. The test prints the rate of agreeing fixtures.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

use schemaforge::generate::sql::{dialect_for, generate, DdlOptions, SchemaPlacement};
use schemaforge::import::dbml::import_dbml;
use schemaforge::import::sql::import_sql;
use schemaforge::model::{Dialect, Model};
use schemaforge::verify::{created_schemas, postgres_catalog, EngineError, MariaDb, Postgres};

mod support;
use support::available;
use support::catalog::{shape, TableShape};

fn fixtures(folder: &str) -> Vec<(String, PathBuf, PathBuf)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/dbml/exporter")
        .join(folder);
    let mut list: Vec<(String, PathBuf, PathBuf)> = std::fs::read_dir(base.join("input"))
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .flatten()
        .filter_map(|f| {
            let name = f.file_name().to_string_lossy().to_string();
            let stem = name.strip_suffix(".in.dbml")?.to_string();
            let expected = base.join("output").join(format!("{stem}.out.sql"));
            Some((stem, f.path(), expected))
        })
        .collect();
    list.sort();
    list
}

/// The catalog of `script` on the engine, imported back.
type Catalog = Result<Model, EngineError>;

fn compare(ours: &Model, theirs: &Model, dialect: Dialect) -> Result<(), String> {
    let a = shape(ours, dialect);
    let b = shape(theirs, dialect);
    if a == b {
        return Ok(());
    }
    let differing: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|t| a.get(*t) != b.get(*t))
        .map(|t| {
            let show =
                |s: Option<&TableShape>| s.map_or("absent".to_string(), |s| format!("{s:?}"));
            format!(
                "{t}:\n  ours   {}\n  theirs {}",
                show(a.get(t)),
                show(b.get(t))
            )
        })
        .collect();
    Err(differing.join("\n"))
}

fn run(folder: &str, dialect: Dialect, catalog_of: &dyn Fn(&str) -> Catalog) {
    let list = fixtures(folder);
    assert!(!list.is_empty(), "no fixtures in {folder}");
    let mut agreeing = 0;
    let mut inapplicable = 0;
    let mut report = Vec::new();
    for (name, input, expected) in &list {
        let text = std::fs::read_to_string(input).expect("fixture input");
        let imported = import_dbml(&text);
        // The peer writes a schema as a MySQL database of its own: compare like with like.
        let options = DdlOptions {
            source: dialect,
            schemas: SchemaPlacement::Databases,
            ..DdlOptions::default()
        };
        let ddl = generate(&imported.model, dialect_for(dialect).as_ref(), &options);
        let expected_sql = std::fs::read_to_string(expected).expect("fixture output");
        let theirs = catalog_of(&expected_sql);
        let ours = catalog_of(&ddl.script);
        match (ours, theirs) {
            // Types the input never defines (`Random.Rand`): no engine takes either script.
            (Err(ours), Err(theirs)) => {
                inapplicable += 1;
                report.push(format!(
                    "{name}: applies on no engine, ours ({ours}) nor the fixture's ({theirs})"
                ));
            }
            (Err(e), Ok(_)) => panic!(
                "{folder}/{name}: the fixture's SQL applies, ours must too: {e}\n{}",
                ddl.script
            ),
            (Ok(_), Err(e)) => report.push(format!(
                "{name}: the fixture's own SQL does not apply here: {e}"
            )),
            (Ok(ours), Ok(theirs)) => match compare(&ours, &theirs, dialect) {
                Ok(()) => agreeing += 1,
                Err(diff) => report.push(format!("{name}: catalogs differ\n{diff}")),
            },
        }
    }
    let applicable = list.len() - inapplicable;
    let rate = 100.0 * agreeing as f64 / applicable.max(1) as f64;
    println!(
        "{folder}: {agreeing}/{applicable} fixtures give the fixture's catalog ({rate:.0} %); \
         {inapplicable} apply on no engine",
    );
    for line in &report {
        println!("  {line}");
    }
    assert!(
        rate >= 80.0,
        "{folder}: too few fixtures agree\n{}",
        report.join("\n")
    );
}

#[test]
fn postgres_exporter_fixtures_give_the_same_catalog() {
    let Some(pg) = available("PostgreSQL", Postgres::new(None)) else {
        return;
    };
    run("postgres_exporter", Dialect::Postgres, &|script| {
        let dump = pg.apply_scratch(script, postgres_catalog)?;
        Ok(import_sql(&dump, Dialect::Postgres).model)
    });
}

#[test]
fn mysql_exporter_fixtures_give_the_same_catalog() {
    let Some(db) = available("MariaDB", MariaDb::new(None)) else {
        return;
    };
    run("mysql_exporter", Dialect::Mysql, &|script| {
        // Schemas are sibling databases: each is dumped and read back as that schema.
        db.apply_scratch(script, |name| {
            let mut model = import_sql(&db.catalog(name)?, Dialect::Mysql).model;
            for schema in created_schemas(script) {
                let mut part = import_sql(&db.catalog(&schema)?, Dialect::Mysql).model;
                // Its own ids, after the model's: references stay within it.
                part.shift_ids(model.max_id());
                for t in &mut part.tables {
                    t.schema = Some(schema.clone());
                }
                model.tables.extend(part.tables);
            }
            Ok(model)
        })
    });
}
