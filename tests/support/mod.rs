//! What the integration tests share: where the corpus is and which dialect each file is in.
#![allow(dead_code)]

pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod oracle;
#[cfg(not(target_arch = "wasm32"))]
pub mod random_edit;
#[cfg(not(target_arch = "wasm32"))]
pub mod random_model;
#[cfg(not(target_arch = "wasm32"))]
pub mod tsql;

use std::path::{Path, PathBuf};

use schemaforge::model::Dialect;
#[cfg(not(target_arch = "wasm32"))]
use schemaforge::verify::EngineError;

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/sql")
}

/// The dialect of a corpus file, from its name.
pub fn dialect_of(path: &Path) -> Dialect {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.contains("mysql") {
        Dialect::Mysql
    } else if name.contains("sqlite") {
        Dialect::Sqlite
    } else if name.contains("sqlserver") || name.contains("sql-server") {
        Dialect::Mssql
    } else {
        Dialect::Postgres
    }
}

pub fn corpus_files() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut files = Vec::new();
    let groups = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the corpus must be at {}: {e}", dir.display()));
    for group in groups.flatten() {
        for file in std::fs::read_dir(group.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.path().extension().is_some_and(|e| e == "sql") {
                files.push(file.path());
            }
        }
    }
    files.sort();
    files
}

/// The engine, or `None` when it cannot be reached here, said in the test's output. Under CI
/// (`CI` set), where this machine kind always runs the servers, its absence fails the test.
#[cfg(not(target_arch = "wasm32"))]
pub fn available<T>(name: &str, engine: Result<T, EngineError>) -> Option<T> {
    match engine {
        Ok(e) => Some(e),
        Err(e) if std::env::var_os("CI").is_none() => {
            println!("{name} is not available here ({e}); its checks did not run");
            None
        }
        Err(e) => panic!("{name} must run on CI machines: {e}"),
    }
}

/// A proptest configuration with `cases` cases drawn from a fixed seed: the gate gives the
/// same answer on every run and machine (a failure still shrinks and is kept in the
/// `.proptest-regressions` file beside the test).
#[cfg(not(target_arch = "wasm32"))]
pub fn fixed_seed(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5c4e_3af0),
        ..proptest::test_runner::Config::default()
    }
}

/// Applies every script on PGlite (each in a fresh database) and fails with each error and its
/// script; `false` when PGlite cannot run here (said by [`available`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn assert_all_apply_on_pglite(scripts: &[String], what: &str) -> bool {
    let Some(verdicts) = available("PGlite", schemaforge::verify::Pglite::apply_each(scripts))
    else {
        return false;
    };
    let failures: Vec<String> = verdicts
        .iter()
        .zip(scripts)
        .filter_map(|(v, s)| v.as_ref().err().map(|e| format!("{e}\n{s}")))
        .collect();
    println!(
        "PGlite applied {}/{} {what}",
        scripts.len() - failures.len(),
        scripts.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    true
}

/// Whether node can run PGlite from `tools/engines` (said in the output when not; a failure
/// under CI).
#[cfg(not(target_arch = "wasm32"))]
pub fn pglite_available() -> bool {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/engines/node_modules");
    let probe = if runner.exists() {
        Ok(())
    } else {
        Err(EngineError::Unavailable(
            "tools/engines has no node_modules (make setup)".into(),
        ))
    };
    available("PGlite", probe).is_some()
}
