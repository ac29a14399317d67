//! The steps that reshape stored documents when a field is renamed, moved, added, made
//! required, narrowed to fewer types or dropped. Paths that dotted update operators reach
//! get the idiomatic forms (`$rename`, `$set` where missing, `$unset`, the seed's pipeline
//! `$set` + `$unset` for a move); paths through arrays of documents, or with names dots
//! cannot carry, get a `$replaceWith` pipeline that rebuilds each document.

use serde_json::{json, Map, Value};

use super::pipeline::{add_key, change_key, rebuild, remove_key, rename_key};
use super::places::dotted;
use crate::generate::mongo::shell::{append, collection, literal};
use crate::migrate::step::{Body, Safety, Step};
use crate::model::document::{BsonType, Field};

/// A field's path at the moment a step runs, and whether an enclosing field can be an
/// array.
#[derive(Clone, Debug)]
pub struct At {
    pub names: Vec<String>,
    pub through_array: bool,
}

impl At {
    fn dotted(&self) -> Option<String> {
        dotted(&self.names, self.through_array).then(|| self.names.join("."))
    }

    fn parent(&self) -> &[String] {
        &self.names[..self.names.len().saturating_sub(1)]
    }

    fn name(&self) -> &str {
        self.names.last().map_or("", String::as_str)
    }

    pub fn shown(&self) -> String {
        self.names.join(".")
    }
}

fn one(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.to_string(), value);
    Value::Object(m)
}

fn update_many(coll: &str, filter: &Value, update: &Value) -> String {
    let mut text = format!("{}.updateMany(", collection(coll));
    append(&mut text, filter);
    text.push_str(", ");
    append(&mut text, update);
    text.push_str(");");
    text
}

/// A pipeline update that rebuilds every document with `op` applied to the embedded
/// documents at `parent`.
fn rebuilt(coll: &str, parent: &[String], op: &dyn Fn(&Value) -> Value) -> String {
    let root = json!("$$ROOT");
    let stage = json!([{"$replaceWith": rebuild(&root, parent, 0, op)}]);
    update_many(coll, &json!({}), &stage)
}

fn rewrite(why: &str) -> Body {
    Body::new(Safety::Rewrites, why)
}

/// Renames a field in place (the same enclosing document).
pub fn rename(coll: &str, from: &At, to: &At) -> Step {
    let one_way = |a: &At, b: &At| -> String {
        match (a.dotted(), b.dotted()) {
            (Some(x), Some(y)) => update_many(
                coll,
                &one(&x, json!({"$exists": true})),
                &json!({"$rename": one(&x, json!(y))}),
            ),
            _ => {
                let (old, new) = (a.name().to_string(), b.name().to_string());
                rebuilt(coll, a.parent(), &|d| rename_key(d, &old, &new))
            }
        }
    };
    let mut up = rewrite("rewrites each document that has the field");
    up.push(one_way(from, to));
    let mut down = rewrite("rewrites each document that has the field");
    down.push(one_way(to, from));
    Step {
        title: format!("rename field {coll}.{} to {}", from.shown(), to.name()),
        up,
        down,
    }
}

/// `{p1: {$mergeObjects: ["$p1", {p2: ... {name: value}}]}}`: the value placed at a dotted
/// destination, merged into the embedded documents already there.
fn nested(prefix: &str, names: &[String], value: Value) -> Value {
    match names {
        [] => value,
        [last] => one(last, value),
        [first, rest @ ..] => {
            let path = if prefix.is_empty() {
                format!("${first}")
            } else {
                format!("{prefix}.{first}")
            };
            one(
                first,
                json!({"$mergeObjects": [path.clone(), nested(&path, rest, value)]}),
            )
        }
    }
}

