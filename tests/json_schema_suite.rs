//! Our `$jsonSchema` engine against the JSON-Schema-Test-Suite's draft 4 cases
//! (`../shared/corpus/jsonschema/draft4`, written by other people). Each case is wrapped as
//! MongoDB would see it: the schema as `{properties: {v: schema}}` and the data as the
//! document `{v: data}`. Cases whose schema uses what MongoDB does not take (`$ref`,
//! `$schema`, `default`, `definitions`, `format`, `id`, `"type": "integer"`) are not
//! applicable: this test finds them by its own walk over the schema, and checks that the
//! engine refuses them, as the server does. Of the rest at least 98 % must pass; the rate
//! and every failure are printed.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use schemaforge::import::extended_json::documents;
use schemaforge::validate::Validator;
use serde_json::{json, Value};

const NOT_IN_MONGODB: [&str; 6] = ["$ref", "$schema", "default", "definitions", "format", "id"];

/// Whether a schema uses anything MongoDB does not take, walking keyword positions only (a
/// property may be named `$ref`).
fn applicable(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return true;
    };
    map.iter().all(|(key, v)| {
        if NOT_IN_MONGODB.contains(&key.as_str()) {
            return false;
        }
        match key.as_str() {
            "type" => match v {
                Value::String(t) => t != "integer",
                Value::Array(ts) => !ts.contains(&json!("integer")),
                _ => true,
            },
            "properties" | "patternProperties" | "dependencies" => {
                v.as_object().is_none_or(|m| m.values().all(applicable))
            }
            "items" | "allOf" | "anyOf" | "oneOf" => match v {
                Value::Array(list) => list.iter().all(applicable),
                other => applicable(other),
            },
            "additionalItems" | "additionalProperties" | "not" => applicable(v),
            _ => true,
        }
    })
}

#[test]
fn draft4_suite_passes_where_mongodb_applies() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/jsonschema/draft4");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus's draft 4 suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 25, "the suite's files are there");
    let (mut passed, mut applicable_cases, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().to_string());
        let name = name.unwrap_or_default();
        let groups: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(file).expect("readable"))
                .expect("the suite's JSON");
        for group in &groups {
            let schema = &group["schema"];
            let tests = group["tests"].as_array().expect("tests");
            let wrapped = json!({"properties": {"v": schema}});
            if !applicable(schema) {
                skipped += tests.len();
                assert!(
                    Validator::from_value(&wrapped).is_err(),
                    "{name}: \"{}\" uses what MongoDB refuses, and the engine must refuse it too",
                    group["description"]
                );
                continue;
            }
            let validator = Validator::from_value(&wrapped);
            for test in tests {
                applicable_cases += 1;
                let label = format!(
                    "{name}: {} / {}",
                    group["description"].as_str().unwrap_or(""),
                    test["description"].as_str().unwrap_or("")
                );
                let Ok(validator) = &validator else {
                    failures.push(format!(
                        "{label}: schema refused: {:?}",
                        validator.as_ref().err()
                    ));
                    continue;
                };
                let text = json!({"v": test["data"]}).to_string();
                let document = match documents(&text).next() {
                    Some(Ok(d)) => d,
                    other => {
                        failures.push(format!("{label}: data not read: {other:?}"));
                        continue;
                    }
                };
                let found = validator.validate(&document);
                let valid = test["valid"].as_bool().expect("valid");
                if found.is_empty() == valid {
                    passed += 1;
                } else {
                    failures.push(format!(
                        "{label}: expected {}, got {:?}",
                        if valid { "valid" } else { "invalid" },
                        found.iter().map(ToString::to_string).collect::<Vec<_>>()
                    ));
                }
            }
        }
    }
    let rate = 100.0 * passed as f64 / applicable_cases as f64;
    println!(
        "draft 4 suite: {passed} of {applicable_cases} MongoDB-applicable cases pass ({rate:.1} %); {skipped} cases not applicable"
    );
    for f in &failures {
        println!("  failed: {f}");
    }
    assert!(applicable_cases >= 400, "most of the suite applies");
    assert!(rate >= 98.0, "{rate:.1} % is under 98 %");
}
