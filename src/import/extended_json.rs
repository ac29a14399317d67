//! MongoDB Extended JSON read into BSON-typed values: v2 canonical and relaxed
//! (`{"$numberInt": "1"}`, `{"$date": {"$numberLong": "…"}}`, `{"$binary": {"base64", "subType"}}`)
//! and the v1 shell forms mongoexport writes (`{"$oid": …}`, `{"$date": "2009-04-01T00:00:00.000-0700"}`,
//! `{"$binary": "…", "$type": "00"}`, `{"$regex": …, "$options": …}`). Input is a JSON array of
//! documents, or documents one after another (NDJSON, mongoexport). Keys keep their order.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model::document::BsonType;

/// A BSON value as the samples hold it. Values inference does not look into keep only
/// their type.
#[derive(Clone, Debug, PartialEq)]
pub enum Bson {
    Double(f64),
    String(String),
    Object(Vec<(String, Bson)>),
    Array(Vec<Bson>),
    ObjectId(String),
    Bool(bool),
    Null,
    Int(i32),
    Long(i64),
    /// A decimal128, as written (validators compare it as a number).
    Decimal(String),
    /// Any other type, by its name (`date`, `decimal`, `binData`, `timestamp`, ...).
    Other(BsonType),
}

impl Bson {
    pub fn bson_type(&self) -> BsonType {
        match self {
            Bson::Double(_) => BsonType::Double,
            Bson::String(_) => BsonType::String,
            Bson::Object(_) => BsonType::Object,
            Bson::Array(_) => BsonType::Array,
            Bson::ObjectId(_) => BsonType::ObjectId,
            Bson::Bool(_) => BsonType::Bool,
            Bson::Null => BsonType::Null,
            Bson::Int(_) => BsonType::Int,
            Bson::Long(_) => BsonType::Long,
            Bson::Decimal(_) => BsonType::Decimal,
            Bson::Other(t) => *t,
        }
    }
}

/// JSON with the keys of each object in the order written.
enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct JsonVisitor;
        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Json, E> {
                Ok(Json::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Json>()? {
                    entries.push((k, v));
                }
                Ok(Json::Object(entries))
            }
        }
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// Input that is not JSON, with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn read_error(e: &serde_json::Error) -> ReadError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; the position is said apart.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_string();
    ReadError {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// The documents of a sample text, one by one: the elements of a top-level array, or the
/// values one after another. A value that is not a document is an error at its place.
pub fn documents(text: &str) -> DocumentReader<'_> {
    DocumentReader::new(text)
}

/// Reads documents one at a time, an array's elements included (a 50 MB array is not
/// parsed whole before the first document), and says how far it has read, so a caller can
/// show progress and hand the thread back between documents.
pub struct DocumentReader<'a> {
    text: &'a str,
    at: usize,
    array: bool,
    done: bool,
}

