//! A collection's document model inferred from sample documents: per field (to any depth,
//! through embedded documents and arrays of them) how many documents had it, the types its
//! values had (a union when more than one), and whether it is required (present in every
//! document, or every embedded document, that could have had it).
//!
//! Documents are added one at a time ([`Inference::add`]), so a caller can read a big input
//! in chunks and report progress between them.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::extended_json::{documents, Bson, ReadError};
use crate::model::document::{BsonType, Collection, Field, Observed, TypeCount};
use crate::model::{Id, IdGen};

/// What was seen of one field, or of the elements of an array.
#[derive(Default)]
struct Stats {
    /// Values seen.
    present: u64,
    types: BTreeMap<BsonType, u64>,
    /// Embedded documents' fields, in the order first seen.
    children: Vec<(String, Stats)>,
    child_index: FxHashMap<String, usize>,
    /// Embedded documents seen, as values or as arrays' elements (the `of` of the
    /// children).
    documents: u64,
    /// The elements of arrays seen.
    items: Option<Box<Stats>>,
    longest_array: u64,
    /// Distinct ObjectId values seen (up to [`KEPT_IDS`]), for proposing references.
    object_ids: FxHashSet<String>,
}

/// ObjectId values kept per field: enough to tell whether a field's values are another
/// collection's `_id`s, bounded so a big sample does not hold them all.
pub const KEPT_IDS: usize = 20_000;

/// The ObjectId values inference saw: of each field, by id, and of the documents' `_id`.
#[derive(Clone, Debug, Default)]
pub struct SampledIds {
    pub collection: Id,
    pub ids: FxHashSet<String>,
    pub fields: FxHashMap<Id, FxHashSet<String>>,
}

impl Stats {
    fn add(&mut self, value: &Bson) {
        self.present += 1;
        *self.types.entry(value.bson_type()).or_default() += 1;
        match value {
            Bson::Object(fields) => self.add_document(fields),
            Bson::Array(items) => {
                self.longest_array = self.longest_array.max(items.len() as u64);
                for item in items {
                    let stats = self.items.get_or_insert_with(Box::default);
                    match item {
                        // The fields of documents in an array are the field's own (as
                        // `scores.score` is the path of each score's `score`).
                        Bson::Object(fields) => {
                            stats.present += 1;
                            *stats.types.entry(BsonType::Object).or_default() += 1;
                            self.add_document(fields);
                        }
                        other => stats.add(other),
                    }
                }
            }
            Bson::ObjectId(id)
                if self.object_ids.len() < KEPT_IDS && !self.object_ids.contains(id) =>
            {
                self.object_ids.insert(id.clone());
            }
            _ => {}
        }
    }

    fn add_document(&mut self, fields: &[(String, Bson)]) {
        self.documents += 1;
        // A key written twice in one document (JSON allows it) is present once.
        let mut seen: Vec<usize> = Vec::new();
        for (name, value) in fields {
            let k = match self.child_index.get(name) {
                Some(k) => *k,
                None => {
                    self.children.push((name.clone(), Stats::default()));
                    self.child_index
                        .insert(name.clone(), self.children.len() - 1);
                    self.children.len() - 1
                }
            };
            self.children[k].1.add(value);
            if seen.contains(&k) {
                self.children[k].1.present -= 1;
            } else {
                seen.push(k);
            }
        }
    }

    /// The fields of the embedded documents seen here, as values or as arrays' elements.
    fn fields(&self, ids: &mut IdGen, seen: &mut SampledIds) -> Vec<Field> {
        self.children
            .iter()
            .map(|(name, s)| s.field(name, self.documents, ids, seen))
            .collect()
    }

    fn field(&self, name: &str, of: u64, ids: &mut IdGen, seen: &mut SampledIds) -> Field {
        let mut types: Vec<(BsonType, u64)> = self.types.iter().map(|(t, n)| (*t, *n)).collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let item_types = self.items.as_ref().map_or(Vec::new(), |items| {
            let mut t: Vec<(BsonType, u64)> = items.types.iter().map(|(t, n)| (*t, *n)).collect();
            t.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            t.into_iter().map(|(t, _)| t).collect()
        });
        let id = ids.fresh();
        let mut values = self.object_ids.clone();
        if let Some(items) = &self.items {
            values.extend(items.object_ids.iter().cloned());
        }
        if !values.is_empty() {
            seen.fields.insert(id, values);
        }
        Field {
            id,
            name: name.to_string(),
            types: types.iter().map(|(t, _)| *t).collect(),
            required: self.present >= of && of > 0,
            fields: self.fields(ids, seen),
            item_types,
            observed: Some(Observed {
                present: self.present,
                of,
                types: types
                    .iter()
                    .map(|(t, n)| TypeCount {
                        bson_type: *t,
                        count: *n,
                    })
                    .collect(),
                longest_array: self.items.as_ref().map(|_| self.longest_array),
            }),
            ..Field::default()
        }
    }
}

