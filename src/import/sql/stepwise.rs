//! The SQL importer as a resumable process: a 50 MB dump is imported a slice at a time, so
//! the browser can paint a progress bar and stay responsive between slices.

use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::parser::Parser;

use super::convert::ModelBuilder;
use super::split::{Piece, Splitter};
use super::tokens::StatementTokens;
use super::{
    leading_keywords, offset_position, parser_dialect, parser_error_position,
    skipped_without_parsing, token_statements, ImportReport, SkippedStatement, SqlImport,
};
use crate::diagnostic::{LineIndex, Position, Severity};
use crate::import::consistency::make_consistent;
use crate::model::Dialect;

/// Splits, parses and converts a script in steps; [`SqlImporter::finish`] gives the same
/// result as importing it in one go.
pub struct SqlImporter<'a> {
    text: &'a str,
    dialect: Dialect,
    parser_dialect: Box<dyn ParserDialect>,
    lines: LineIndex<'a>,
    splitter: Splitter<'a>,
    builder: ModelBuilder,
    report: ImportReport,
    /// The first id each statement gave out, with its position: where an object was written.
    written_at: Vec<(u64, Position)>,
    /// The statements that wrote each table.
    spans: crate::model::TextSpans,
}

/// How far an import has come, in bytes of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn is_complete(&self) -> bool {
        self.done >= self.total
    }

    /// Between 0 and 1.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        }
    }
}

impl<'a> SqlImporter<'a> {
    pub fn new(text: &'a str, dialect: Dialect) -> Self {
        SqlImporter {
            text,
            dialect,
            parser_dialect: parser_dialect(dialect),
            lines: LineIndex::partial(text),
            splitter: Splitter::new(text, dialect),
            builder: ModelBuilder::new(dialect),
            report: ImportReport::default(),
            written_at: Vec::new(),
            spans: crate::model::TextSpans::default(),
        }
    }

    /// Imports the statements in roughly the next `bytes` of the text (a statement is never
    /// cut: a long one is read whole).
    pub fn step(&mut self, bytes: usize) -> Progress {
        let until = self.splitter.offset().saturating_add(bytes);
        self.splitter.advance(until);
        self.lines.extend_to(self.splitter.offset());
        let pieces = std::mem::take(&mut self.splitter.pieces);
        for piece in pieces {
            self.import_piece(piece);
        }
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.splitter.offset().min(self.text.len()),
            total: self.text.len(),
        }
    }

    /// The model and report; statements not yet reached are imported first.
    pub fn finish(mut self) -> SqlImport {
        if !self.progress().is_complete() {
            self.step(usize::MAX);
        }
        let (model, report) = consistent(self.builder.finish(), self.report, &self.written_at);
        SqlImport {
            model,
            report,
            spans: self.spans,
        }
    }

    /// What the import would give if the text ended where it has come to, leaving the
    /// importer free to go on: how the dialect guess judges a sample without reading it twice.
    pub fn import_so_far(&self) -> SqlImport {
        let (model, report) = consistent(
            self.builder.model().clone(),
            self.report.clone(),
            &self.written_at,
        );
        SqlImport {
            model,
            report,
            spans: self.spans.clone(),
        }
    }

    fn import_piece(&mut self, piece: Piece) {
        let before = self.builder.last_id();
        let position = self.lines.position(piece.start);
        let range = piece.start..piece.end;
        self.convert_piece(piece);
        if self.builder.last_id() > before {
            self.written_at.push((before + 1, position));
        }
        if let Some(table) = self.builder.take_touched() {
            self.spans.add(table, range);
        }
    }

    fn convert_piece(&mut self, piece: Piece) {
        let Some(sql) = self.text.get(piece.start..piece.end) else {
            return;
        };
        self.report.statements += 1;
        let position = self.lines.position(piece.start);
        let kind = leading_keywords(sql);
        if let Some((severity, reason)) = skipped_without_parsing(&kind, sql) {
            self.report.skipped.push(SkippedStatement {
                position,
                kind,
                reason: reason.to_string(),
                severity,
            });
            return;
        }
        // Column types are read as written, before the quirks are rewritten.
        let mut spellings = Default::default();
        let tokens = match StatementTokens::tokenize(sql, self.parser_dialect.as_ref()) {
            Ok(tokens) => {
                if kind == "CREATE TABLE" {
                    spellings = tokens.column_spellings(sql);
                }
                tokens.fix_dialect_quirks(self.dialect)
            }
            Err((message, at)) => {
                self.report.skipped.push(SkippedStatement {
                    position: offset_position(position, at),
                    kind,
                    reason: message,
                    severity: Severity::Error,
                });
                return;
            }
        };
        let builder = &self.builder;
        let recognised = token_statements::recognise(sql, &tokens, &|w| builder.word_ident(w));
        if let Some(statement) = recognised {
            match self.builder.apply_token_statement(statement) {
                Ok(()) => self.report.imported += 1,
                Err(skip) => self.report.skipped.push(SkippedStatement {
                    position,
                    kind,
                    reason: skip.reason,
                    severity: skip.severity,
                }),
            }
            return;
        }
        let parsed = Parser::new(self.parser_dialect.as_ref())
            .with_tokens_with_locations(tokens.tokens)
            .parse_statements();
        match parsed {
            Ok(statements) => {
                let mut changed = false;
                let mut not_modelled = None;
                for statement in &statements {
                    match self
                        .builder
                        .apply_with_spellings(statement, spellings.clone())
                    {
                        Ok(()) => changed = true,
                        Err(reason) => not_modelled = Some(reason),
                    }
                }
                if changed {
                    self.report.imported += 1;
                }
                for warning in self.builder.take_warnings() {
                    self.report.skipped.push(SkippedStatement {
                        position,
                        kind: kind.clone(),
                        reason: warning,
                        severity: Severity::Warning,
                    });
                }
                if let Some(skip) = not_modelled {
                    let reason = if skip.reason.is_empty() {
                        format!("{kind} is not modelled yet")
                    } else {
                        skip.reason
                    };
                    self.report.skipped.push(SkippedStatement {
                        position,
                        kind,
                        reason,
                        severity: skip.severity,
                    });
                }
            }
            Err(error) => {
                let (message, at) = parser_error_position(&error);
                self.report.skipped.push(SkippedStatement {
                    position: at.map_or(position, |p| offset_position(position, p)),
                    kind,
                    reason: message,
                    severity: Severity::Error,
                });
            }
        }
    }
}

/// The last step of an import: what breaks the model's invariants left out with a warning
/// where it was written (`written_at`: the first id each statement gave out), and the report
/// in the text's order.
fn consistent(
    model: crate::model::NamedModel,
    mut report: ImportReport,
    written_at: &[(u64, Position)],
) -> (crate::model::Model, ImportReport) {
    let model = make_consistent(model, &mut report, |id| {
        let i = written_at.partition_point(|(first, _)| *first <= id.0);
        i.checked_sub(1)
            .map_or(Position { line: 1, column: 1 }, |i| written_at[i].1)
    });
    report.skipped.sort_by_key(|s| s.position);
    (model, report)
}
