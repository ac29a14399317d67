//! Column types: a dialect-neutral meaning plus the spelling the user wrote, so that a
//! generator can map the meaning to any dialect while an unchanged round trip keeps the text.

use serde::{Deserialize, Serialize};

/// What a column type means, independent of dialect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Boolean,
    TinyInt,
    SmallInt,
    Integer,
    BigInt,
    Decimal {
        precision: Option<u32>,
        scale: Option<u32>,
    },
    Real,
    Double,
    Char {
        length: Option<u32>,
    },
    Varchar {
        length: Option<u32>,
    },
    Text,
    Binary,
    Date,
    Time {
        with_time_zone: bool,
    },
    Timestamp {
        with_time_zone: bool,
    },
    Interval,
    Uuid,
    Json,
    Jsonb,
    Array {
        element: Box<TypeKind>,
    },
    /// A type the engine does not interpret: user-defined enums and domains, or
    /// dialect-specific types. Generators print the spelling as written.
    Other {
        name: String,
    },
}

/// A column's type as modelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnType {
    pub kind: TypeKind,
    /// The type as written in the source, e.g. `character varying(50)` or `INT UNSIGNED`.
    pub spelling: String,
}

impl ColumnType {
    /// Classifies a type spelling. Never fails: unknown spellings become `Other`.
    pub fn from_spelling(spelling: &str) -> ColumnType {
        ColumnType {
            kind: classify(spelling),
            spelling: spelling.trim().to_string(),
        }
    }
}

impl ColumnType {
    /// Classifies a spelling as `dialect` reads it: SQLite gives any unknown name a meaning
    /// by its type-affinity rules.
    pub fn from_spelling_in(spelling: &str, dialect: super::Dialect) -> ColumnType {
        let mut t = ColumnType::from_spelling(spelling);
        if dialect == super::Dialect::Sqlite {
            if let TypeKind::Other { .. } = t.kind {
                t.kind = sqlite_affinity(spelling);
            }
        }
        t
    }
}

/// SQLite's type affinity rules (section 3.1 of its datatype documentation), in their order.
fn sqlite_affinity(spelling: &str) -> TypeKind {
    let upper = spelling.to_ascii_uppercase();
    if upper.contains("INT") {
        TypeKind::Integer
    } else if upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") {
        TypeKind::Text
    } else if upper.contains("BLOB") || upper.trim().is_empty() {
        TypeKind::Binary
    } else if upper.contains("REAL") || upper.contains("FLOA") || upper.contains("DOUB") {
        TypeKind::Double
    } else {
        TypeKind::Decimal {
            precision: None,
            scale: None,
        }
    }
}

/// The element type of `t[]`, `t[3]`, `t ARRAY`, `t ARRAY[3]` (any case, any spacing).
fn array_element(spelling: &str) -> Option<&str> {
    let mut rest = spelling.trim_end();
    let mut is_array = false;
    // Trailing dimensions: `[]`, `[3]`, `[ 3 ]`.
    while let Some(open) = rest.strip_suffix(']').and_then(|r| r.rfind('[')) {
        let inside = &rest[open + 1..rest.len() - 1];
        if !inside.trim().chars().all(|c| c.is_ascii_digit()) {
            break;
        }
        rest = rest[..open].trim_end();
        is_array = true;
    }
    if rest.len() > 6
        && rest.is_char_boundary(rest.len() - 6)
        && rest[rest.len() - 6..].eq_ignore_ascii_case(" array")
    {
        rest = rest[..rest.len() - 6].trim_end();
        is_array = true;
    }
    (is_array && !rest.is_empty()).then_some(rest)
}

/// Splits `name(args) rest` into the lower-cased name words and the numeric arguments.
fn split_arguments(spelling: &str) -> (String, Vec<u32>) {
    let lower = spelling.trim().to_ascii_lowercase();
    match (lower.find('('), lower.rfind(')')) {
        (Some(open), Some(close)) if close > open => {
            let args = lower[open + 1..close]
                .split(',')
                .filter_map(|a| a.trim().parse::<u32>().ok())
                .collect();
            let name = format!("{} {}", lower[..open].trim(), lower[close + 1..].trim());
            (normalize_spaces(&name), args)
        }
        _ => (normalize_spaces(&lower), Vec::new()),
    }
}

