//! MySQL and MariaDB: one generator for both, keeping to what MariaDB 10.6+ and MySQL 8
//! accept alike. A schema is a database there (`CREATE SCHEMA` is `CREATE DATABASE`), so
//! schema-qualified tables become tables of sibling databases, as other DBML tools do.

use super::{CommentStyle, IdentityStyle, SqlDialect};
use crate::model::{Dialect, TypeKind};

pub struct Mysql;

/// Reserved words of MySQL 8 and MariaDB (the union), which need backticks as names.
const RESERVED: &[&str] = &[
    "ACCESSIBLE",
    "ADD",
    "ALL",
    "ALTER",
    "ANALYZE",
    "AND",
    "AS",
    "ASC",
    "ASENSITIVE",
    "BEFORE",
    "BETWEEN",
    "BIGINT",
    "BINARY",
    "BLOB",
    "BOTH",
    "BY",
    "CALL",
    "CASCADE",
    "CASE",
    "CHANGE",
    "CHAR",
    "CHARACTER",
    "CHECK",
    "COLLATE",
    "COLUMN",
    "CONDITION",
    "CONSTRAINT",
    "CONTINUE",
    "CONVERT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CUME_DIST",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "CURSOR",
    "DATABASE",
    "DATABASES",
    "DAY_HOUR",
    "DAY_MICROSECOND",
    "DAY_MINUTE",
    "DAY_SECOND",
    "DEC",
    "DECIMAL",
    "DECLARE",
    "DEFAULT",
    "DELAYED",
    "DELETE",
    "DENSE_RANK",
    "DESC",
    "DESCRIBE",
    "DETERMINISTIC",
    "DISTINCT",
    "DISTINCTROW",
    "DIV",
    "DOUBLE",
    "DROP",
    "DUAL",
    "EACH",
    "ELSE",
    "ELSEIF",
    "EMPTY",
    "ENCLOSED",
    "ESCAPED",
    "EXCEPT",
    "EXISTS",
    "EXIT",
    "EXPLAIN",
    "FALSE",
    "FETCH",
    "FIRST_VALUE",
    "FLOAT",
    "FLOAT4",
    "FLOAT8",
    "FOR",
    "FORCE",
    "FOREIGN",
    "FROM",
    "FULLTEXT",
    "FUNCTION",
    "GENERATED",
    "GET",
    "GRANT",
    "GROUP",
    "GROUPING",
    "GROUPS",
    "HAVING",
    "HIGH_PRIORITY",
    "HOUR_MICROSECOND",
    "HOUR_MINUTE",
    "HOUR_SECOND",
    "IF",
    "IGNORE",
    "IN",
    "INDEX",
    "INFILE",
    "INNER",
    "INOUT",
    "INSENSITIVE",
    "INSERT",
    "INT",
    "INT1",
    "INT2",
    "INT3",
    "INT4",
    "INT8",
    "INTEGER",
    "INTERSECT",
    "INTERVAL",
    "INTO",
    "IO_AFTER_GTIDS",
    "IO_BEFORE_GTIDS",
    "IS",
    "ITERATE",
    "JOIN",
    "JSON_TABLE",
    "KEY",
    "KEYS",
    "KILL",
    "LAG",
    "LAST_VALUE",
    "LATERAL",
    "LEAD",
    "LEADING",
    "LEAVE",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LINEAR",
    "LINES",
    "LOAD",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "LOCK",
    "LONG",
    "LONGBLOB",
    "LONGTEXT",
    "LOOP",
    "LOW_PRIORITY",
    "MASTER_BIND",
    "MASTER_SSL_VERIFY_SERVER_CERT",
    "MATCH",
    "MAXVALUE",
    "MEDIUMBLOB",
    "MEDIUMINT",
    "MEDIUMTEXT",
    "MIDDLEINT",
    "MINUTE_MICROSECOND",
    "MINUTE_SECOND",
    "MOD",
    "MODIFIES",
    "NATURAL",
    "NOT",
    "NO_WRITE_TO_BINLOG",
    "NTH_VALUE",
    "NTILE",
    "NULL",
    "NUMERIC",
    "OF",
    "OFFSET",
    "ON",
    "OPTIMIZE",
    "OPTIMIZER_COSTS",
    "OPTION",
    "OPTIONALLY",
    "OR",
    "ORDER",
    "OUT",
    "OUTER",
    "OUTFILE",
    "OVER",
    "PARTITION",
    "PERCENT_RANK",
    "PRECISION",
    "PRIMARY",
    "PROCEDURE",
    "PURGE",
    "RANGE",
    "RANK",
    "READ",
    "READS",
    "READ_WRITE",
    "REAL",
    "RECURSIVE",
    "REFERENCES",
    "REGEXP",
    "RELEASE",
    "RENAME",
    "REPEAT",
    "REPLACE",
    "REQUIRE",
    "RESIGNAL",
    "RESTRICT",
    "RETURN",
    "RETURNING",
    "REVOKE",
    "RIGHT",
    "RLIKE",
    "ROW",
    "ROWNUM",
    "ROWS",
    "ROW_NUMBER",
    "SCHEMA",
    "SCHEMAS",
    "SECOND_MICROSECOND",
    "SELECT",
    "SENSITIVE",
    "SEPARATOR",
    "SET",
    "SHOW",
    "SIGNAL",
    "SMALLINT",
    "SPATIAL",
    "SPECIFIC",
    "SQL",
    "SQLEXCEPTION",
    "SQLSTATE",
    "SQLWARNING",
    "SQL_BIG_RESULT",
    "SQL_CALC_FOUND_ROWS",
    "SQL_SMALL_RESULT",
    "SSL",
    "STARTING",
    "STORED",
    "STRAIGHT_JOIN",
    "SYSTEM",
    "TABLE",
    "TERMINATED",
    "THEN",
    "TINYBLOB",
    "TINYINT",
    "TINYTEXT",
    "TO",
    "TRAILING",
    "TRIGGER",
    "TRUE",
    "UNDO",
    "UNION",
    "UNIQUE",
    "UNLOCK",
    "UNSIGNED",
    "UPDATE",
    "USAGE",
    "USE",
    "USING",
    "UTC_DATE",
    "UTC_TIME",
    "UTC_TIMESTAMP",
    "VALUES",
    "VARBINARY",
    "VARCHAR",
    "VARCHARACTER",
    "VARYING",
    "VIRTUAL",
    "WHEN",
    "WHERE",
    "WHILE",
    "WINDOW",
    "WITH",
    "WRITE",
    "XOR",
    "YEAR_MONTH",
    "ZEROFILL",
];

