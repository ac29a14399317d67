//! The test oracles' Python (Desbordante, sqlfluff, jsonschema with pymongo's bson), in a
//! virtualenv under target/ that `make setup-oracle` makes; installed first when missing.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The virtualenv's python, once `modules` (comma-separated) import in it.
pub fn python(modules: &str) -> PathBuf {
    let python = root().join("target/oracle-venv/bin/python");
    let ready = Command::new(&python)
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        let status = Command::new("make")
            .args(["-s", "setup-oracle"])
            .current_dir(root())
            .status()
            .expect("make runs");
        assert!(status.success(), "make setup-oracle failed");
    }
    python
}

/// The corpus's MongoDB collections (`../shared/corpus/mongo/{name}.json`).
pub const MONGO_COLLECTIONS: [&str; 7] = [
    "products",
    "books",
    "grades",
    "students",
    "restaurant",
    "countries-small",
    "profiles",
];
