//! A collection's document model inferred from sample documents: per field (to any depth,
//! through embedded documents and arrays of them) how many documents had it, the types its
//! values had (a union when more than one), and whether it is required (present in every
//! document, or every embedded document, that could have had it).
//!
//! Documents are added one at a time ([`Inference::add`]), so a caller can read a big input
//! in chunks and report progress between them.

use rustc_hash::{FxHashMap, FxHashSet};

use serde::de::DeserializeSeed;

use super::extended_json::{documents, Bson, DocumentReader, ReadError};
use crate::model::document::{BsonType, Collection, Field, Observed, TypeCount};
use crate::model::{Id, IdGen};

/// What was seen of one field, or of the elements of an array.
#[derive(Default)]
struct Stats {
    /// Values seen.
    present: u64,
    /// Values seen of each type, by [`BsonType::ALL`]'s order.
    types: [u64; BsonType::ALL.len()],
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
    /// The child stats for field `name`, made when first seen.
    fn child(&mut self, name: &str) -> usize {
        match self.child_index.get(name) {
            Some(k) => *k,
            None => {
                self.children.push((name.to_string(), Stats::default()));
                self.child_index
                    .insert(name.to_string(), self.children.len() - 1);
                self.children.len() - 1
            }
        }
    }

    fn seen(&mut self, t: BsonType) {
        self.present += 1;
        self.types[t as usize] += 1;
    }

    /// The types seen with their counts, most common first (then in BSON type order).
    fn type_counts(&self) -> Vec<(BsonType, u64)> {
        let mut types: Vec<(BsonType, u64)> = BsonType::ALL
            .iter()
            .map(|t| (*t, self.types[*t as usize]))
            .filter(|(_, n)| *n > 0)
            .collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        types
    }

