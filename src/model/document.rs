//! The document (MongoDB) side of the model: collections of documents whose fields hold BSON
//! values, embedded documents to any depth, arrays, references between collections,
//! validation facets and indexes. Every collection and field has an id, as tables and
//! columns do, so edits, diffs and positions follow them through renames.

use serde::{Deserialize, Serialize};

use super::ids::Id;

/// A BSON type, by the name `$jsonSchema`'s `bsonType` gives it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum BsonType {
    #[default]
    String,
    Int,
    Long,
    Double,
    Decimal,
    Bool,
    Date,
    Timestamp,
    ObjectId,
    BinData,
    Regex,
    Array,
    Object,
    Null,
    MinKey,
    MaxKey,
    Javascript,
}

impl BsonType {
    pub const ALL: [BsonType; 17] = [
        BsonType::String,
        BsonType::Int,
        BsonType::Long,
        BsonType::Double,
        BsonType::Decimal,
        BsonType::Bool,
        BsonType::Date,
        BsonType::Timestamp,
        BsonType::ObjectId,
        BsonType::BinData,
        BsonType::Regex,
        BsonType::Array,
        BsonType::Object,
        BsonType::Null,
        BsonType::MinKey,
        BsonType::MaxKey,
        BsonType::Javascript,
    ];

    /// The name `$jsonSchema` uses (`objectId`, `binData`, ...).
    pub fn name(self) -> &'static str {
        match self {
            BsonType::String => "string",
            BsonType::Int => "int",
            BsonType::Long => "long",
            BsonType::Double => "double",
            BsonType::Decimal => "decimal",
            BsonType::Bool => "bool",
            BsonType::Date => "date",
            BsonType::Timestamp => "timestamp",
            BsonType::ObjectId => "objectId",
            BsonType::BinData => "binData",
            BsonType::Regex => "regex",
            BsonType::Array => "array",
            BsonType::Object => "object",
            BsonType::Null => "null",
            BsonType::MinKey => "minKey",
            BsonType::MaxKey => "maxKey",
            BsonType::Javascript => "javascript",
        }
    }

    pub fn parse(name: &str) -> Option<BsonType> {
        BsonType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// A number type (`$jsonSchema`'s `"number"` alias covers these).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            BsonType::Int | BsonType::Long | BsonType::Double | BsonType::Decimal
        )
    }
}

/// How often a type was seen for a field in the samples (empty when the model was drawn or
/// read from a validator rather than inferred).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TypeCount {
    pub bson_type: BsonType,
    pub count: u64,
}

/// The validation facets `$jsonSchema` can state about a field's values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_minimum: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive_maximum: bool,
    /// Allowed values, as JSON (Extended JSON for BSON-only types).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique_items: bool,
    /// For an embedded document: whether fields the model does not list are allowed
    /// (`None`: not stated, so allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<bool>,
}

/// A field of a document or of an embedded document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub id: Id,
    pub name: String,
    /// The types its values may have (a union when more than one).
    pub types: Vec<BsonType>,
    /// Whether every document has it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The fields of its embedded document (type `object`, or the elements of an array of
    /// documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For an array: the types of its elements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_types: Vec<BsonType>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub facets: Facets,
    /// For an array: the facets of its elements.
    #[serde(default, skip_serializing_if = "is_default")]
    pub item_facets: Facets,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The value a migration gives documents that lack the field when it becomes required
    /// (as Extended JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// What the samples showed: in how many documents (or parent values) it was present,
    /// and its types' counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<Observed>,
}

/// What inference saw of a field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observed {
    /// Values seen (one per document or parent value that had the field).
    pub present: u64,
    /// Documents or parent values that could have had it.
    pub of: u64,
    pub types: Vec<TypeCount>,
    /// For an array: the longest one seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longest_array: Option<u64>,
}

fn is_default<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

