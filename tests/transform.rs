//! Relational to document and back on real schemas: Chinook and Sakila proposed as
//! collections (junction tables as arrays of references, owned children embedded, other
//! foreign keys as references), their validators read by our engine and their mongosh
//! scripts parsed by node; collections from the corpus flattened into tables whose DDL a
//! real SQLite and a real PostgreSQL accept.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::process::Command;

use schemaforge::generate::mongo::collection_script::create_collection;
use schemaforge::generate::mongo::validator::validator;
use schemaforge::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use schemaforge::import::extended_json::documents;
use schemaforge::import::references::propose;
use schemaforge::import::samples::Inference;
use schemaforge::import::sql::import_sql;
use schemaforge::model::document::Cardinality;
use schemaforge::model::{Dialect, IdGen};
use schemaforge::transform::to_documents::to_documents;
use schemaforge::transform::to_tables::to_tables;
use schemaforge::validate::Validator;

fn corpus(path: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus")
            .join(path),
    )
    .expect("the corpus file")
}

#[test]
fn chinook_and_sakila_become_collections_with_references() {
    for (file, junctions) in [
        (
            "sql/chinook/chinook_PostgreSql.sql",
            vec![("track", "playlist_ids", "playlist")],
        ),
        (
            "sql/sakila/postgres.sql",
            vec![
                ("film", "actor_ids", "actor"),
                ("film", "category_ids", "category"),
            ],
        ),
    ] {
        let import = import_sql(&corpus(file), Dialect::Postgres);
        let max = import.model.max_id();
        let proposal = to_documents(&import.model, &mut IdGen::after(max));
        for n in &proposal.notes {
            println!("{file}: {n}");
        }
        let named = |name: &str| {
            proposal
                .collections
                .iter()
                .find(|c| c.name == name)
                .unwrap_or_else(|| panic!("{file}: no collection {name}"))
        };
        for (owner, field, to) in junctions {
            let c = named(owner);
            let f = c
                .fields
                .iter()
                .find(|f| f.name == field)
                .unwrap_or_else(|| panic!("{owner}.{field}"));
            let r = c
                .references
                .iter()
                .find(|r| r.path == [f.id])
                .expect("a reference");
            assert_eq!(r.cardinality, Cardinality::Many);
            assert_eq!(r.to, named(to).id);
        }
        let model_tables = import.model.tables.len();
        assert!(
            proposal.collections.len() < model_tables,
            "junctions are not collections"
        );
        // Every foreign key between collections is a reference.
        let references: usize = proposal
            .collections
            .iter()
            .map(|c| c.references.len())
            .sum();
        assert!(references >= 5, "{file}: {references} references");
        for c in &proposal.collections {
            Validator::from_value(&validator(c)).unwrap_or_else(|e| panic!("{}: {e}", c.name));
            support::oracle::node_check(&format!("{}.js", c.name), &create_collection(c));
        }
    }
}

#[test]
fn an_owned_child_is_embedded_and_its_own_references_stay() {
    let import = import_sql(
        "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);\n\
         CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), placed_at timestamptz);\n\
         CREATE TABLE order_lines (order_id int REFERENCES orders (id), line_no int, sku text NOT NULL, PRIMARY KEY (order_id, line_no));",
        Dialect::Postgres,
    );
    let proposal = to_documents(&import.model, &mut IdGen::after(import.model.max_id()));
    let names: Vec<&str> = proposal
        .collections
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["customers", "orders"]);
    let orders = &proposal.collections[1];
    let lines = orders
        .fields
        .iter()
        .find(|f| f.name == "order_lines")
        .expect("embedded");
    let inner: Vec<&str> = lines.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        inner,
        ["line_no", "sku"],
        "the key to the parent is implied by nesting"
    );
    assert_eq!(orders.fields[0].name, "_id");
    assert_eq!(
        orders.references.len(),
        1,
        "orders.customer_id -> customers"
    );
    assert!(proposal
        .notes
        .iter()
        .any(|n| n.starts_with("order_lines: embedded in orders")));
}

#[test]
fn collections_flatten_into_tables_real_engines_accept() {
    let mut ids = IdGen::default();
    let mut collections = Vec::new();
    let mut seen = Vec::new();
    for name in ["grades", "students", "countries-small", "restaurant"] {
        let mut inference = Inference::default();
        for d in documents(&corpus(&format!("mongo/{name}.json"))) {
            inference.add(&d.expect("a document"));
        }
        let (c, s) = inference.collection_and_ids(&name.replace('-', "_"), &mut ids);
        collections.push(c);
        seen.push(s);
    }
    propose(&mut collections, &seen, &mut ids);
    let flat = to_tables(&collections, &mut ids);
    for n in &flat.notes {
        println!("{n}");
    }
    let names: Vec<&str> = flat.model.tables.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"grades_scores"), "{names:?}");
    assert!(names.contains(&"students_scores"), "{names:?}");
    let grades = flat
        .model
        .tables
        .iter()
        .find(|t| t.name == "grades")
        .expect("grades");
    assert_eq!(
        grades.foreign_keys.len(),
        1,
        "grades.student_id references students"
    );
    flat.model.validate().expect("a valid model");

    // SQLite, embedded.
    let sqlite = generate_ddl(
        &flat.model,
        &*dialect_for(Dialect::Sqlite),
        &DdlOptions::default(),
    );
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    db.execute_batch(&sqlite)
        .unwrap_or_else(|e| panic!("{e}\n{sqlite}"));
    // PostgreSQL on 127.0.0.1, in a database of its own.
    let pg = generate_ddl(
        &flat.model,
        &*dialect_for(Dialect::Postgres),
        &DdlOptions::default(),
    );
    let db = format!("sf_transform_{}", std::process::id());
    let psql = |args: &[&str]| {
        Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
            ])
            .args(args)
            .output()
            .expect("psql runs")
    };
    let made = psql(&["-c", &format!("CREATE DATABASE {db}")]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let applied = psql(&["-d", &db, "-c", &pg]);
    let dropped = psql(&["-c", &format!("DROP DATABASE {db}")]);
    assert!(
        applied.status.success(),
        "{}\n{pg}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert!(dropped.status.success());
}
