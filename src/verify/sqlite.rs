//! SQLite, embedded (rusqlite with its bundled SQLite): statements run one by one on an
//! in-memory database with foreign keys enforced.

use rusqlite::Connection;

use super::engine::EngineError;
use super::statements::statements;
use crate::model::Dialect;

pub struct Sqlite;

impl Sqlite {
    /// Applies `script` to a new in-memory database and returns the connection.
    pub fn apply(script: &str) -> Result<Connection, EngineError> {
        let db = Connection::open_in_memory()
            .map_err(|e| EngineError::Unavailable(format!("sqlite: {e}")))?;
        db.execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(|e| EngineError::Unavailable(format!("sqlite: {e}")))?;
        for s in statements(script, Dialect::Sqlite) {
            if let Err(e) = db.execute_batch(&s.text) {
                return Err(EngineError::Rejected {
                    line: s.line,
                    statement: s.text,
                    message: e.to_string(),
                });
            }
        }
        Ok(db)
    }
}

/// The schema as SQLite keeps it: the `sql` of every table and index in `sqlite_master`.
pub fn sqlite_catalog(db: &Connection) -> Result<String, EngineError> {
    let unavailable = |e: rusqlite::Error| EngineError::Unavailable(format!("sqlite: {e}"));
    let mut query = db.prepare(super::SQLITE_CATALOG).map_err(unavailable)?;
    let rows = query
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(unavailable)?;
    let mut out = String::new();
    for sql in rows {
        out.push_str(&sql.map_err(unavailable)?);
        out.push_str(";\n");
    }
    Ok(out)
}
