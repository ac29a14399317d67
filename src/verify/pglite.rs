//! PGlite (PostgreSQL compiled to wasm, from npm) run by node: the same engine the browser's
//! "Verify on PostgreSQL" loads, here for the command line and the tests.

use std::path::PathBuf;

use super::engine::{EngineError, Verdict};
use super::postgres::run;
use super::statements::statements;
use crate::model::Dialect;

pub struct Pglite;

/// The runner script, beside its `node_modules` under `tools/pglite`.
fn runner() -> PathBuf {
    std::env::var_os("SCHEMAFORGE_PGLITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/pglite/verify.mjs")
        })
}

impl Pglite {
    /// Applies `script` statement by statement in a fresh in-memory PGlite.
    pub fn apply(script: &str) -> Verdict {
        let list = statements(script, Dialect::Postgres);
        let input =
            serde_json::to_string(&list.iter().map(|s| s.text.as_str()).collect::<Vec<_>>())
                .map_err(|e| EngineError::Unavailable(e.to_string()))?;
        let runner = runner();
        let (ok, out, err) = run("node", &[&runner.to_string_lossy()], &input)?;
        if !ok {
            return Err(EngineError::Unavailable(format!(
                "pglite runner: {}",
                err.trim()
            )));
        }
        let answer: serde_json::Value = serde_json::from_str(out.trim())
            .map_err(|e| EngineError::Unavailable(format!("pglite runner said {out:?}: {e}")))?;
        if answer["ok"].as_bool() == Some(true) {
            return Ok(());
        }
        let index = answer["statement"].as_u64().unwrap_or(0) as usize;
        let statement = list.get(index);
        Err(EngineError::Rejected {
            line: statement.map_or(1, |s| s.line),
            statement: statement.map(|s| s.text.clone()).unwrap_or_default(),
            message: answer["message"]
                .as_str()
                .unwrap_or("unknown error")
                .to_string(),
        })
    }
}
