//! The MongoDB generators on a collection that uses every index kind and validation facet
//! (the seed's `users`): the mongosh scripts parse (`node --check`) and are snapshot-tested,
//! the validator reads back into our engine and checks a document, and the JSON Schema
//! 2020-12 is valid against its meta-schema and accepts each corpus collection's documents
//! served as plain JSON (Python `jsonschema`, `tests/oracle/json_schema_2020.py`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::process::Command;

use schemaforge::generate::mongo::collection_script::{coll_mod, create_collection};
use schemaforge::generate::mongo::indexes::indexes_script;
use schemaforge::generate::mongo::json_schema::json_schema;
use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::documents;
use schemaforge::import::samples::infer;
use schemaforge::model::document::{
    BsonType, Collection, DocumentIndex, Field, IndexKey, KeyKind, ValidationAction,
    ValidationLevel,
};
use schemaforge::model::{Id, IdGen};
use schemaforge::validate::Validator;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn field(id: u64, name: &str, types: &[BsonType], required: bool) -> Field {
    Field {
        id: Id(id),
        name: name.into(),
        types: types.to_vec(),
        required,
        ..Field::default()
    }
}

fn index(id: u64, keys: &[(&str, KeyKind)]) -> DocumentIndex {
    DocumentIndex {
        id: Id(id),
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

/// The seed's users collection, with a facet of each kind and an index of each kind.
fn users() -> Collection {
    use BsonType::*;
    let mut email = field(2, "email", &[String], true);
    email.facets.pattern = Some("^[^@\\s]+@[^@\\s]+$".into());
    email.facets.max_length = Some(254);
    let mut theme = field(6, "theme", &[String], false);
    theme.facets.enum_values = vec![json!("dark"), json!("light")];
    let mut preferences = field(5, "preferences", &[Object], false);
    preferences.fields = vec![theme];
    let mut profile = field(3, "profile", &[Object], true);
    profile.fields = vec![
        field(4, "firstName", &[String], true),
        field(7, "lastName", &[String], true),
        preferences,
    ];
    profile.facets.additional_properties = Some(false);
    let mut roles = field(8, "roles", &[Array], true);
    roles.item_types = vec![String];
    roles.facets.min_items = Some(1);
    roles.facets.unique_items = true;
    roles.item_facets.enum_values = vec![json!("user"), json!("admin")];
    let mut age = field(9, "age", &[Int], false);
    age.facets.minimum = Some(0.0);
    age.facets.maximum = Some(150.0);
    age.facets.exclusive_maximum = true;
    let mut location = field(10, "location", &[Object], false);
    location.fields = vec![
        field(11, "type", &[String], true),
        field(12, "coordinates", &[Array], true),
    ];
    location.fields[1].item_types = vec![Double];
    let mut emails = index(20, &[("email", KeyKind::Ascending)]);
    emails.unique = true;
    emails.sparse = true;
    let mut verified = index(22, &[("email", KeyKind::Ascending)]);
    verified.name = Some("idx_verified_emails".into());
    verified.partial_filter = Some(json!({"emailVerified": true}));
    let mut ttl = index(23, &[("deletedAt", KeyKind::Ascending)]);
    ttl.expire_after_seconds = Some(2_592_000);
    let mut text = index(
        24,
        &[
            ("profile.firstName", KeyKind::Text),
            ("profile.lastName", KeyKind::Text),
            ("email", KeyKind::Text),
        ],
    );
    text.weights = vec![("email".into(), 10), ("profile.lastName".into(), 5)];
    let mut french = index(28, &[("profile.lastName", KeyKind::Ascending)]);
    french.name = Some("last_name_fr".into());
    french.collation = Some(json!({"locale": "fr", "strength": 2}));
    Collection {
        id: Id(1),
        name: "users".into(),
        fields: vec![
            field(13, "_id", &[ObjectId], true),
            email,
            profile,
            roles,
            age,
            location,
            field(14, "createdAt", &[Date], true),
            field(15, "deletedAt", &[Date, Null], false),
        ],
        indexes: vec![
            emails,
            index(
                21,
                &[
                    ("roles", KeyKind::Ascending),
                    ("createdAt", KeyKind::Descending),
                    ("deletedAt", KeyKind::Ascending),
                ],
            ),
            verified,
            ttl,
            text,
            index(25, &[("location", KeyKind::Sphere2d)]),
            index(26, &[("_id", KeyKind::Hashed)]),
            index(27, &[("$**", KeyKind::Ascending)]),
            french,
        ],
        validation_level: ValidationLevel::Moderate,
        validation_action: ValidationAction::Warn,
        description: Some("Accounts, with the profile embedded.".into()),
        ..Collection::default()
    }
}

#[test]
fn every_index_kind_and_facet_written_for_mongosh() {
    let c = users();
    let create = create_collection(&c);
    let indexes = indexes_script(&c);
    let modify = coll_mod(&c);
    support::oracle::node_check("create.js", &create);
    support::oracle::node_check("indexes.js", &indexes);
    support::oracle::node_check("collmod.js", &modify);
    for want in [
        "{ \"email\": 1 }, { \"unique\": true, \"sparse\": true }",
        "{ \"roles\": 1, \"createdAt\": -1, \"deletedAt\": 1 }",
        "\"partialFilterExpression\": { \"emailVerified\": true }",
        "\"expireAfterSeconds\": 2592000",
        "\"weights\": { \"email\": 10, \"profile.lastName\": 5 }",
        "{ \"location\": \"2dsphere\" }",
        "{ \"_id\": \"hashed\" }",
        "{ \"$**\": 1 }",
        "\"collation\": { \"locale\": \"fr\", \"strength\": 2 }",
    ] {
        assert!(indexes.contains(want), "{want} in\n{indexes}");
    }
    assert!(
        create.contains("\"validationLevel\": \"moderate\""),
        "{create}"
    );
    insta::assert_snapshot!("users_create", create);
    insta::assert_snapshot!("users_indexes", indexes);

    // The validator reads back into our engine and says what is wrong with a document.
    let v = Validator::from_value(&validator(&c)).expect("our validator reads");
    let good = r#"{"_id": {"$oid": "5a9427648b0beebeb69579e7"}, "email": "a@b.c",
        "profile": {"firstName": "A", "lastName": "B", "preferences": {"theme": "dark"}},
        "roles": ["user"], "age": 30, "createdAt": {"$date": "2025-01-01T00:00:00Z"}}"#;
    let bad = r#"{"_id": {"$oid": "5a9427648b0beebeb69579e7"}, "email": "not an email",
        "profile": {"firstName": "A", "lastName": "B", "nickname": "x"},
        "roles": ["user", "user"], "age": 150, "createdAt": {"$date": "2025-01-01T00:00:00Z"}}"#;
    let read = |t: &str| {
        documents(t)
            .next()
            .and_then(Result::ok)
            .expect("a document")
    };
    assert!(v.validate(&read(good)).is_empty());
    let failures: Vec<(String, &str)> = v
        .validate(&read(bad))
        .into_iter()
        .map(|f| (f.path, f.keyword))
        .collect();
    assert_eq!(
        failures,
        [
            ("email".to_string(), "pattern"),
            ("profile.nickname".to_string(), "additionalProperties"),
            ("roles".to_string(), "uniqueItems"),
            ("age".to_string(), "maximum"),
        ]
    );
}