impl<'a> DocumentReader<'a> {
    pub fn new(text: &'a str) -> DocumentReader<'a> {
        let start = text.len() - text.trim_start().len();
        let array = text[start..].starts_with('[');
        DocumentReader {
            text,
            at: if array { start + 1 } else { start },
            array,
            done: false,
        }
    }

    /// Bytes read so far.
    pub fn offset(&self) -> usize {
        self.at
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    /// Where byte `at` is, as 1-based line and column.
    fn line_column(&self, at: usize) -> (usize, usize) {
        let before = &self.text[..at.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |k| k + 1) + 1;
        (line, column)
    }

    fn fail(&mut self, at: usize, message: String) -> Option<Result<Bson, ReadError>> {
        self.done = true;
        let (line, column) = self.line_column(at);
        Some(Err(ReadError {
            line,
            column,
            message,
        }))
    }
}

impl Iterator for DocumentReader<'_> {
    type Item = Result<Bson, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.skip_space();
        if self.array && self.text[self.at..].starts_with(']') {
            self.done = true;
            self.at += 1;
            self.skip_space();
            if self.at < self.text.len() {
                return self.fail(self.at, "text after the array of documents".into());
            }
            return None;
        }
        if self.at >= self.text.len() {
            self.done = true;
            if self.array {
                return self.fail(self.at, "the array of documents is not closed".into());
            }
            return None;
        }
        let start = self.at;
        let mut stream =
            serde_json::Deserializer::from_str(&self.text[start..]).into_iter::<Json>();
        match stream.next() {
            Some(Ok(value)) => {
                self.at = start + stream.byte_offset();
                if self.array {
                    self.skip_space();
                    match self.text[self.at..].chars().next() {
                        Some(',') => self.at += 1,
                        Some(']') => {}
                        _ => {
                            return self
                                .fail(self.at, "expected `,` or `]` after a document".into())
                        }
                    }
                }
                match document(value) {
                    Ok(d) => Some(Ok(d)),
                    Err(e) => self.fail(start, e.message),
                }
            }
            Some(Err(e)) => {
                // serde_json counts from the slice's start; the slice starts mid-text.
                let (line, column) = self.line_column(start);
                let (line, column) = if e.line() <= 1 {
                    (line, column + e.column().saturating_sub(1))
                } else {
                    (line + e.line() - 1, e.column())
                };
                self.done = true;
                let r = read_error(&e);
                Some(Err(ReadError {
                    line,
                    column,
                    message: r.message,
                }))
            }
            None => {
                self.done = true;
                None
            }
        }
    }
}

fn document(value: Json) -> Result<Bson, ReadError> {
    match bson(value) {
        b @ Bson::Object(_) => Ok(b),
        other => Err(ReadError {
            line: 0,
            column: 0,
            message: format!(
                "a {} where a document was expected",
                other.bson_type().name()
            ),
        }),
    }
}

/// A parsed JSON value (a validator's `enum`, say) read as Extended JSON.
pub fn from_value(value: &serde_json::Value) -> Bson {
    bson(json(value))
}

fn json(value: &serde_json::Value) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(n.clone()),
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(json).collect()),
        Value::Object(entries) => {
            Json::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect())
        }
    }
}

/// A JSON value read as Extended JSON.
fn bson(value: Json) -> Bson {
    match value {
        Json::Null => Bson::Null,
        Json::Bool(b) => Bson::Bool(b),
        Json::String(s) => Bson::String(s),
        Json::Number(n) => number(&n),
        Json::Array(items) => Bson::Array(items.into_iter().map(bson).collect()),
        Json::Object(entries) => match wrapper(&entries) {
            Some(b) => b,
            None => Bson::Object(entries.into_iter().map(|(k, v)| (k, bson(v))).collect()),
        },
    }
}

/// A relaxed-mode number: an integer that fits 32 bits is an int, a larger one a long, any
/// other a double.
fn number(n: &serde_json::Number) -> Bson {
    if let Some(i) = n.as_i64() {
        return i32::try_from(i).map_or(Bson::Long(i), Bson::Int);
    }
    Bson::Double(n.as_f64().unwrap_or(f64::NAN))
}

