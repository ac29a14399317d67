//! What an import did with each statement: nothing is dropped silently.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Position, Severity};

/// A statement that did not become part of the model, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkippedStatement {
    pub position: Position,
    /// The statement's leading keywords, e.g. `INSERT` or `CREATE FUNCTION`.
    pub kind: String,
    pub reason: String,
    /// `Error` for text the parser rejected; `Info` or `Warning` for statements understood
    /// but not modelled (data, session settings, routines).
    pub severity: Severity,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Statements found in the text.
    pub statements: usize,
    /// Statements that changed the model.
    pub imported: usize,
    pub skipped: Vec<SkippedStatement>,
}

impl ImportReport {
    /// The parse errors, the only entries that mean the text is not valid SQL.
    pub fn errors(&self) -> impl Iterator<Item = &SkippedStatement> {
        self.skipped
            .iter()
            .filter(|s| s.severity == Severity::Error)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}
