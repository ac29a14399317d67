//! Existing validators imported as collections: the seed's `db.createCollection("users",
//! {validator: {$jsonSchema: …}, …})` script read as people write it (unquoted keys,
//! comments), and a validator written back from the imported model checks documents the
//! same way the original does (our engine, on the corpus and on planted documents).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::documents;
use schemaforge::import::json_schema::import_collections;
use schemaforge::import::samples::infer;
use schemaforge::model::document::{BsonType, ValidationAction, ValidationLevel};
use schemaforge::model::IdGen;
use schemaforge::validate::Validator;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_seeds_create_collection_script_imports_as_a_collection() {
    let seed = std::fs::read_to_string(root().join("../shared/seeds/000_b2ffa8180f77618f.txt"))
        .expect("the seed");
    // The seed's javascript block that holds the call.
    let at = seed
        .find("db.createCollection(\"users\"")
        .expect("the call");
    let end = at + seed[at..].find("```").expect("the block's end");
    let imported =
        import_collections("users", &seed[at..end], &mut IdGen::default()).expect("imported");
    assert_eq!(imported.collections.len(), 1);
    let users = &imported.collections[0];
    assert_eq!(users.name, "users");
    assert_eq!(users.validation_level, ValidationLevel::Strict);
    assert_eq!(users.validation_action, ValidationAction::Error);
    let names: Vec<String> = users.paths().into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        names,
        [
            "email",
            "emailVerified",
            "passwordHash",
            "profile",
            "profile.firstName",
            "profile.lastName",
            "profile.avatar",
            "profile.preferences",
            "roles",
            "createdAt",
            "updatedAt",
            "deletedAt"
        ]
    );
    let email = &users.fields[0];
    assert!(email.required);
    assert_eq!(
        email.description.as_deref(),
        Some("Must be a valid email address")
    );
    assert!(email.facets.pattern.is_some());
    let roles = users
        .fields
        .iter()
        .find(|f| f.name == "roles")
        .expect("roles");
    assert_eq!(roles.item_types, [BsonType::String]);
    assert_eq!(roles.item_facets.enum_values.len(), 3);
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);

    // Written back, it is the seed's validator (as JSON, keys in the seed's order).
    let v = validator(users);
    let original = Validator::from_value(&v).expect("reads");
    let doc = |t: &str| {
        documents(t)
            .next()
            .and_then(Result::ok)
            .expect("a document")
    };
    let good = r#"{"email": "a@b.co", "passwordHash": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "profile": {"firstName": "A", "lastName": "B"}, "roles": ["admin"],
        "createdAt": {"$date": "2025-01-01T00:00:00Z"}, "deletedAt": null}"#;
    assert!(original.validate(&doc(good)).is_empty());
    let bad = good
        .replace("\"admin\"", "\"root\"")
        .replace("a@b.co", "nope");
    let failures: Vec<(String, &str)> = original
        .validate(&doc(&bad))
        .into_iter()
        .map(|f| (f.path, f.keyword))
        .collect();
    assert_eq!(
        failures,
        [
            ("email".to_string(), "pattern"),
            ("roles.0".to_string(), "enum")
        ]
    );
}

/// Each corpus collection's inferred validator, imported and written again, is the same
/// validator: the model holds all of it.
#[test]
fn inferred_validators_survive_an_import_round_trip() {
    for name in support::oracle::MONGO_COLLECTIONS {
        let text =
            std::fs::read_to_string(root().join(format!("../shared/corpus/mongo/{name}.json")))
                .expect("the corpus collection");
        let c = infer(name, &text, &mut IdGen::default()).expect("inferred");
        let v = validator(&c);
        let back =
            import_collections(name, &v.to_string(), &mut IdGen::default()).expect("imported");
        assert_eq!(validator(&back.collections[0]), v, "{name}");
        assert!(back.notes.is_empty(), "{name}: {:?}", back.notes);
    }
}

#[test]
fn refused_validators_and_bad_scripts_say_where() {
    let e = import_collections(
        "c",
        "{\"$jsonSchema\": {\"type\": \"integer\"}}",
        &mut IdGen::default(),
    )
    .expect_err("refused");
    assert!(e.message.contains("\"integer\""), "{e}");
    let e = import_collections(
        "c",
        "db.createCollection(\"c\", {\n validator: {$jsonSchema: {bsonType: }}})",
        &mut IdGen::default(),
    )
    .expect_err("bad script");
    assert_eq!(e.line, 2, "{e}");
    let kept = import_collections(
        "c",
        r#"{"$jsonSchema": {"properties": {"a": {"anyOf": [{"bsonType": "int"}, {"bsonType": "string"}]}}}}"#,
        &mut IdGen::default(),
    )
    .expect("imported");
    assert_eq!(
        kept.notes,
        ["a: \"anyOf\" is not kept (the model has no place for it)"]
    );
}
