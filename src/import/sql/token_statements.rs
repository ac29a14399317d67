//! Statements recognised from their tokens rather than parsed: views and routines (kept whole
//! with their text, whatever dialect extensions their bodies use), sequences in pg_dump's
//! option order, `OWNED BY`, ownership changes, `ATTACH PARTITION`, and SQL Server's
//! `ADD CONSTRAINT ... DEFAULT ... FOR column`.

use sqlparser::tokenizer::{Token, Word};

use super::tokens::StatementTokens;
use crate::model::RoutineKind;

/// A name as `(schema, name)`.
pub type Name = (Option<String>, String);

pub enum TokenStatement {
    View {
        name: Name,
        materialized: bool,
        definition: String,
    },
    Routine {
        kind: RoutineKind,
        name: Name,
        table: Option<String>,
        text: String,
    },
    Sequence {
        name: Name,
        data_type: Option<String>,
        start: Option<i64>,
        increment: Option<i64>,
    },
    SequenceOwnedBy {
        sequence: Name,
        table: Name,
        column: String,
    },
    AttachPartition {
        parent: Name,
        child: Name,
        bound: String,
    },
    ColumnDefault {
        table: Name,
        column: String,
        default: String,
    },
    ColumnIdentity {
        table: Name,
        column: String,
        always: bool,
    },
    Extension {
        name: String,
        schema: Option<String>,
    },
    /// Housekeeping with no meaning for the schema (`OWNER TO`, index partition attachment):
    /// reported with this reason.
    Housekeeping(&'static str),
}

/// Recognises the statement, or `None` to leave it to the parser. `ident` turns a word into
/// an identifier the way the dialect folds case.
pub fn recognise(
    sql: &str,
    t: &StatementTokens,
    ident: &dyn Fn(&Word) -> String,
) -> Option<TokenStatement> {
    let name_of = |parts: &[Word]| -> Option<Name> {
        let mut names: Vec<String> = parts.iter().map(ident).collect();
        let name = names.pop()?;
        Some((names.pop(), name))
    };
    match t.word(0).as_deref() {
        Some("CREATE") => recognise_create(sql, t, &name_of),
        Some("ALTER") => {
            if let Some(owner) = t.find_word(1, "OWNER") {
                if t.is_word(owner + 1, "TO") {
                    return Some(TokenStatement::Housekeeping(
                        "ownership is not part of the model",
                    ));
                }
            }
            if t.is_word(1, "SEQUENCE") {
                let (parts, after) = t.object_name(2);
                if t.is_word(after, "OWNED") && t.is_word(after + 1, "BY") {
                    let (target, _) = t.object_name(after + 2);
                    let mut target: Vec<String> = target.iter().map(ident).collect();
                    let column = target.pop()?;
                    let table = target.pop()?;
                    return Some(TokenStatement::SequenceOwnedBy {
                        sequence: name_of(&parts)?,
                        table: (target.pop(), table),
                        column,
                    });
                }
                return None;
            }
            if t.is_word(1, "INDEX") && t.find_word(2, "ATTACH").is_some() {
                return Some(TokenStatement::Housekeeping(
                    "index partitions follow the partitioned table's index",
                ));
            }
            if !t.is_word(1, "TABLE") {
                return None;
            }
            let mut at = 2;
            if t.is_word(at, "ONLY") {
                at += 1;
            }
            if t.is_word(at, "IF") && t.is_word(at + 1, "EXISTS") {
                at += 2;
            }
            let (table, after) = t.object_name(at);
            let table = name_of(&table)?;
            // SQL Server: `NOCHECK CONSTRAINT x` / `CHECK CONSTRAINT ALL` switch checking.
            if (t.is_word(after, "NOCHECK") || t.is_word(after, "CHECK"))
                && t.is_word(after + 1, "CONSTRAINT")
                || t.is_word(after, "WITH")
                    && (t.is_word(after + 1, "CHECK") || t.is_word(after + 1, "NOCHECK"))
                    && t.is_word(after + 2, "CHECK")
            {
                return Some(TokenStatement::Housekeeping(
                    "enabling or disabling a constraint's checking does not change the schema",
                ));
            }
            if t.is_word(after, "ATTACH") && t.is_word(after + 1, "PARTITION") {
                let (child, after_child) = t.object_name(after + 2);
                let bound = sql[t.offset(sql, after_child, false).min(sql.len())..]
                    .trim()
                    .to_string();
                return Some(TokenStatement::AttachPartition {
                    parent: table,
                    child: name_of(&child)?,
                    bound,
                });
            }
            // ALTER COLUMN c ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)].
            if t.is_word(after, "ALTER")
                && t.is_word(after + 1, "COLUMN")
                && t.is_word(after + 3, "ADD")
                && t.is_word(after + 4, "GENERATED")
            {
                let Some(Token::Word(column)) = t.get(after + 2) else {
                    return None;
                };
                return Some(TokenStatement::ColumnIdentity {
                    table,
                    column: ident(column),
                    always: t.is_word(after + 5, "ALWAYS"),
                });
            }
            // ADD [CONSTRAINT name] DEFAULT expr FOR column [WITH VALUES] (SQL Server).
            if t.is_word(after, "ADD") {
                let default_at = if t.is_word(after + 1, "CONSTRAINT") {
                    t.object_name(after + 2).1
                } else {
                    after + 1
                };
                if t.is_word(default_at, "DEFAULT") {
                    let for_at = t.find_word(default_at + 1, "FOR")?;
                    let Some(Token::Word(column)) = t.get(for_at + 1) else {
                        return None;
                    };
                    let from = t.offset(sql, default_at, true);
                    let to = t.offset(sql, for_at, false);
                    let default = sql.get(from..to)?.trim().to_string();
                    return Some(TokenStatement::ColumnDefault {
                        table,
                        column: ident(column),
                        default,
                    });
                }
            }
            None
        }
        _ => None,
    }
}

fn recognise_create(
    sql: &str,
    t: &StatementTokens,
    name_of: &dyn Fn(&[Word]) -> Option<Name>,
) -> Option<TokenStatement> {
    // Find the object keyword past modifiers such as OR REPLACE, DEFINER=..., SQL SECURITY.
    let mut materialized = false;
    let mut found = None;
    for i in 1..t.len().min(16) {
        match t.word(i).as_deref() {
            Some("EXTENSION") => return recognise_extension(t, i + 1),
            Some("TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "SCHEMA" | "DATABASE") => return None,
            Some("MATERIALIZED") => materialized = true,
            Some("LANGUAGE") => {
                return Some(TokenStatement::Housekeeping(
                    "procedural languages are not part of the model",
                ))
            }
            Some(
                kind @ ("VIEW" | "FUNCTION" | "PROCEDURE" | "PROC" | "TRIGGER" | "AGGREGATE"
                | "SEQUENCE" | "RULE"),
            ) => {
                found = Some((kind.to_string(), i));
                break;
            }
            _ => {}
        }
    }
    let (kind, kind_at) = found?;
    // `CREATE EVENT TRIGGER` fires on DDL events, not on a table.
    let event = t.is_word(kind_at.saturating_sub(1), "EVENT");
    let mut at = kind_at + 1;
    if t.is_word(at, "IF") && t.is_word(at + 1, "NOT") && t.is_word(at + 2, "EXISTS") {
        at += 3;
    }
    let (parts, after) = t.object_name(at);
    let name = name_of(&parts)?;
    match kind.as_str() {
        "VIEW" => {
            let as_at = t.find_word(after, "AS")?;
            let definition = sql.get(t.offset(sql, as_at, true)..)?.trim().to_string();
            Some(TokenStatement::View {
                name,
                materialized,
                definition,
            })
        }
        "SEQUENCE" => {
            let number = |i: usize| -> Option<i64> {
                let (negative, i) = match t.get(i) {
                    Some(Token::Minus) => (true, i + 1),
                    _ => (false, i),
                };
                match t.get(i) {
                    Some(Token::Number(n, _)) => {
                        n.parse::<i64>().ok().map(|v| if negative { -v } else { v })
                    }
                    _ => None,
                }
            };
            let option = |keyword: &str, filler: &str| -> Option<i64> {
                let at = t.find_word(after, keyword)?;
                number(if t.is_word(at + 1, filler) {
                    at + 2
                } else {
                    at + 1
                })
            };
            let data_type = t
                .find_word(after, "AS")
                .and_then(|at| t.word(at + 1))
                .map(|w| w.to_lowercase());
            Some(TokenStatement::Sequence {
                name,
                data_type,
                start: option("START", "WITH"),
                increment: option("INCREMENT", "BY"),
            })
        }
        routine => {
            let kind = match routine {
                "FUNCTION" => RoutineKind::Function,
                "TRIGGER" => RoutineKind::Trigger,
                "AGGREGATE" => RoutineKind::Aggregate,
                "RULE" => RoutineKind::Rule,
                _ => RoutineKind::Procedure,
            };
            // A trigger fires ON a table; a rule applies ON an event TO a table.
            let table_keyword = match kind {
                RoutineKind::Trigger => Some("ON"),
                RoutineKind::Rule => Some("TO"),
                _ => None,
            };
            // SQL Server's `ON DATABASE` and `ON ALL SERVER` triggers fire on DDL events too.
            let on_server = |at: usize| t.is_word(at + 1, "DATABASE") || t.is_word(at + 1, "ALL");
            let table = table_keyword
                .filter(|_| !event)
                .and_then(|k| t.find_word(after, k))
                .filter(|&at| kind != RoutineKind::Trigger || !on_server(at))
                .and_then(|at| name_of(&t.object_name(at + 1).0))
                .map(|(_, table)| table);
            Some(TokenStatement::Routine {
                kind,
                name,
                table,
                text: sql.trim().to_string(),
            })
        }
    }
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`, the name
/// after `EXTENSION` at `at`.
fn recognise_extension(t: &StatementTokens, mut at: usize) -> Option<TokenStatement> {
    if t.is_word(at, "IF") && t.is_word(at + 1, "NOT") && t.is_word(at + 2, "EXISTS") {
        at += 3;
    }
    let name = match t.get(at) {
        Some(Token::Word(w)) => w.value.clone(),
        Some(Token::SingleQuotedString(s)) => s.clone(),
        _ => return None,
    };
    let schema = t
        .find_word(at + 1, "SCHEMA")
        .and_then(|s| match t.get(s + 1) {
            Some(Token::Word(w)) => Some(w.value.clone()),
            _ => None,
        });
    Some(TokenStatement::Extension { name, schema })
}
