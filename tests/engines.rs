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

use schemaforge::generate::sql::{
    dialect_for, generate, Ddl, DdlOptions, NoteLevel, SchemaPlacement,
};
use schemaforge::import::sql::import_sql;
use schemaforge::model::{Dialect, Model, NamedModel, NamedTable};
use schemaforge::verify::{
    postgres_catalog, sqlite_catalog, EngineError, MariaDb, Pglite, Postgres, Sqlite,
};

mod support;
use support::available;
use support::catalog::assert_catalog_matches_script;
use support::{corpus_dir, corpus_files, dialect_of, pglite_available};

/// The source model and the catalog agree on tables, columns, nullability and keys.
fn assert_catalog_matches_source(label: &str, source: &Model, catalog: &Model, ddl: &Ddl) {
    // Compared by name: the two models' ids have nothing in common.
    let (source, catalog) = (&source.named(), &catalog.named());
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
        |m: &NamedModel| -> BTreeSet<String> { m.tables.iter().map(|t| t.name.clone()).collect() };
    assert_eq!(names(catalog), names(source), "{label}: tables");
    for s in &source.tables {
        let c = catalog
            .tables
            .iter()
            .find(|t| t.name == s.name)
            .expect("same tables");
        let columns = |t: &NamedTable| -> Vec<(String, bool)> {
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
        let fks = |t: &NamedTable| -> BTreeSet<(Vec<String>, String)> {
            t.foreign_keys
                .iter()
                .map(|f| (f.columns.clone(), f.ref_table.name.clone()))
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
        // Sakila's own views name their database (`sakila.actor`): generated without it,
        // they apply in any database.
        let applied = db.apply_scratch(&ddl.script, |name| db.catalog(name));
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
    if !pglite_available() {
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

/// A PostgreSQL schema that needs extensions (pg_trgm's operator class, uuid-ossp's
/// function), other operator classes, and a foreign key whose target is unique only
/// through a unique index. Written for this test.
const EXTENSIONS_AND_OPCLASSES: &str = "
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  name text NOT NULL,
  email text NOT NULL,
  last_ip inet
);
CREATE TABLE logins (
  id integer PRIMARY KEY,
  email text NOT NULL REFERENCES people (email),
  at timestamptz NOT NULL DEFAULT '1970-01-01 00:00:00+00'
);
CREATE INDEX people_name_trgm ON people USING gin (name gin_trgm_ops);
CREATE INDEX people_email_prefix ON people (email text_pattern_ops);
CREATE INDEX people_ip ON people USING gist (last_ip inet_ops);
CREATE UNIQUE INDEX people_email ON people (email);
";

/// What the catalog must show of [`EXTENSIONS_AND_OPCLASSES`].
fn assert_extensions_and_opclasses(label: &str, catalog: &Model) {
    let extensions: BTreeSet<&str> = catalog.extensions.iter().map(|e| e.name.as_str()).collect();
    assert!(
        extensions.contains("pg_trgm") && extensions.contains("uuid-ossp"),
        "{label}: {extensions:?}"
    );
    let people = catalog
        .tables
        .iter()
        .find(|t| t.name == "people")
        .unwrap_or_else(|| panic!("{label}: people"));
    let opclasses: BTreeSet<String> = people
        .indexes
        .iter()
        .flat_map(|i| i.parts.iter().filter_map(|p| p.opclass.clone()))
        .map(|o| o.rsplit('.').next().unwrap_or_default().to_string())
        .collect();
    for expected in ["gin_trgm_ops", "text_pattern_ops", "inet_ops"] {
        assert!(opclasses.contains(expected), "{label}: {opclasses:?}");
    }
    let logins = catalog
        .tables
        .iter()
        .find(|t| t.name == "logins")
        .expect("logins");
    assert_eq!(logins.foreign_keys.len(), 1, "{label}");
    let fk = &logins.foreign_keys[0];
    let target = catalog
        .table_by_id(fk.ref_table)
        .expect("the referenced table");
    assert_eq!(
        (target.name.as_str(), target.column_names(&fk.ref_columns)),
        ("people", vec!["email".to_string()]),
        "{label}"
    );
}

#[test]
fn extensions_operator_classes_and_keys_on_unique_indexes_apply_on_postgres_and_pglite() {
    let model = import_sql(EXTENSIONS_AND_OPCLASSES, Dialect::Postgres).model;
    assert_eq!(model.extensions.len(), 2);
    let ddl = ddl_for(&model, Dialect::Postgres, Dialect::Postgres);
    // The key follows the unique index it needs.
    let index_at = ddl
        .script
        .find("CREATE UNIQUE INDEX people_email")
        .expect("index");
    let key_at = ddl
        .script
        .find("ALTER TABLE logins ADD")
        .expect("key added later");
    assert!(index_at < key_at, "{}", ddl.script);
    if let Some(pg) = available("PostgreSQL 15 on 127.0.0.1:5432", Postgres::new(None)) {
        let catalog = pg
            .apply_scratch(&ddl.script, postgres_catalog)
            .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
        assert_extensions_and_opclasses(
            "PostgreSQL",
            &import_sql(&catalog, Dialect::Postgres).model,
        );
    }
    if pglite_available() {
        let catalogs = Pglite::catalogs(std::slice::from_ref(&ddl.script))
            .unwrap_or_else(|e| panic!("PGlite: {e}"));
        let catalog = catalogs[0]
            .as_ref()
            .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
        assert_extensions_and_opclasses("PGlite", &import_sql(catalog, Dialect::Postgres).model);
        // What PGlite does not ship is said before anything runs, at its statement.
        let postgis = "CREATE TABLE a (id int);\nCREATE TABLE place (\n  id int,\n  at geometry(Point, 4326)\n);";
        match Pglite::apply(postgis) {
            Err(EngineError::Rejected { line, message, .. }) => {
                assert_eq!(line, 2);
                assert!(
                    message.contains("postgis") && message.contains("place.at"),
                    "{message}"
                );
            }
            other => panic!("PostGIS must be refused up front: {other:?}"),
        }
    }
}

#[test]
fn postgres_schemas_and_zoned_defaults_apply_on_mariadb() {
    let Some(db) = available("MariaDB on 127.0.0.1:3306", MariaDb::new(None)) else {
        return;
    };
    // Two schemas, one table name in both, a default with a UTC offset. Written for this test.
    let source = "
CREATE SCHEMA music;
CREATE SCHEMA archive;
CREATE TABLE music.artist (id serial PRIMARY KEY, name text NOT NULL,
  born timestamptz DEFAULT '1970-01-01 02:00:00+02');
CREATE TABLE music.release (id serial PRIMARY KEY, artist_id int NOT NULL REFERENCES music.artist (id));
CREATE TABLE archive.release (id serial PRIMARY KEY, artist_id int REFERENCES music.artist (id));
";
    let model = import_sql(source, Dialect::Postgres).model;
    for placement in [
        SchemaPlacement::Fold,
        SchemaPlacement::Prefix,
        SchemaPlacement::Databases,
    ] {
        let options = DdlOptions {
            source: Dialect::Postgres,
            schemas: placement,
            ..DdlOptions::default()
        };
        let ddl = generate(&model, dialect_for(Dialect::Mysql).as_ref(), &options);
        let catalog = db
            .apply_scratch(&ddl.script, |name| db.catalog(name))
            .unwrap_or_else(|e| panic!("{placement:?}: {e}\n{}", ddl.script));
        let back = import_sql(&catalog, Dialect::Mysql).model;
        let mut names: Vec<&str> = back.tables.iter().map(|t| t.name.as_str()).collect();
        names.sort();
        let expected: &[&str] = match placement {
            // The colliding name takes its schema as a prefix; the rest fold into nothing.
            SchemaPlacement::Fold => &["archive_release", "artist", "music_release"],
            SchemaPlacement::Prefix => &["archive_release", "music_artist", "music_release"],
            // Each schema its own database: the scratch one holds nothing.
            SchemaPlacement::Databases => &[],
        };
        assert_eq!(names, expected, "{placement:?}\n{}", ddl.script);
        let schema_notes = ddl
            .notes
            .iter()
            .filter(|n| n.object.starts_with("schema "))
            .count();
        assert_eq!(
            schema_notes, 2,
            "{placement:?}: the report says what became of each schema"
        );
        if placement == SchemaPlacement::Fold {
            let artist = back
                .tables
                .iter()
                .find(|t| t.name == "artist")
                .expect("artist");
            let born = artist.column("born").expect("born");
            assert_eq!(
                born.default.as_deref(),
                Some("'1970-01-01 00:00:00'"),
                "the same instant in UTC"
            );
            let model = &back;
            let fks: BTreeSet<(&str, &str)> = back
                .tables
                .iter()
                .flat_map(|t| {
                    t.foreign_keys.iter().map(move |f| {
                        let target = model
                            .table_by_id(f.ref_table)
                            .map_or("", |r| r.name.as_str());
                        (t.name.as_str(), target)
                    })
                })
                .collect();
            assert_eq!(
                fks,
                BTreeSet::from([("archive_release", "artist"), ("music_release", "artist")])
            );
        }
    }
}

#[test]
fn a_view_that_names_its_source_database_applies_in_any_database() {
    let Some(db) = available("MariaDB on 127.0.0.1:3306", MariaDb::new(None)) else {
        return;
    };
    let source = "CREATE TABLE film (film_id INT PRIMARY KEY, title VARCHAR(100));
CREATE TABLE film_actor (film_id INT, actor_id INT, FOREIGN KEY (film_id) REFERENCES film (film_id));
CREATE VIEW film_list AS SELECT f.title, COUNT(fa.actor_id) AS actors FROM shopdb.film f JOIN shopdb.film_actor fa ON fa.film_id = f.film_id GROUP BY f.title;";
    let model = import_sql(source, Dialect::Mysql).model;
    let ddl = ddl_for(&model, Dialect::Mysql, Dialect::Mysql);
    assert!(!ddl.script.contains("shopdb."), "{}", ddl.script);
    assert!(
        ddl.notes.iter().any(|n| n.message.contains("shopdb")),
        "{:?}",
        ddl.notes
    );
    let catalog = db
        .apply_scratch(&ddl.script, |name| db.catalog(name))
        .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    assert!(catalog.contains("film_list"), "{catalog}");
}

/// A SQL Server script with quoted and bracketed type names, exported to PostgreSQL: the
/// foreign key joins integers (not `text`) and the CHECK compares timestamps, so it applies.
#[test]
fn quoted_sql_server_types_export_to_postgres_that_applies() {
    let source = "CREATE TABLE \"Employees\" (
  \"EmployeeID\" \"int\" IDENTITY (1, 1) NOT NULL,
  \"LastName\" [nvarchar] (20) NOT NULL,
  \"BirthDate\" \"datetime\" NULL,
  \"ReportsTo\" \"int\" NULL,
  CONSTRAINT \"PK_Employees\" PRIMARY KEY CLUSTERED (\"EmployeeID\"),
  CONSTRAINT \"FK_Employees_Employees\" FOREIGN KEY (\"ReportsTo\") REFERENCES \"dbo\".\"Employees\" (\"EmployeeID\"),
  CONSTRAINT \"CK_Birthdate\" CHECK (BirthDate < getdate())
)
GO
";
    let model = import_sql(source, Dialect::Mssql).model;
    let ddl = ddl_for(&model, Dialect::Mssql, Dialect::Postgres);
    assert!(
        ddl.script.contains("\"ReportsTo\" integer"),
        "{}",
        ddl.script
    );
    if let Some(pg) = available("PostgreSQL 15 on 127.0.0.1:5432", Postgres::new(None)) {
        pg.apply_scratch(&ddl.script, |_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    }
    Sqlite::apply(&ddl_for(&model, Dialect::Mssql, Dialect::Sqlite).script)
        .unwrap_or_else(|e| panic!("SQLite: {e}"));
}

/// A schema that only a function, or only an extension's `WITH SCHEMA`, is in is created
/// before them: without it the script fails at the function. Written for this test.
#[test]
fn a_schema_only_routines_and_extensions_use_is_created_first() {
    let source = "
CREATE SCHEMA util;
CREATE SCHEMA ext;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA ext;
CREATE FUNCTION util.add_one(i integer) RETURNS integer LANGUAGE sql AS $$ SELECT i + 1 $$;
CREATE TABLE counter (id integer PRIMARY KEY);
";
    let model = import_sql(source, Dialect::Postgres).model;
    assert_eq!(model.routines.len(), 1);
    assert_eq!(model.extensions.len(), 1);
    let ddl = ddl_for(&model, Dialect::Postgres, Dialect::Postgres);
    let at = |needle: &str| {
        ddl.script
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} is missing:\n{}", ddl.script))
    };
    assert!(at("CREATE SCHEMA IF NOT EXISTS util") < at("CREATE FUNCTION util.add_one"));
    assert!(at("CREATE SCHEMA IF NOT EXISTS ext") < at("CREATE EXTENSION"));
    if let Some(pg) = available("PostgreSQL 15 on 127.0.0.1:5432", Postgres::new(None)) {
        let catalog = pg
            .apply_scratch(&ddl.script, postgres_catalog)
            .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
        let back = import_sql(&catalog, Dialect::Postgres).model;
        assert!(
            back.routines
                .iter()
                .any(|r| r.schema.as_deref() == Some("util") && r.name == "add_one"),
            "{catalog}"
        );
    }
    if pglite_available() {
        let catalogs = Pglite::catalogs(std::slice::from_ref(&ddl.script))
            .unwrap_or_else(|e| panic!("PGlite: {e}"));
        catalogs[0]
            .as_ref()
            .unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    }
    // Where schemas are databases the folded tables need no database for the function.
    let mysql = ddl_for(&model, Dialect::Postgres, Dialect::Mysql);
    assert!(
        !mysql.script.contains("CREATE DATABASE"),
        "{}",
        mysql.script
    );
}
