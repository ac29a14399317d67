//! PostgreSQL.

use super::{numeric, sized, SqlDialect};
use crate::model::{Dialect, TypeKind};

pub struct Postgres;

/// PostgreSQL's reserved key words (those that cannot be column or table names unquoted).
const RESERVED: &[&str] = &[
    "ALL",
    "ANALYSE",
    "ANALYZE",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASC",
    "ASYMMETRIC",
    "AUTHORIZATION",
    "BINARY",
    "BOTH",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "COLLATION",
    "COLUMN",
    "CONCURRENTLY",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DEFAULT",
    "DEFERRABLE",
    "DESC",
    "DISTINCT",
    "DO",
    "ELSE",
    "END",
    "EXCEPT",
    "FALSE",
    "FETCH",
    "FOR",
    "FOREIGN",
    "FREEZE",
    "FROM",
    "FULL",
    "GRANT",
    "GROUP",
    "HAVING",
    "ILIKE",
    "IN",
    "INITIALLY",
    "INNER",
    "INTERSECT",
    "INTO",
    "IS",
    "ISNULL",
    "JOIN",
    "LATERAL",
    "LEADING",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NATURAL",
    "NOT",
    "NOTNULL",
    "NULL",
    "OFFSET",
    "ON",
    "ONLY",
    "OR",
    "ORDER",
    "OUTER",
    "OVERLAPS",
    "PLACING",
    "PRIMARY",
    "REFERENCES",
    "RETURNING",
    "RIGHT",
    "SELECT",
    "SESSION_USER",
    "SIMILAR",
    "SOME",
    "SYMMETRIC",
    "SYSTEM_USER",
    "TABLE",
    "TABLESAMPLE",
    "THEN",
    "TO",
    "TRAILING",
    "TRUE",
    "UNION",
    "UNIQUE",
    "USER",
    "USING",
    "VARIADIC",
    "VERBOSE",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
];

impl SqlDialect for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn type_choices(&self) -> &'static [&'static str] {
        &[
            "bigint",
            "integer",
            "smallint",
            "numeric(12,2)",
            "real",
            "double precision",
            "text",
            "varchar(255)",
            "char(1)",
            "boolean",
            "date",
            "time",
            "timestamp",
            "timestamptz",
            "interval",
            "uuid",
            "json",
            "jsonb",
            "bytea",
            "inet",
            "text[]",
        ]
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        RESERVED
    }

    fn supports_enum_types(&self) -> bool {
        true
    }

    fn supports_domains(&self) -> bool {
        true
    }

    fn supports_sequences(&self) -> bool {
        true
    }

    fn supports_extensions(&self) -> bool {
        true
    }

    fn supports_operator_classes(&self) -> bool {
        true
    }

    fn supports_index_include(&self) -> bool {
        true
    }

    fn index_methods(&self) -> &'static [&'static str] {
        &["btree", "hash", "gin", "gist", "brin", "spgist"]
    }

    fn supports_deferrable(&self) -> bool {
        true
    }

    fn kind_sql(&self, kind: &TypeKind) -> Option<String> {
        Some(match kind {
            TypeKind::Boolean => "boolean".into(),
            TypeKind::TinyInt | TypeKind::SmallInt => "smallint".into(),
            TypeKind::Integer => "integer".into(),
            TypeKind::BigInt => "bigint".into(),
            TypeKind::Decimal { precision, scale } => numeric(precision, scale),
            TypeKind::Real => "real".into(),
            TypeKind::Double => "double precision".into(),
            TypeKind::Char { length } => sized("char", length),
            TypeKind::Varchar { length } => sized("varchar", length),
            TypeKind::Text => "text".into(),
            TypeKind::Binary => "bytea".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time {
                with_time_zone: false,
            } => "time".into(),
            TypeKind::Time {
                with_time_zone: true,
            } => "timetz".into(),
            TypeKind::Timestamp {
                with_time_zone: false,
            } => "timestamp".into(),
            TypeKind::Timestamp {
                with_time_zone: true,
            } => "timestamptz".into(),
            TypeKind::Interval => "interval".into(),
            TypeKind::Uuid => "uuid".into(),
            TypeKind::Json => "json".into(),
            TypeKind::Jsonb => "jsonb".into(),
            TypeKind::Array { element } => format!("{}[]", self.kind_sql(element)?),
            TypeKind::Other { .. } => return None,
        })
    }
}
