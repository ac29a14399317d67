//! Applies a generated script to a real engine and reports the engine's own verdict: the
//! first error with the statement it came from. The engines themselves are native only (this
//! starts database clients and embeds SQLite); the browser verifies through PGlite and sql.js
//! compiled to wasm, with the same statements and verdicts.

mod catalog_query;
mod engine;
#[cfg(not(target_arch = "wasm32"))]
mod mariadb;
#[cfg(not(target_arch = "wasm32"))]
mod migration;
#[cfg(not(target_arch = "wasm32"))]
mod pglite;
mod pglite_extensions;
#[cfg(not(target_arch = "wasm32"))]
mod postgres;
mod round_trip;
pub mod shape;
#[cfg(not(target_arch = "wasm32"))]
mod sqlite;
mod statements;

pub use catalog_query::{POSTGRES_CATALOG, POSTGRES_RESET, SQLITE_CATALOG};
pub use engine::{Engine, EngineError, Verdict};
#[cfg(not(target_arch = "wasm32"))]
pub use mariadb::{created_schemas, mariadb_catalog, MariaDb};
#[cfg(not(target_arch = "wasm32"))]
pub use migration::verify_migration;
#[cfg(not(target_arch = "wasm32"))]
pub use pglite::Pglite;
pub use pglite_extensions::pglite_extensions;
#[cfg(not(target_arch = "wasm32"))]
pub use postgres::{postgres_catalog, psql, Postgres};
pub use round_trip::{judge_round_trip, RoundTrip, Scripts};
#[cfg(not(target_arch = "wasm32"))]
pub use sqlite::{sqlite_catalog, Sqlite};
pub use statements::{statement_at_line, statements, Statement};

/// Applies `script` (written for the engine's dialect) to `engine` in a scratch database
/// that is dropped afterwards.
#[cfg(not(target_arch = "wasm32"))]
pub fn verify(engine: Engine, script: &str, url: Option<&str>) -> Verdict {
    match engine {
        Engine::Postgres => Postgres::new(url).and_then(|pg| pg.apply_scratch(script, |_| Ok(()))),
        Engine::Mariadb => MariaDb::new(url).and_then(|m| m.apply_scratch(script, |_| Ok(()))),
        Engine::Sqlite => Sqlite::apply(script).map(|_| ()),
        Engine::Pglite => Pglite::apply(script),
    }
}
