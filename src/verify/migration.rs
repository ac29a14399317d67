//! A migration proven on an engine both ways: the old version's DDL applied, then the up
//! migration, whose catalog must be the one the new version's DDL gives; then the down
//! migration, whose catalog must be the old one again.

use super::engine::{Engine, EngineError};
use super::round_trip::{judge_round_trip, RoundTrip, Scripts};
use super::{sqlite_catalog, MariaDb, Pglite, Postgres, Sqlite};

/// Runs the round trip of `scripts` on `engine` (PostgreSQL or MariaDB at `url`, or the
/// local server).
/// A script the engine rejects is an error naming which one.
pub fn verify_migration(
    engine: Engine,
    scripts: &Scripts,
    url: Option<&str>,
) -> Result<RoundTrip, EngineError> {
    let stages = scripts.stages();
    let catalogs = match engine {
        Engine::Sqlite => sqlite_stages(scripts)?,
        Engine::Pglite => Pglite::stages(&stages)?,
        Engine::Postgres => Postgres::new(url)?.stages(&stages)?,
        Engine::Mariadb => MariaDb::new(url)?.stages([
            scripts.old_ddl,
            scripts.up,
            scripts.down,
            scripts.new_ddl,
        ])?,
    };
    judge_round_trip(engine.dialect(), catalogs)
}

/// The stages on one SQLite database (the old version and its migrations) and another (the
/// new version).
fn sqlite_stages(scripts: &Scripts) -> Result<Vec<Result<String, EngineError>>, EngineError> {
    let rejected = |e: rusqlite::Error| EngineError::Rejected {
        line: 1,
        statement: String::new(),
        message: e.to_string(),
    };
    let db = Sqlite::apply(scripts.old_ddl)?;
    let old = sqlite_catalog(&db);
    let up = db
        .execute_batch(scripts.up)
        .map_err(rejected)
        .and_then(|()| sqlite_catalog(&db));
    let down = db
        .execute_batch(scripts.down)
        .map_err(rejected)
        .and_then(|()| sqlite_catalog(&db));
    let new = Sqlite::apply(scripts.new_ddl).and_then(|db| sqlite_catalog(&db));
    Ok(vec![old, up, down, new])
}
