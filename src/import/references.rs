//! References between collections proposed from what inference saw: a field whose
//! ObjectId values are (almost all) `_id`s of another collection's sampled documents, or a
//! field named after another collection (`author_id`, `authorId`, `tagIds` for `authors`
//! and `tags`). Proposals are marked as such until the user confirms them.

use super::samples::SampledIds;
use crate::model::document::{BsonType, Cardinality, Collection, Field, Reference};
use crate::model::{Id, IdGen};

/// A field name's stem when it names a reference: `author_id`, `authorId`, `author_ids`,
/// `authorIds` give `author`; `_id` and names without the suffix give nothing.
fn stem(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    for suffix in ["_ids", "_id", "ids", "id"] {
        if let Some(s) = lower.strip_suffix(suffix) {
            // `id` and `ids` end a camel-case name only after a capital `I`.
            let camel = !suffix.starts_with('_');
            if camel && !name[s.len()..].starts_with('I') {
                continue;
            }
            let s = s.trim_end_matches('_');
            if !s.is_empty() {
                return Some(s.to_string());
            }
        }
    }
    None
}

/// Whether a collection's name is the stem, singular or plural.
fn names_collection(stem: &str, collection: &str) -> bool {
    let c = collection.to_lowercase();
    let mut forms = vec![stem.to_string(), format!("{stem}s"), format!("{stem}es")];
    if let Some(y) = stem.strip_suffix('y') {
        forms.push(format!("{y}ies"));
    }
    forms.contains(&c)
}

/// Share of a field's values that are `_id`s of the target's samples for a proposal.
const MATCHING: f64 = 0.9;

/// Each field of `c` with the path of ids to it and whether that path crosses an array.
fn fields(c: &Collection) -> Vec<(Vec<Id>, &Field, bool)> {
    fn walk<'a>(
        list: &'a [Field],
        path: &mut Vec<Id>,
        in_array: bool,
        out: &mut Vec<(Vec<Id>, &'a Field, bool)>,
    ) {
        for f in list {
            path.push(f.id);
            let many = in_array || f.types.contains(&BsonType::Array);
            out.push((path.clone(), f, many));
            walk(&f.fields, path, many, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(&c.fields, &mut Vec::new(), false, &mut out);
    out
}

/// Adds to each collection the references its fields suggest; `seen` holds what inference
/// kept of the ObjectIds (empty for collections drawn by hand).
pub fn propose(collections: &mut [Collection], seen: &[SampledIds], ids: &mut IdGen) {
    let targets: Vec<(Id, String)> = collections.iter().map(|c| (c.id, c.name.clone())).collect();
    for c in collections.iter_mut() {
        let mut found = Vec::new();
        let values = seen.iter().find(|s| s.collection == c.id);
        for (path, f, many) in fields(c) {
            if f.name == "_id" && path.len() == 1 {
                continue;
            }
            let holds_ids =
                f.types.contains(&BsonType::ObjectId) || f.item_types.contains(&BsonType::ObjectId);
            let by_values = values
                .and_then(|v| v.fields.get(&f.id))
                .filter(|v| holds_ids && !v.is_empty())
                .and_then(|v| {
                    seen.iter()
                        .filter(|t| t.collection != c.id && !t.ids.is_empty())
                        .map(|t| {
                            let hit = v.iter().filter(|x| t.ids.contains(*x)).count();
                            (t.collection, hit as f64 / v.len() as f64)
                        })
                        .filter(|(_, share)| *share >= MATCHING)
                        .max_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(to, _)| to)
                });
            let by_name = || {
                let s = stem(&f.name)?;
                targets
                    .iter()
                    .find(|(id, name)| *id != c.id && names_collection(&s, name))
                    .map(|(id, _)| *id)
            };
            let Some(to) = by_values.or_else(by_name) else {
                continue;
            };
            if c.references.iter().any(|r| r.path == path) {
                continue;
            }
            found.push(Reference {
                id: ids.fresh(),
                path,
                to,
                cardinality: if many {
                    Cardinality::Many
                } else {
                    Cardinality::One
                },
                proposed: true,
            });
        }
        c.references.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::extended_json::documents;
    use crate::import::samples::Inference;

    #[test]
    fn stems_of_reference_names() {
        assert_eq!(stem("author_id").as_deref(), Some("author"));
        assert_eq!(stem("authorId").as_deref(), Some("author"));
        assert_eq!(stem("tagIds").as_deref(), Some("tag"));
        assert_eq!(stem("_id"), None);
        assert_eq!(stem("paid"), None, "a word ending in id is not a reference");
        assert!(names_collection("category", "categories"));
        assert!(names_collection("author", "Authors"));
    }

    fn inferred(name: &str, text: &str, ids: &mut IdGen) -> (Collection, SampledIds) {
        let mut i = Inference::default();
        for d in documents(text) {
            i.add(&d.expect("a document"));
        }
        i.collection_and_ids(name, ids)
    }

    #[test]
    fn values_and_names_propose_references() {
        let mut ids = IdGen::default();
        let a = "5a9427648b0beebeb69579e7";
        let b = "5a9427648b0beebeb69579e8";
        let (people, p) = inferred(
            "people",
            &format!(r#"{{"_id": {{"$oid": "{a}"}}}} {{"_id": {{"$oid": "{b}"}}}}"#),
            &mut ids,
        );
        let (posts, q) = inferred(
            "posts",
            &format!(
                r#"{{"_id": 1, "writer": {{"$oid": "{a}"}}, "likedBy": [{{"$oid": "{a}"}}, {{"$oid": "{b}"}}], "tag_ids": [1], "paid": true}}"#
            ),
            &mut ids,
        );
        let (tags, t) = inferred("tags", r#"{"_id": 1}"#, &mut ids);
        let mut all = vec![people, posts, tags];
        propose(&mut all, &[p, q, t], &mut ids);
        let refs = &all[1].references;
        let named: Vec<(String, Id, Cardinality)> = refs
            .iter()
            .map(|r| {
                let f = all[1].field_at(&r.path).expect("a field");
                (f.name.clone(), r.to, r.cardinality)
            })
            .collect();
        assert_eq!(
            named,
            [
                ("writer".to_string(), all[0].id, Cardinality::One),
                ("likedBy".to_string(), all[0].id, Cardinality::Many),
                ("tag_ids".to_string(), all[2].id, Cardinality::Many),
            ]
        );
        assert!(refs.iter().all(|r| r.proposed));
        assert!(all[0].references.is_empty());
    }
}
