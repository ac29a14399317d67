//! A migration's round trip judged from the catalogs an engine read after each stage: the
//! old version's DDL, the up migration (whose catalog must be the new version's), the down
//! migration (whose catalog must be the old one again) and the new version's DDL. The
//! engines run natively ([`super::verify_migration`]) or in the browser (PGlite, sql.js);
//! the judgement is the same code.

use super::engine::EngineError;
use super::shape::{catalog_shape, differences};
use crate::model::Dialect;

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

impl Scripts<'_> {
    /// The stages in the order an engine runs them, each with whether the database is
    /// emptied first: the old DDL, up, down on one database; the new DDL on an empty one.
    pub fn stages(&self) -> [(bool, String); 4] {
        [
            (true, self.old_ddl.to_string()),
            (false, self.up.to_string()),
            (false, self.down.to_string()),
            (true, self.new_ddl.to_string()),
        ]
    }
}

/// The verdict from the four stages' catalogs (or the engine's refusal of a stage, which
/// becomes the error, naming the stage).
pub fn judge_round_trip(
    dialect: Dialect,
    catalogs: Vec<Result<String, EngineError>>,
) -> Result<RoundTrip, EngineError> {
    let named = [
        "the old version's DDL",
        "the up migration",
        "the down migration",
        "the new version's DDL",
    ];
    let mut read = Vec::new();
    for (catalog, what) in catalogs.into_iter().zip(named) {
        match catalog {
            Ok(c) => read.push(catalog_shape(&c, dialect)),
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
