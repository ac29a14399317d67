//! Document migrations run on the corpus's collections. No MongoDB server can run on these
//! machines, so the mongosh scripts run in node with npm's `mingo` doing every update
//! (`tools/peers/mongo_migrate.mjs`, an independent implementation of MongoDB's update
//! operators and pipeline updates). After up, every document passes the validator the
//! script installed (checked by our engine and by Python `jsonschema` over pymongo's `bson`
//! types); after down, the documents, validator and indexes equal the originals. Each script
//! parses (`node --check`) and is snapshot-tested.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::process::Command;

use schemaforge::generate::mongo::collection_script::coll_mod;
use schemaforge::generate::mongo::indexes::indexes_script;
use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::documents;
use schemaforge::import::samples::infer;
use schemaforge::migrate::document::{plan_documents, DocumentPlan};
use schemaforge::migrate::Safety;
use schemaforge::model::document::{BsonType, Collection, DocumentIndex, Field, IndexKey, KeyKind};
use schemaforge::model::{IdGen, Model};
use schemaforge::validate::Validator;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> PathBuf {
    root().join(format!("../shared/corpus/mongo/{name}.json"))
}

fn inferred(name: &str, ids: &mut IdGen) -> Collection {
    let text = std::fs::read_to_string(corpus(name)).expect("the corpus collection");
    infer(name, &text, ids).expect("inferred")
}

fn model(c: Collection) -> Model {
    Model {
        collections: vec![c],
        ..Model::default()
    }
}

fn top<'a>(c: &'a mut Collection, name: &str) -> &'a mut Field {
    c.fields
        .iter_mut()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("field {name}"))
}

fn take(c: &mut Collection, name: &str) -> Field {
    let k = c
        .fields
        .iter()
        .position(|f| f.name == name)
        .unwrap_or_else(|| panic!("field {name}"));
    c.fields.remove(k)
}

fn index(ids: &mut IdGen, keys: &[(&str, KeyKind)]) -> DocumentIndex {
    DocumentIndex {
        id: ids.fresh(),
        keys: keys
            .iter()
            .map(|(p, k)| IndexKey {
                path: p.to_string(),
                kind: k.clone(),
            })
            .collect(),
        ..DocumentIndex::default()
    }
}

/// students: a top-level rename, a rename inside an array of documents (a pipeline), a new
/// required field with a default, and an index dropped and two created.
fn students() -> (Collection, Collection) {
    let mut ids = IdGen::default();
    let mut old = inferred("students", &mut ids);
    old.indexes
        .push(index(&mut ids, &[("name", KeyKind::Ascending)]));
    let mut new = old.clone();
    new.indexes.clear();
    top(&mut new, "name").name = "fullName".into();
    let scores = top(&mut new, "scores");
    let kind = scores
        .fields
        .iter_mut()
        .find(|f| f.name == "type")
        .expect("scores.type");
    kind.name = "kind".into();
    new.fields.push(Field {
        id: ids.fresh(),
        name: "active".into(),
        types: vec![BsonType::Bool],
        required: true,
        default: Some(json!(true)),
        ..Field::default()
    });
    new.indexes
        .push(index(&mut ids, &[("fullName", KeyKind::Ascending)]));
    let mut by_kind = index(
        &mut ids,
        &[
            ("scores.kind", KeyKind::Ascending),
            ("scores.score", KeyKind::Descending),
        ],
    );
    by_kind.name = Some("scores_by_kind".into());
    new.indexes.push(by_kind);
    (old, new)
}

/// books: the seed's restructuring, fields moved into a new embedded document by a
/// pipeline update, a rename, and a sparse index on the moved field.
fn books() -> (Collection, Collection) {
    let mut ids = IdGen::default();
    let old = inferred("books", &mut ids);
    let mut new = old.clone();
    let isbn = take(&mut new, "isbn");
    let pages = take(&mut new, "pageCount");
    new.fields.push(Field {
        id: ids.fresh(),
        name: "details".into(),
        types: vec![BsonType::Object],
        required: true,
        default: Some(json!({})),
        fields: vec![isbn, pages],
        ..Field::default()
    });
    top(&mut new, "status").name = "state".into();
    let mut i = index(&mut ids, &[("details.isbn", KeyKind::Ascending)]);
    i.sparse = true;
    new.indexes.push(i);
    (old, new)
}

struct Run {
    original: Value,
    up: Value,
    down: Value,
}