impl SqlDialect for Mysql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn type_choices(&self) -> &'static [&'static str] {
        &[
            "bigint",
            "int",
            "smallint",
            "tinyint",
            "decimal(12,2)",
            "float",
            "double",
            "varchar(255)",
            "char(1)",
            "text",
            "longtext",
            "boolean",
            "date",
            "time",
            "datetime",
            "timestamp",
            "json",
            "blob",
            "binary(16)",
        ]
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        RESERVED
    }

    fn max_identifier_length(&self) -> usize {
        64
    }

    fn quote(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    fn folds_to_lower_case(&self) -> bool {
        false
    }

    /// Backslash is an escape character in MySQL strings unless NO_BACKSLASH_ESCAPES is set.
    fn string_literal(&self, text: &str) -> String {
        format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
    }

    fn identity_style(&self) -> IdentityStyle {
        IdentityStyle::AutoIncrement
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Inline
    }

    fn supports_transactional_ddl(&self) -> bool {
        false
    }

    fn supports_inline_enums(&self) -> bool {
        true
    }

    fn supports_partial_indexes(&self) -> bool {
        false
    }

    /// MySQL 8 has functional key parts, MariaDB has none.
    fn supports_expression_indexes(&self) -> bool {
        false
    }

    fn index_methods(&self) -> &'static [&'static str] {
        &["btree", "hash"]
    }

    /// MariaDB has `CREATE INDEX IF NOT EXISTS`, MySQL 8 does not.
    fn supports_index_if_not_exists(&self) -> bool {
        false
    }

    fn parenthesize_expression_defaults(&self) -> bool {
        true
    }

    fn transaction(&self) -> (&'static str, &'static str) {
        ("START TRANSACTION;", "COMMIT;")
    }

    /// InnoDB keys hold at most 3072 bytes: 768 characters of utf8mb4.
    fn key_kind_sql(&self, kind: &TypeKind) -> Option<String> {
        match kind {
            TypeKind::Varchar { length: Some(n) } if *n <= 768 => None,
            TypeKind::Varchar { .. } | TypeKind::Text | TypeKind::Json | TypeKind::Jsonb => {
                Some("varchar(255)".into())
            }
            TypeKind::Array { .. } | TypeKind::Other { .. } | TypeKind::Interval => {
                Some("varchar(255)".into())
            }
            TypeKind::Binary => Some("varbinary(255)".into()),
            _ => None,
        }
    }

    fn supports_index_prefix(&self) -> bool {
        true
    }

    fn schemas_are_databases(&self) -> bool {
        true
    }

    fn zoned_timestamps(&self) -> bool {
        false
    }

    fn index_names_per_table(&self) -> bool {
        true
    }

    fn kind_sql(&self, kind: &TypeKind) -> Option<String> {
        Some(match kind {
            TypeKind::Boolean => "tinyint(1)".into(),
            TypeKind::TinyInt => "tinyint".into(),
            TypeKind::SmallInt => "smallint".into(),
            TypeKind::Integer => "int".into(),
            TypeKind::BigInt => "bigint".into(),
            TypeKind::Decimal {
                precision: Some(p),
                scale,
            } => format!("decimal({},{})", p.min(&65), scale.unwrap_or(0).min(30)),
            // MySQL's bare DECIMAL is DECIMAL(10,0); keep fractions where the model has none.
            TypeKind::Decimal { .. } => "decimal(65,30)".into(),
            TypeKind::Real => "float".into(),
            TypeKind::Double => "double".into(),
            TypeKind::Char { length } => format!("char({})", length.unwrap_or(1).min(255)),
            TypeKind::Varchar { length: Some(n) } if *n <= 16_383 => format!("varchar({n})"),
            // MySQL needs a length; 255 is what DBML tools and ORMs assume.
            TypeKind::Varchar { length: None } => "varchar(255)".into(),
            TypeKind::Varchar { .. } | TypeKind::Text => "longtext".into(),
            TypeKind::Binary => "longblob".into(),
            TypeKind::Date => "date".into(),
            TypeKind::Time { .. } => "time".into(),
            TypeKind::Timestamp { .. } => "datetime".into(),
            TypeKind::Uuid => "char(36)".into(),
            TypeKind::Json | TypeKind::Jsonb | TypeKind::Array { .. } => "json".into(),
            TypeKind::Interval | TypeKind::Other { .. } => return None,
        })
    }
}
