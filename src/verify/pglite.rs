//! PGlite (PostgreSQL compiled to wasm, from npm) run by node: the same engine the browser's
//! "Verify on PostgreSQL" loads, here for the command line and the tests.

use std::path::PathBuf;

use super::engine::{EngineError, Verdict};
use super::pglite_extensions::pglite_extensions;
use super::postgres::run;
use super::statements::statements;
use crate::model::Dialect;

pub struct Pglite;

/// The runner script, beside its `node_modules` under `tools/engines`.
fn runner() -> PathBuf {
    std::env::var_os("SCHEMAFORGE_PGLITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tools/engines/verify.mjs")
        })
}

impl Pglite {
    /// Applies `script` statement by statement in a fresh in-memory PGlite.
    pub fn apply(script: &str) -> Verdict {
        let list = statements(script, Dialect::Postgres);
        let extensions = pglite_extensions(&list)?;
        let texts: Vec<&str> = list.iter().map(|s| s.text.as_str()).collect();
        let answer = ask(&serde_json::json!({ "statements": texts, "extensions": extensions }))?;
        verdict(&list, &answer)
    }

    /// Applies each script in its own transaction, rolled back afterwards, in one PGlite: the
    /// engine starts once for many scripts (property tests).
    pub fn apply_each(scripts: &[String]) -> Result<Vec<Verdict>, EngineError> {
        Ok(Pglite::run_each(scripts, false)?
            .into_iter()
            .map(|r| r.map(|_| ()))
            .collect())
    }

    /// Applies each script to a fresh PGlite and returns, for each, PGlite's own
    /// catalog as its pg_dump (npm `@electric-sql/pglite-tools`, compiled to wasm) prints it,
    /// or the engine's error.
    pub fn catalogs(scripts: &[String]) -> Result<Vec<Result<String, EngineError>>, EngineError> {
        Pglite::run_each(scripts, true)
    }

    /// Applies `script` to a fresh PGlite, then runs each of `queries` and returns the first
    /// value of each as text (pre-flight counts, in the tests).
    pub fn values(script: &str, queries: &[String]) -> Result<Vec<String>, EngineError> {
        let list = statements(script, Dialect::Postgres);
        let extensions = pglite_extensions(&list)?;
        let texts: Vec<&str> = list.iter().map(|s| s.text.as_str()).collect();
        let answer = ask(&serde_json::json!({
            "statements": texts,
            "queries": queries,
            "extensions": extensions,
        }))?;
        verdict(&list, &answer)?;
        Ok(answer["values"]
            .as_array()
            .map(|v| {
                v.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs `stages` in order in one PGlite and reads the catalog after each (see
    /// [`super::POSTGRES_CATALOG`]): a stage is a script and whether the database is emptied
    /// first. A stage that fails gives its error and the next stages go on.
    pub fn stages(
        stages: &[(bool, String)],
    ) -> Result<Vec<Result<String, EngineError>>, EngineError> {
        let lists: Vec<Vec<super::Statement>> = stages
            .iter()
            .map(|(_, s)| statements(s, Dialect::Postgres))
            .collect();
        let mut extensions = Vec::new();
        for list in &lists {
            for bundle in pglite_extensions(list)? {
                if !extensions.contains(&bundle) {
                    extensions.push(bundle);
                }
            }
        }
        let request: Vec<serde_json::Value> = stages
            .iter()
            .zip(&lists)
            .map(|((reset, _), list)| {
                let texts: Vec<&str> = list.iter().map(|s| s.text.as_str()).collect();
                serde_json::json!({ "reset": reset, "statements": texts })
            })
            .collect();
        let answer = ask(&serde_json::json!({
            "stages": request,
            "reset": super::POSTGRES_RESET,
            "catalog": super::POSTGRES_CATALOG,
            "extensions": extensions,
        }))?;
        let answers = answer
            .as_array()
            .filter(|a| a.len() == lists.len())
            .ok_or_else(|| EngineError::Unavailable(format!("pglite runner said {answer}")))?;
        Ok(lists
            .iter()
            .zip(answers)
            .map(|(list, a)| {
                verdict(list, a).map(|()| a["catalog"].as_str().unwrap_or_default().to_string())
            })
            .collect())
    }

    fn run_each(
        scripts: &[String],
        dump: bool,
    ) -> Result<Vec<Result<String, EngineError>>, EngineError> {
        let lists: Vec<Vec<super::Statement>> = scripts
            .iter()
            .map(|s| statements(s, Dialect::Postgres))
            .collect();
        let texts: Vec<Vec<&str>> = lists
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect())
            .collect();
        // One engine for all the scripts: it loads what any of them needs.
        let mut extensions = Vec::new();
        for list in &lists {
            for bundle in pglite_extensions(list)? {
                if !extensions.contains(&bundle) {
                    extensions.push(bundle);
                }
            }
        }
        let answer = ask(&serde_json::json!({
            "scripts": texts,
            "dump": dump,
            "extensions": extensions,
        }))?;
        let answers = answer
            .as_array()
            .filter(|a| a.len() == lists.len())
            .ok_or_else(|| EngineError::Unavailable(format!("pglite runner said {answer}")))?;
        Ok(lists
            .iter()
            .zip(answers)
            .map(|(list, a)| {
                verdict(list, a).map(|()| a["catalog"].as_str().unwrap_or_default().to_string())
            })
            .collect())
    }
}

fn ask(request: &serde_json::Value) -> Result<serde_json::Value, EngineError> {
    let runner = runner();
    let (ok, out, err) = run("node", &[&runner.to_string_lossy()], &request.to_string())?;
    if !ok {
        return Err(EngineError::Unavailable(format!(
            "pglite runner: {}",
            err.trim()
        )));
    }
    serde_json::from_str(out.trim())
        .map_err(|e| EngineError::Unavailable(format!("pglite runner said {out:?}: {e}")))
}

fn verdict(list: &[super::Statement], answer: &serde_json::Value) -> Verdict {
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
