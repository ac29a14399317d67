//! DBML import.

pub(crate) mod lexer;
mod parser;

use crate::diagnostic::{Position, Severity};
use crate::import::sql::{SkippedStatement, SqlImport};

/// Imports DBML. Never panics: problems are reported with their positions, and every block
/// that parses is kept.
pub fn import_dbml(text: &str) -> SqlImport {
    let (tokens, problems) = lexer::lex(text);
    let (model, mut report, spans) = parser::Parser::new(&tokens).run();
    let model = crate::import::consistency::make_consistent(model, &mut report, |_| Position {
        line: 1,
        column: 1,
    });
    for problem in problems {
        report.skipped.push(SkippedStatement {
            position: problem.position.unwrap_or(Position { line: 1, column: 1 }),
            kind: "DBML".into(),
            reason: problem.message,
            severity: Severity::Error,
        });
    }
    report.skipped.sort_by_key(|s| s.position);
    SqlImport {
        model,
        report,
        spans,
    }
}