fn normalize_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn classify(spelling: &str) -> TypeKind {
    let trimmed = spelling.trim();
    if let Some(element) = array_element(trimmed) {
        return TypeKind::Array {
            element: Box::new(classify(element)),
        };
    }
    let (name, args) = split_arguments(trimmed);
    // MySQL display widths and sign modifiers do not change the meaning.
    let base = name
        .trim_end_matches(" zerofill")
        .trim_end_matches(" unsigned")
        .trim_end_matches(" signed")
        .trim();
    let first = args.first().copied();
    match base {
        "bool" | "boolean" | "bit" if base != "bit" || first.unwrap_or(1) == 1 => TypeKind::Boolean,
        "tinyint" if first == Some(1) => TypeKind::Boolean,
        "tinyint" => TypeKind::TinyInt,
        "smallint" | "int2" | "smallserial" | "serial2" | "year" => TypeKind::SmallInt,
        "int" | "integer" | "int4" | "mediumint" | "serial" | "serial4" => TypeKind::Integer,
        "bigint" | "int8" | "bigserial" | "serial8" => TypeKind::BigInt,
        "decimal" | "numeric" | "dec" | "money" | "smallmoney" | "fixed" => TypeKind::Decimal {
            precision: first,
            scale: args.get(1).copied(),
        },
        "real" | "float4" => TypeKind::Real,
        "float" if first.is_some_and(|p| p <= 24) => TypeKind::Real,
        "float" | "double" | "double precision" | "float8" => TypeKind::Double,
        "char" | "character" | "nchar" | "bpchar" | "national char" | "national character" => {
            TypeKind::Char { length: first }
        }
        "varchar"
        | "character varying"
        | "nvarchar"
        | "varchar2"
        | "nvarchar2"
        | "char varying"
        | "national character varying"
        | "national varchar" => TypeKind::Varchar { length: first },
        "text" | "tinytext" | "mediumtext" | "longtext" | "clob" | "ntext" | "citext"
        | "string" => TypeKind::Text,
        "bytea" | "blob" | "tinyblob" | "mediumblob" | "longblob" | "binary" | "varbinary"
        | "image" | "bit varying" | "varbit" => TypeKind::Binary,
        "date" => TypeKind::Date,
        "time" | "time without time zone" => TypeKind::Time {
            with_time_zone: false,
        },
        "timetz" | "time with time zone" => TypeKind::Time {
            with_time_zone: true,
        },
        "timestamp"
        | "timestamp without time zone"
        | "datetime"
        | "datetime2"
        | "smalldatetime" => TypeKind::Timestamp {
            with_time_zone: false,
        },
        "timestamptz" | "timestamp with time zone" | "datetimeoffset" => TypeKind::Timestamp {
            with_time_zone: true,
        },
        "interval" => TypeKind::Interval,
        "uuid" | "uniqueidentifier" => TypeKind::Uuid,
        "json" => TypeKind::Json,
        "jsonb" => TypeKind::Jsonb,
        _ => TypeKind::Other {
            name: trimmed.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_spellings_across_dialects() {
        let cases = [
            (
                "character varying(50)",
                TypeKind::Varchar { length: Some(50) },
            ),
            ("NVARCHAR(MAX)", TypeKind::Varchar { length: None }),
            ("INT UNSIGNED", TypeKind::Integer),
            ("tinyint(1)", TypeKind::Boolean),
            ("TINYINT UNSIGNED", TypeKind::TinyInt),
            (
                "numeric(5,2)",
                TypeKind::Decimal {
                    precision: Some(5),
                    scale: Some(2),
                },
            ),
            (
                "timestamp with time zone",
                TypeKind::Timestamp {
                    with_time_zone: true,
                },
            ),
            (
                "DATETIME",
                TypeKind::Timestamp {
                    with_time_zone: false,
                },
            ),
            ("serial", TypeKind::Integer),
            ("jsonb", TypeKind::Jsonb),
            ("float(53)", TypeKind::Double),
        ];
        for (spelling, kind) in cases {
            assert_eq!(ColumnType::from_spelling(spelling).kind, kind, "{spelling}");
        }
    }

    #[test]
    fn keeps_unknown_types_and_arrays() {
        let t = ColumnType::from_spelling("mpaa_rating");
        assert_eq!(
            t.kind,
            TypeKind::Other {
                name: "mpaa_rating".into()
            }
        );
        let a = ColumnType::from_spelling("text[]");
        assert_eq!(
            a.kind,
            TypeKind::Array {
                element: Box::new(TypeKind::Text)
            }
        );
        assert_eq!(a.spelling, "text[]");
        for spelling in [
            "int ARRAY",
            "int ARRAY [2]",
            "INT[2][3]",
            "int [ 5 ]",
            "integer array[3]",
        ] {
            let kind = ColumnType::from_spelling(spelling).kind;
            assert_eq!(
                kind,
                TypeKind::Array {
                    element: Box::new(TypeKind::Integer)
                },
                "{spelling}"
            );
        }
        assert!(matches!(
            ColumnType::from_spelling("[x]").kind,
            TypeKind::Other { .. }
        ));
    }
}
