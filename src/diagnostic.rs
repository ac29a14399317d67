//! Messages about user input, always with a position when the input has one: a bad input
//! never panics, it becomes one of these.

use serde::{Deserialize, Serialize};

/// A 1-based line and column in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// `error`, `warning`, `info`: as the CLI, the JSON and the app's panels say it.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// How serious: info 0, warning 1, error 2.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Info => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub position: Option<Position>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, position: Option<Position>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            position,
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some(p) => write!(f, "line {}, column {}: {}", p.line, p.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Maps byte offsets of a text to line and column (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// How much of the text has been scanned for line breaks.
    scanned: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut index = LineIndex::partial(text);
        index.extend_to(text.len());
        index
    }

    /// An index that knows no line break yet: [`LineIndex::extend_to`] scans as far as
    /// needed, so a large text is indexed a slice at a time.
    pub fn partial(text: &'a str) -> Self {
        LineIndex {
            text,
            line_starts: vec![0],
            scanned: 0,
        }
    }

    /// Records the line breaks before `offset`; positions are right up to there.
    pub fn extend_to(&mut self, offset: usize) {
        let end = offset.min(self.text.len());
        if end <= self.scanned {
            return;
        }
        let start = self.scanned;
        self.line_starts.extend(
            self.text.as_bytes()[start..end]
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| start + i + 1),
        );
        self.scanned = end;
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let idx = LineIndex::new("ab\ncé d\n");
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(3), Position { line: 2, column: 1 });
        // 'é' is two bytes: offset 6 is the space after it, the third character.
        assert_eq!(idx.position(6), Position { line: 2, column: 3 });
        assert_eq!(idx.position(999), Position { line: 3, column: 1 });
    }
}
