//! Documents checked against a `$jsonSchema` validator with MongoDB's semantics, in the
//! browser and on the command line, where no MongoDB server runs: the schema is read as the
//! server reads it (refusing what the server refuses) and each document gets every failing
//! path and keyword.

pub mod check;
pub mod schema;
pub mod values;

use serde_json::Value;

pub use check::Failure;
pub use schema::SchemaError;

use crate::import::extended_json::Bson;

/// A compiled `$jsonSchema` validator.
#[derive(Debug)]
pub struct Validator {
    schema: schema::Schema,
}

impl Validator {
    /// From a validator document (`{"$jsonSchema": {...}}`) or a bare schema.
    pub fn from_value(value: &Value) -> Result<Validator, SchemaError> {
        let schema = match value {
            Value::Object(map) if map.contains_key("$jsonSchema") => {
                if let Some(other) = map.keys().find(|k| *k != "$jsonSchema") {
                    return Err(SchemaError {
                        path: other.clone(),
                        message: "only $jsonSchema validators can be checked here, not query operators beside it".into(),
                    });
                }
                schema::parse(&map["$jsonSchema"], "$jsonSchema")?
            }
            other => schema::parse(other, "")?,
        };
        Ok(Validator { schema })
    }

    /// From validator text; bad JSON is an error with its line and column.
    pub fn from_text(text: &str) -> Result<Validator, SchemaError> {
        let value: Value = serde_json::from_str(text).map_err(|e| SchemaError {
            path: String::new(),
            message: format!("line {}, column {}: not JSON", e.line(), e.column()),
        })?;
        Validator::from_value(&value)
    }

    /// Each reason the document fails; empty when the validator accepts it.
    pub fn validate(&self, document: &Bson) -> Vec<Failure> {
        let mut out = Vec::new();
        check::check(&self.schema, document, "", &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::extended_json::documents;

    fn doc(text: &str) -> Bson {
        documents(text)
            .next()
            .and_then(Result::ok)
            .expect("a document")
    }

    #[test]
    fn failing_paths_and_keywords_are_all_reported() {
        let v = Validator::from_text(
            r#"{"$jsonSchema": {"bsonType": "object", "required": ["name", "age"],
                "properties": {"age": {"bsonType": "int", "minimum": 0},
                  "tags": {"bsonType": "array", "items": {"bsonType": "string", "maxLength": 3}}}}}"#,
        )
        .expect("a validator");
        let failures = v.validate(&doc(r#"{"age": -1, "tags": ["ok", "long", 5]}"#));
        let seen: Vec<(&str, &str)> = failures
            .iter()
            .map(|f| (f.path.as_str(), f.keyword))
            .collect();
        assert_eq!(
            seen,
            [
                ("name", "required"),
                ("age", "minimum"),
                ("tags.1", "maxLength"),
                ("tags.2", "bsonType")
            ]
        );
        assert!(v
            .validate(&doc(r#"{"name": "a", "age": {"$numberLong": "4"}}"#))
            .iter()
            .any(|f| f.message == "expected int, found long"));
        assert!(v.validate(&doc(r#"{"name": "a", "age": 4}"#)).is_empty());
    }

    #[test]
    fn what_mongodb_refuses_is_refused_with_where() {
        for (text, path) in [
            (
                r#"{"properties": {"a": {"type": "integer"}}}"#,
                "properties.a.type",
            ),
            (
                r#"{"properties": {"a": {"format": "email"}}}"#,
                "properties.a.format",
            ),
            (r#"{"bsonType": "object", "type": "object"}"#, ""),
            (
                r#"{"maximum": 3, "exclusiveMinimum": true}"#,
                "exclusiveMinimum",
            ),
            (r#"{"pattern": "("}"#, "pattern"),
            (r#"{"$jsonSchema": {}, "status": "A"}"#, "status"),
            (r#"{"requird": ["a"]}"#, "requird"),
        ] {
            let e = Validator::from_text(text).expect_err(text);
            assert_eq!(e.path, path, "{text}: {e}");
        }
        let e = Validator::from_text("{\n  \"a\": }").expect_err("bad JSON");
        assert!(e.message.starts_with("line 2, column 8"), "{e}");
    }
}