/// The BSON value an Extended JSON wrapper object stands for, or `None` for a document.
fn wrapper(entries: &[(String, Json)]) -> Option<Bson> {
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let text = |j: &Json| match j {
        Json::String(s) => Some(s.clone()),
        _ => None,
    };
    let first = entries.first()?;
    match keys.as_slice() {
        ["$oid"] => text(&first.1).map(Bson::ObjectId),
        ["$numberInt"] => text(&first.1).and_then(|s| s.parse().ok()).map(Bson::Int),
        ["$numberLong"] => text(&first.1).and_then(|s| s.parse().ok()).map(Bson::Long),
        ["$numberDouble"] => text(&first.1).map(|s| {
            Bson::Double(match s.as_str() {
                "Infinity" => f64::INFINITY,
                "-Infinity" => f64::NEG_INFINITY,
                "NaN" => f64::NAN,
                _ => s.parse().unwrap_or(f64::NAN),
            })
        }),
        ["$numberDecimal"] => text(&first.1).map(Bson::Decimal),
        ["$date"] => Some(Bson::Other(BsonType::Date)),
        ["$timestamp"] => Some(Bson::Other(BsonType::Timestamp)),
        ["$binary"] | ["$binary", "$type"] | ["$type", "$binary"] | ["$uuid"] => {
            Some(Bson::Other(BsonType::BinData))
        }
        ["$regularExpression"] | ["$regex", "$options"] | ["$options", "$regex"] => {
            Some(Bson::Other(BsonType::Regex))
        }
        // `{"$regex": …}` alone is a query operator in a document (profiler output holds
        // them); only the v1 pair above is a regular expression value.
        ["$minKey"] => Some(Bson::Other(BsonType::MinKey)),
        ["$maxKey"] => Some(Bson::Other(BsonType::MaxKey)),
        ["$code"] | ["$code", "$scope"] => Some(Bson::Other(BsonType::Javascript)),
        ["$symbol"] => text(&first.1).map(Bson::String),
        ["$undefined"] => Some(Bson::Null),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Bson> {
        documents(text).collect::<Result<_, _>>().expect("read")
    }

    #[test]
    fn shell_and_canonical_forms_read_as_their_types() {
        let docs = read(
            r#"{"_id": {"$oid": "5a9427648b0beebeb69579e7"}, "n": 1, "big": 12345678901, "x": 1.5,
               "d": {"$date": "2009-04-01T00:00:00.000-0700"}, "l": {"$numberLong": "7"},
               "i": {"$numberInt": "3"}, "dec": {"$numberDecimal": "1.1"},
               "b": {"$binary": "AAEC", "$type": "00"}, "ts": {"$timestamp": {"t": 1, "i": 2}},
               "q": {"$regex": "x"}}"#,
        );
        let Bson::Object(fields) = &docs[0] else {
            panic!("a document")
        };
        let types: Vec<(&str, BsonType)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.bson_type()))
            .collect();
        assert_eq!(
            types,
            [
                ("_id", BsonType::ObjectId),
                ("n", BsonType::Int),
                ("big", BsonType::Long),
                ("x", BsonType::Double),
                ("d", BsonType::Date),
                ("l", BsonType::Long),
                ("i", BsonType::Int),
                ("dec", BsonType::Decimal),
                ("b", BsonType::BinData),
                ("ts", BsonType::Timestamp),
                ("q", BsonType::Object),
            ]
        );
    }

    #[test]
    fn arrays_and_lines_both_hold_documents() {
        assert_eq!(read("[{\"a\": 1}, {\"a\": 2}]").len(), 2);
        assert_eq!(read("{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": 3}\n").len(), 3);
    }

    #[test]
    fn arrays_are_read_element_by_element_with_positions() {
        let mut r = documents("[\n  {\"a\": 1},\n  {\"a\": 2}\n]");
        assert!(matches!(r.next(), Some(Ok(_))));
        let after_first = r.offset();
        assert!(after_first > 2 && after_first < 20);
        assert!(matches!(r.next(), Some(Ok(_))));
        assert!(r.next().is_none());
        let errors: Vec<ReadError> = documents("[{\"a\": 1},\n 5]")
            .filter_map(Result::err)
            .collect();
        assert_eq!(
            errors,
            [ReadError {
                line: 2,
                column: 2,
                message: "a int where a document was expected".into()
            }]
        );
        let e = documents("[{\"a\": 1} {\"a\": 2}]").find_map(Result::err);
        assert_eq!(e.map(|e| (e.line, e.column)), Some((1, 11)));
        let e = documents("[{\"a\": 1},").find_map(Result::err);
        assert!(e.is_some_and(|e| e.message.contains("not closed")));
    }

    #[test]
    fn bad_json_says_where() {
        let errors: Vec<ReadError> = documents("{\"a\": 1}\n{\"a\": }\n")
            .filter_map(Result::err)
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (2, 7));
        let deep = "[".repeat(300) + &"]".repeat(300);
        assert!(
            documents(&deep).any(|r| r.is_err()),
            "deep nesting is refused, not a crash"
        );
    }
}
