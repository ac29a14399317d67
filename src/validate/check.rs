//! A document checked against a compiled schema. Every failing path and keyword is
//! reported, not only the first, so the user sees all that is wrong at once. As in JSON
//! Schema, a keyword about one kind of value (`minLength`, `minimum`, `items`) says nothing
//! about values of other kinds.

use super::schema::{Additional, Dependency, Items, Schema, TypeName};
use super::values::{equal, multiple_of, number};
use crate::import::extended_json::Bson;

/// One reason a value fails: where (`profile.emails.2`, empty for the document itself),
/// the keyword, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub keyword: &'static str,
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.path.is_empty() {
            "the document"
        } else {
            &self.path
        };
        write!(f, "{at}: {} ({})", self.message, self.keyword)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether the value matches, without collecting reasons.
pub fn matches(schema: &Schema, value: &Bson) -> bool {
    let mut out = Vec::new();
    check(schema, value, "", &mut out);
    out.is_empty()
}

/// Adds to `out` each reason `value` (at `path`) fails `schema`.
pub fn check(schema: &Schema, value: &Bson, path: &str, out: &mut Vec<Failure>) {
    let mut fail = |keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if let Some(types) = &schema.types {
        let t = value.bson_type();
        let ok = types.iter().any(|want| match want {
            TypeName::Bson(b) => *b == t,
            TypeName::Number => t.is_number(),
        });
        if !ok {
            let names: Vec<&str> = types
                .iter()
                .map(|w| match w {
                    TypeName::Bson(b) => b.name(),
                    TypeName::Number => "number",
                })
                .collect();
            fail(
                "bsonType",
                format!("expected {}, found {}", names.join(" or "), t.name()),
            );
        }
    }
    if let Some(values) = &schema.enum_values {
        if !values.iter().any(|v| equal(v, value)) {
            fail("enum", "not one of the allowed values".into());
        }
    }
    match value {
        Bson::Object(fields) => object(schema, fields, path, out),
        Bson::Array(items) => array(schema, items, path, out),
        Bson::String(s) => string(schema, s, path, out),
        other => {
            if let Some(x) = number(other) {
                numeric(schema, other, x, path, out);
            }
        }
    }
    combinators(schema, value, path, out);
}

fn combinators(schema: &Schema, value: &Bson, path: &str, out: &mut Vec<Failure>) {
    for s in &schema.all_of {
        check(s, value, path, out);
    }
    let fail = |out: &mut Vec<Failure>, keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if !schema.any_of.is_empty() && !schema.any_of.iter().any(|s| matches(s, value)) {
        fail(out, "anyOf", "matches none of the schemas".into());
    }
    if !schema.one_of.is_empty() {
        let n = schema.one_of.iter().filter(|s| matches(s, value)).count();
        if n != 1 {
            fail(
                out,
                "oneOf",
                format!("matches {n} of the schemas, not exactly one"),
            );
        }
    }
    if let Some(not) = &schema.not {
        if matches(not, value) {
            fail(out, "not", "matches the schema it must not match".into());
        }
    }
}

fn object(schema: &Schema, fields: &[(String, Bson)], path: &str, out: &mut Vec<Failure>) {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    for name in &schema.required {
        if get(name).is_none() {
            out.push(Failure {
                path: join(path, name),
                keyword: "required",
                message: "is missing".into(),
            });
        }
    }
    for (name, value) in fields {
        let here = join(path, name);
        let mut listed = false;
        if let Some((_, s)) = schema.properties.iter().find(|(k, _)| k == name) {
            listed = true;
            check(s, value, &here, out);
        }
        for (pattern, s) in &schema.pattern_properties {
            if pattern.is_match(name) {
                listed = true;
                check(s, value, &here, out);
            }
        }
        if !listed {
            match &schema.additional_properties {
                Some(Additional::Allowed(false)) => out.push(Failure {
                    path: here,
                    keyword: "additionalProperties",
                    message: "is not allowed here".into(),
                }),
                Some(Additional::Schema(s)) => check(s, value, &here, out),
                _ => {}
            }
        }
    }
    let n = fields.len() as u64;
    let mut fail = |keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if let Some(min) = schema.min_properties.filter(|m| n < *m) {
        fail("minProperties", format!("has {n} fields, fewer than {min}"));
    }
    if let Some(max) = schema.max_properties.filter(|m| n > *m) {
        fail("maxProperties", format!("has {n} fields, more than {max}"));
    }
    for (name, dependency) in &schema.dependencies {
        if get(name).is_none() {
            continue;
        }
        match dependency {
            Dependency::Fields(needed) => {
                for other in needed.iter().filter(|o| get(o).is_none()) {
                    out.push(Failure {
                        path: join(path, other),
                        keyword: "dependencies",
                        message: format!("is missing, and \"{name}\" needs it"),
                    });
                }
            }
            Dependency::Schema(s) => check(s, &Bson::Object(fields.to_vec()), path, out),
        }
    }
}

