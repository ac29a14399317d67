//! The `$jsonSchema` validator inferred from each of the corpus's MongoDB collections, checked
//! by an independent implementation (Python `jsonschema` draft 4 with MongoDB's `bsonType`
//! over pymongo's `bson` types, `tests/oracle/mongo_validate.py`, installed by `make
//! setup-oracle`): it accepts every document of the collection, and rejects documents with
//! a required field removed or a value of a type the field does not allow. No MongoDB server
//! runs on these machines, so none is used.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::process::Command;

use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::samples::infer;
use schemaforge::model::IdGen;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn inferred_validators_accept_their_collections_and_reject_planted_changes() {
    let python = support::oracle::python("jsonschema, bson");
    let dir = std::env::temp_dir().join(format!("sf-mongo-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut problems = Vec::new();
    for name in support::oracle::MONGO_COLLECTIONS {
        let path = root().join(format!("../shared/corpus/mongo/{name}.json"));
        let text = std::fs::read_to_string(&path).expect("the corpus collection");
        let collection =
            infer(name, &text, &mut IdGen::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = dir.join(format!("{name}.validator.json"));
        std::fs::write(&file, validator(&collection).to_string()).expect("written");
        let out = Command::new(&python)
            .arg(root().join("tests/oracle/mongo_validate.py"))
            .arg(&file)
            .arg(&path)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let n = |k: &str| r[k].as_u64().unwrap_or(0);
        println!(
            "{name}: {} of {} documents accepted; {} of {} with a required field removed rejected, {} of {} retyped rejected",
            n("accepted"),
            n("documents"),
            n("missing_rejected"),
            n("missing_planted"),
            n("retyped_rejected"),
            n("retyped_planted"),
        );
        assert_eq!(
            Some(n("documents")),
            collection.sampled,
            "{name}: both read every document"
        );
        if n("accepted") != n("documents") {
            problems.push(format!("{name}: rejected {}", r["failures"]));
        }
        if n("missing_rejected") != n("missing_planted") || n("missing_planted") == 0 {
            problems.push(format!(
                "{name}: a document without a required field was accepted"
            ));
        }
        if n("retyped_rejected") != n("retyped_planted") || n("retyped_planted") == 0 {
            problems.push(format!(
                "{name}: a value of a type not allowed was accepted"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Our own engine (`schemaforge::validate`) agrees with the oracle on the unplanted
/// documents: each collection passes its inferred validator.
#[test]
fn our_engine_accepts_each_collection_under_its_inferred_validator() {
    use schemaforge::import::extended_json::documents;
    use schemaforge::validate::Validator;
    for name in support::oracle::MONGO_COLLECTIONS {
        let path = root().join(format!("../shared/corpus/mongo/{name}.json"));
        let text = std::fs::read_to_string(&path).expect("the corpus collection");
        let collection = infer(name, &text, &mut IdGen::default()).expect("inferred");
        let v = Validator::from_value(&validator(&collection)).expect("our validator reads");
        let mut n = 0;
        for d in documents(&text) {
            let d = d.expect("a document");
            let failures = v.validate(&d);
            assert!(failures.is_empty(), "{name}: {failures:?}");
            n += 1;
        }
        assert_eq!(Some(n), collection.sampled, "{name}");
    }
}
