//! Sample rows from a dump: the `INSERT ... VALUES` rows and the `COPY ... FROM stdin` data
//! blocks an SQL script holds for one table, so that discovery runs on data the designer
//! already has. Statements are found by the importer's splitter and INSERTs parsed by
//! sqlparser; a statement that does not parse is counted, never fatal.

use sqlparser::ast::{Expr, SetExpr, Statement, TableObject, UnaryOperator, Value};
use sqlparser::parser::Parser;

use super::attrs::MAX_ATTRIBUTES;
use super::sample::{Sample, SampleBuilder, SampleError};
use crate::import::sql::parser_dialect;
use crate::import::sql::split::split_statements;
use crate::model::{Dialect, Table};

/// The rows found for a table and what was passed over.
#[derive(Debug)]
pub struct DumpRows {
    pub sample: Sample,
    /// INSERT and COPY statements that wrote to the table.
    pub statements: usize,
    /// Data statements for the table that could not be read, with why (first few).
    pub unreadable: Vec<String>,
    /// True when `limit` stopped the reading before the last row.
    pub truncated: bool,
}

/// Reads at most `limit` rows written to `table` by the dump `text`. The sample's columns are
/// the table's, in its order; a column a statement leaves out is NULL in its rows.
pub fn rows_from_dump(
    text: &str,
    dialect: Dialect,
    table: &Table,
    limit: usize,
) -> Result<DumpRows, SampleError> {
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    if names.len() > MAX_ATTRIBUTES {
        return Err(SampleError {
            message: format!(
                "{} has {} columns; discovery handles at most {MAX_ATTRIBUTES}",
                table.name,
                names.len()
            ),
            line: 0,
        });
    }
    let mut builder = SampleBuilder::new(names.clone());
    let mut found = DumpRows {
        sample: Sample {
            names: Vec::new(),
            columns: Vec::new(),
            rows: 0,
        },
        statements: 0,
        unreadable: Vec::new(),
        truncated: false,
    };
    let mut rows = 0usize;
    let parser = parser_dialect(dialect);
    for piece in split_statements(text, dialect) {
        let Some(sql) = text.get(piece.start..piece.end) else {
            continue;
        };
        let head = first_words(sql);
        let target = match head.as_slice() {
            [insert, into, name, ..]
                if insert.eq_ignore_ascii_case("insert") && into.eq_ignore_ascii_case("into") =>
            {
                Target::Insert(name)
            }
            [copy, name, ..] if copy.eq_ignore_ascii_case("copy") => Target::Copy(name),
            _ => continue,
        };
        let named = match target {
            Target::Insert(n) | Target::Copy(n) => n,
        };
        if !names_table(named, table) {
            continue;
        }
        found.statements += 1;
        let outcome = match target {
            Target::Insert(_) => read_insert(sql, parser.as_ref(), &names),
            Target::Copy(_) => read_copy(text, piece.end, sql, &names),
        };
        match outcome {
            Ok(statement_rows) => {
                for row in statement_rows {
                    if rows == limit {
                        found.truncated = true;
                        break;
                    }
                    builder.push(row.iter().map(Option::as_deref));
                    rows += 1;
                }
            }
            Err(why) => {
                if found.unreadable.len() < 5 {
                    found.unreadable.push(why);
                }
            }
        }
        if found.truncated {
            break;
        }
    }
    found.sample = builder.finish();
    Ok(found)
}

