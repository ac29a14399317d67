//! Discovery from the rows a dump already holds. Chinook's INSERT data read from the dump
//! must be the rows SQLite holds after it ran the same script (SQLite parses the values here,
//! not our reader), value for value in each column's pattern of equal and different values,
//! and so give the same dependencies and keys.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use rusqlite::types::ValueRef;
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;
use schemaforge::normalize::discover::{discover, Bounds};
use schemaforge::normalize::dump_rows::rows_from_dump;
use schemaforge::normalize::sample::{Sample, SampleBuilder};

/// The rows of `table` as SQLite stores them, in insertion order.
fn sqlite_sample(db: &rusqlite::Connection, table: &str, names: &[String]) -> Sample {
    let columns = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut statement = db
        .prepare(&format!("SELECT {columns} FROM \"{table}\" ORDER BY rowid"))
        .expect("prepares");
    let mut rows = statement.query([]).expect("queries");
    let mut builder = SampleBuilder::new(names.to_vec());
    while let Some(row) = rows.next().expect("a row") {
        let values: Vec<Option<String>> = (0..names.len())
            .map(|i| match row.get_ref(i).expect("a value") {
                ValueRef::Null => None,
                ValueRef::Integer(v) => Some(v.to_string()),
                ValueRef::Real(v) => Some(v.to_string()),
                ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Some(format!("{b:?}")),
            })
            .collect();
        builder.push(values.iter().map(Option::as_deref));
    }
    builder.finish()
}

#[test]
fn chinook_rows_from_the_dump_are_the_rows_sqlite_holds_and_give_the_same_dependencies() {
    let path = support::corpus_dir().join("chinook/chinook_Sqlite.sql");
    let text = std::fs::read_to_string(&path).expect("reads the dump");
    let import = import_sql(&text, Dialect::Sqlite);
    let db = rusqlite::Connection::open_in_memory().expect("sqlite");
    db.execute_batch(&text).expect("SQLite runs the dump");
    let mut tables = 0;
    let mut total_rows = 0;
    for table in &import.model.tables {
        let found = rows_from_dump(&text, Dialect::Sqlite, table, usize::MAX).expect("reads rows");
        assert!(
            found.unreadable.is_empty(),
            "{}: {:?}",
            table.name,
            found.unreadable
        );
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let stored = sqlite_sample(&db, &table.name, &names);
        assert_eq!(found.sample.rows, stored.rows, "{}: rows", table.name);
        assert_eq!(found.sample, stored, "{}: values", table.name);
        let ours = discover(&found.sample, Bounds::default(), |_| true).expect("runs");
        let theirs = discover(&stored, Bounds::default(), |_| true).expect("runs");
        assert_eq!(ours, theirs, "{}", table.name);
        println!(
            "{}: {} rows from {} statements, {} dependencies, keys {}",
            table.name,
            found.sample.rows,
            found.statements,
            ours.dependencies.len(),
            ours.candidate_keys
                .iter()
                .map(|k| schemaforge::normalize::dependency::list(*k, &names))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        tables += 1;
        total_rows += found.sample.rows;
    }
    assert_eq!(tables, 11, "Chinook's eleven tables");
    assert!(total_rows > 15_000, "{total_rows} rows");
}
