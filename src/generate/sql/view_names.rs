//! A view's body may name the database it was written in (`FROM sakila.film`, as MySQL's
//! own dumps write it). Run anywhere else, that name points at a database that is not there.
//! Where the qualifier is no schema of the model and the table after it is one of the
//! model's, the qualifier is dropped; where that table is not the model's, the name is left
//! as written and noted.

use std::collections::BTreeSet;

use sqlparser::tokenizer::{Token, Tokenizer};

use crate::import::sql::parser_dialect;
use crate::model::{Dialect, Model};

/// The definition with foreign database qualifiers dropped, the qualifiers dropped, and the
/// qualified names left alone because the model has no such table.
pub(super) struct Requalified {
    pub definition: String,
    pub dropped: BTreeSet<String>,
    pub unknown: BTreeSet<String>,
}

pub(super) fn drop_foreign_databases(
    definition: &str,
    dialect: Dialect,
    model: &Model,
) -> Requalified {
    let mut out = Requalified {
        definition: definition.to_string(),
        dropped: BTreeSet::new(),
        unknown: BTreeSet::new(),
    };
    let parser = parser_dialect(dialect);
    let Ok(tokens) = Tokenizer::new(parser.as_ref(), definition).tokenize() else {
        return out;
    };
    let schemas: BTreeSet<String> = model
        .tables
        .iter()
        .filter_map(|t| t.schema.as_deref())
        .chain(model.views.iter().filter_map(|v| v.schema.as_deref()))
        .map(str::to_lowercase)
        .collect();
    let table = |name: &str| {
        model
            .tables
            .iter()
            .map(|t| t.name.as_str())
            .chain(model.views.iter().map(|v| v.name.as_str()))
            .any(|t| t.eq_ignore_ascii_case(name))
    };
    let mut text = String::with_capacity(definition.len());
    // Inside a FROM clause, and the last significant token: only a name right after FROM,
    // JOIN or a FROM list's comma is a table (elsewhere `a.b` is a column).
    let mut in_from = false;
    let mut previous: Option<&Token> = None;
    let mut i = 0;
    while i < tokens.len() {
        let at_table = in_from
            && match previous {
                Some(Token::Comma) => true,
                Some(Token::Word(w)) => {
                    ["FROM", "JOIN"].contains(&w.value.to_ascii_uppercase().as_str())
                }
                _ => false,
            };
        // `db . table` where `db` follows no other period (not `db.schema.table`'s middle).
        let candidate = match (&tokens[i], tokens.get(i + 1), tokens.get(i + 2)) {
            (Token::Word(db), Some(Token::Period), Some(Token::Word(t)))
                if at_table && !matches!(tokens.get(i + 3), Some(Token::Period)) =>
            {
                Some((db.value.clone(), t.value.clone()))
            }
            _ => None,
        };
        match &tokens[i] {
            Token::Word(w) if w.quote_style.is_none() => {
                match w.value.to_ascii_uppercase().as_str() {
                    "FROM" | "JOIN" => in_from = true,
                    "SELECT" | "WHERE" | "ON" | "USING" | "GROUP" | "ORDER" | "HAVING"
                    | "LIMIT" | "UNION" | "WINDOW" => in_from = false,
                    _ => {}
                }
            }
            _ => {}
        }
        if !matches!(tokens[i], Token::Whitespace(_)) {
            previous = Some(&tokens[i]);
        }
        if let Some((db, t)) = candidate {
            // Default and system schemas are never another database.
            let system = [
                "public",
                "dbo",
                "main",
                "pg_catalog",
                "information_schema",
                "sys",
            ]
            .contains(&db.to_lowercase().as_str());
            let foreign = !system && !schemas.contains(&db.to_lowercase());
            // `alias.column` looks the same: only a name that is a table counts.
            if foreign && table(&t) {
                out.dropped.insert(db);
                previous = tokens.get(i + 2);
                i += 2;
                continue;
            }
            if foreign {
                out.unknown.insert(format!("{db}.{t}"));
            }
        }
        text.push_str(&tokens[i].to_string());
        i += 1;
    }
    if !out.dropped.is_empty() {
        out.definition = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;

    #[test]
    fn database_qualifiers_go_where_the_table_is_the_models() {
        let model = import_sql(
            "CREATE TABLE film (film_id int, title text);
             CREATE TABLE actor (actor_id int);",
            Dialect::Mysql,
        )
        .model;
        let body = "SELECT film.title, f.film_id FROM sakila.film AS f JOIN sakila.actor a ON 1 = 1 JOIN other.thing t ON 1 = 1";
        let r = drop_foreign_databases(body, Dialect::Mysql, &model);
        assert_eq!(
            r.definition,
            "SELECT film.title, f.film_id FROM film AS f JOIN actor a ON 1 = 1 JOIN other.thing t ON 1 = 1"
        );
        assert_eq!(r.dropped.into_iter().collect::<Vec<_>>(), ["sakila"]);
        assert_eq!(r.unknown.into_iter().collect::<Vec<_>>(), ["other.thing"]);
    }
}