enum Target<'a> {
    Insert(&'a str),
    Copy(&'a str),
}

/// The first three words, a qualified or quoted name counting as one (up to `(` or space).
fn first_words(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = sql.trim_start();
    while out.len() < 3 && !rest.is_empty() {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    out
}

/// Whether a (possibly qualified, possibly quoted) name written in a statement is `table`.
fn names_table(written: &str, table: &Table) -> bool {
    let unquote = |s: &str| {
        s.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']')
            .to_string()
    };
    let parts: Vec<String> = written.split('.').map(unquote).collect();
    let Some(name) = parts.last() else {
        return false;
    };
    if !name.eq_ignore_ascii_case(&table.name) {
        return false;
    }
    match (parts.len() > 1, &table.schema) {
        (true, Some(schema)) => parts[parts.len() - 2].eq_ignore_ascii_case(schema),
        _ => true,
    }
}

/// Where each of the statement's columns goes among the table's, or `None` for a column the
/// table does not have.
fn positions(listed: &[String], names: &[String]) -> Vec<Option<usize>> {
    if listed.is_empty() {
        return (0..names.len()).map(Some).collect();
    }
    listed
        .iter()
        .map(|l| names.iter().position(|n| n.eq_ignore_ascii_case(l)))
        .collect()
}

type Row = Vec<Option<String>>;

fn read_insert(
    sql: &str,
    parser: &dyn sqlparser::dialect::Dialect,
    names: &[String],
) -> Result<Vec<Row>, String> {
    let statements = Parser::parse_sql(parser, sql).map_err(|e| e.to_string())?;
    let Some(Statement::Insert(insert)) = statements.into_iter().next() else {
        return Err("not an INSERT statement".into());
    };
    if !matches!(insert.table, TableObject::TableName(_)) {
        return Err("INSERT into a table function".into());
    }
    let listed: Vec<String> = insert
        .columns
        .iter()
        .map(|c| {
            c.0.last()
                .and_then(|p| p.as_ident())
                .map(|i| i.value.clone())
                .unwrap_or_default()
        })
        .collect();
    let at = positions(&listed, names);
    let Some(source) = insert.source else {
        return Err("INSERT without VALUES".into());
    };
    let SetExpr::Values(values) = *source.body else {
        return Err("INSERT ... SELECT: no rows written in the dump".into());
    };
    let mut rows = Vec::with_capacity(values.rows.len());
    for (r, written) in values.rows.into_iter().enumerate() {
        if written.content.len() != at.len() {
            return Err(format!(
                "row {} has {} values for {} columns",
                r + 1,
                written.content.len(),
                at.len()
            ));
        }
        let mut row: Row = vec![None; names.len()];
        for (value, place) in written.content.into_iter().zip(&at) {
            if let Some(i) = place {
                row[*i] = text_of(value);
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A value as text (`None` for NULL); an expression that is not a literal is kept as written,
/// which is what equality between rows needs.
fn text_of(expr: Expr) -> Option<String> {
    match expr {
        Expr::Value(v) => match v.value {
            Value::Null => None,
            Value::Number(n, _) => Some(n.to_string()),
            Value::Boolean(b) => Some(b.to_string()),
            other => {
                let written = other.to_string();
                Some(other.into_string().unwrap_or(written))
            }
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => text_of(*expr).map(|t| format!("-{t}")),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => text_of(*expr),
        other => Some(other.to_string()),
    }
}

/// The data block after `COPY name [(columns)] FROM stdin;`: tab-separated lines up to `\.`.
fn read_copy(text: &str, end: usize, sql: &str, names: &[String]) -> Result<Vec<Row>, String> {
    if !sql.to_ascii_uppercase().contains("FROM STDIN") {
        return Err("COPY from a file: its rows are not in the dump".into());
    }
    let listed: Vec<String> = match (sql.find('('), sql.find(')')) {
        (Some(open), Some(close)) if open < close => sql[open + 1..close]
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_string())
            .collect(),
        _ => Vec::new(),
    };
    let at = positions(&listed, names);
    let rest = text.get(end..).unwrap_or("");
    let Some(newline) = rest.find('\n') else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for (n, line) in rest[newline + 1..].lines().enumerate() {
        if line == "\\." {
            return Ok(rows);
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != at.len() {
            return Err(format!(
                "data line {} has {} fields for {} columns",
                n + 1,
                fields.len(),
                at.len()
            ));
        }
        let mut row: Row = vec![None; names.len()];
        for (field, place) in fields.into_iter().zip(&at) {
            if let Some(i) = place {
                row[*i] = copy_field(field);
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// One field of PostgreSQL's COPY text format: `\N` is NULL; backslash escapes decoded.
fn copy_field(field: &str) -> Option<String> {
    if field == "\\N" {
        return None;
    }
    if !field.contains('\\') {
        return Some(field.to_string());
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;

    fn table<'a>(model: &'a crate::model::Model, name: &str) -> &'a Table {
        model
            .tables
            .iter()
            .find(|t| t.name == name)
            .expect("table in the dump")
    }

    #[test]
    fn reads_insert_rows_with_and_without_column_lists() {
        let sql = "CREATE TABLE t (a int, b text, c text);\n\
                   INSERT INTO t VALUES (1, 'x', NULL), (2, 'y', 'z');\n\
                   INSERT INTO public.t (c, a) VALUES ('w', -3);\n\
                   INSERT INTO other VALUES (9, 9, 9);";
        let import = import_sql(sql, Dialect::Postgres);
        let t = table(&import.model, "t");
        let found = rows_from_dump(sql, Dialect::Postgres, t, 100).expect("rows");
        assert_eq!(found.statements, 2);
        assert_eq!(found.sample.rows, 3);
        assert!(found.unreadable.is_empty());
        // Column a: 1, 2, -3 are three values; b: 'x', 'y', NULL; c: NULL, 'z', 'w'.
        assert_eq!(found.sample.columns[0], vec![0, 1, 2]);
        assert_eq!(found.sample.columns[1], vec![0, 1, 2]);
        assert_eq!(found.sample.columns[2], vec![0, 1, 2]);
    }

    #[test]
    fn reads_copy_blocks_with_nulls_and_escapes() {
        let sql = "CREATE TABLE t (a int, b text);\n\
                   COPY public.t (a, b) FROM stdin;\n1\tx\\ty\n2\t\\N\n3\t\\N\n\\.\n\
                   CREATE TABLE u (z int);";
        let import = import_sql(sql, Dialect::Postgres);
        let t = table(&import.model, "t");
        let found = rows_from_dump(sql, Dialect::Postgres, t, 100).expect("rows");
        assert_eq!(found.statements, 1);
        assert_eq!(found.sample.rows, 3);
        // The two NULLs are one value; "x\ty" another.
        assert_eq!(found.sample.columns[1], vec![0, 1, 1]);
        assert_eq!(copy_field("x\\ty"), Some("x\ty".into()));
    }

    #[test]
    fn a_limit_stops_reading_and_says_so() {
        let sql = "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (2), (3);\nINSERT INTO t VALUES (4);";
        let import = import_sql(sql, Dialect::Postgres);
        let found =
            rows_from_dump(sql, Dialect::Postgres, table(&import.model, "t"), 2).expect("rows");
        assert_eq!(found.sample.rows, 2);
        assert!(found.truncated);
    }

    #[test]
    fn unreadable_rows_are_counted_not_fatal() {
        let sql = "CREATE TABLE t (a int, b int);\nINSERT INTO t VALUES (1);\n\
                   INSERT INTO t VALUES (1, 2);\nCOPY t FROM stdin;\n1\n\\.\n";
        let import = import_sql(sql, Dialect::Postgres);
        let found =
            rows_from_dump(sql, Dialect::Postgres, table(&import.model, "t"), 10).expect("rows");
        assert_eq!(found.statements, 3);
        assert_eq!(found.sample.rows, 1);
        assert_eq!(found.unreadable.len(), 2, "{:?}", found.unreadable);
        assert!(found.unreadable[0].contains("1 values for 2 columns"));
        assert!(found.unreadable[1].contains("1 fields for 2 columns"));
    }

    #[test]
    fn mysql_dumps_quote_names_with_backticks() {
        let sql = "CREATE TABLE `t` (`a` int, `b` int);\nINSERT INTO `t` VALUES (1,2),(3,4);";
        let import = import_sql(sql, Dialect::Mysql);
        let found =
            rows_from_dump(sql, Dialect::Mysql, table(&import.model, "t"), 10).expect("rows");
        assert_eq!(found.sample.rows, 2);
    }
}
