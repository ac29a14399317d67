//! An existing `$jsonSchema` validator read into a collection: `bsonType` (or `type`) per
//! field, `required`, embedded documents through `properties`, arrays through `items`, and
//! the facets the model holds. The validator is first read as MongoDB reads it (so what the
//! server would refuse is refused here, with where); what the model cannot hold (`anyOf`,
//! `patternProperties`, positional `items`, ...) is reported, not silently dropped. A
//! mongosh script of `db.createCollection(name, {validator, validationLevel,
//! validationAction})` calls gives one collection per call.

use serde_json::{Map, Value};

use super::extended_json::ReadError;
use super::js_literal::create_collection_calls;
use crate::model::document::{
    BsonType, Collection, Facets, Field, ValidationAction, ValidationLevel,
};
use crate::model::IdGen;
use crate::validate::Validator;

/// Collections read from a validator or a script, and what of them the model cannot hold.
#[derive(Debug, Default)]
pub struct ImportedCollections {
    pub collections: Vec<Collection>,
    pub notes: Vec<String>,
}

/// Keywords the model holds; any other (valid) keyword becomes a note.
const HELD: [&str; 21] = [
    "bsonType",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "description",
    "title",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "enum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "$jsonSchema",
    "additionalItems",
];

fn types(schema: &Map<String, Value>) -> Vec<BsonType> {
    let names: Vec<&str> = match schema.get("bsonType").or_else(|| schema.get("type")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for n in names {
        let add: Vec<BsonType> = match n {
            "number" => vec![
                BsonType::Int,
                BsonType::Long,
                BsonType::Double,
                BsonType::Decimal,
            ],
            "boolean" => vec![BsonType::Bool],
            other => BsonType::parse(other).into_iter().collect(),
        };
        for t in add {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

fn facets(schema: &Map<String, Value>) -> Facets {
    let count = |k: &str| schema.get(k).and_then(Value::as_f64).map(|n| n as u64);
    let flag = |k: &str| schema.get(k).and_then(Value::as_bool).unwrap_or(false);
    Facets {
        pattern: schema
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_string),
        minimum: schema.get("minimum").and_then(Value::as_f64),
        maximum: schema.get("maximum").and_then(Value::as_f64),
        exclusive_minimum: flag("exclusiveMinimum"),
        exclusive_maximum: flag("exclusiveMaximum"),
        enum_values: schema
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        min_items: count("minItems"),
        max_items: count("maxItems"),
        unique_items: flag("uniqueItems"),
        additional_properties: schema.get("additionalProperties").and_then(Value::as_bool),
    }
}

/// Notes for the keywords at `path` that the model does not hold.
fn unheld(schema: &Map<String, Value>, path: &str, notes: &mut Vec<String>) {
    for key in schema.keys().filter(|k| !HELD.contains(&k.as_str())) {
        notes.push(format!(
            "{path}: \"{key}\" is not kept (the model has no place for it)"
        ));
    }
    if schema
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        notes.push(format!(
            "{path}: a schema for additionalProperties is not kept"
        ));
    }
    if schema.get("items").is_some_and(Value::is_array) {
        notes.push(format!("{path}: positional items are not kept"));
    }
    if schema.contains_key("additionalItems") {
        notes.push(format!("{path}: \"additionalItems\" is not kept"));
    }
}

fn fields(
    schema: &Map<String, Value>,
    path: &str,
    ids: &mut IdGen,
    notes: &mut Vec<String>,
) -> Vec<Field> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out: Vec<Field> = Vec::new();
    if let Some(Value::Object(properties)) = schema.get("properties") {
        for (name, s) in properties {
            let here = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let s = s.as_object().cloned().unwrap_or_default();
            out.push(field(
                name,
                &s,
                &here,
                required.contains(&name.as_str()),
                ids,
                notes,
            ));
        }
    }
    // A required field the schema says nothing else about.
    for name in required {
        if !out.iter().any(|f| f.name == name) {
            out.push(Field {
                id: ids.fresh(),
                name: name.to_string(),
                required: true,
                ..Field::default()
            });
        }
    }
    out
}

fn field(
    name: &str,
    schema: &Map<String, Value>,
    path: &str,
    required: bool,
    ids: &mut IdGen,
    notes: &mut Vec<String>,
) -> Field {
    unheld(schema, path, notes);
    let id = ids.fresh();
    let mut f = Field {
        id,
        name: name.to_string(),
        types: types(schema),
        required,
        facets: facets(schema),
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        ..Field::default()
    };
    f.fields = fields(schema, path, ids, notes);
    if f.types.is_empty() && !f.fields.is_empty() {
        f.types.push(BsonType::Object);
    }
    if let Some(Value::Object(items)) = schema.get("items") {
        unheld(items, &format!("{path}.items"), notes);
        f.item_types = types(items);
        f.item_facets = facets(items);
        let inner = fields(items, path, ids, notes);
        if !inner.is_empty() {
            if f.item_types.is_empty() {
                f.item_types.push(BsonType::Object);
            }
            if !f.fields.is_empty() {
                notes.push(format!(
                    "{path}: fields both of its documents and of its array's documents are kept together"
                ));
            }
            f.fields.extend(inner);
        }
        if !f.types.contains(&BsonType::Array) && f.types.is_empty() {
            f.types.push(BsonType::Array);
        }
    }
    f
}

/// The collection `name` of a validator (`{"$jsonSchema": …}` or the bare schema).
pub fn collection_from_validator(
    name: &str,
    validator: &Value,
    ids: &mut IdGen,
    notes: &mut Vec<String>,
) -> Result<Collection, ReadError> {
    Validator::from_value(validator).map_err(|e| ReadError {
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    let schema = validator
        .get("$jsonSchema")
        .unwrap_or(validator)
        .as_object()
        .cloned()
        .unwrap_or_default();
    unheld(&schema, name, notes);
    let id = ids.fresh();
    Ok(Collection {
        id,
        name: name.to_string(),
        fields: fields(&schema, "", ids, notes),
        additional_properties: schema.get("additionalProperties").and_then(Value::as_bool),
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        ..Collection::default()
    })
}

/// Collections from text: a mongosh script of `db.createCollection` calls, or one JSON
/// validator (named `name`).
pub fn import_collections(
    name: &str,
    text: &str,
    ids: &mut IdGen,
) -> Result<ImportedCollections, ReadError> {
    let mut out = ImportedCollections::default();
    if text.contains("createCollection") {
        for (collection, options) in create_collection_calls(text)? {
            let validator = options
                .get("validator")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new()));
            let mut c = collection_from_validator(&collection, &validator, ids, &mut out.notes)
                .map_err(|e| ReadError {
                    message: format!("collection {collection}: {}", e.message),
                    ..e
                })?;
            c.validation_level = match options.get("validationLevel").and_then(Value::as_str) {
                Some("moderate") => ValidationLevel::Moderate,
                Some("off") => ValidationLevel::Off,
                _ => ValidationLevel::Strict,
            };
            c.validation_action = match options.get("validationAction").and_then(Value::as_str) {
                Some("warn") => ValidationAction::Warn,
                _ => ValidationAction::Error,
            };
            out.collections.push(c);
        }
        return Ok(out);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| ReadError {
        line: e.line(),
        column: e.column(),
        message: "not JSON (a validator) or a db.createCollection script".into(),
    })?;
    let c = collection_from_validator(name, &value, ids, &mut out.notes)?;
    out.collections.push(c);
    Ok(out)
}

/// `edited` (a collection read back from its validator text) with the ids, references,
/// indexes and settings of `old` kept wherever a field keeps its place and name: editing the
/// text view is an edit of the collection, not a new one.
pub fn keep_ids(old: &Collection, mut edited: Collection) -> Collection {
    fn fields(old: &[Field], edited: &mut [Field]) {
        for f in edited {
            if let Some(o) = old.iter().find(|o| o.name == f.name) {
                f.id = o.id;
                if f.observed.is_none() && f.types == o.types {
                    f.observed = o.observed.clone();
                }
                if f.default.is_none() {
                    f.default = o.default.clone();
                }
                fields(&o.fields, &mut f.fields);
            }
        }
    }
    fields(&old.fields, &mut edited.fields);
    edited.id = old.id;
    edited.name = old.name.clone();
    edited.references = old
        .references
        .iter()
        .filter(|r| edited.field_at(&r.path).is_some())
        .cloned()
        .collect();
    edited.indexes = old.indexes.clone();
    edited.validation_level = old.validation_level;
    edited.validation_action = old.validation_action;
    edited.sampled = old.sampled;
    edited.largest_document = old.largest_document;
    edited
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::mongo::validator::validator;

    #[test]
    fn a_generated_validator_reads_back_to_the_same_validator() {
        let mut ids = IdGen::default();
        let c = crate::import::samples::infer(
            "c",
            r#"{"_id": 1, "tags": ["a"], "scores": [{"s": 1.5, "k": "q"}], "p": {"x": null}}
               {"_id": 2, "tags": [], "scores": [], "p": {"x": 3}, "o": true}"#,
            &mut ids,
        )
        .expect("inferred");
        let v = validator(&c);
        let mut notes = Vec::new();
        let back = collection_from_validator("c", &v, &mut ids, &mut notes).expect("read");
        assert_eq!(validator(&back), v);
        assert!(notes.is_empty(), "{notes:?}");
        // Read back as an edit: the fields keep their ids.
        let kept = keep_ids(&c, back);
        assert_eq!(kept.id, c.id);
        assert_eq!(
            kept.paths()
                .iter()
                .map(|(p, f)| (p.clone(), f.id))
                .collect::<Vec<_>>(),
            c.paths()
                .iter()
                .map(|(p, f)| (p.clone(), f.id))
                .collect::<Vec<_>>()
        );
    }
}