/// Moves a field to another enclosing document: the seed's restructuring, a pipeline
/// update that sets the new place from the old one and unsets the old.
pub fn move_field(coll: &str, from: &At, to: &At) -> Step {
    let one_way = |a: &At, b: &At| -> Option<String> {
        let (x, _) = (a.dotted()?, b.dotted()?);
        let set = nested("", &b.names, json!(format!("${x}")));
        Some(update_many(
            coll,
            &one(&x, json!({"$exists": true})),
            &json!([{"$set": set}, {"$unset": x}]),
        ))
    };
    let title = format!("move field {coll}.{} to {}", from.shown(), to.shown());
    match (one_way(from, to), one_way(to, from)) {
        (Some(u), Some(d)) => {
            let mut up = rewrite("rewrites each document that has the field");
            up.push(u);
            let mut down = rewrite("rewrites each document that has the field");
            down.push(d);
            Step { title, up, down }
        }
        _ => {
            let why = "the move crosses an array of documents or a name with a dot or `$`: move the values by hand";
            Step {
                title,
                up: Body::new(Safety::Irreversible, why),
                down: Body::new(Safety::Irreversible, why),
            }
        }
    }
}

/// The value documents get when a field becomes required: its default, typed as the
/// field is (a plain `3` for an `int` field is `NumberInt`, not the shell's double), or the
/// type's zero with a note.
pub fn fill_value(f: &Field) -> (Value, Option<String>) {
    let first = f.types.iter().copied().find(|t| *t != BsonType::Null);
    if let Some(v) = &f.default {
        return (typed(v, first), None);
    }
    if f.types.contains(&BsonType::Null) {
        return (Value::Null, None);
    }
    let zero = match first {
        Some(BsonType::String) => json!(""),
        Some(BsonType::Int) => json!({"$numberInt": "0"}),
        Some(BsonType::Long) => json!({"$numberLong": "0"}),
        Some(BsonType::Double) => json!(0.0),
        Some(BsonType::Decimal) => json!({"$numberDecimal": "0"}),
        Some(BsonType::Bool) => json!(false),
        Some(BsonType::Date) => json!({"$date": "1970-01-01T00:00:00Z"}),
        Some(BsonType::Array) => json!([]),
        Some(BsonType::Object) => json!({}),
        _ => Value::Null,
    };
    let note = format!(
        "the field has no default, so documents without it get {}: set a default on the field",
        literal(&zero, 0)
    );
    (zero, Some(note))
}

fn typed(v: &Value, t: Option<BsonType>) -> Value {
    match (v, t) {
        (Value::Number(n), Some(BsonType::Int))
            if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) =>
        {
            json!({"$numberInt": n.to_string()})
        }
        (Value::Number(n), Some(BsonType::Long)) if n.is_i64() || n.is_u64() => {
            json!({"$numberLong": n.to_string()})
        }
        (Value::Number(n), Some(BsonType::Decimal)) => json!({"$numberDecimal": n.to_string()}),
        (Value::Number(n), Some(BsonType::Double)) => n.as_f64().map_or(v.clone(), |x| json!(x)),
        _ => v.clone(),
    }
}

/// The statement that gives `value` to documents (or embedded documents) lacking the field.
pub fn fill(coll: &str, at: &At, value: &Value) -> String {
    match at.dotted() {
        Some(path) => {
            let mut filter = Map::new();
            filter.insert(path.clone(), json!({"$exists": false}));
            if at.names.len() > 1 {
                filter.insert(at.parent().join("."), json!({"$type": "object"}));
            }
            update_many(
                coll,
                &Value::Object(filter),
                &json!({"$set": one(&path, value.clone())}),
            )
        }
        None => {
            let name = at.name().to_string();
            rebuilt(coll, at.parent(), &|d| add_key(d, &name, value))
        }
    }
}

/// The statement that removes the field from every document.
pub fn unset(coll: &str, at: &At) -> String {
    match at.dotted() {
        Some(path) => update_many(
            coll,
            &one(&path, json!({"$exists": true})),
            &json!({"$unset": one(&path, json!(""))}),
        ),
        None => {
            let name = at.name().to_string();
            rebuilt(coll, at.parent(), &|d| remove_key(d, &name))
        }
    }
}

/// A field new in this version.
pub fn add(coll: &str, at: &At, f: &Field) -> Option<Step> {
    if !f.required && f.default.is_none() {
        return None;
    }
    let (value, note) = fill_value(f);
    let mut up = rewrite(
        note.as_deref()
            .unwrap_or("rewrites each document without the field"),
    );
    up.push(fill(coll, at, &value));
    let mut down = Body::new(
        Safety::LosesData,
        "removes the field, with whatever was written to it since",
    );
    down.push(unset(coll, at));
    Some(Step {
        title: format!("add field {coll}.{}", at.shown()),
        up,
        down,
    })
}

