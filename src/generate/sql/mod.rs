//! DDL generation from the model, never by printing a parser's AST. A dialect is one file
//! implementing [`SqlDialect`] plus one line in [`dialect_for`]; what a dialect cannot
//! express is said in its capabilities, and the generator reports what it did instead.

mod context;
mod ddl;
mod expression;
mod fidelity;
mod index;
mod mssql;
mod mysql;
mod naming;
mod order;
mod patterns;
mod pieces;
mod postgres;
mod prepare;
mod schema_placement;
mod sqlite;
mod statement_memo;
mod table;
mod timestamp_literal;
mod view_names;

pub use ddl::{generate, generate_ddl, Ddl, DdlOptions};
pub use fidelity::{FidelityNote, NoteLevel};
pub use index::generate_index_script;
pub use naming::Naming;
pub use pieces::{ColumnPieces, Pieces};
pub use schema_placement::SchemaPlacement;
pub use statement_memo::DdlCache;
pub use timestamp_literal::{civil_from_days, days_from_civil};

use crate::model::{Dialect, TypeKind};

/// How a dialect spells an auto-numbered column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityStyle {
    /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY` (PostgreSQL).
    Generated,
    /// `AUTO_INCREMENT`, which must be a key (MySQL, MariaDB).
    AutoIncrement,
    /// `INTEGER PRIMARY KEY AUTOINCREMENT`, only on a single-column integer key (SQLite).
    RowidAlias,
    /// `IDENTITY(1,1)` (SQL Server).
    IdentityProperty,
}

/// How a table comment is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentStyle {
    /// `COMMENT ON TABLE … IS …` statements.
    Statements,
    /// `COMMENT '…'` on the column and `COMMENT='…'` on the table.
    Inline,
    /// Not stored by the engine: written as SQL comments in the script.
    ScriptOnly,
}

/// What a target dialect needs to know to print the model. Capabilities are defaulted methods
/// (the PostgreSQL answer) so a new dialect states only where it differs.
pub trait SqlDialect {
    fn dialect(&self) -> Dialect;

    /// Words that must be quoted when used as identifiers: upper case, sorted (a test checks).
    fn reserved_words(&self) -> &'static [&'static str];

    /// The type spellings the inspector offers first (any other spelling is accepted too).
    fn type_choices(&self) -> &'static [&'static str];

    /// The type as this dialect spells it; `None` when the dialect has no form of it.
    fn kind_sql(&self, kind: &TypeKind) -> Option<String>;

    /// The type to use instead where a key or index covers a column whose usual type cannot
    /// be indexed (MySQL's TEXT, SQL Server's `nvarchar(max)`); `None` when it can.
    fn key_kind_sql(&self, _kind: &TypeKind) -> Option<String> {
        None
    }

    /// A non-unique index may cover a prefix of a long text column (`col(255)`, MySQL).
    fn supports_index_prefix(&self) -> bool {
        false
    }

    /// Index names are scoped to their table (MySQL, SQL Server), not to the schema.
    fn index_names_per_table(&self) -> bool {
        false
    }

    /// The longest identifier the engine keeps.
    fn max_identifier_length(&self) -> usize {
        63
    }

    /// Wraps a name in this dialect's identifier quotes, escaping quotes inside it.
    fn quote(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// True when unquoted names are folded to lower case (PostgreSQL), so upper-case letters
    /// need quotes to survive.
    fn folds_to_lower_case(&self) -> bool {
        true
    }

    /// True when `name` cannot be written bare: not a plain ASCII word, or reserved.
    fn needs_quoting(&self, name: &str) -> bool {
        let lower_only = self.folds_to_lower_case();
        let word_char = |c: char| {
            (if lower_only {
                c.is_ascii_lowercase()
            } else {
                c.is_ascii_alphabetic()
            }) || c == '_'
        };
        let mut chars = name.chars();
        let plain = chars.next().is_some_and(word_char)
            && chars.all(|c| word_char(c) || c.is_ascii_digit());
        !plain || is_reserved(self.reserved_words(), name)
    }

    /// An identifier, quoted only when it must be.
    fn ident(&self, name: &str) -> String {
        if self.needs_quoting(name) {
            self.quote(name)
        } else {
            name.to_string()
        }
    }

    /// A string literal with quotes escaped.
    fn string_literal(&self, text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    fn identity_style(&self) -> IdentityStyle {
        IdentityStyle::Generated
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Statements
    }

    /// `CREATE SCHEMA` namespaces inside one database.
    fn supports_schemas(&self) -> bool {
        true
    }

    fn supports_transactional_ddl(&self) -> bool {
        true
    }

    /// Named enum types (`CREATE TYPE … AS ENUM`).
    fn supports_enum_types(&self) -> bool {
        false
    }

    /// An enum written inline as the column type (`ENUM('a', 'b')`).
    fn supports_inline_enums(&self) -> bool {
        false
    }

    fn supports_domains(&self) -> bool {
        false
    }

    fn supports_sequences(&self) -> bool {
        false
    }

    fn supports_partial_indexes(&self) -> bool {
        true
    }

    fn supports_expression_indexes(&self) -> bool {
        true
    }

    /// Timestamp literals may carry a UTC offset (`'... +02'`).
    fn zoned_timestamps(&self) -> bool {
        true
    }

    /// A schema is a database of its own (MySQL): see [`SchemaPlacement`].
    fn schemas_are_databases(&self) -> bool {
        false
    }

    /// `CREATE EXTENSION`.
    fn supports_extensions(&self) -> bool {
        false
    }

    /// `CREATE INDEX ... (column opclass)`.
    fn supports_operator_classes(&self) -> bool {
        false
    }

    fn supports_index_include(&self) -> bool {
        false
    }

    /// Index methods (`USING …`) the dialect accepts, in lower case.
    fn index_methods(&self) -> &'static [&'static str] {
        &[]
    }

    /// Foreign keys added after the table (`ALTER TABLE … ADD CONSTRAINT`).
    fn supports_alter_add_foreign_key(&self) -> bool {
        true
    }

    fn supports_deferrable(&self) -> bool {
        false
    }

    fn supports_index_if_not_exists(&self) -> bool {
        true
    }

    fn supports_table_if_not_exists(&self) -> bool {
        true
    }

    /// Expression defaults must be wrapped in parentheses (MySQL).
    fn parenthesize_expression_defaults(&self) -> bool {
        false
    }

    /// A line that ends a batch (SQL Server's `GO`), written after every statement.
    fn batch_separator(&self) -> Option<&'static str> {
        None
    }

    /// The statements that open and close one transaction.
    fn transaction(&self) -> (&'static str, &'static str) {
        ("BEGIN;", "COMMIT;")
    }
}

/// Whether `name` is one of `words` (sorted, upper case), compared without regard to case
/// and without allocating: generators ask this for every identifier they print.
pub(crate) fn is_reserved(words: &[&str], name: &str) -> bool {
    let name = name.as_bytes();
    words
        .binary_search_by(|w| {
            let w = w.as_bytes();
            for (a, b) in w.iter().zip(name) {
                match a.cmp(&b.to_ascii_uppercase()) {
                    std::cmp::Ordering::Equal => {}
                    unequal => return unequal,
                }
            }
            w.len().cmp(&name.len())
        })
        .is_ok()
}

/// `name(n)`, or `name` where the model gives no length.
pub(super) fn sized(name: &str, length: &Option<u32>) -> String {
    match length {
        Some(n) => format!("{name}({n})"),
        None => name.to_string(),
    }
}

/// `numeric(p,s)`, `numeric(p)` or `numeric`, as far as the model gives them.
pub(super) fn numeric(precision: &Option<u32>, scale: &Option<u32>) -> String {
    match (precision, scale) {
        (Some(p), Some(s)) => format!("numeric({p},{s})"),
        (Some(p), None) => format!("numeric({p})"),
        _ => "numeric".into(),
    }
}

/// The generator for a dialect.
pub fn dialect_for(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgres => Box::new(postgres::Postgres),
        Dialect::Mysql => Box::new(mysql::Mysql),
        Dialect::Sqlite => Box::new(sqlite::Sqlite),
        Dialect::Mssql => Box::new(mssql::Mssql),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_word_lists_are_sorted_upper_case_for_binary_search() {
        for d in Dialect::ALL {
            let words = dialect_for(d).reserved_words();
            assert!(words.windows(2).all(|w| w[0] < w[1]), "{d} is not sorted");
            assert!(words.iter().all(|w| *w == w.to_ascii_uppercase()), "{d}");
            assert!(
                is_reserved(words, "select") && is_reserved(words, "Select"),
                "{d}"
            );
            assert!(!is_reserved(words, "users"), "{d}");
        }
    }
}