    fn add(&mut self, value: &Bson) {
        self.present += 1;
        self.types[value.bson_type() as usize] += 1;
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
                            stats.types[BsonType::Object as usize] += 1;
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
            let k = self.child(name);
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
        let types = self.type_counts();
        let item_types = self.items.as_ref().map_or(Vec::new(), |items| {
            items.type_counts().into_iter().map(|(t, _)| t).collect()
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

impl Inference {
    /// Reads the reader's next document straight into the statistics, building no values
    /// (what makes inference fast, in the browser above all); `None` at the end.
    pub fn read_next(&mut self, reader: &mut DocumentReader<'_>) -> Option<Result<(), ReadError>> {
        let (start, raw) = match reader.next_raw()? {
            Ok(r) => r,
            Err(e) => return Some(Err(e)),
        };
        let mut de = serde_json::Deserializer::from_str(raw);
        match stream::Root(&mut self.root).deserialize(&mut de) {
            Ok(Ok(size)) => {
                self.largest = self.largest.max(size);
                Some(Ok(()))
            }
            Ok(Err(t)) => Some(Err(reader.document_error(
                start,
                format!("a {} where a document was expected", t.name()),
            ))),
            Err(e) => Some(Err(reader.parse_error(start, &e))),
        }
    }

    /// Reads every document of the text; the error where it stops being readable.
    pub fn read_all(&mut self, text: &str) -> Result<(), ReadError> {
        let mut reader = documents(text);
        while let Some(r) = self.read_next(&mut reader) {
            r?;
        }
        Ok(())
    }
}

/// The collection the sample text shows, or where the text stops being readable.
pub fn infer(name: &str, text: &str, ids: &mut IdGen) -> Result<Collection, ReadError> {
    let mut inference = Inference::default();
    inference.read_all(text)?;
    Ok(inference.collection(name, ids))
}

/// Samples read into the statistics as serde reads them, with no tree of values in between:
/// keys borrowed from the text, strings and numbers only counted, and an object held back
/// only while its first keys could still make it an Extended JSON wrapper.
mod stream {
    use std::borrow::Cow;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    use super::{bson_size, Stats};
    use crate::import::extended_json::{wrapper, Bson};
    use crate::model::document::BsonType;

    /// A key, borrowed from the text unless it holds escapes.
    struct Key<'de>(Cow<'de, str>);

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a key")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(v.to_string())))
                }
                fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(v)))
                }
            }
            d.deserialize_str(V)
        }
    }

    /// Where a value goes: a field's value, an element of a field's array, or a document
    /// of the collection.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Place {
        Value,
        Element,
        Root,
    }

    /// The number of decimal digits of `n` (an array index's key length in BSON).
    fn digits(n: u64) -> u64 {
        n.checked_ilog10().map_or(1, |d| u64::from(d) + 1)
    }

    /// Counts a scalar (or wrapped) value of type `t` where it goes.
    fn scalar(stats: &mut Stats, place: Place, t: BsonType) {
        match place {
            Place::Element => stats.items.get_or_insert_with(Box::default).seen(t),
            _ => stats.seen(t),
        }
    }

    /// A value read into `stats` at `place`; `Ok(Ok(size))`, or for the root a value that
    /// is no document, `Ok(Err(its type))`.
    struct Reading<'a> {
        stats: &'a mut Stats,
        place: Place,
    }

    type Outcome = Result<u64, BsonType>;

    impl<'de> Visitor<'de> for Reading<'_> {
        type Value = Outcome;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_unit<E>(self) -> Result<Outcome, E> {
            self.one(BsonType::Null, 0)
        }
        fn visit_none<E>(self) -> Result<Outcome, E> {
            self.one(BsonType::Null, 0)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Outcome, E> {
            self.one(BsonType::Bool, 1)
        }
        fn visit_i64<E>(self, v: i64) -> Result<Outcome, E> {
            if i32::try_from(v).is_ok() {
                self.one(BsonType::Int, 4)
            } else {
                self.one(BsonType::Long, 8)
            }
        }
        fn visit_u64<E>(self, v: u64) -> Result<Outcome, E> {
            match i64::try_from(v) {
                Ok(i) if i32::try_from(i).is_ok() => self.one(BsonType::Int, 4),
                Ok(_) => self.one(BsonType::Long, 8),
                Err(_) => self.one(BsonType::Double, 8),
            }
        }
        fn visit_f64<E>(self, _: f64) -> Result<Outcome, E> {
            self.one(BsonType::Double, 8)
        }
        fn visit_str<E>(self, v: &str) -> Result<Outcome, E> {
            self.one(BsonType::String, 5 + v.len() as u64)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Outcome, A::Error> {
            if self.place == Place::Root {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                return Ok(Err(BsonType::Array));
            }
            // An array as an element of an array is a value of the field's items.
            let field: &mut Stats = match self.place {
                Place::Element => self.stats.items.get_or_insert_with(Box::default),
                _ => self.stats,
            };
            field.seen(BsonType::Array);
            let mut n: u64 = 0;
            let mut size: u64 = 5;
            while let Some(element) = seq.next_element_seed(Seed {
                stats: &mut *field,
                place: Place::Element,
            })? {
                size += 2 + digits(n) + element.unwrap_or(0);
                n += 1;
            }
            field.longest_array = field.longest_array.max(n);
            Ok(Ok(size))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outcome, A::Error> {
            let Reading { stats, place } = self;
            // Leading `$` keys (two at most) wait until it is clear whether the object is
            // a wrapper such as {"$oid": …} or {"$binary": …, "$type": …}.
            let mut leading: Vec<(String, Bson)> = Vec::new();
            let mut next: Option<Key<'de>> = None;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                if leading.len() < 2 && key.0.starts_with('$') {
                    let value: Bson = map.next_value()?;
                    leading.push((key.0.into_owned(), value));
                } else {
                    next = Some(key);
                    break;
                }
            }
            if next.is_none() {
                if let Some(w) = wrapper(&leading) {
                    if place == Place::Root {
                        return Ok(Err(w.bson_type()));
                    }
                    match place {
                        Place::Element => stats.items.get_or_insert_with(Box::default).add(&w),
                        _ => stats.add(&w),
                    }
                    return Ok(Ok(bson_size(&w)));
                }
            }
            match place {
                Place::Root => {}
                Place::Value => stats.seen(BsonType::Object),
                Place::Element => stats
                    .items
                    .get_or_insert_with(Box::default)
                    .seen(BsonType::Object),
            }
            stats.documents += 1;
            // Fields seen in this document: a bit each for the first 128, a list after.
            let mut bits: u128 = 0;
            let mut more: Vec<usize> = Vec::new();
            let mut once = |stats: &mut Stats, k: usize| {
                let again = if k < 128 {
                    let b = 1u128 << k;
                    let again = bits & b != 0;
                    bits |= b;
                    again
                } else if more.contains(&k) {
                    true
                } else {
                    more.push(k);
                    false
                };
                if again {
                    stats.children[k].1.present -= 1;
                }
            };
            let mut size: u64 = 5;
            for (name, value) in &leading {
                let k = stats.child(name);
                stats.children[k].1.add(value);
                once(stats, k);
                size += 2 + name.len() as u64 + bson_size(value);
            }
            while let Some(key) = next {
                let k = stats.child(&key.0);
                let value = map.next_value_seed(Seed {
                    stats: &mut stats.children[k].1,
                    place: Place::Value,
                })?;
                once(stats, k);
                size += 2 + key.0.len() as u64 + value.unwrap_or(0);
                next = map.next_key::<Key<'de>>()?;
            }
            Ok(Ok(size))
        }
    }

    impl Reading<'_> {
        fn one<E>(self, t: BsonType, size: u64) -> Result<Outcome, E> {
            if self.place == Place::Root {
                return Ok(Err(t));
            }
            scalar(self.stats, self.place, t);
            Ok(Ok(size))
        }
    }

    struct Seed<'a> {
        stats: &'a mut Stats,
        place: Place,
    }

    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Outcome;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
            d.deserialize_any(Reading {
                stats: self.stats,
                place: self.place,
            })
        }
    }

    /// A document of the collection, read into the root's statistics.
    pub struct Root<'a>(pub &'a mut Stats);

    impl<'de> DeserializeSeed<'de> for Root<'_> {
        type Value = Outcome;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Outcome, D::Error> {
            d.deserialize_any(Reading {
                stats: self.0,
                place: Place::Root,
            })
        }
    }
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

    /// Reading documents straight into the statistics gives what adding read values gives,
    /// on every corpus collection and on the shapes that differ between the two paths
    /// (wrappers, arrays of arrays, keys written twice, escaped keys).
    #[test]
    fn streamed_reading_is_inference_of_read_values() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/mongo");
        let mut texts: Vec<String> = [
            "products",
            "books",
            "grades",
            "students",
            "restaurant",
            "countries-small",
            "profiles",
        ]
        .iter()
        .map(|n| std::fs::read_to_string(dir.join(format!("{n}.json"))).expect("corpus"))
        .collect();
        texts.push(
            r#"[{"a": [[1, [2, {"x": 1}]], {"b": {"$oid": "5a9427648b0beebeb69579e7"}}, {"$oid": "5a9427648b0beebeb69579e8"}],
                "a": 1, "k\u0065y": {"$binary": "AA", "$type": "00"}, "$q": {"$regex": "x"}, "$p": 1, "$r": 2,
                "d": {"$date": {"$numberLong": "5"}}, "n": {"$numberInt": "x"}, "big": 18446744073709551615}]"#
                .to_string(),
        );
        for text in &texts {
            let mut by_values = Inference::default();
            for d in documents(text) {
                by_values.add(&d.expect("a document"));
            }
            let mut streamed = Inference::default();
            streamed.read_all(text).expect("read");
            let (a, ia) = by_values.collection_and_ids("c", &mut IdGen::default());
            let (b, ib) = streamed.collection_and_ids("c", &mut IdGen::default());
            assert_eq!(a, b);
            assert_eq!((ia.ids, ia.fields), (ib.ids, ib.fields));
        }
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
