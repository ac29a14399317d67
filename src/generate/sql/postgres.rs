//! PostgreSQL.

use super::SqlDialect;
use crate::model::{ColumnType, Dialect, TypeKind};

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

    fn reserved_words(&self) -> &'static [&'static str] {
        RESERVED
    }

    fn supports_transactional_ddl(&self) -> bool {
        true
    }

    fn supports_enum_types(&self) -> bool {
        true
    }

    fn type_sql(&self, data_type: &ColumnType) -> String {
        kind_sql(&data_type.kind).unwrap_or_else(|| {
            // A spelling that is plainly type syntax is printed as written; anything else is
            // one quoted name, so no type text can end the statement or start another.
            if is_type_syntax(&data_type.spelling) {
                data_type.spelling.clone()
            } else {
                self.quote(&data_type.spelling)
            }
        })
    }
}

/// Words, dots, balanced double-quoted names, `(n, m)` and `[]`: nothing that can close a
/// statement, open a comment or a string.
fn is_type_syntax(spelling: &str) -> bool {
    let mut in_quotes = false;
    let mut depth = 0i32;
    for c in spelling.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_alphanumeric() || " _.,[]".contains(c) => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    !in_quotes && depth == 0 && !spelling.trim().is_empty()
}

/// The PostgreSQL spelling of a type meaning; `None` for types printed as written.
fn kind_sql(kind: &TypeKind) -> Option<String> {
    let sized = |name: &str, length: &Option<u32>| match length {
        Some(n) => format!("{name}({n})"),
        None => name.to_string(),
    };
    Some(match kind {
        TypeKind::Boolean => "boolean".into(),
        TypeKind::TinyInt | TypeKind::SmallInt => "smallint".into(),
        TypeKind::Integer => "integer".into(),
        TypeKind::BigInt => "bigint".into(),
        TypeKind::Decimal {
            precision: Some(p),
            scale: Some(s),
        } => format!("numeric({p},{s})"),
        TypeKind::Decimal {
            precision: Some(p),
            scale: None,
        } => format!("numeric({p})"),
        TypeKind::Decimal { .. } => "numeric".into(),
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
        TypeKind::Array { element } => format!("{}[]", kind_sql(element)?),
        TypeKind::Other { .. } => return None,
    })
}
