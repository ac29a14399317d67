//! Routines follow renames too. A trigger or rule names its table after `ON` (and a trigger
//! its columns after `UPDATE OF`); a function or procedure written in SQL reads tables and
//! columns in its body, which is rewritten the way a view's query is. A body in another
//! language (PL/pgSQL, a MySQL or SQL Server body, a trigger's inline body) cannot be
//! rewritten safely, so a user's rename that such a body names is refused until the routine
//! changes: kept as it is, it would read a name that is gone.

use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer};

use super::rename_sql::{mentions, names_word, replace_spans, Renamed, Rewriter};
use crate::import::sql::parser_dialect;
use crate::model::{Dialect, Model, Routine, RoutineKind, Table};

/// The routine's tokens, or none when its text does not tokenize.
fn tokens(routine: &Routine, dialect: Dialect) -> Vec<TokenWithSpan> {
    let parser = parser_dialect(dialect);
    Tokenizer::new(parser.as_ref(), &routine.text)
        .tokenize_with_location()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect()
}

/// A word token as an identifier.
fn ident(w: &sqlparser::tokenizer::Word) -> sqlparser::ast::Ident {
    sqlparser::ast::Ident {
        value: w.value.clone(),
        quote_style: w.quote_style,
        span: Span::empty(),
    }
}

fn is_keyword(t: &TokenWithSpan, word: &str) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// The body of a function or procedure written `AS '...'` or `AS $$...$$`: its index.
fn body(tokens: &[TokenWithSpan]) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in tokens.iter().enumerate() {
        match t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            _ => {}
        }
        let string = matches!(
            t.token,
            Token::SingleQuotedString(_) | Token::DollarQuotedString(_)
        );
        if depth == 0 && string && i > 0 && is_keyword(&tokens[i - 1], "as") {
            return Some(i);
        }
    }
    None
}

/// Whether the routine says `LANGUAGE sql`.
fn in_sql(tokens: &[TokenWithSpan]) -> bool {
    tokens.windows(2).any(|w| {
        is_keyword(&w[0], "language")
            && match &w[1].token {
                Token::Word(word) => word.value.eq_ignore_ascii_case("sql"),
                Token::SingleQuotedString(s) => s.eq_ignore_ascii_case("sql"),
                _ => false,
            }
    })
}

/// How a body is quoted: `'...'` or `$tag$...$tag$`.
enum Quoting {
    Single,
    Dollar(String),
}

impl Quoting {
    /// `body` written the same way.
    fn write(&self, body: &str) -> String {
        match self {
            Quoting::Single => format!("'{}'", body.replace('\'', "''")),
            Quoting::Dollar(tag) => format!("${tag}${body}${tag}$"),
        }
    }
}

/// The string a body token holds, and how it is quoted.
fn body_text(token: &Token) -> Option<(&str, Quoting)> {
    match token {
        Token::SingleQuotedString(s) => Some((s.as_str(), Quoting::Single)),
        Token::DollarQuotedString(d) => Some((
            d.value.as_str(),
            Quoting::Dollar(d.tag.clone().unwrap_or_default()),
        )),
        _ => None,
    }
}

/// The name parts starting at token `at` (`a`, `a.b`), with the index after them.
fn name_at(tokens: &[TokenWithSpan], mut at: usize) -> (Vec<sqlparser::ast::Ident>, usize) {
    let mut parts = Vec::new();
    while let Some(Token::Word(w)) = tokens.get(at).map(|t| &t.token) {
        let mut part = ident(w);
        part.span = tokens[at].span;
        parts.push(part);
        if matches!(tokens.get(at + 1).map(|t| &t.token), Some(Token::Period)) {
            at += 2;
        } else {
            at += 1;
            break;
        }
    }
    (parts, at)
}

/// The routine's text with the rename followed, when it names what was renamed.
pub(super) fn routine_text(
    rewriter: &Rewriter,
    dialect: Dialect,
    routine: &Routine,
) -> Option<String> {
    let tokens = tokens(routine, dialect);
    let mut edits: Vec<(Span, String)> = Vec::new();
    if matches!(routine.kind, RoutineKind::Trigger | RoutineKind::Rule) {
        if let Some(on) = tokens.iter().position(|t| is_keyword(t, "on")) {
            let (name, _) = name_at(&tokens, on + 1);
            if rewriter.is_table(&name) {
                if let Renamed::Table { .. } = rewriter.renamed {
                    edits.extend(rewriter.relation_rename(&name));
                }
                // `BEFORE UPDATE OF a, b ON t`: the columns of the renamed table.
                if let (Renamed::Column { old, new, .. }, Some(of)) = (
                    rewriter.renamed,
                    tokens[..on].iter().position(|t| is_keyword(t, "of")),
                ) {
                    for t in &tokens[of + 1..on] {
                        if let Token::Word(w) = &t.token {
                            let ident = ident(w);
                            if names_word(&ident, old) {
                                edits.push((t.span, rewriter.spell(new, &ident)));
                            }
                        }
                    }
                }
            }
        }
    }
    if matches!(routine.kind, RoutineKind::Function | RoutineKind::Procedure) && in_sql(&tokens) {
        if let Some(at) = body(&tokens) {
            if let Some((text, quoting)) = body_text(&tokens[at].token) {
                if let Some(new) = rewriter.view(text) {
                    edits.push((tokens[at].span, quoting.write(&new)));
                }
            }
        }
    }
    replace_spans(&routine.text, edits)
}

