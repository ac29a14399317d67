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

/// Read straight into BSON values, in one pass: each object's entries are read in the order
/// written, then recognised as an Extended JSON wrapper (`{"$oid": …}`) or kept as a
/// document.
impl<'de> Deserialize<'de> for Bson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bson, D::Error> {
        struct BsonVisitor;
        impl<'de> Visitor<'de> for BsonVisitor {
            type Value = Bson;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Bson, E> {
                Ok(Bson::Null)
            }
            fn visit_none<E>(self) -> Result<Bson, E> {
                Ok(Bson::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Bson, E> {
                Ok(Bson::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Bson, E> {
                Ok(i32::try_from(v).map_or(Bson::Long(v), Bson::Int))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Bson, E> {
                Ok(match i64::try_from(v) {
                    Ok(i) => i32::try_from(i).map_or(Bson::Long(i), Bson::Int),
                    Err(_) => Bson::Double(v as f64),
                })
            }
            fn visit_f64<E>(self, v: f64) -> Result<Bson, E> {
                Ok(Bson::Double(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Bson, E> {
                Ok(Bson::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Bson, E> {
                Ok(Bson::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bson, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Bson::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Bson, A::Error> {
                let mut entries: Vec<(String, Bson)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Bson>()? {
                    entries.push((k, v));
                }
                Ok(wrapper(&entries).unwrap_or(Bson::Object(entries)))
            }
        }
        deserializer.deserialize_any(BsonVisitor)
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
}

impl<'a> DocumentReader<'a> {
    /// The next value of the input with where it starts, `T` read by serde (a [`Bson`], or
    /// the raw text of the value).
    fn read_next<T: Deserialize<'a>>(&mut self) -> Option<Result<(usize, T), ReadError>> {
        if self.done {
            return None;
        }
        self.skip_space();
        let text: &'a str = self.text;
        if self.array && text[self.at..].starts_with(']') {
            self.done = true;
            self.at += 1;
            self.skip_space();
            if self.at < text.len() {
                return self.fail_at(self.at, "text after the array of documents".into());
            }
            return None;
        }
        if self.at >= text.len() {
            self.done = true;
            if self.array {
                return self.fail_at(self.at, "the array of documents is not closed".into());
            }
            return None;
        }
        let start = self.at;
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<T>();
        match stream.next() {
            Some(Ok(value)) => {
                self.at = start + stream.byte_offset();
                if self.array {
                    self.skip_space();
                    match text[self.at..].chars().next() {
                        Some(',') => self.at += 1,
                        Some(']') => {}
                        _ => {
                            return self
                                .fail_at(self.at, "expected `,` or `]` after a document".into())
                        }
                    }
                }
                Some(Ok((start, value)))
            }
            Some(Err(e)) => Some(Err(self.parse_error(start, &e))),
            None => {
                self.done = true;
                None
            }
        }
    }

    /// A serde_json error in the value that starts at `start`, placed in the whole text
    /// (serde_json counts from the slice's start).
    pub fn parse_error(&mut self, start: usize, e: &serde_json::Error) -> ReadError {
        self.done = true;
        let (line, column) = self.line_column(start);
        let (line, column) = if e.line() <= 1 {
            (line, column + e.column().saturating_sub(1))
        } else {
            (line + e.line() - 1, e.column())
        };
        ReadError {
            line,
            column,
            message: read_error(e).message,
        }
    }

    fn fail_at<T>(&mut self, at: usize, message: String) -> Option<Result<T, ReadError>> {
        self.done = true;
        let (line, column) = self.line_column(at);
        Some(Err(ReadError {
            line,
            column,
            message,
        }))
    }

    /// The next document's text, unparsed, with where it starts: for readers that go over
    /// it themselves (inference reads it without building values).
    pub fn next_raw(&mut self) -> Option<Result<(usize, &'a str), ReadError>> {
        self.read_next::<&'a serde_json::value::RawValue>()
            .map(|r| r.map(|(start, raw)| (start, raw.get())))
    }

    /// An error about the document that starts at `start` (not one), at its place.
    pub fn document_error(&mut self, start: usize, message: String) -> ReadError {
        self.done = true;
        let (line, column) = self.line_column(start);
        ReadError {
            line,
            column,
            message,
        }
    }
}

impl Iterator for DocumentReader<'_> {
    type Item = Result<Bson, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.read_next::<Bson>()? {
            Ok((start, value)) => match document(value) {
                Ok(d) => Some(Ok(d)),
                Err(e) => self.fail_at(start, e.message),
            },
            Err(e) => Some(Err(e)),
        }
    }
}

fn document(value: Bson) -> Result<Bson, ReadError> {
    match value {
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
    use serde_json::Value;
    match value {
        Value::Null => Bson::Null,
        Value::Bool(b) => Bson::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i32::try_from(i).map_or(Bson::Long(i), Bson::Int),
            None => Bson::Double(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Bson::String(s.clone()),
        Value::Array(items) => Bson::Array(items.iter().map(from_value).collect()),
        Value::Object(map) => {
            let entries: Vec<(String, Bson)> = map
                .iter()
                .map(|(k, v)| (k.clone(), from_value(v)))
                .collect();
            wrapper(&entries).unwrap_or(Bson::Object(entries))
        }
    }
}

/// The BSON value an Extended JSON wrapper object stands for, or `None` for a document.
pub(crate) fn wrapper(entries: &[(String, Bson)]) -> Option<Bson> {
    // Only a `$`-key can start a wrapper: most documents are ruled out at once.
    let first = entries.first()?;
    if entries.len() > 2 || !first.0.starts_with('$') {
        return None;
    }
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let text = |b: &Bson| match b {
        Bson::String(s) => Some(s.clone()),
        _ => None,
    };
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
