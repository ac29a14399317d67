//! A `$jsonSchema` read the way MongoDB reads it: JSON Schema draft 4 with `bsonType`
//! added, and without `$ref`, `$schema`, `default`, `definitions`, `format`, `id` or
//! `"type": "integer"`. MongoDB refuses a validator that uses those (or a keyword it does not
//! know), so this reader refuses them too, saying where, rather than ignoring them and
//! accepting documents the server would reject.

use regex::Regex;
use serde_json::{Map, Value};

use crate::import::extended_json::{from_value, Bson};
use crate::model::document::BsonType;

/// A type a value may have: a BSON type, or any number (`"number"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeName {
    Bson(BsonType),
    Number,
}

/// `additionalProperties` / `additionalItems`: allowed or not, or a schema the extra values
/// must match.
#[derive(Debug)]
pub enum Additional {
    Allowed(bool),
    Schema(Box<Schema>),
}

/// `items`: one schema for every element, or one per position.
#[derive(Debug)]
pub enum Items {
    Each(Box<Schema>),
    Tuple(Vec<Schema>),
}

/// One entry of `dependencies`: fields that must come with the key, or a schema the whole
/// document must then match.
#[derive(Debug)]
pub enum Dependency {
    Fields(Vec<String>),
    Schema(Box<Schema>),
}

/// `minimum` or `maximum` with its exclusiveness.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// A compiled schema: every keyword read and checked once, patterns compiled.
#[derive(Debug, Default)]
pub struct Schema {
    pub types: Option<Vec<TypeName>>,
    pub properties: Vec<(String, Schema)>,
    pub required: Vec<String>,
    pub additional_properties: Option<Additional>,
    pub pattern_properties: Vec<(Regex, Schema)>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub dependencies: Vec<(String, Dependency)>,
    pub items: Option<Items>,
    pub additional_items: Option<Additional>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<Value>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<Regex>,
    pub enum_values: Option<Vec<Bson>>,
    pub all_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
}

/// A schema MongoDB would refuse, with the keyword path where (`properties.age.minimum`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Keywords of draft 4 that MongoDB does not take.
pub const UNSUPPORTED: [&str; 6] = ["$ref", "$schema", "default", "definitions", "format", "id"];

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn error(path: &str, message: impl Into<String>) -> SchemaError {
    SchemaError {
        path: path.to_string(),
        message: message.into(),
    }
}

/// Reads one schema (an object) at `path`.
pub fn parse(value: &Value, path: &str) -> Result<Schema, SchemaError> {
    let Value::Object(map) = value else {
        return Err(error(path, "a schema must be an object"));
    };
    if map.contains_key("type") && map.contains_key("bsonType") {
        return Err(error(
            path,
            "a schema cannot have both \"type\" and \"bsonType\"",
        ));
    }
    let mut schema = Schema::default();
    for (key, v) in map {
        let at = join(path, key);
        keyword(&mut schema, map, key, v, &at)?;
    }
    Ok(schema)
}

fn keyword(
    schema: &mut Schema,
    map: &Map<String, Value>,
    key: &str,
    v: &Value,
    at: &str,
) -> Result<(), SchemaError> {
    match key {
        "type" => schema.types = Some(type_names(v, at, json_type)?),
        "bsonType" => schema.types = Some(type_names(v, at, bson_type)?),
        "properties" => schema.properties = named_schemas(v, at)?,
        "patternProperties" => {
            schema.pattern_properties = named_schemas(v, at)?
                .into_iter()
                .map(|(p, s)| Ok((regex(&p, &join(at, &p))?, s)))
                .collect::<Result<_, SchemaError>>()?;
        }
        "required" => schema.required = names(v, at, "required", false)?,
        "additionalProperties" => schema.additional_properties = Some(additional(v, at)?),
        "additionalItems" => schema.additional_items = Some(additional(v, at)?),
        "minProperties" => schema.min_properties = Some(count(v, at)?),
        "maxProperties" => schema.max_properties = Some(count(v, at)?),
        "minItems" => schema.min_items = Some(count(v, at)?),
        "maxItems" => schema.max_items = Some(count(v, at)?),
        "minLength" => schema.min_length = Some(count(v, at)?),
        "maxLength" => schema.max_length = Some(count(v, at)?),
        "uniqueItems" => schema.unique_items = boolean(v, at)?,
        "dependencies" => schema.dependencies = dependencies(v, at)?,
        "items" => {
            schema.items = Some(match v {
                Value::Array(list) => Items::Tuple(
                    list.iter()
                        .enumerate()
                        .map(|(k, s)| parse(s, &join(at, &k.to_string())))
                        .collect::<Result<_, _>>()?,
                ),
                other => Items::Each(Box::new(parse(other, at)?)),
            })
        }
        "minimum" => schema.minimum = Some(bound(map, v, at, "exclusiveMinimum")?),
        "maximum" => schema.maximum = Some(bound(map, v, at, "exclusiveMaximum")?),
        "exclusiveMinimum" | "exclusiveMaximum" => {
            boolean(v, at)?;
            let of = if key == "exclusiveMinimum" {
                "minimum"
            } else {
                "maximum"
            };
            if !map.contains_key(of) {
                return Err(error(at, format!("\"{key}\" needs \"{of}\"")));
            }
        }
        "multipleOf" => match v.as_f64() {
            Some(d) if d > 0.0 => schema.multiple_of = Some(v.clone()),
            _ => return Err(error(at, "\"multipleOf\" must be a positive number")),
        },
        "pattern" => match v {
            Value::String(p) => schema.pattern = Some(regex(p, at)?),
            _ => return Err(error(at, "\"pattern\" must be a string")),
        },
        "enum" => match v {
            Value::Array(list) if !list.is_empty() => {
                schema.enum_values = Some(list.iter().map(from_value).collect())
            }
            _ => return Err(error(at, "\"enum\" must be a non-empty array")),
        },
        "allOf" => schema.all_of = schemas(v, at)?,
        "anyOf" => schema.any_of = schemas(v, at)?,
        "oneOf" => schema.one_of = schemas(v, at)?,
        "not" => schema.not = Some(Box::new(parse(v, at)?)),
        "title" | "description" => {
            if !v.is_string() {
                return Err(error(at, format!("\"{key}\" must be a string")));
            }
        }
        k if UNSUPPORTED.contains(&k) => {
            return Err(error(
                at,
                format!("MongoDB's $jsonSchema does not support \"{k}\""),
            ))
        }
        k => return Err(error(at, format!("unknown $jsonSchema keyword \"{k}\""))),
    }
    Ok(())
}

