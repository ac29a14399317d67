//! Index scripts: `db.<c>.createIndex(keys, options)` for every index kind the model holds
//! (ascending and descending, compound, text with weights, 2dsphere, 2d, hashed, wildcard)
//! with its options (unique, sparse, partialFilterExpression, expireAfterSeconds, collation,
//! name), and `dropIndex` by the name MongoDB gives it.

use serde_json::{json, Map, Value};

use super::shell::{append, collection, string};
use crate::model::document::{Collection, DocumentIndex, KeyKind};

fn key_value(kind: &KeyKind) -> Value {
    match kind {
        KeyKind::Ascending => json!(1),
        KeyKind::Descending => json!(-1),
        KeyKind::Text => json!("text"),
        KeyKind::Hashed => json!("hashed"),
        KeyKind::Sphere2d => json!("2dsphere"),
        KeyKind::Flat2d => json!("2d"),
    }
}

/// The index's name: its own, or the one MongoDB derives from the keys (`email_1`,
/// `roles_1_createdAt_-1`, `$**_1`).
pub fn index_name(index: &DocumentIndex) -> String {
    if let Some(n) = &index.name {
        return n.clone();
    }
    index
        .keys
        .iter()
        .map(|k| {
            let v = key_value(&k.kind);
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            format!("{}_{v}", k.path)
        })
        .collect::<Vec<_>>()
        .join("_")
}

/// The keys document, in key order (a compound index's order matters, so it is written by
/// hand rather than through a sorted map).
fn keys(index: &DocumentIndex) -> String {
    let parts: Vec<String> = index
        .keys
        .iter()
        .map(|k| format!("{}: {}", string(&k.path), key_value(&k.kind)))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

fn options(index: &DocumentIndex) -> Map<String, Value> {
    let mut o = Map::new();
    if let Some(n) = &index.name {
        o.insert("name".into(), json!(n));
    }
    if index.unique {
        o.insert("unique".into(), json!(true));
    }
    if index.sparse {
        o.insert("sparse".into(), json!(true));
    }
    if let Some(f) = &index.partial_filter {
        o.insert("partialFilterExpression".into(), f.clone());
    }
    if let Some(s) = index.expire_after_seconds {
        o.insert("expireAfterSeconds".into(), json!(s));
    }
    if !index.weights.is_empty() {
        let w: Map<String, Value> = index
            .weights
            .iter()
            .map(|(path, w)| (path.clone(), json!(w)))
            .collect();
        o.insert("weights".into(), Value::Object(w));
    }
    if let Some(c) = &index.collation {
        o.insert("collation".into(), c.clone());
    }
    o
}

/// `db.<c>.createIndex(keys[, options]);`
pub fn create_index(c: &Collection, index: &DocumentIndex) -> String {
    let o = options(index);
    let mut text = format!("{}.createIndex({}", collection(&c.name), keys(index));
    if !o.is_empty() {
        text.push_str(", ");
        append(&mut text, &Value::Object(o));
    }
    text.push_str(");\n");
    text
}

/// `db.<c>.dropIndex(name);`
pub fn drop_index(c: &Collection, index: &DocumentIndex) -> String {
    format!(
        "{}.dropIndex({});\n",
        collection(&c.name),
        string(&index_name(index))
    )
}

/// Every index of the collection.
pub fn indexes_script(c: &Collection) -> String {
    c.indexes.iter().map(|i| create_index(c, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::IndexKey;

    #[test]
    fn default_names_follow_mongodb() {
        let key = |path: &str, kind| IndexKey {
            path: path.into(),
            kind,
        };
        let i = DocumentIndex {
            keys: vec![
                key("roles", KeyKind::Ascending),
                key("createdAt", KeyKind::Descending),
            ],
            ..DocumentIndex::default()
        };
        assert_eq!(index_name(&i), "roles_1_createdAt_-1");
        let t = DocumentIndex {
            keys: vec![key("bio", KeyKind::Text)],
            ..DocumentIndex::default()
        };
        assert_eq!(index_name(&t), "bio_text");
    }
}
