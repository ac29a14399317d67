//! A collection's `$jsonSchema` validator: `bsonType` per field (a list for a union),
//! `required` where every sampled document had the field, `properties` of embedded
//! documents and `items` of arrays to any depth, and the field's facets. MongoDB's dialect
//! of JSON Schema draft 4: no `type: "integer"`, no `$ref`, `format` or `default`.

use serde_json::{json, Map, Value};

use crate::model::document::{BsonType, Collection, Facets, Field};

/// `{"$jsonSchema": {...}}` for the collection.
pub fn validator(collection: &Collection) -> Value {
    json!({ "$jsonSchema": schema(collection) })
}

/// The `$jsonSchema` document itself.
pub fn schema(collection: &Collection) -> Value {
    let mut out = object_schema(&collection.fields, collection.additional_properties);
    if let Some(d) = &collection.description {
        out.insert("description".into(), json!(d));
    }
    Value::Object(out)
}

fn bson_types(types: &[BsonType]) -> Option<Value> {
    match types {
        [] => None,
        [one] => Some(json!(one.name())),
        many => Some(Value::Array(many.iter().map(|t| json!(t.name())).collect())),
    }
}

fn object_schema(fields: &[Field], additional: Option<bool>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("bsonType".into(), json!("object"));
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| json!(f.name))
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if !fields.is_empty() {
        let properties: Map<String, Value> = fields
            .iter()
            .map(|f| (f.name.clone(), Value::Object(field_schema(f))))
            .collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    if let Some(a) = additional {
        out.insert("additionalProperties".into(), json!(a));
    }
    out
}

fn field_schema(f: &Field) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(t) = bson_types(&f.types) {
        out.insert("bsonType".into(), t);
    }
    if let Some(d) = &f.description {
        out.insert("description".into(), json!(d));
    }
    facets(&f.facets, &mut out);
    let holds_documents = |types: &[BsonType]| types.contains(&BsonType::Object);
    if holds_documents(&f.types) && !f.fields.is_empty() {
        let object = object_schema(&f.fields, f.facets.additional_properties);
        for key in ["required", "properties", "additionalProperties"] {
            if let Some(v) = object.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if f.types.contains(&BsonType::Array) {
        let mut items = Map::new();
        if let Some(t) = bson_types(&f.item_types) {
            items.insert("bsonType".into(), t);
        }
        facets(&f.item_facets, &mut items);
        if holds_documents(&f.item_types) && !f.fields.is_empty() {
            let object = object_schema(&f.fields, f.item_facets.additional_properties);
            for key in ["required", "properties", "additionalProperties"] {
                if let Some(v) = object.get(key) {
                    items.insert(key.into(), v.clone());
                }
            }
        }
        if !items.is_empty() {
            out.insert("items".into(), Value::Object(items));
        }
    }
    out
}

fn facets(f: &Facets, out: &mut Map<String, Value>) {
    let mut put = |k: &str, v: Value| {
        out.insert(k.into(), v);
    };
    if let Some(p) = &f.pattern {
        put("pattern", json!(p));
    }
    if let Some(m) = f.minimum {
        put("minimum", json!(m));
        if f.exclusive_minimum {
            put("exclusiveMinimum", json!(true));
        }
    }
    if let Some(m) = f.maximum {
        put("maximum", json!(m));
        if f.exclusive_maximum {
            put("exclusiveMaximum", json!(true));
        }
    }
    if !f.enum_values.is_empty() {
        put("enum", Value::Array(f.enum_values.clone()));
    }
    if let Some(n) = f.min_length {
        put("minLength", json!(n));
    }
    if let Some(n) = f.max_length {
        put("maxLength", json!(n));
    }
    if let Some(n) = f.min_items {
        put("minItems", json!(n));
    }
    if let Some(n) = f.max_items {
        put("maxItems", json!(n));
    }
    if f.unique_items {
        put("uniqueItems", json!(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::samples::infer;
    use crate::model::IdGen;

    #[test]
    fn unions_required_and_arrays_of_documents() {
        let mut ids = IdGen::default();
        let c = infer(
            "c",
            r#"{"_id": 1, "scores": [{"s": 1}], "t": "a"}
               {"_id": 2, "scores": [], "t": ["a"]}"#,
            &mut ids,
        )
        .expect("inferred");
        let v = validator(&c);
        let s = &v["$jsonSchema"];
        assert_eq!(s["required"], json!(["_id", "scores", "t"]));
        assert_eq!(s["properties"]["t"]["bsonType"], json!(["string", "array"]));
        assert_eq!(s["properties"]["t"]["items"]["bsonType"], json!("string"));
        let items = &s["properties"]["scores"]["items"];
        assert_eq!(items["bsonType"], json!("object"));
        assert_eq!(items["required"], json!(["s"]));
        assert_eq!(items["properties"]["s"]["bsonType"], json!("int"));
    }
}
