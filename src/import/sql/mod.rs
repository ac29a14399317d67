//! SQL import: split the script into statements, parse each with sqlparser in the chosen
//! dialect, and turn what describes the schema into the model. This module is the only place
//! that knows sqlparser's AST.

mod convert;
pub mod report;
pub mod split;
mod stepwise;
mod token_statements;
mod tokens;

use sqlparser::dialect::{
    Dialect as ParserDialect, MsSqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::parser::ParserError;

use crate::diagnostic::{Position, Severity};
use crate::model::{Dialect, Model};
pub use report::{ImportReport, SkippedStatement};
pub use stepwise::{Progress, SqlImporter};

/// The result of importing a script: the model and the account of every statement.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SqlImport {
    pub model: Model,
    pub report: ImportReport,
    /// Where the text writes each table, by the ids of `model` (before any reconcile).
    pub spans: crate::model::TextSpans,
}

pub(crate) fn parser_dialect(dialect: Dialect) -> Box<dyn ParserDialect> {
    match dialect {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Mssql => Box::new(MsSqlDialect {}),
    }
}

/// Imports an SQL script. Never fails and never panics: what cannot be imported is reported
/// with its position.
pub fn import_sql(text: &str, dialect: Dialect) -> SqlImport {
    let mut importer = SqlImporter::new(text, dialect);
    importer.step(usize::MAX);
    importer.finish()
}

/// Statement kinds that never describe the schema, recognised from their first words so that
/// megabytes of `INSERT` data are not parsed at all.
fn skipped_without_parsing(kind: &str, sql: &str) -> Option<(Severity, &'static str)> {
    let first = kind.split(' ').next().unwrap_or("");
    let reason = match first {
        "INSERT" | "COPY" | "UPDATE" | "DELETE" | "REPLACE" | "MERGE" | "TRUNCATE" => {
            "data statement: data is not part of the schema"
        }
        "SET" | "USE" | "PRAGMA" | "BEGIN" | "COMMIT" | "START" | "END" | "ROLLBACK" | "LOCK"
        | "UNLOCK" | "GRANT" | "REVOKE" | "ANALYZE" | "VACUUM" | "RESET" | "SAVEPOINT"
        | "RELEASE" | "CHECKPOINT" | "PRINT" | "DECLARE" | "EXEC" | "EXECUTE" => {
            "session, transaction or permission statement: does not change the schema"
        }
        "DROP" => "DROP statement: the model describes what a script creates",
        "DO" => "anonymous code block (DO): code run once, not part of the schema",
        "IF" | "WHILE" => "T-SQL control flow: not part of the schema",
        _ if kind.ends_with(" DATABASE") || kind.ends_with(" LANGUAGE") => {
            "database or language setting: not part of the schema"
        }
        "SELECT" => "query: does not change the schema",
        _ if sql.starts_with('\\') => "psql meta-command: does not change the schema",
        _ => return None,
    };
    Some((Severity::Info, reason))
}

/// The first keywords of a statement, upper-cased: `CREATE TABLE`, `ALTER TABLE`, `INSERT`.
fn leading_keywords(sql: &str) -> String {
    if let Some(cmd) = sql.strip_prefix('\\') {
        return format!("\\{}", cmd.split_whitespace().next().unwrap_or(""));
    }
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_ascii_uppercase)
        .collect();
    let take = match words.first().map(String::as_str) {
        Some("CREATE") | Some("ALTER") => {
            let skip_modifiers = words
                .iter()
                .skip(1)
                .position(|w| {
                    !matches!(
                        w.as_str(),
                        "OR" | "REPLACE" | "UNIQUE" | "TEMP" | "TEMPORARY" | "UNLOGGED" | "GLOBAL"
                    )
                })
                .unwrap_or(0);
            skip_modifiers + 2
        }
        _ => 1,
    };
    let first = words.first().cloned().unwrap_or_default();
    let object = if take > 1 {
        words.get(take - 1).cloned()
    } else {
        None
    };
    match object {
        Some(o) => format!("{first} {o}"),
        None => first,
    }
}

