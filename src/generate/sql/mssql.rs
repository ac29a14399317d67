//! SQL Server (T-SQL): bracket quoting, `IDENTITY(1,1)`, Unicode string types, and a `GO`
//! after every statement so that statements that must start a batch can.

use super::{CommentStyle, IdentityStyle, SqlDialect};
use crate::model::{Dialect, TypeKind};

pub struct Mssql;

/// T-SQL reserved keywords.
const RESERVED: &[&str] = &[
    "ADD",
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "AS",
    "ASC",
    "AUTHORIZATION",
    "BACKUP",
    "BEGIN",
    "BETWEEN",
    "BREAK",
    "BROWSE",
    "BULK",
    "BY",
    "CASCADE",
    "CASE",
    "CHECK",
    "CHECKPOINT",
    "CLOSE",
    "CLUSTERED",
    "COALESCE",
    "COLLATE",
    "COLUMN",
    "COMMIT",
    "COMPUTE",
    "CONSTRAINT",
    "CONTAINS",
    "CONTAINSTABLE",
    "CONTINUE",
    "CONVERT",
    "CREATE",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "CURSOR",
    "DATABASE",
    "DBCC",
    "DEALLOCATE",
    "DECLARE",
    "DEFAULT",
    "DELETE",
    "DENY",
    "DESC",
    "DISK",
    "DISTINCT",
    "DISTRIBUTED",
    "DOUBLE",
    "DROP",
    "DUMP",
    "ELSE",
    "END",
    "ERRLVL",
    "ESCAPE",
    "EXCEPT",
    "EXEC",
    "EXECUTE",
    "EXISTS",
    "EXIT",
    "EXTERNAL",
    "FETCH",
    "FILE",
    "FILLFACTOR",
    "FOR",
    "FOREIGN",
    "FREETEXT",
    "FREETEXTTABLE",
    "FROM",
    "FULL",
    "FUNCTION",
    "GOTO",
    "GRANT",
    "GROUP",
    "HAVING",
    "HOLDLOCK",
    "IDENTITY",
    "IDENTITYCOL",
    "IDENTITY_INSERT",
    "IF",
    "IN",
    "INDEX",
    "INNER",
    "INSERT",
    "INTERSECT",
    "INTO",
    "IS",
    "JOIN",
    "KEY",
    "KILL",
    "LEFT",
    "LIKE",
    "LINENO",
    "LOAD",
    "MERGE",
    "NATIONAL",
    "NOCHECK",
    "NONCLUSTERED",
    "NOT",
    "NULL",
    "NULLIF",
    "OF",
    "OFF",
    "OFFSETS",
    "ON",
    "OPEN",
    "OPENDATASOURCE",
    "OPENQUERY",
    "OPENROWSET",
    "OPENXML",
    "OPTION",
    "OR",
    "ORDER",
    "OUTER",
    "OVER",
    "PERCENT",
    "PIVOT",
    "PLAN",
    "PRECISION",
    "PRIMARY",
    "PRINT",
    "PROC",
    "PROCEDURE",
    "PUBLIC",
    "RAISERROR",
    "READ",
    "READTEXT",
    "RECONFIGURE",
    "REFERENCES",
    "REPLICATION",
    "RESTORE",
    "RESTRICT",
    "RETURN",
    "REVERT",
    "REVOKE",
    "RIGHT",
    "ROLLBACK",
    "ROWCOUNT",
    "ROWGUIDCOL",
    "RULE",
    "SAVE",
    "SCHEMA",
    "SECURITYAUDIT",
    "SELECT",
    "SEMANTICKEYPHRASETABLE",
    "SESSION_USER",
    "SET",
    "SETUSER",
    "SHUTDOWN",
    "SOME",
    "STATISTICS",
    "SYSTEM_USER",
    "TABLE",
    "TABLESAMPLE",
    "TEXTSIZE",
    "THEN",
    "TO",
    "TOP",
    "TRAN",
    "TRANSACTION",
    "TRIGGER",
    "TRUNCATE",
    "TRY_CONVERT",
    "TSEQUAL",
    "UNION",
    "UNIQUE",
    "UNPIVOT",
    "UPDATE",
    "UPDATETEXT",
    "USE",
    "USER",
    "VALUES",
    "VARYING",
    "VIEW",
    "WAITFOR",
    "WHEN",
    "WHERE",
    "WHILE",
    "WITH",
    "WRITETEXT",
];

