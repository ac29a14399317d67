//! The table patterns behave on real engines: `updated_at` moves when a row changes, soft
//! delete lets a deleted row's unique value be used again (where the dialect has partial
//! indexes) while live rows stay unique, and every change lands in the audit log.
#![cfg(not(target_arch = "wasm32"))]

use schemaforge::generate::sql::{dialect_for, generate, Ddl, DdlOptions};
use schemaforge::import::sql::import_sql;
use schemaforge::model::{Dialect, Model, TablePatterns};
mod support;
use schemaforge::verify::{psql, MariaDb, Postgres, Sqlite};
use support::available;

const SCHEMA: &str = "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL UNIQUE, name varchar(100));
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users (id), title varchar(200));";

/// Changes made after the DDL: an insert with an old `updated_at`, an update, a soft delete.
const CHANGES: &str = "INSERT INTO users (id, email, name, updated_at) VALUES (1, 'a@x.org', 'A', '2000-01-01 00:00:00');
UPDATE users SET name = 'B' WHERE id = 1;
UPDATE users SET deleted_at = CURRENT_TIMESTAMP WHERE id = 1;";
/// Reuses the soft-deleted row's email.
const REUSE: &str = "INSERT INTO users (id, email, name) VALUES (2, 'a@x.org', 'C');";
/// A second live row with that email.
const DUPLICATE: &str = "INSERT INTO users (id, email, name) VALUES (3, 'a@x.org', 'D');";
const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM users WHERE id = 1 AND updated_at > '2000-01-02'), (SELECT COUNT(*) FROM audit_log)";

fn model() -> Model {
    let mut model = import_sql(SCHEMA, Dialect::Postgres).model;
    model.tables[0].patterns = TablePatterns {
        updated_at: true,
        soft_delete: true,
        audit: true,
    };
    model
}

fn ddl(target: Dialect) -> Ddl {
    let options = DdlOptions {
        source: Dialect::Postgres,
        ..DdlOptions::default()
    };
    generate(&model(), dialect_for(target).as_ref(), &options)
}

fn counts(text: &str) -> Vec<i64> {
    text.split(|c: char| c == '|' || c == '\t' || c.is_whitespace())
        .filter_map(|n| n.trim().parse().ok())
        .collect()
}

#[test]
fn patterns_behave_on_sqlite() {
    let ddl = ddl(Dialect::Sqlite);
    let db = Sqlite::apply(&ddl.script).unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    db.execute_batch(CHANGES).expect("changes");
    db.execute_batch(REUSE)
        .expect("a soft-deleted row's email can be used again");
    assert!(
        db.execute_batch(DUPLICATE).is_err(),
        "live rows stay unique"
    );
    let (updated, audited): (i64, i64) = db
        .query_row(COUNTS, [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("counts");
    assert_eq!(updated, 1, "updated_at moved");
    assert_eq!(
        audited, 4,
        "insert, update, soft delete and reuse are audited"
    );
    let action: String = db
        .query_row(
            "SELECT action FROM audit_log ORDER BY id LIMIT 1 OFFSET 1",
            [],
            |r| r.get(0),
        )
        .expect("audit row");
    assert_eq!(action, "UPDATE");
}

#[test]
fn patterns_behave_on_postgres() {
    let Some(pg) = available("PostgreSQL", Postgres::new(None)) else {
        return;
    };
    let ddl = ddl(Dialect::Postgres);
    let result = pg.apply_scratch(&ddl.script, |url| {
        psql(url, CHANGES)?;
        psql(url, REUSE)?;
        let duplicate = psql(url, DUPLICATE);
        let counts = counts(&psql(url, &format!("{COUNTS};"))?);
        let actions = psql(
            url,
            "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log;",
        )?;
        Ok((duplicate.is_err(), counts, actions.trim().to_string()))
    });
    let (rejected, counts, actions) = result.unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    assert!(rejected, "live rows stay unique");
    assert_eq!(counts, vec![1, 4], "updated_at moved; four changes audited");
    assert_eq!(actions, "INSERT,UPDATE,UPDATE,INSERT");
}

#[test]
fn patterns_behave_on_mariadb() {
    let Some(db) = available("MariaDB", MariaDb::new(None)) else {
        return;
    };
    let ddl = ddl(Dialect::Mysql);
    assert!(
        ddl.notes
            .iter()
            .any(|n| n.message.contains("no partial indexes")),
        "MySQL's missing partial indexes are reported: {:?}",
        ddl.notes
    );
    let result = db.apply_scratch(&ddl.script, |name| {
        db.query(name, CHANGES)?;
        let reuse = db.query(name, REUSE);
        let counts = counts(&db.query(name, COUNTS)?);
        Ok((reuse.is_err(), counts))
    });
    let (reuse_rejected, counts) = result.unwrap_or_else(|e| panic!("{e}\n{}", ddl.script));
    assert!(
        reuse_rejected,
        "without partial indexes the email stays taken, as reported"
    );
    assert_eq!(
        counts,
        vec![1, 3],
        "updated_at moved; three changes audited"
    );
}

#[test]
fn patterns_are_written_for_sql_server() {
    let ddl = ddl(Dialect::Mssql);
    for expected in [
        "CREATE TRIGGER trg_users_updated_at ON users AFTER UPDATE",
        "CREATE TRIGGER trg_users_audit ON users AFTER INSERT, UPDATE, DELETE",
        "WHERE deleted_at IS NULL",
    ] {
        assert!(ddl.script.contains(expected), "{expected}\n{}", ddl.script);
    }
    // Each trigger is its own batch.
    assert!(ddl.script.contains("END;\nGO\n"), "{}", ddl.script);
}
