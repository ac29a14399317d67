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

/// Checks that node parses `script` (a mongosh script written to a temporary file `name`).
pub fn node_check(name: &str, script: &str) {
    let dir = std::env::temp_dir().join(format!("sf-node-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, script).expect("written");
    let out = Command::new("node")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{name}: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The corpus's collections `names`, inferred with ids from `ids`, with the references
/// proposed between them.
pub fn corpus_collections(
    names: &[&str],
    ids: &mut schemaforge::model::IdGen,
) -> Vec<schemaforge::model::document::Collection> {
    let mut collections = Vec::new();
    let mut seen = Vec::new();
    for name in names {
        let path = root().join(format!("../shared/corpus/mongo/{name}.json"));
        let text = std::fs::read_to_string(path).expect("the corpus collection");
        let mut inference = schemaforge::import::samples::Inference::default();
        inference.read_all(&text).expect("documents");
        let (c, s) = inference.collection_and_ids(name, ids);
        collections.push(c);
        seen.push(s);
    }
    schemaforge::import::references::propose(&mut collections, &seen, ids);
    collections
}
