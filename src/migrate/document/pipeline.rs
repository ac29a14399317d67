//! Aggregation expressions for pipeline updates that reach fields anywhere: inside embedded
//! documents and inside every document of an array, to any depth, keeping the order of the
//! other fields. Dotted update operators (`$rename`, `$set`) cannot reach into arrays of
//! documents, and `$rename` refuses them outright, so those steps rebuild the document with
//! `$replaceWith` instead.

use serde_json::{json, Value};

use super::places::plain_name;

/// Field `name` of the document `doc` (an expression).
pub fn get(doc: &Value, name: &str) -> Value {
    match doc {
        Value::String(path) if plain_name(name) => Value::String(format!("{path}.{name}")),
        _ => json!({"$getField": {"field": {"$literal": name}, "input": doc}}),
    }
}

/// `doc` with field `name` set to `value` (in place when it exists; a value that is missing
/// leaves the document as it is).
pub fn set(doc: &Value, name: &str, value: Value) -> Value {
    if plain_name(name) {
        let mut one = serde_json::Map::new();
        one.insert(name.to_string(), value);
        json!({"$mergeObjects": [doc, one]})
    } else {
        json!({"$setField": {"field": {"$literal": name}, "input": doc, "value": value}})
    }
}

/// `doc` rebuilt with `op` applied to the embedded document at `path` below it; through an
/// array, to each element that is a document. Values that are neither stay as they are.
pub fn rebuild(doc: &Value, path: &[String], depth: usize, op: &dyn Fn(&Value) -> Value) -> Value {
    let Some((name, rest)) = path.split_first() else {
        return op(doc);
    };
    let child = get(doc, name);
    let var = format!("e{depth}");
    let element = Value::String(format!("$${var}"));
    let changed = json!({"$switch": {
        "branches": [
            {"case": {"$isArray": [child]}, "then": {"$map": {
                "input": child,
                "as": var,
                "in": {"$cond": [
                    {"$eq": [{"$type": element}, "object"]},
                    rebuild(&element, rest, depth + 1, op),
                    element,
                ]},
            }}},
            {"case": {"$eq": [{"$type": child}, "object"]}, "then": rebuild(&child, rest, depth + 1, op)},
        ],
        "default": child,
    }});
    json!({"$cond": [
        {"$eq": [{"$type": child}, "missing"]},
        doc,
        set(doc, name, changed),
    ]})
}

/// `doc` with key `from` renamed `to`, in its place.
pub fn rename_key(doc: &Value, from: &str, to: &str) -> Value {
    json!({"$arrayToObject": {"$map": {
        "input": {"$objectToArray": doc},
        "as": "kv",
        "in": {
            "k": {"$cond": [{"$eq": ["$$kv.k", {"$literal": from}]}, {"$literal": to}, "$$kv.k"]},
            "v": "$$kv.v",
        },
    }}})
}

/// `doc` with `name` set to `value` where it has no such field.
pub fn add_key(doc: &Value, name: &str, value: &Value) -> Value {
    json!({"$cond": [
        {"$eq": [{"$type": get(doc, name)}, "missing"]},
        set(doc, name, json!({"$literal": value})),
        doc,
    ]})
}

/// `doc` without `name`.
pub fn remove_key(doc: &Value, name: &str) -> Value {
    json!({"$arrayToObject": {"$filter": {
        "input": {"$objectToArray": doc},
        "as": "kv",
        "cond": {"$ne": ["$$kv.k", {"$literal": name}]},
    }}})
}

/// `doc` with the value of `name` replaced by `change(value)` where it has the field.
pub fn change_key(doc: &Value, name: &str, change: &dyn Fn(&Value) -> Value) -> Value {
    let value = get(doc, name);
    json!({"$cond": [
        {"$eq": [{"$type": value}, "missing"]},
        doc,
        set(doc, name, change(&value)),
    ]})
}
