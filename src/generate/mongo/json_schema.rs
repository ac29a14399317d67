//! JSON Schema draft 2020-12 of a collection, for APIs that serve its documents as plain
//! JSON: BSON types become JSON types (`objectId` a 24-hex-digit string, `date` an RFC 3339
//! `date-time` string, `int`/`long` integers, `binData` base64), unions become `type` lists
//! or `anyOf`, and the facets carry over (`exclusiveMinimum` as 2020-12 spells it).

use serde_json::{json, Map, Value};

use crate::model::document::{BsonType, Collection, Facets, Field};

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of the collection's documents.
pub fn json_schema(c: &Collection) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DIALECT));
    out.insert("title".into(), json!(c.name));
    if let Some(d) = &c.description {
        out.insert("description".into(), json!(d));
    }
    out.insert("type".into(), json!("object"));
    object(&c.fields, c.additional_properties, &mut out);
    Value::Object(out)
}

/// A BSON type as plain JSON: its `type` and what narrows it. `None` for types JSON cannot
/// carry (minKey, maxKey, javascript), which then constrain nothing.
fn json_type(t: BsonType) -> Option<(&'static str, Map<String, Value>)> {
    let extra = |pairs: &[(&str, Value)]| -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    Some(match t {
        BsonType::String => ("string", Map::new()),
        BsonType::Int => ("integer", extra(&[("format", json!("int32"))])),
        BsonType::Long => ("integer", extra(&[("format", json!("int64"))])),
        BsonType::Double | BsonType::Decimal => ("number", Map::new()),
        BsonType::Bool => ("boolean", Map::new()),
        BsonType::Date | BsonType::Timestamp => {
            ("string", extra(&[("format", json!("date-time"))]))
        }
        BsonType::ObjectId => ("string", extra(&[("pattern", json!("^[0-9a-fA-F]{24}$"))])),
        BsonType::BinData => ("string", extra(&[("contentEncoding", json!("base64"))])),
        BsonType::Regex => ("string", extra(&[("format", json!("regex"))])),
        BsonType::Array => ("array", Map::new()),
        BsonType::Object => ("object", Map::new()),
        BsonType::Null => ("null", Map::new()),
        BsonType::MinKey | BsonType::MaxKey | BsonType::Javascript => return None,
    })
}

/// `type` (one or a list) when no type needs narrowing, else `anyOf` of each.
fn types(list: &[BsonType], out: &mut Map<String, Value>) {
    let mapped: Vec<Option<(&str, Map<String, Value>)>> =
        list.iter().map(|t| json_type(*t)).collect();
    if list.is_empty() || mapped.iter().any(Option::is_none) {
        return;
    }
    let mapped: Vec<(&str, Map<String, Value>)> = mapped.into_iter().flatten().collect();
    let mut names: Vec<&str> = Vec::new();
    for (n, _) in &mapped {
        if !names.contains(n) {
            names.push(n);
        }
    }
    if let [(name, extra)] = mapped.as_slice() {
        out.insert("type".into(), json!(name));
        out.extend(extra.clone());
    } else if mapped.iter().all(|(_, e)| e.is_empty()) || names.len() == 1 && mapped.len() > 1 {
        // Plain types, or one JSON type from several BSON ones (int and long).
        out.insert(
            "type".into(),
            if names.len() == 1 {
                json!(names[0])
            } else {
                json!(names)
            },
        );
    } else {
        let choices: Vec<Value> = mapped
            .into_iter()
            .map(|(n, mut e)| {
                e.insert("type".into(), json!(n));
                Value::Object(e)
            })
            .collect();
        out.insert("anyOf".into(), Value::Array(choices));
    }
}

fn object(fields: &[Field], additional: Option<bool>, out: &mut Map<String, Value>) {
    if !fields.is_empty() {
        let properties: Map<String, Value> =
            fields.iter().map(|f| (f.name.clone(), field(f))).collect();
        out.insert("properties".into(), Value::Object(properties));
    }
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| json!(f.name))
        .collect();
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if let Some(a) = additional {
        out.insert("additionalProperties".into(), json!(a));
    }
}

fn field(f: &Field) -> Value {
    let mut out = Map::new();
    if let Some(d) = &f.description {
        out.insert("description".into(), json!(d));
    }
    types(&f.types, &mut out);
    facets(&f.facets, &mut out);
    if f.types.contains(&BsonType::Object) && !f.fields.is_empty() {
        object(&f.fields, f.facets.additional_properties, &mut out);
    }
    if f.types.contains(&BsonType::Array) {
        let mut items = Map::new();
        types(&f.item_types, &mut items);
        facets(&f.item_facets, &mut items);
        if f.item_types.contains(&BsonType::Object) && !f.fields.is_empty() {
            object(&f.fields, f.item_facets.additional_properties, &mut items);
        }
        if !items.is_empty() {
            out.insert("items".into(), Value::Object(items));
        }
    }
    Value::Object(out)
}

fn facets(f: &Facets, out: &mut Map<String, Value>) {
    if let Some(p) = &f.pattern {
        out.insert("pattern".into(), json!(p));
    }
    if let Some(m) = f.minimum {
        let key = if f.exclusive_minimum {
            "exclusiveMinimum"
        } else {
            "minimum"
        };
        out.insert(key.into(), json!(m));
    }
    if let Some(m) = f.maximum {
        let key = if f.exclusive_maximum {
            "exclusiveMaximum"
        } else {
            "maximum"
        };
        out.insert(key.into(), json!(m));
    }
    if !f.enum_values.is_empty() {
        out.insert("enum".into(), Value::Array(f.enum_values.clone()));
    }
    for (key, n) in [
        ("minLength", f.min_length),
        ("maxLength", f.max_length),
        ("minItems", f.min_items),
        ("maxItems", f.max_items),
    ] {
        if let Some(n) = n {
            out.insert(key.into(), json!(n));
        }
    }
    if f.unique_items {
        out.insert("uniqueItems".into(), json!(true));
    }
}