/// The columns a trigger names after `UPDATE OF`, as written (unquoted).
pub(super) fn trigger_columns(routine: &Routine, dialect: Dialect) -> Vec<String> {
    if routine.kind != RoutineKind::Trigger {
        return Vec::new();
    }
    let tokens = tokens(routine, dialect);
    let Some(on) = tokens.iter().position(|t| is_keyword(t, "on")) else {
        return Vec::new();
    };
    let Some(of) = tokens[..on].iter().position(|t| is_keyword(t, "of")) else {
        return Vec::new();
    };
    tokens[of + 1..on]
        .iter()
        .filter_map(|t| match &t.token {
            Token::Word(w) if !is_keyword(t, "or") => Some(w.value.clone()),
            _ => None,
        })
        .collect()
}

/// The routines a rename of table `table` (an index into the model's tables), or of its
/// column `column`, cannot follow, each with why: bodies in a language other than SQL that
/// name it (for a column, bodies that also name the table, or trigger functions that its
/// triggers run, which read the row as `NEW` and `OLD`).
pub(super) fn routines_a_rename_cannot_follow(
    model: &Model,
    dialect: Dialect,
    table: &Table,
    old_table: &str,
    column: Option<&str>,
) -> Vec<String> {
    let mut blocked = Vec::new();
    // Functions that triggers on the table run.
    let run_by_triggers: Vec<String> = model
        .routines
        .iter()
        .filter(|r| r.kind == RoutineKind::Trigger)
        .filter(|r| {
            r.table
                .as_deref()
                .is_some_and(|t| t == table.name || t == table.qualified_name())
        })
        .filter_map(|r| {
            let tokens = tokens(r, dialect);
            let at = tokens.iter().position(|t| is_keyword(t, "execute"))?;
            let (name, _) = name_at(&tokens, at + 2);
            name.last().map(|n| n.value.to_lowercase())
        })
        .collect();
    for r in &model.routines {
        let tokens = tokens(r, dialect);
        let rewritable = matches!(r.kind, RoutineKind::Function | RoutineKind::Procedure)
            && in_sql(&tokens)
            && body(&tokens).is_some();
        if rewritable {
            continue;
        }
        // What the text says apart from a trigger's own `ON table` (rewritten), and the
        // body a string holds (other strings are literals).
        let on_name = matches!(r.kind, RoutineKind::Trigger | RoutineKind::Rule)
            .then(|| tokens.iter().position(|t| is_keyword(t, "on")))
            .flatten()
            .map(|on| on + 1..name_at(&tokens, on + 1).1);
        let body_at = body(&tokens);
        let words = |name: &str| {
            tokens.iter().enumerate().any(|(i, t)| {
                if on_name.as_ref().is_some_and(|skip| skip.contains(&i)) {
                    return false;
                }
                match &t.token {
                    Token::Word(w) => names_word(&ident(w), name),
                    token if Some(i) == body_at => body_text(token).is_some_and(|(text, _)| {
                        mentions(text, name) && body_mentions(text, name, dialect)
                    }),
                    _ => false,
                }
            })
        };
        let names_table = words(old_table);
        let why = match column {
            None if names_table => Some("names the table"),
            Some(c) if words(c) && names_table => Some("names the table and the column"),
            Some(c)
                if words(c)
                    && r.kind == RoutineKind::Function
                    && run_by_triggers.contains(&r.name.to_lowercase()) =>
            {
                Some("runs for its triggers and names the column")
            }
            _ => None,
        };
        if let Some(why) = why {
            blocked.push(format!(
                "{} {} {why} in a body that cannot be rewritten (not LANGUAGE sql)",
                r.kind.keyword().to_lowercase(),
                r.name
            ));
        }
    }
    blocked
}

/// Whether a body's text names `name` as a word (its strings are literals, not names).
fn body_mentions(body: &str, name: &str, dialect: Dialect) -> bool {
    let parser = parser_dialect(dialect);
    let Ok(tokens) = Tokenizer::new(parser.as_ref(), body).tokenize() else {
        // A body that does not tokenize as SQL: any mention counts.
        return true;
    };
    tokens.iter().any(|t| match t {
        Token::Word(w) => names_word(&ident(w), name),
        _ => false,
    })
}
