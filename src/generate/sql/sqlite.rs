//! SQLite: any type name is accepted and given an affinity, so types keep their meaning's
//! usual name; what SQLite lacks is schemas, ALTER TABLE ADD CONSTRAINT and index methods.

use super::{numeric, sized, CommentStyle, IdentityStyle, SqlDialect};
use crate::model::{Dialect, TypeKind};

pub struct Sqlite;

/// SQLite's keywords that cannot be used as bare names.
const RESERVED: &[&str] = &[
    "ABORT",
    "ACTION",
    "ADD",
    "AFTER",
    "ALL",
    "ALTER",
    "ALWAYS",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ATTACH",
    "AUTOINCREMENT",
    "BEFORE",
    "BEGIN",
    "BETWEEN",
    "BY",
    "CASCADE",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "CONFLICT",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATABASE",
    "DEFAULT",
    "DEFERRABLE",
    "DEFERRED",
    "DELETE",
    "DESC",
    "DETACH",
    "DISTINCT",
    "DO",
    "DROP",
    "EACH",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXCLUDE",
    "EXCLUSIVE",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "FILTER",
    "FIRST",
    "FOLLOWING",
    "FOR",
    "FOREIGN",
    "FROM",
    "FULL",
    "GENERATED",
    "GLOB",
    "GROUP",
    "GROUPS",
    "HAVING",
    "IF",
    "IGNORE",
    "IMMEDIATE",
    "IN",
    "INDEX",
    "INDEXED",
    "INITIALLY",
    "INNER",
    "INSERT",
    "INSTEAD",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "KEY",
    "LAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MATCH",
    "MATERIALIZED",
    "NATURAL",
    "NO",
    "NOT",
    "NOTHING",
    "NOTNULL",
    "NULL",
    "NULLS",
    "OF",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OTHERS",
    "OUTER",
    "OVER",
    "PARTITION",
    "PLAN",
    "PRAGMA",
    "PRECEDING",
    "PRIMARY",
    "QUERY",
    "RAISE",
    "RANGE",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPLACE",
    "RESTRICT",
    "RETURNING",
    "RIGHT",
    "ROLLBACK",
    "ROW",
    "ROWS",
    "SAVEPOINT",
    "SELECT",
    "SET",
    "TABLE",
    "TEMP",
    "TEMPORARY",
    "THEN",
    "TIES",
    "TO",
    "TRANSACTION",
    "TRIGGER",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "UPDATE",
    "USING",
    "VACUUM",
    "VALUES",
    "VIEW",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "WITHOUT",
];

impl SqlDialect for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn type_choices(&self) -> &'static [&'static str] {
        &[
            "integer", "real", "text", "blob", "numeric", "boolean", "date", "datetime",
        ]
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        RESERVED
    }

    fn max_identifier_length(&self) -> usize {
        usize::MAX
    }

    fn folds_to_lower_case(&self) -> bool {
        false
    }

    fn identity_style(&self) -> IdentityStyle {
        IdentityStyle::RowidAlias
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::ScriptOnly
    }

    fn supports_schemas(&self) -> bool {
        false
    }

    fn supports_alter_add_foreign_key(&self) -> bool {
        false
    }

    /// SQLite parses DEFERRABLE INITIALLY DEFERRED on foreign keys and honours it.
    fn supports_deferrable(&self) -> bool {
        true
    }

    fn parenthesize_expression_defaults(&self) -> bool {
        true
    }

    fn kind_sql(&self, kind: &TypeKind) -> Option<String> {
        Some(match kind {
            TypeKind::Boolean => "boolean".into(),
            TypeKind::TinyInt => "tinyint".into(),
            TypeKind::SmallInt => "smallint".into(),
            TypeKind::Integer => "integer".into(),
            TypeKind::BigInt => "bigint".into(),
            TypeKind::Decimal { precision, scale } => numeric(precision, scale),
            TypeKind::Real => "real".into(),
            TypeKind::Double => "double".into(),
            TypeKind::Char { length } => sized("char", length),
            TypeKind::Varchar { length } => sized("varchar", length),
            TypeKind::Text => "text".into(),
            TypeKind::Binary => "blob".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { .. } => "time".into(),
            TypeKind::Timestamp { .. } => "datetime".into(),
            TypeKind::Uuid => "uuid".into(),
            TypeKind::Json | TypeKind::Jsonb | TypeKind::Array { .. } => "json".into(),
            TypeKind::Interval | TypeKind::Other { .. } => return None,
        })
    }
}
