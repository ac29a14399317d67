//! Naming rules, from the seed conventions (`../shared/seeds`, 003: naming conventions for
//! tables, columns, constraints and indexes).

pub mod abbreviation;
pub mod boolean_prefix;
pub mod case_style;
pub mod constraint_prefix;
pub mod date_suffix;
pub mod foreign_key_column;
pub mod identifier_length;
pub mod index_prefix;
pub mod junction_table;
pub mod negated_boolean;
pub mod primary_key_name;
pub mod quantity_unit;
pub mod reserved_word;
pub mod table_plurality;
pub mod table_prefix;
pub mod timestamp_suffix;

use crate::edit::Edit;
use crate::model::{Column, Table, TypeKind};
use crate::rules::{Fix, LintContext, Safety};

/// Renames a column (keys, indexes and foreign keys follow), unless the name is taken.
pub(super) fn rename_column(
    table: &Table,
    column: &Column,
    name: String,
    safety: Safety,
) -> Option<Fix> {
    if name.is_empty()
        || name == column.name
        || table
            .columns
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(&name) && c.id != column.id)
    {
        return None;
    }
    Some(Fix {
        title: format!("rename {}.{} to {name}", table.name, column.name),
        safety,
        edits: vec![Edit::rename_column(table.id, column.id, name)],
    })
}

/// Renames a table (foreign keys to it follow), unless another table or view has the name.
pub(super) fn rename_table(
    cx: &LintContext,
    table: &Table,
    name: String,
    safety: Safety,
) -> Option<Fix> {
    let same = name.eq_ignore_ascii_case(&table.name);
    let taken = !same
        && cx
            .taken()
            .relations
            .contains(&(table.schema.clone(), name.to_lowercase()));
    if name.is_empty() || name == table.name || taken {
        return None;
    }
    Some(Fix {
        title: format!("rename table {} to {name}", table.name),
        safety,
        edits: vec![Edit::rename_table(table.id, table.schema.clone(), name)],
    })
}

pub(super) fn is_boolean(column: &Column) -> bool {
    matches!(column.data_type.kind, TypeKind::Boolean)
        || column.data_type.spelling.eq_ignore_ascii_case("bit")
        || column.data_type.spelling.eq_ignore_ascii_case("tinyint(1)")
}