impl SqlDialect for Mssql {
    fn dialect(&self) -> Dialect {
        Dialect::Mssql
    }

    fn type_choices(&self) -> &'static [&'static str] {
        &[
            "bigint",
            "int",
            "smallint",
            "tinyint",
            "decimal(12,2)",
            "float",
            "nvarchar(255)",
            "nvarchar(max)",
            "varchar(255)",
            "char(1)",
            "bit",
            "date",
            "time",
            "datetime2",
            "datetimeoffset",
            "uniqueidentifier",
            "varbinary(max)",
        ]
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        RESERVED
    }

    fn max_identifier_length(&self) -> usize {
        128
    }

    fn quote(&self, name: &str) -> String {
        format!("[{}]", name.replace(']', "]]"))
    }

    fn folds_to_lower_case(&self) -> bool {
        false
    }

    /// `N'…'` so that Unicode text survives in any collation.
    fn string_literal(&self, text: &str) -> String {
        format!("N'{}'", text.replace('\'', "''"))
    }

    fn identity_style(&self) -> IdentityStyle {
        IdentityStyle::IdentityProperty
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::ScriptOnly
    }

    fn supports_sequences(&self) -> bool {
        true
    }

    fn supports_index_include(&self) -> bool {
        true
    }

    /// Filtered indexes take simple predicates only; expressions need computed columns.
    fn supports_expression_indexes(&self) -> bool {
        false
    }

    fn supports_index_if_not_exists(&self) -> bool {
        false
    }

    fn supports_table_if_not_exists(&self) -> bool {
        false
    }

    fn batch_separator(&self) -> Option<&'static str> {
        Some("GO")
    }

    fn transaction(&self) -> (&'static str, &'static str) {
        ("BEGIN TRANSACTION;", "COMMIT TRANSACTION;")
    }

    /// An index key holds at most 1700 bytes: `nvarchar(max)` cannot be one.
    fn key_kind_sql(&self, kind: &TypeKind) -> Option<String> {
        match kind {
            TypeKind::Varchar { length: Some(n) } if *n <= 4000 => None,
            TypeKind::Varchar { .. }
            | TypeKind::Text
            | TypeKind::Json
            | TypeKind::Jsonb
            | TypeKind::Array { .. }
            | TypeKind::Other { .. }
            | TypeKind::Interval => Some("nvarchar(450)".into()),
            TypeKind::Binary => Some("varbinary(900)".into()),
            _ => None,
        }
    }

    fn index_names_per_table(&self) -> bool {
        true
    }

    fn kind_sql(&self, kind: &TypeKind) -> Option<String> {
        Some(match kind {
            TypeKind::Boolean => "bit".into(),
            TypeKind::TinyInt => "tinyint".into(),
            TypeKind::SmallInt => "smallint".into(),
            TypeKind::Integer => "int".into(),
            TypeKind::BigInt => "bigint".into(),
            TypeKind::Decimal {
                precision: Some(p),
                scale,
            } => format!("decimal({},{})", p.min(&38), scale.unwrap_or(0).min(38)),
            TypeKind::Decimal { .. } => "decimal(38,10)".into(),
            TypeKind::Real => "real".into(),
            TypeKind::Double => "float".into(),
            TypeKind::Char { length } => format!("nchar({})", length.unwrap_or(1).min(4000)),
            TypeKind::Varchar { length: Some(n) } if *n <= 4000 => format!("nvarchar({n})"),
            TypeKind::Varchar { .. } | TypeKind::Text => "nvarchar(max)".into(),
            TypeKind::Binary => "varbinary(max)".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { .. } => "time".into(),
            TypeKind::Timestamp {
                with_time_zone: false,
            } => "datetime2".into(),
            TypeKind::Timestamp {
                with_time_zone: true,
            } => "datetimeoffset".into(),
            TypeKind::Uuid => "uniqueidentifier".into(),
            TypeKind::Json | TypeKind::Jsonb | TypeKind::Array { .. } => "nvarchar(max)".into(),
            TypeKind::Interval | TypeKind::Other { .. } => return None,
        })
    }
}