/// sqlparser puts positions in its messages (" at Line: 3, Column: 7"); take them out.
fn parser_error_position(error: &ParserError) -> (String, Option<Position>) {
    let text = match error {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s.clone(),
        ParserError::RecursionLimitExceeded => {
            return ("statement nested too deeply to parse".to_string(), None)
        }
    };
    let Some(at) = text.rfind(" at Line: ") else {
        return (text, None);
    };
    let numbers: Vec<u32> = text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let message = text[..at].to_string();
    match numbers.as_slice() {
        [line, column, ..] if *line > 0 => (
            message,
            Some(Position {
                line: *line,
                column: *column,
            }),
        ),
        _ => (message, None),
    }
}

/// Turns a position relative to a statement into one relative to the whole text.
fn offset_position(statement: Position, relative: Position) -> Position {
    if relative.line <= 1 {
        Position {
            line: statement.line,
            column: statement.column + relative.column.saturating_sub(1),
        }
    } else {
        Position {
            line: statement.line + relative.line - 1,
            column: relative.column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_statement_kinds() {
        assert_eq!(
            leading_keywords("create unique index x on t (a)"),
            "CREATE INDEX"
        );
        assert_eq!(
            leading_keywords("CREATE OR REPLACE FUNCTION f()"),
            "CREATE FUNCTION"
        );
        assert_eq!(leading_keywords("ALTER TABLE ONLY a"), "ALTER TABLE");
        assert_eq!(leading_keywords("insert into a values (1)"), "INSERT");
        assert_eq!(leading_keywords("\\connect db"), "\\connect");
    }

    #[test]
    fn takes_the_dialect_quirks_of_real_dumps() {
        let pg = import_sql(
            "CREATE TABLE t (id integer NOT NULL);
             CREATE SEQUENCE public.t_id_seq
                 AS integer
                 START WITH 5
                 INCREMENT BY -1
                 NO MINVALUE
                 CACHE 1;
             ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;
             ALTER TABLE t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME s START WITH 1);
             ALTER TABLE public.t OWNER TO postgres;",
            Dialect::Postgres,
        );
        assert_eq!(pg.report.errors().count(), 0, "{:?}", pg.report);
        let seq = &pg.model.sequences[0];
        assert_eq!((seq.start, seq.increment), (Some(5), Some(-1)));
        assert_eq!(seq.data_type.as_deref(), Some("integer"));
        let t = &pg.model.tables[0];
        assert_eq!(seq.owned_by, Some((t.id, t.columns[0].id)));
        assert_eq!(t.columns[0].name, "id");
        let id = &pg.model.tables[0].columns[0];
        assert_eq!(id.identity, Some(crate::model::Identity::Always));
        assert!(pg
            .report
            .skipped
            .iter()
            .any(|s| s.reason.contains("ownership")));

        let mssql = import_sql(
            "CREATE TABLE a (id INT NOT NULL IDENTITY, at DATETIME NOT NULL,\n PRIMARY KEY NONCLUSTERED (id),\n)\nGO\n ALTER TABLE a ADD CONSTRAINT [DF_a] DEFAULT (getdate()) FOR at\nGO\n",
            Dialect::Mssql,
        );
        assert_eq!(mssql.report.errors().count(), 0, "{:?}", mssql.report);
        assert_eq!(
            mssql.model.tables[0].columns[1].default.as_deref(),
            Some("(getdate())")
        );

        let sqlite = import_sql(
            "CREATE TABLE f (d BLOB SUB_TYPE TEXT DEFAULT NULL, n UNSIGNED BIG INT NOT NULL);",
            Dialect::Sqlite,
        );
        assert_eq!(sqlite.report.errors().count(), 0, "{:?}", sqlite.report);
        let columns = &sqlite.model.tables[0].columns;
        assert_eq!(columns[0].data_type.kind, crate::model::TypeKind::Text);
        assert_eq!(columns[0].data_type.spelling, "BLOB SUB_TYPE TEXT");
        assert_eq!(columns[1].data_type.kind, crate::model::TypeKind::Integer);
        assert!(!columns[1].nullable);

        let mysql = import_sql(
            "CREATE TABLE s (p VARCHAR(40) BINARY DEFAULT NULL, `k` INT);",
            Dialect::Mysql,
        );
        assert_eq!(mysql.report.errors().count(), 0, "{:?}", mysql.report);
        assert_eq!(mysql.model.tables[0].columns.len(), 2);
    }

    #[test]
    fn keeps_types_and_defaults_as_written() {
        let result = import_sql(
            "CREATE TABLE p (s jsonb NOT NULL DEFAULT '{}'::jsonb, n character varying(9) DEFAULT 'x'::character varying, t int[] DEFAULT NULL, u timestamp with time zone DEFAULT now() NOT NULL);",
            Dialect::Postgres,
        );
        let c = &result.model.tables[0].columns;
        assert_eq!(c[0].default.as_deref(), Some("'{}'::jsonb"));
        assert_eq!(c[1].data_type.spelling, "character varying(9)");
        assert_eq!(c[1].default.as_deref(), Some("'x'::character varying"));
        assert_eq!(
            (c[2].data_type.spelling.as_str(), c[2].default.as_deref()),
            ("int[]", None)
        );
        assert_eq!(c[3].data_type.spelling, "timestamp with time zone");
        assert_eq!(c[3].default.as_deref(), Some("now()"));
        assert!(!c[3].nullable);
    }

    #[test]
    fn reports_the_parts_of_a_table_it_cannot_hold() {
        let result = import_sql(
            "CREATE TABLE r (id int, during tsrange, EXCLUDE USING gist (during WITH &&));",
            Dialect::Postgres,
        );
        assert_eq!(result.model.tables.len(), 1);
        let warning = result
            .report
            .skipped
            .iter()
            .find(|s| s.severity == Severity::Warning);
        assert!(
            warning.is_some_and(|w| w.reason.contains("EXCLUDE")),
            "{:?}",
            result.report
        );
    }

    #[test]
    fn keeps_views_and_routines_with_their_text() {
        let sql = "CREATE DEFINER=CURRENT_USER SQL SECURITY INVOKER VIEW v AS SELECT 1;
DELIMITER //
CREATE PROCEDURE p(IN x INT) READS SQL DATA BEGIN SELECT x; END //
DELIMITER ;
CREATE TABLE s (a int);
CREATE TRIGGER t BEFORE INSERT ON s FOR EACH ROW SET NEW.a = 1;";
        let result = import_sql(sql, Dialect::Mysql);
        assert_eq!(result.report.errors().count(), 0, "{:?}", result.report);
        assert_eq!(result.model.views[0].name, "v");
        assert_eq!(result.model.views[0].definition, "SELECT 1");
        let kinds: Vec<_> = result
            .model
            .routines
            .iter()
            .map(|r| (r.kind, r.name.as_str(), r.table.as_deref()))
            .collect();
        use crate::model::RoutineKind::*;
        assert_eq!(kinds, [(Procedure, "p", None), (Trigger, "t", Some("s"))]);
        assert!(result.model.routines[0].text.ends_with("END"));
    }

    #[test]
    fn reports_parse_errors_at_their_place_in_the_file() {
        let sql =
            "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  name text text text\n);";
        let result = import_sql(sql, Dialect::Postgres);
        assert_eq!(result.model.tables.len(), 1);
        let error = result.report.errors().next().expect("one error");
        assert_eq!(error.position.line, 5, "{error:?}");
        assert!(error.position.column > 1);
    }
}
