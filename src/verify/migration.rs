//! A migration proven on an engine both ways: the old version's DDL applied, then the up
//! migration, whose catalog must be the one the new version's DDL gives; then the down
//! migration, whose catalog must be the old one again.

use super::engine::{Engine, EngineError};
use super::shape::{catalog_shape, differences};
use super::{sqlite_catalog, MariaDb, Pglite, Postgres, Sqlite};

/// What the round trip found: the tables whose catalog differs after each direction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoundTrip {
    pub after_up: Vec<String>,
    pub after_down: Vec<String>,
}

impl RoundTrip {
    pub fn holds(&self) -> bool {
        self.after_up.is_empty() && self.after_down.is_empty()
    }
}

/// The four scripts of a round trip, each written for the engine's dialect.
pub struct Scripts<'a> {
    pub old_ddl: &'a str,
    pub new_ddl: &'a str,
    pub up: &'a str,
    pub down: &'a str,
}

/// Runs the round trip of `scripts` on `engine` (PostgreSQL or MariaDB at `url`, or the
/// local server).
/// A script the engine rejects is an error naming which one.
pub fn verify_migration(
    engine: Engine,
    scripts: &Scripts,
    url: Option<&str>,
) -> Result<RoundTrip, EngineError> {
    let stages = [
        (true, scripts.old_ddl.to_string()),
        (false, scripts.up.to_string()),
        (false, scripts.down.to_string()),
        (true, scripts.new_ddl.to_string()),
    ];
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
    let named = [
        "the old version's DDL",
        "the up migration",
        "the down migration",
        "the new version's DDL",
    ];
    let mut read = Vec::new();
    for (catalog, what) in catalogs.into_iter().zip(named) {
        match catalog {
            Ok(c) => read.push(catalog_shape(&c, engine.dialect())),
            Err(EngineError::Rejected {
                line,
                statement,
                message,
            }) => {
                return Err(EngineError::Rejected {
                    line,
                    statement,
                    message: format!("{what}: {message}"),
                })
            }
            Err(e) => return Err(e),
        }
    }
    let [old, up, down, new] = <[_; 4]>::try_from(read)
        .map_err(|_| EngineError::Unavailable("a catalog per stage".into()))?;
    Ok(RoundTrip {
        after_up: differences(&up, &new),
        after_down: differences(&down, &old),
    })
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
