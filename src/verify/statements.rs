//! The statements of a script with their lines, so an engine's error can be shown at the
//! statement that caused it.

use crate::import::sql::split::split_statements;
use crate::model::Dialect;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// 1-based line of its first character.
    pub line: usize,
    pub text: String,
}

/// Splits `script` the way the importer does (quotes, dollar quotes, `DELIMITER`, `GO`).
pub fn statements(script: &str, dialect: Dialect) -> Vec<Statement> {
    split_statements(script, dialect)
        .into_iter()
        .filter_map(|p| {
            let text = script.get(p.start..p.end)?.trim();
            if text.is_empty() {
                return None;
            }
            let line = script[..p.start].matches('\n').count() + 1;
            Some(Statement {
                line,
                text: text.to_string(),
            })
        })
        .collect()
}

/// The statement that contains 1-based `line`.
pub fn statement_at_line(script: &str, dialect: Dialect, line: usize) -> Option<Statement> {
    statements(script, dialect)
        .into_iter()
        .take_while(|s| s.line <= line)
        .last()
}