fn python_2020(schema: &Value, documents_path: &std::path::Path) -> Value {
    let python = support::oracle::python("jsonschema, bson");
    let dir = std::env::temp_dir().join(format!("sf-json-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let file = dir.join(format!(
        "{}.schema.json",
        schema["title"].as_str().unwrap_or("c")
    ));
    std::fs::write(&file, schema.to_string()).expect("written");
    let out = Command::new(&python)
        .arg(root().join("tests/oracle/json_schema_2020.py"))
        .arg(&file)
        .arg(documents_path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn json_schema_2020_accepts_each_corpus_collection_as_plain_json() {
    let users_schema = json_schema(&users());
    insta::assert_snapshot!(
        "users_json_schema",
        serde_json::to_string_pretty(&users_schema).expect("json")
    );
    for name in support::oracle::MONGO_COLLECTIONS {
        let path = root().join(format!("../shared/corpus/mongo/{name}.json"));
        let text = std::fs::read_to_string(&path).expect("the corpus collection");
        let c = infer(name, &text, &mut IdGen::default()).expect("inferred");
        let r = python_2020(&json_schema(&c), &path);
        println!(
            "{name}: {} of {} documents accepted as plain JSON",
            r["accepted"], r["documents"]
        );
        assert_eq!(r["accepted"], r["documents"], "{name}: {}", r["failures"]);
        assert_eq!(r["documents"].as_u64(), c.sampled, "{name}");
    }
}
