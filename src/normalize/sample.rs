//! Sample rows for dependency discovery: a CSV file with a header, or rows taken from a
//! dump, each value replaced by a small number per column (equal text, equal number; an
//! empty field is a NULL and equals every other NULL, as Desbordante and TANE treat them).

use std::collections::HashMap;

use super::attrs::MAX_ATTRIBUTES;

/// Columns of value ids: `columns[c][row]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub names: Vec<String>,
    pub columns: Vec<Vec<u32>>,
    pub rows: usize,
}

/// Why a CSV could not be read, with the line it stopped at (1-based, 0 when none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleError {
    pub message: String,
    pub line: u64,
}

impl std::fmt::Display for SampleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// Builds a sample column by column as rows arrive.
pub struct SampleBuilder {
    names: Vec<String>,
    columns: Vec<Vec<u32>>,
    ids: Vec<HashMap<String, u32>>,
}

impl SampleBuilder {
    pub fn new(names: Vec<String>) -> SampleBuilder {
        let n = names.len();
        SampleBuilder {
            names,
            columns: vec![Vec::new(); n],
            ids: vec![HashMap::new(); n],
        }
    }

    /// Adds a row; `None` values are NULLs. The row must have one value per column.
    pub fn push<'a>(&mut self, values: impl IntoIterator<Item = Option<&'a str>>) {
        for ((column, ids), value) in self.columns.iter_mut().zip(&mut self.ids).zip(values) {
            let key = value.unwrap_or("\u{0}NULL");
            let next = ids.len() as u32;
            let id = match ids.get(key) {
                Some(&id) => id,
                None => {
                    ids.insert(key.to_string(), next);
                    next
                }
            };
            column.push(id);
        }
    }

    pub fn finish(self) -> Sample {
        let rows = self.columns.first().map_or(0, Vec::len);
        Sample {
            names: self.names,
            columns: self.columns,
            rows,
        }
    }
}

/// Reads a CSV with a header line. Quoted fields may hold commas, quotes and line breaks;
/// a row with a different number of fields than the header is refused with its line.
pub fn read_csv(text: &str) -> Result<Sample, SampleError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "this row has {len} field{}, the header has {expected_len}",
                if *len == 1 { "" } else { "s" }
            ),
            csv::ErrorKind::Utf8 { .. } => "this row is not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        SampleError { message, line }
    };
    let header = reader.headers().map_err(error)?.clone();
    let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    if names.is_empty() || names.iter().all(String::is_empty) {
        return Err(SampleError {
            message: "the file has no header line naming its columns".into(),
            line: 1,
        });
    }
    if names.len() > MAX_ATTRIBUTES {
        return Err(SampleError {
            message: format!(
                "the file has {} columns; dependency discovery takes at most {MAX_ATTRIBUTES}",
                names.len()
            ),
            line: 1,
        });
    }
    let mut builder = SampleBuilder::new(names);
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(error)? {
        builder.push(record.iter().map(|v| (!v.is_empty()).then_some(v)));
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_ids_per_column_and_nulls_equal_each_other() {
        let s = read_csv("a,b\n1,x\n2,\n1,\"x\"\n3,\n").expect("reads");
        assert_eq!(s.names, vec!["a", "b"]);
        assert_eq!(s.rows, 4);
        assert_eq!(s.columns[0], vec![0, 1, 0, 2]);
        assert_eq!(s.columns[1], vec![0, 1, 0, 1]);
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        let s = read_csv("a,b\n\"one\ntwo\",1\nthree,2\n").expect("reads");
        assert_eq!(s.rows, 2);
    }

    #[test]
    fn a_ragged_row_is_refused_with_its_line() {
        let e = read_csv("a,b,c\n1,2,3\n4,5\n").expect_err("ragged");
        assert_eq!(e.line, 3);
        assert_eq!(
            e.to_string(),
            "line 3: this row has 2 fields, the header has 3"
        );
        let e = read_csv("a,b\n\"open,1\n").map(|s| s.rows);
        // An unterminated quote runs to the end of the file: one field, refused as ragged.
        assert!(e.is_err());
    }
}
