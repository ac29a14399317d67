//! Applies a generated script to a real engine and reports the engine's own verdict: the
//! first error with the statement it came from. Native only (it starts database clients and
//! embeds SQLite); the browser verifies through PGlite and SQLite compiled to wasm instead.

mod engine;
mod mariadb;
mod pglite;
mod postgres;
mod sqlite;
mod statements;

pub use engine::{Engine, EngineError, Verdict};
pub use mariadb::{created_schemas, mariadb_catalog, MariaDb};
pub use pglite::Pglite;
pub use postgres::{postgres_catalog, Postgres};
pub use sqlite::{sqlite_catalog, Sqlite};
pub use statements::{statement_at_line, statements, Statement};

/// Applies `script` (written for the engine's dialect) to `engine` in a scratch database
/// that is dropped afterwards.
pub fn verify(engine: Engine, script: &str, url: Option<&str>) -> Verdict {
    match engine {
        Engine::Postgres => Postgres::new(url).and_then(|pg| pg.apply_scratch(script, |_| Ok(()))),
        Engine::Mariadb => MariaDb::new(url).and_then(|m| m.apply_scratch(script, |_| Ok(()))),
        Engine::Sqlite => Sqlite::apply(script).map(|_| ()),
        Engine::Pglite => Pglite::apply(script),
    }
}
