//! Routines follow renames too. A trigger or rule names its table after `ON` (and a trigger
//! its columns after `UPDATE OF`); a function or procedure written in SQL reads tables and
//! columns in its body, which is rewritten the way a view's query is. A body in another
//! language (PL/pgSQL, a MySQL or SQL Server body, a trigger's inline body) cannot be
//! rewritten safely, so a user's rename that such a body names is refused until the routine
//! changes: kept as it is, it would read a name that is gone.

use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Tokenizer};

use super::rename_sql::{mentions, names, replace_spans, Renamed, Rewriter};
use crate::import::sql::parser_dialect;
use crate::model::{Dialect, Model, Routine, RoutineKind};

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

/// Where the name of the table or view a trigger or rule is on starts: after a trigger's
/// `ON`, after a rule's `TO` (`CREATE RULE r AS ON INSERT TO t ...`).
fn relation_at(routine: &Routine, tokens: &[TokenWithSpan]) -> Option<usize> {
    let on = tokens.iter().position(|t| is_keyword(t, "on"))?;
    match routine.kind {
        RoutineKind::Trigger => Some(on + 1),
        RoutineKind::Rule => tokens[on..]
            .iter()
            .position(|t| is_keyword(t, "to"))
            .map(|to| on + to + 1),
        _ => None,
    }
}

/// The body of a function or procedure written in SQL, when a rename can be followed in it:
/// it parses, and holds only queries (the target and `SET` columns of an `INSERT` or
/// `UPDATE` are names the rewriter does not see).
fn rewritable_body(routine: &Routine, tokens: &[TokenWithSpan], dialect: Dialect) -> Option<usize> {
    if !matches!(routine.kind, RoutineKind::Function | RoutineKind::Procedure) || !in_sql(tokens) {
        return None;
    }
    let at = body(tokens)?;
    let (text, _) = body_text(&tokens[at].token)?;
    let parser = parser_dialect(dialect);
    let statements = sqlparser::parser::Parser::parse_sql(parser.as_ref(), text).ok()?;
    statements
        .iter()
        .all(|s| matches!(s, sqlparser::ast::Statement::Query(_)))
        .then_some(at)
}

/// The routine's text with the rename followed, when it names what was renamed.
pub(super) fn routine_text(
    rewriter: &Rewriter,
    dialect: Dialect,
    routine: &Routine,
) -> Option<String> {
    let tokens = tokens(routine, dialect);
    let mut edits: Vec<(Span, String)> = Vec::new();
    if let Some(at) = relation_at(routine, &tokens) {
        let (name, _) = name_at(&tokens, at);
        if rewriter.is_table(&name) {
            if let Renamed::Table { .. } = rewriter.renamed {
                edits.extend(rewriter.relation_rename(&name));
            }
            // `BEFORE UPDATE OF a, b ON t`: the columns of the renamed table.
            if let (Renamed::Column { old, new, .. }, Some(of)) = (
                rewriter.renamed,
                tokens[..at].iter().position(|t| is_keyword(t, "of")),
            ) {
                for t in &tokens[of + 1..at] {
                    if let Token::Word(w) = &t.token {
                        let ident = ident(w);
                        if names(&ident, old) {
                            edits.push((t.span, rewriter.spell(new, &ident)));
                        }
                    }
                }
            }
        }
    }
    if let Some(at) = rewritable_body(routine, &tokens, dialect) {
        if let Some((text, quoting)) = body_text(&tokens[at].token) {
            if let Some(new) = rewriter.view(text) {
                edits.push((tokens[at].span, quoting.write(&new)));
            }
        }
    }
    replace_spans(&routine.text, edits)
}