/// An existing field that becomes required.
pub fn require(coll: &str, at: &At, f: &Field) -> Step {
    let (value, note) = fill_value(f);
    let mut up = rewrite(
        note.as_deref()
            .unwrap_or("rewrites each document without the field"),
    );
    up.push(fill(coll, at, &value));
    Step {
        title: format!("require field {coll}.{}", at.shown()),
        up,
        down: Body::new(
            Safety::Safe,
            "documents keep the value the up step gave them (the old version allows it)",
        ),
    }
}

/// The conversion of a value to `to` in an aggregation expression, where one exists.
fn conversion(value: &Value, to: BsonType) -> Option<Value> {
    match to {
        BsonType::Double
        | BsonType::String
        | BsonType::ObjectId
        | BsonType::Bool
        | BsonType::Date
        | BsonType::Int
        | BsonType::Long
        | BsonType::Decimal => Some(json!({"$convert": {
            "input": value, "to": to.name(), "onError": value, "onNull": null,
        }})),
        BsonType::Array => Some(json!({"$cond": [{"$isArray": [value]}, value, [value]]})),
        _ => None,
    }
}

fn convert(coll: &str, at: &At, to: BsonType, keep: &[BsonType]) -> Option<String> {
    match at.dotted() {
        Some(path) => {
            let expr = conversion(&json!(format!("${path}")), to)?;
            let names: Vec<&str> = keep.iter().map(|t| t.name()).collect();
            Some(update_many(
                coll,
                &one(&path, json!({"$exists": true, "$not": {"$type": names}})),
                &json!([{"$set": one(&path, expr)}]),
            ))
        }
        None => {
            conversion(&json!("$$x"), to)?;
            let name = at.name().to_string();
            Some(rebuilt(coll, at.parent(), &|d| {
                change_key(d, &name, &|v| {
                    conversion(v, to).unwrap_or_else(|| v.clone())
                })
            }))
        }
    }
}

fn only_type(types: &[BsonType]) -> Option<BsonType> {
    let mut it = types.iter().copied().filter(|t| *t != BsonType::Null);
    let t = it.next()?;
    it.next().is_none().then_some(t)
}

/// A field whose new version allows fewer types: the values of the others converted to the
/// one type left, where MongoDB can convert (`$convert`, or a value wrapped in an array).
pub fn narrow(coll: &str, at: &At, old: &Field, new: &Field) -> Step {
    let title = format!(
        "change the type of {coll}.{} to {}",
        at.shown(),
        new.types
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(" or ")
    );
    let up = match only_type(&new.types).and_then(|t| convert(coll, at, t, &new.types)) {
        Some(s) => {
            let mut b = rewrite(
                "converts values of the other types; a value that cannot be converted stays and fails the validator",
            );
            b.push(s);
            b
        }
        None => Body::new(
            Safety::Irreversible,
            "MongoDB cannot convert the values of the types no longer allowed: fix them by hand",
        ),
    };
    let down = match only_type(&old.types)
        .filter(|t| !new.types.contains(&BsonType::Array) || *t == BsonType::Array)
        .and_then(|t| convert(coll, at, t, &old.types))
    {
        Some(s) => {
            let mut b = rewrite("converts the values back");
            b.push(s);
            b
        }
        None => Body::new(Safety::Safe, "the old version allows the converted values"),
    };
    Step { title, up, down }
}

/// A field gone from this version.
pub fn drop(coll: &str, at: &At, old: &Field) -> Step {
    let mut up = Body::new(
        Safety::LosesData,
        "removes the field's values from every document",
    );
    up.push(unset(coll, at));
    let down = if old.required {
        let (value, note) = fill_value(old);
        let mut b = rewrite(&note.unwrap_or_else(|| {
            "gives the field back to every document with its default, not its old values".into()
        }));
        b.push(fill(coll, at, &value));
        b
    } else {
        Body::new(
            Safety::Safe,
            "the values are gone; documents stay without the field",
        )
    };
    Step {
        title: format!("drop field {coll}.{}", at.shown()),
        up,
        down,
    }
}