fn array(schema: &Schema, items: &[Bson], path: &str, out: &mut Vec<Failure>) {
    match &schema.items {
        Some(Items::Each(s)) => {
            for (k, item) in items.iter().enumerate() {
                check(s, item, &join(path, &k.to_string()), out);
            }
        }
        Some(Items::Tuple(list)) => {
            for (k, item) in items.iter().enumerate() {
                let here = join(path, &k.to_string());
                match list.get(k) {
                    Some(s) => check(s, item, &here, out),
                    None => match &schema.additional_items {
                        Some(Additional::Allowed(false)) => out.push(Failure {
                            path: here,
                            keyword: "additionalItems",
                            message: format!("only {} items are allowed", list.len()),
                        }),
                        Some(Additional::Schema(s)) => check(s, item, &here, out),
                        _ => {}
                    },
                }
            }
        }
        None => {}
    }
    let n = items.len() as u64;
    let mut fail = |keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if let Some(min) = schema.min_items.filter(|m| n < *m) {
        fail("minItems", format!("has {n} items, fewer than {min}"));
    }
    if let Some(max) = schema.max_items.filter(|m| n > *m) {
        fail("maxItems", format!("has {n} items, more than {max}"));
    }
    if schema.unique_items {
        let repeated = (1..items.len()).find_map(|j| {
            (0..j)
                .find(|i| equal(&items[*i], &items[j]))
                .map(|i| (i, j))
        });
        if let Some((i, j)) = repeated {
            fail("uniqueItems", format!("items {i} and {j} are equal"));
        }
    }
}

fn string(schema: &Schema, s: &str, path: &str, out: &mut Vec<Failure>) {
    let mut fail = |keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if schema.min_length.is_some() || schema.max_length.is_some() {
        let n = s.chars().count() as u64;
        if let Some(min) = schema.min_length.filter(|m| n < *m) {
            fail("minLength", format!("has {n} characters, fewer than {min}"));
        }
        if let Some(max) = schema.max_length.filter(|m| n > *m) {
            fail("maxLength", format!("has {n} characters, more than {max}"));
        }
    }
    if let Some(p) = &schema.pattern {
        if !p.is_match(s) {
            fail(
                "pattern",
                format!("does not match the pattern {}", p.as_str()),
            );
        }
    }
}

fn numeric(schema: &Schema, value: &Bson, x: f64, path: &str, out: &mut Vec<Failure>) {
    let mut fail = |keyword: &'static str, message: String| {
        out.push(Failure {
            path: path.to_string(),
            keyword,
            message,
        })
    };
    if let Some(b) = schema.minimum {
        if x < b.value || (b.exclusive && x == b.value) {
            let than = if b.exclusive { "more than" } else { "at least" };
            fail("minimum", format!("{x} is not {than} {}", b.value));
        }
    }
    if let Some(b) = schema.maximum {
        if x > b.value || (b.exclusive && x == b.value) {
            let than = if b.exclusive { "less than" } else { "at most" };
            fail("maximum", format!("{x} is not {than} {}", b.value));
        }
    }
    if let Some(d) = &schema.multiple_of {
        if !multiple_of(value, d) {
            fail("multipleOf", format!("{x} is not a multiple of {d}"));
        }
    }
}