fn json_type(name: &str) -> Option<TypeName> {
    Some(match name {
        "object" => TypeName::Bson(BsonType::Object),
        "array" => TypeName::Bson(BsonType::Array),
        "string" => TypeName::Bson(BsonType::String),
        "boolean" => TypeName::Bson(BsonType::Bool),
        "null" => TypeName::Bson(BsonType::Null),
        "number" => TypeName::Number,
        _ => return None,
    })
}

fn bson_type(name: &str) -> Option<TypeName> {
    match name {
        "number" => Some(TypeName::Number),
        // MongoDB's `$type` aliases `bool`; `boolean` is the JSON spelling.
        name => BsonType::parse(name).map(TypeName::Bson),
    }
}

fn type_names(
    v: &Value,
    at: &str,
    read: fn(&str) -> Option<TypeName>,
) -> Result<Vec<TypeName>, SchemaError> {
    let one = |name: &Value| -> Result<TypeName, SchemaError> {
        let Value::String(name) = name else {
            return Err(error(at, "a type must be a string"));
        };
        read(name).ok_or_else(|| {
            let hint = if name == "integer" {
                " (MongoDB has no \"integer\": use \"bsonType\": \"int\" or \"long\")"
            } else {
                ""
            };
            error(at, format!("unknown type \"{name}\"{hint}"))
        })
    };
    match v {
        Value::Array(list) if !list.is_empty() => list.iter().map(one).collect(),
        Value::Array(_) => Err(error(at, "a list of types must not be empty")),
        single => Ok(vec![one(single)?]),
    }
}

fn named_schemas(v: &Value, at: &str) -> Result<Vec<(String, Schema)>, SchemaError> {
    let Value::Object(map) = v else {
        return Err(error(at, "must be an object of schemas"));
    };
    map.iter()
        .map(|(name, s)| Ok((name.clone(), parse(s, &join(at, name))?)))
        .collect()
}

fn schemas(v: &Value, at: &str) -> Result<Vec<Schema>, SchemaError> {
    match v {
        Value::Array(list) if !list.is_empty() => list
            .iter()
            .enumerate()
            .map(|(k, s)| parse(s, &join(at, &k.to_string())))
            .collect(),
        _ => Err(error(at, "must be a non-empty array of schemas")),
    }
}

fn names(v: &Value, at: &str, what: &str, may_be_empty: bool) -> Result<Vec<String>, SchemaError> {
    let list = match v {
        Value::Array(list) if may_be_empty || !list.is_empty() => list,
        _ => {
            return Err(error(
                at,
                format!("\"{what}\" must be a non-empty array of field names"),
            ))
        }
    };
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for name in list {
        let Value::String(name) = name else {
            return Err(error(at, format!("\"{what}\" must hold strings")));
        };
        if out.contains(name) {
            return Err(error(at, format!("\"{what}\" names \"{name}\" twice")));
        }
        out.push(name.clone());
    }
    Ok(out)
}

fn additional(v: &Value, at: &str) -> Result<Additional, SchemaError> {
    match v {
        Value::Bool(b) => Ok(Additional::Allowed(*b)),
        other => Ok(Additional::Schema(Box::new(parse(other, at)?))),
    }
}

fn count(v: &Value, at: &str) -> Result<u64, SchemaError> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u64::MAX as f64 => Ok(n as u64),
        _ => Err(error(at, "must be a whole number, 0 or more")),
    }
}

fn boolean(v: &Value, at: &str) -> Result<bool, SchemaError> {
    v.as_bool()
        .ok_or_else(|| error(at, "must be true or false"))
}

fn bound(
    map: &Map<String, Value>,
    v: &Value,
    at: &str,
    exclusive: &str,
) -> Result<Bound, SchemaError> {
    let value = v.as_f64().ok_or_else(|| error(at, "must be a number"))?;
    let exclusive = map.get(exclusive).and_then(Value::as_bool).unwrap_or(false);
    Ok(Bound { value, exclusive })
}

fn dependencies(v: &Value, at: &str) -> Result<Vec<(String, Dependency)>, SchemaError> {
    let Value::Object(map) = v else {
        return Err(error(at, "\"dependencies\" must be an object"));
    };
    map.iter()
        .map(|(name, d)| {
            let here = join(at, name);
            let dependency = match d {
                Value::Array(_) => Dependency::Fields(names(d, &here, "dependencies", true)?),
                other => Dependency::Schema(Box::new(parse(other, &here)?)),
            };
            Ok((name.clone(), dependency))
        })
        .collect()
}

/// A pattern as a regular expression; the `regex` crate's size limit keeps a hostile
/// pattern from taking the page's memory.
fn regex(pattern: &str, at: &str) -> Result<Regex, SchemaError> {
    Regex::new(pattern).map_err(|e| error(at, format!("bad pattern: {e}")))
}
