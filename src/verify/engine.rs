//! The engines a script can be verified on, and how a failure is reported.

use crate::model::Dialect;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// PostgreSQL compiled to wasm, run by node (npm `@electric-sql/pglite`).
    Pglite,
    /// A PostgreSQL server, through `psql`.
    Postgres,
    /// A MariaDB (or MySQL) server, through the `mariadb` client.
    Mariadb,
    /// SQLite, embedded.
    Sqlite,
}

impl Engine {
    pub fn parse(name: &str) -> Option<Engine> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pglite" => Some(Engine::Pglite),
            "postgres" | "postgresql" | "pg" => Some(Engine::Postgres),
            "mariadb" | "mysql" => Some(Engine::Mariadb),
            "sqlite" | "sqlite3" => Some(Engine::Sqlite),
            _ => None,
        }
    }

    /// The dialect the engine speaks.
    pub fn dialect(self) -> Dialect {
        match self {
            Engine::Pglite | Engine::Postgres => Dialect::Postgres,
            Engine::Mariadb => Dialect::Mysql,
            Engine::Sqlite => Dialect::Sqlite,
        }
    }
}

/// Why a script did not apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    /// The engine could not be reached or started (not an error in the script).
    Unavailable(String),
    /// The engine rejected a statement.
    Rejected {
        /// 1-based line of the statement in the script.
        line: usize,
        /// The statement, as sent.
        statement: String,
        /// The engine's message, as it printed it.
        message: String,
    },
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Unavailable(why) => write!(f, "engine unavailable: {why}"),
            EngineError::Rejected {
                line,
                statement,
                message,
            } => {
                let first = statement.lines().next().unwrap_or_default();
                write!(f, "line {line}: {message}\n  in: {first}")
            }
        }
    }
}

pub type Verdict = Result<(), EngineError>;

impl EngineError {
    /// The engine's `message` about the script's 1-based `line`, shown at the statement that
    /// holds that line (a client counts lines of the whole script, not of the statement).
    pub fn at_line(script: &str, dialect: Dialect, line: usize, message: String) -> EngineError {
        let statement = super::statements::statement_at_line(script, dialect, line);
        EngineError::Rejected {
            line: statement.as_ref().map_or(line, |s| s.line),
            statement: statement.map(|s| s.text).unwrap_or_default(),
            message,
        }
    }

    /// The same failure, as the engine being unusable rather than the script being wrong
    /// (setting up or dropping a scratch database).
    pub fn unavailable(self) -> EngineError {
        match self {
            EngineError::Rejected { message, .. } => EngineError::Unavailable(message),
            unavailable => unavailable,
        }
    }
}

/// A database name no other verification uses, in this process or another.
#[cfg(not(target_arch = "wasm32"))]
pub fn scratch_name() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "schemaforge_verify_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}
