//! Integrity rules: what a reviewer flags in keys, foreign keys, indexes and types.

pub mod cascade_chain;
pub mod circular_foreign_keys;
pub mod float_money;
pub mod foreign_key_type;
pub mod missing_primary_key;
pub mod non_unique_target;
pub mod nullable_key;
pub mod redundant_index;
pub mod timestamp_without_zone;
pub mod unindexed_foreign_key;

use crate::model::{IndexTarget, Table};

/// The leading plain columns of each index and key of a table (what a lookup by those
/// columns can use).
pub(super) fn column_prefixes(table: &Table) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = table
        .indexes
        .iter()
        .map(|i| {
            i.parts
                .iter()
                .map_while(|p| match &p.target {
                    IndexTarget::Column(c) => Some(table.column_name(*c)),
                    IndexTarget::Expression(_) => None,
                })
                .collect()
        })
        .collect();
    out.extend(table.primary_key.iter().map(|p| names(table, &p.columns)));
    out.extend(table.uniques.iter().map(|u| names(table, &u.columns)));
    out
}

fn names<'a>(table: &'a Table, columns: &[crate::model::Id]) -> Vec<&'a str> {
    columns.iter().map(|c| table.column_name(*c)).collect()
}
