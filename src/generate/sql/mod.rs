//! DDL generation from the model, never by printing a parser's AST. A dialect is one file
//! implementing [`SqlDialect`] plus one line in [`dialect_for`].

mod ddl;
mod postgres;

pub use ddl::{generate_ddl, DdlOptions};

use crate::model::{ColumnType, Dialect};

/// What a target dialect needs to know to print the model. Capabilities are defaulted methods
/// so a new dialect states only where it differs.
pub trait SqlDialect {
    fn dialect(&self) -> Dialect;

    /// Words that must be quoted when used as identifiers.
    fn reserved_words(&self) -> &'static [&'static str];

    /// The type as this dialect spells it.
    fn type_sql(&self, data_type: &ColumnType) -> String;

    /// Wraps a name in this dialect's identifier quotes, escaping quotes inside it.
    fn quote(&self, name: &str) -> String {
        format!("\"{}\"", name.replace('"', "\"\""))
    }

    /// True when `name` cannot be written bare: not a plain lower-case word, or reserved.
    fn needs_quoting(&self, name: &str) -> bool {
        let mut chars = name.chars();
        let plain = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        !plain
            || self
                .reserved_words()
                .contains(&name.to_ascii_uppercase().as_str())
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

    fn supports_transactional_ddl(&self) -> bool {
        false
    }

    fn supports_enum_types(&self) -> bool {
        false
    }
}

/// The generator for each dialect that has one.
pub fn dialect_for(dialect: Dialect) -> Option<Box<dyn SqlDialect>> {
    match dialect {
        Dialect::Postgres => Some(Box::new(postgres::Postgres)),
        Dialect::Mysql | Dialect::Sqlite | Dialect::Mssql => None,
    }
}