fn run(name: &str, old: &Collection, plan: &DocumentPlan) -> Run {
    let peers = root().join("tools/peers");
    let status = Command::new("make")
        .args(["-s", "setup-peers"])
        .current_dir(root())
        .status()
        .expect("make runs");
    assert!(status.success(), "make setup-peers failed");
    let dir =
        std::env::temp_dir().join(format!("sf-mongo-migration-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let setup = dir.join("setup.js");
    let setup_script = format!("{}{}", coll_mod(old), indexes_script(old));
    std::fs::write(&setup, &setup_script).expect("written");
    support::oracle::node_check("setup.js", &setup_script);
    let up = dir.join("up.js");
    let down = dir.join("down.js");
    std::fs::write(&up, plan.up_script()).expect("written");
    std::fs::write(&down, plan.down_script()).expect("written");
    support::oracle::node_check("up.js", &plan.up_script());
    support::oracle::node_check("down.js", &plan.down_script());
    let out = Command::new("node")
        .arg(peers.join("mongo_migrate.mjs"))
        .arg(corpus(name))
        .arg(&old.name)
        .arg(&setup)
        .arg(&up)
        .arg(&down)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("the runner's JSON");
    Run {
        original: v["original"].clone(),
        up: v["up"].clone(),
        down: v["down"].clone(),
    }
}

/// Every document passes the validator: ours, and Python's jsonschema over pymongo's bson.
fn all_pass(name: &str, validator_json: &Value, docs: &[Value]) {
    let ours = Validator::from_value(validator_json).expect("the installed validator reads");
    let text: String = docs.iter().map(|d| format!("{d}\n")).collect();
    let mut n = 0;
    for (k, d) in documents(&text).enumerate() {
        let failures = ours.validate(&d.expect("a document"));
        assert!(failures.is_empty(), "{name}: document {k}: {failures:?}");
        n += 1;
    }
    assert_eq!(n, docs.len());
    let python = support::oracle::python("jsonschema, bson");
    let dir = std::env::temp_dir().join(format!("sf-mongo-oracle-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let vfile = dir.join("validator.json");
    let dfile = dir.join("migrated.json");
    std::fs::write(&vfile, validator_json.to_string()).expect("written");
    std::fs::write(&dfile, text).expect("written");
    let out = Command::new(&python)
        .arg(root().join("tests/oracle/mongo_validate.py"))
        .arg(&vfile)
        .arg(&dfile)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (r["accepted"].as_u64(), r["documents"].as_u64()),
        (Some(docs.len() as u64), Some(docs.len() as u64)),
        "{name}: the oracle rejects migrated documents: {r}"
    );
}

fn check(name: &str, old: Collection, new: Collection) -> DocumentPlan {
    let plan = plan_documents(&model(old.clone()), &model(new.clone()));
    let r = run(name, &old, &plan);
    let after = &r.up[&new.name];
    let docs = after["documents"].as_array().expect("documents");
    assert_eq!(
        docs.len(),
        r.original[&old.name]["documents"]
            .as_array()
            .map_or(0, Vec::len)
    );
    assert_eq!(
        after["options"]["validator"],
        validator(&new),
        "{name}: up installs the new validator"
    );
    all_pass(name, &after["options"]["validator"], docs);
    let indexes: Vec<&String> = after["indexes"]
        .as_object()
        .expect("indexes")
        .keys()
        .collect();
    println!(
        "{name}: {} documents migrated up; indexes after up: {indexes:?}",
        docs.len()
    );
    let back = &r.down[&old.name];
    assert_eq!(
        back["documents"], r.original[&old.name]["documents"],
        "{name}: down gives back the original documents"
    );
    assert_eq!(
        back["options"], r.original[&old.name]["options"],
        "{name}: the old validator is back"
    );
    assert_eq!(
        back["indexes"], r.original[&old.name]["indexes"],
        "{name}: the old indexes are back"
    );
    plan
}

#[test]
fn students_rename_fields_in_place_and_inside_arrays() {
    let (old, new) = students();
    let plan = check("students", old, new);
    let up = plan.up_script();
    assert!(up.contains("\"$rename\""), "{up}");
    assert!(
        up.contains("\"$replaceWith\""),
        "a rename inside an array is a pipeline: {up}"
    );
    insta::assert_snapshot!("students_up", up);
    insta::assert_snapshot!("students_down", plan.down_script());
}

#[test]
fn books_move_fields_into_a_new_embedded_document() {
    let (old, new) = books();
    let plan = check("books", old, new);
    let up = plan.up_script();
    assert!(up.contains("\"$mergeObjects\""), "{up}");
    insta::assert_snapshot!("books_up", up);
    insta::assert_snapshot!("books_down", plan.down_script());
}

#[test]
fn a_dropped_field_is_declared_lost_and_down_keeps_the_rest() {
    let mut ids = IdGen::default();
    let old = inferred("grades", &mut ids);
    let mut new = old.clone();
    take(&mut new, "class_id");
    let plan = plan_documents(&model(old.clone()), &model(new.clone()));
    let drop = plan
        .steps
        .iter()
        .find(|s| s.title.starts_with("drop field"))
        .expect("a drop step");
    assert_eq!(drop.up.safety(), Safety::LosesData);
    let r = run("grades", &old, &plan);
    let docs = r.up["grades"]["documents"].as_array().expect("documents");
    assert!(docs.iter().all(|d| d.get("class_id").is_none()));
    all_pass("grades", &r.up["grades"]["options"]["validator"], docs);
    // class_id was required: down gives each document its zero, not its old value, and
    // the old validator accepts them.
    let back = r.down["grades"]["documents"].as_array().expect("documents");
    assert!(back
        .iter()
        .all(|d| d["class_id"] == json!({"$numberInt": "0"})));
    all_pass("grades-down", &validator(&old), back);
}
