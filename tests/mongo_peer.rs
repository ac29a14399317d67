//! Inference compared with MongoDB Compass's own library, npm's `mongodb-schema` (test-only,
//! in tools/peers, installed by `make setup-peers`), on the corpus's seven collections: the
//! same field paths, the same presence counts and the same types with the same counts.
//!
//! One difference is expected and proven: a number written with an exponent or a fraction
//! (`1e+07`, `1.0`) is a double by the Extended JSON spec, which reads the text (as
//! mongoimport does, so such values are stored as doubles and the validator must allow
//! them), while `mongodb-schema` gets its values from the `bson` package, which parses JSON
//! numbers as JavaScript numbers and types an integral one as an int (or a long beyond 32
//! bits). The test reads every such double the way `bson` does and then requires exactly
//! `mongodb-schema`'s figures, and prints the paths where the two readings differ.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use schemaforge::import::extended_json::{documents, Bson};
use schemaforge::import::samples::{infer, Inference};
use schemaforge::model::document::Collection;
use schemaforge::model::IdGen;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// path -> (present, type name -> count)
type Fields = BTreeMap<String, (u64, BTreeMap<String, u64>)>;

fn peer(file: &std::path::Path) -> (Fields, f64) {
    let peers = root().join("tools/peers");
    if !peers.join("node_modules/mongodb-schema").is_dir() {
        let status = Command::new("make")
            .args(["-s", "setup-peers"])
            .current_dir(root())
            .status()
            .expect("make runs");
        assert!(status.success(), "make setup-peers failed");
    }
    let out = Command::new("node")
        .arg(peers.join("mongodb_schema.mjs"))
        .arg(file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut fields = Fields::new();
    for (path, f) in v["fields"].as_object().expect("fields") {
        let types = f["types"]
            .as_object()
            .expect("types")
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
            .collect();
        fields.insert(path.clone(), (f["present"].as_u64().unwrap_or(0), types));
    }
    (fields, v["ms"].as_f64().unwrap_or(0.0))
}

/// A document as the JavaScript `bson` package reads its JSON numbers: an integral double
/// is an int when it fits 32 bits and a long otherwise.
fn as_javascript_reads(value: Bson) -> Bson {
    match value {
        Bson::Double(x) if x.fract() == 0.0 && x.abs() < 9.3e18 => {
            let i = x as i64;
            i32::try_from(i).map_or(Bson::Long(i), Bson::Int)
        }
        Bson::Object(fields) => Bson::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, as_javascript_reads(v)))
                .collect(),
        ),
        Bson::Array(items) => Bson::Array(items.into_iter().map(as_javascript_reads).collect()),
        other => other,
    }
}

fn figures(c: &Collection) -> Fields {
    let mut out = Fields::new();
    for (path, f) in c.paths() {
        let o = f.observed.clone().unwrap_or_default();
        let types = o
            .types
            .iter()
            .map(|t| (t.bson_type.name().to_string(), t.count))
            .collect();
        out.insert(path, (o.present, types));
    }
    out
}

#[test]
fn inference_agrees_with_mongodb_schema_on_every_corpus_collection() {
    let mut differences = Vec::new();
    for name in support::oracle::MONGO_COLLECTIONS {
        let file = root().join(format!("../shared/corpus/mongo/{name}.json"));
        let text = std::fs::read_to_string(&file).expect("corpus");
        let start = Instant::now();
        let c = infer(name, &text, &mut IdGen::default()).expect("inferred");
        let ours_ms = start.elapsed().as_secs_f64() * 1000.0;
        let ours = figures(&c);
        let mut javascript = Inference::default();
        for d in documents(&text) {
            javascript.add(&as_javascript_reads(d.expect("a document")));
        }
        let javascript = figures(&javascript.collection(name, &mut IdGen::default()));
        let (theirs, their_ms) = peer(&file);
        println!(
            "{name}: {} field paths (mongodb-schema {}); inference {ours_ms:.1} ms here (debug build, reading included), {their_ms:.1} ms in mongodb-schema",
            ours.len(),
            theirs.len()
        );
        for path in javascript
            .keys()
            .chain(theirs.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let (a, b) = (javascript.get(path), theirs.get(path));
            if a != b {
                differences.push(format!("{name} {path}: ours {a:?}, mongodb-schema {b:?}"));
            }
        }
        for (path, spec) in &ours {
            if javascript.get(path) != Some(spec) {
                println!(
                    "  {path}: {:?} as the spec reads the text, {:?} as bson reads JavaScript numbers",
                    spec.1,
                    javascript.get(path).map(|j| &j.1)
                );
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