/// How many documents of the referenced collection one value points to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cardinality {
    /// One value, one document.
    #[default]
    One,
    /// An array of references.
    Many,
}

/// A field that holds the `_id` of documents of another collection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    pub id: Id,
    /// The path of field ids from the collection's top level to the referencing field.
    pub path: Vec<Id>,
    pub to: Id,
    pub cardinality: Cardinality,
    /// Proposed by inference, not yet confirmed by the user.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
}

/// An index's kind of key for one field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyKind {
    #[default]
    Ascending,
    Descending,
    Text,
    Hashed,
    #[serde(rename = "2dsphere")]
    Sphere2d,
    #[serde(rename = "2d")]
    Flat2d,
}

/// One key of an index: a dotted field path (`$**` and `a.$**` for wildcard indexes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexKey {
    pub path: String,
    pub kind: KeyKind,
}

/// A collection's index, with the options `createIndex` takes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentIndex {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub keys: Vec<IndexKey>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sparse: bool,
    /// `partialFilterExpression`, as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_filter: Option<serde_json::Value>,
    /// TTL: documents expire this many seconds after the date in the (single) key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_after_seconds: Option<u64>,
    /// Text index weights by field path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<(String, u32)>,
    /// `collation`, as JSON (`{"locale": "fr", "strength": 2}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<serde_json::Value>,
}

/// Which writes the validator checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ValidationLevel {
    #[default]
    Strict,
    Moderate,
    Off,
}

/// What a failed validation does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ValidationAction {
    #[default]
    Error,
    Warn,
}

/// A collection: its documents' fields, references, indexes and validation settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    pub id: Id,
    pub name: String,
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<DocumentIndex>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub validation_level: ValidationLevel,
    #[serde(default, skip_serializing_if = "is_default")]
    pub validation_action: ValidationAction,
    /// Whether top-level fields the model does not list are allowed (`None`: not stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many sample documents the model was inferred from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampled: Option<u64>,
    /// The BSON size in bytes of the largest sample document (at least: values the samples
    /// keep only the type of count at their smallest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub largest_document: Option<u64>,
}

impl Collection {
    /// The field at a path of ids, through embedded documents.
    pub fn field_at(&self, path: &[Id]) -> Option<&Field> {
        let (first, rest) = path.split_first()?;
        let mut field = self.fields.iter().find(|f| f.id == *first)?;
        for id in rest {
            field = field.fields.iter().find(|f| f.id == *id)?;
        }
        Some(field)
    }

    /// Every field with its dotted path, depth first.
    pub fn paths(&self) -> Vec<(String, &Field)> {
        fn walk<'a>(prefix: &str, fields: &'a [Field], out: &mut Vec<(String, &'a Field)>) {
            for f in fields {
                let path = if prefix.is_empty() {
                    f.name.clone()
                } else {
                    format!("{prefix}.{}", f.name)
                };
                out.push((path.clone(), f));
                walk(&path, &f.fields, out);
            }
        }
        let mut out = Vec::new();
        walk("", &self.fields, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bson_type_names_read_back() {
        for t in BsonType::ALL {
            assert_eq!(BsonType::parse(t.name()), Some(t));
        }
        assert_eq!(BsonType::parse("integer"), None);
    }

    #[test]
    fn paths_go_through_embedded_documents() {
        let c = Collection {
            id: Id(1),
            name: "people".into(),
            fields: vec![Field {
                id: Id(2),
                name: "profile".into(),
                types: vec![BsonType::Object],
                fields: vec![Field {
                    id: Id(3),
                    name: "first".into(),
                    types: vec![BsonType::String],
                    ..Field::default()
                }],
                ..Field::default()
            }],
            ..Collection::default()
        };
        let paths: Vec<String> = c.paths().into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["profile", "profile.first"]);
        assert_eq!(
            c.field_at(&[Id(2), Id(3)]).map(|f| f.name.as_str()),
            Some("first")
        );
    }
}