/// The routines a rename of table `i` (an index into the model's tables), or of its column
/// `column`, cannot follow, each with why: bodies in a language other than SQL (or SQL
/// bodies that change data) that name it (for a column, bodies that also name the table, or
/// trigger functions that its triggers run, which read the row as `NEW` and `OLD`), SQL
/// bodies that read the column where a view could not follow it, and a trigger on the table
/// that names the column outside `UPDATE OF` (a `WHEN` clause, an inline body).
pub(super) fn routines_a_rename_cannot_follow(
    model: &Model,
    dialect: Dialect,
    i: usize,
    column: Option<&str>,
) -> Vec<String> {
    let Some(table) = model.tables.get(i) else {
        return Vec::new();
    };
    let old_table = table.name.as_str();
    // Only a routine whose text holds the name can name it (a cheap test first).
    let named = column.unwrap_or(old_table);
    let candidates: Vec<&Routine> = model
        .routines
        .iter()
        .filter(|r| mentions(&r.text, named))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let on_table = |r: &Routine| {
        r.table
            .as_deref()
            .is_some_and(|t| t == table.name || t == table.qualified_name())
    };
    // Functions that triggers on the table run.
    let run_by_triggers: Vec<String> = model
        .routines
        .iter()
        .filter(|r| r.kind == RoutineKind::Trigger && on_table(r))
        .filter_map(|r| {
            let tokens = tokens(r, dialect);
            let at = tokens.iter().position(|t| is_keyword(t, "execute"))?;
            let (name, _) = name_at(&tokens, at + 2);
            name.last().map(|n| n.value.to_lowercase())
        })
        .collect();
    let renamed = Renamed::Column {
        table: i,
        old: column.unwrap_or_default(),
        new: column.unwrap_or_default(),
    };
    let rewriter = Rewriter {
        model,
        table,
        renamed: &renamed,
        dialect,
    };
    let mut blocked = Vec::new();
    for r in candidates {
        let tokens = tokens(r, dialect);
        let label = format!("{} {}", r.kind.keyword().to_lowercase(), r.name);
        if let Some(at) = rewritable_body(r, &tokens, dialect) {
            let why = column.and_then(|c| {
                let (text, _) = body_text(&tokens[at].token)?;
                rewriter.unfollowable(text, c)
            });
            if let Some(why) = why {
                blocked.push(format!("{label} {why}"));
            }
            continue;
        }
        // What the text says apart from a trigger's own `ON table` and `UPDATE OF` list
        // (rewritten), and the body a string holds (other strings are literals).
        let relation = relation_at(r, &tokens);
        let skipped = relation.map(|at| {
            let of = tokens[..at].iter().position(|t| is_keyword(t, "of"));
            of.unwrap_or(at)..name_at(&tokens, at).1
        });
        let body_at = body(&tokens);
        let words = |name: &str| {
            tokens.iter().enumerate().any(|(k, t)| {
                if skipped.as_ref().is_some_and(|skip| skip.contains(&k)) {
                    return false;
                }
                match &t.token {
                    Token::Word(w) => names(&ident(w), name),
                    token if Some(k) == body_at => body_text(token).is_some_and(|(text, _)| {
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
            Some(c) if words(c) && r.kind == RoutineKind::Trigger && on_table(r) => {
                Some("is on the table and names the column")
            }
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
                "{label} {why} in a body that cannot be rewritten (not a query in LANGUAGE sql)"
            ));
        }
    }
    blocked
}

/// The routines a rename of schema `old` cannot follow, each with why: a routine's text
/// that writes a name in that schema (`old.name`) where it is not rewritten: its own name
/// (`CREATE FUNCTION old.f`), a body in a language other than SQL or that changes data. A
/// trigger's or rule's table and an SQL query body follow the schema's tables.
pub(super) fn routines_a_schema_rename_cannot_follow(
    model: &Model,
    dialect: Dialect,
    old: &str,
) -> Vec<String> {
    let qualifies = |tokens: &[Token]| {
        tokens.windows(2).any(|w| {
            matches!(&w[0], Token::Word(word) if names(&ident(word), old))
                && matches!(w[1], Token::Period)
        })
    };
    let mut blocked = Vec::new();
    for r in model.routines.iter().filter(|r| mentions(&r.text, old)) {
        let tokens = tokens(r, dialect);
        let relation = relation_at(r, &tokens).map(|at| at..name_at(&tokens, at).1);
        let rewritable = rewritable_body(r, &tokens, dialect);
        let outside: Vec<Token> = tokens
            .iter()
            .enumerate()
            .filter(|(k, _)| !relation.as_ref().is_some_and(|range| range.contains(k)))
            .filter(|(k, _)| Some(*k) != rewritable)
            .map(|(_, t)| t.token.clone())
            .collect();
        let in_body = body(&tokens)
            .filter(|at| Some(*at) != rewritable)
            .and_then(|at| body_text(&tokens[at].token).map(|(text, _)| text.to_string()))
            .is_some_and(|text| {
                let parser = parser_dialect(dialect);
                Tokenizer::new(parser.as_ref(), &text)
                    .tokenize()
                    .map_or(true, |t| qualifies(&t))
            });
        if qualifies(&outside) || in_body {
            blocked.push(format!(
                "{} {} names schema {old} in a text that cannot be rewritten",
                r.kind.keyword().to_lowercase(),
                r.name
            ));
        }
    }
    blocked
}

/// Whether a trigger on table `table` names column `column` outside its `UPDATE OF` list (a
/// `WHEN` clause, an inline body): it could not be created without the column.
pub(super) fn trigger_reads_column(
    routine: &Routine,
    table: &crate::model::Table,
    column: &str,
    dialect: Dialect,
) -> bool {
    let on_table = routine
        .table
        .as_deref()
        .is_some_and(|t| t == table.name || t == table.qualified_name());
    if routine.kind != RoutineKind::Trigger || !on_table || !mentions(&routine.text, column) {
        return false;
    }
    let tokens = tokens(routine, dialect);
    tokens.iter().any(|t| match &t.token {
        Token::Word(w) => names(&ident(w), column),
        _ => false,
    })
}

/// Whether a body's text names `name` as a word (its strings are literals, not names).
fn body_mentions(body: &str, name: &str, dialect: Dialect) -> bool {
    let parser = parser_dialect(dialect);
    let Ok(tokens) = Tokenizer::new(parser.as_ref(), body).tokenize() else {
        // A body that does not tokenize as SQL: any mention counts.
        return true;
    };
    tokens.iter().any(|t| match t {
        Token::Word(w) => names(&ident(w), name),
        _ => false,
    })
}