/// Documents added one by one; [`Inference::collection`] says what they show.
#[derive(Default)]
pub struct Inference {
    root: Stats,
    largest: u64,
}

/// A value's size in BSON, without its name: what counts toward the 16 MB limit.
pub fn bson_size(value: &Bson) -> u64 {
    let document = |entries: &mut dyn Iterator<Item = (usize, &Bson)>| -> u64 {
        5 + entries
            .map(|(name, v)| 2 + name as u64 + bson_size(v))
            .sum::<u64>()
    };
    match value {
        Bson::Double(_) | Bson::Long(_) => 8,
        Bson::Int(_) => 4,
        Bson::Bool(_) => 1,
        Bson::Null => 0,
        Bson::String(s) => 5 + s.len() as u64,
        Bson::ObjectId(_) => 12,
        Bson::Decimal(_) => 16,
        Bson::Object(fields) => document(&mut fields.iter().map(|(k, v)| (k.len(), v))),
        Bson::Array(items) => document(
            &mut items
                .iter()
                .enumerate()
                .map(|(k, v)| (k.to_string().len(), v)),
        ),
        Bson::Other(t) => match t {
            BsonType::Date | BsonType::Timestamp => 8,
            BsonType::BinData => 5,
            BsonType::Regex => 2,
            BsonType::Javascript => 5,
            _ => 0,
        },
    }
}

impl Inference {
    pub fn add(&mut self, document: &Bson) {
        if let Bson::Object(fields) = document {
            self.root.add_document(fields);
            self.largest = self.largest.max(bson_size(document));
        }
    }

    /// Documents added so far.
    pub fn count(&self) -> u64 {
        self.root.documents
    }

    /// The collection `name` as the documents show it, its ids from `ids`.
    pub fn collection(&self, name: &str, ids: &mut IdGen) -> Collection {
        self.collection_and_ids(name, ids).0
    }

    /// The collection, and the ObjectId values it holds (for [`super::references`]).
    pub fn collection_and_ids(&self, name: &str, ids: &mut IdGen) -> (Collection, SampledIds) {
        let id = ids.fresh();
        let mut seen = SampledIds {
            collection: id,
            ..SampledIds::default()
        };
        let fields = self.root.fields(ids, &mut seen);
        if let Some(f) = fields.iter().find(|f| f.name == "_id") {
            seen.ids = seen.fields.get(&f.id).cloned().unwrap_or_default();
        }
        let c = Collection {
            id,
            name: name.to_string(),
            fields,
            sampled: Some(self.root.documents),
            largest_document: Some(self.largest),
            ..Collection::default()
        };
        (c, seen)
    }
}

/// The collection the sample text shows, or where the text stops being readable.
pub fn infer(name: &str, text: &str, ids: &mut IdGen) -> Result<Collection, ReadError> {
    let mut inference = Inference::default();
    for document in documents(text) {
        inference.add(&document?);
    }
    Ok(inference.collection(name, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(c: &'a Collection, path: &str) -> &'a Field {
        c.paths()
            .into_iter()
            .find(|(p, _)| p == path)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("no field {path}"))
    }

    #[test]
    fn a_key_written_twice_is_present_once() {
        let c =
            infer("c", r#"{"a": 1, "a": "x"} {"b": 1}"#, &mut IdGen::default()).expect("inferred");
        let a = field(&c, "a");
        assert!(!a.required, "one of two documents has a");
        assert_eq!(a.observed.as_ref().map(|o| o.present), Some(1));
        assert_eq!(
            a.types,
            [BsonType::String, BsonType::Int],
            "one each: in BSON type order"
        );
    }

    #[test]
    fn presence_unions_and_embedded_documents() {
        let mut ids = IdGen::default();
        let c = infer(
            "people",
            r#"{"_id": 1, "name": "a", "tags": ["x"], "profile": {"age": 3}}
               {"_id": {"$oid": "5a9427648b0beebeb69579e7"}, "name": "b", "tags": "y", "scores": [{"s": 1.5}, {"s": 2, "k": "q"}]}"#,
            &mut ids,
        )
        .expect("inferred");
        assert_eq!(c.sampled, Some(2));
        let id = field(&c, "_id");
        assert!(id.required);
        assert_eq!(
            id.types,
            [BsonType::Int, BsonType::ObjectId],
            "equal counts: in BSON type order"
        );
        let tags = field(&c, "tags");
        assert_eq!(tags.types, [BsonType::String, BsonType::Array]);
        assert!(!field(&c, "profile").required);
        assert!(field(&c, "profile.age").required, "in every profile");
        let s = field(&c, "scores.s");
        assert_eq!(s.types, [BsonType::Int, BsonType::Double]);
        assert!(s.required);
        assert!(!field(&c, "scores.k").required);
        assert_eq!(field(&c, "scores").item_types, [BsonType::Object]);
    }
}
