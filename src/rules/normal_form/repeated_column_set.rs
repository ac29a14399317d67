use std::collections::BTreeMap;

use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a table that shares three or more non-key columns (same names and types) with
    /// an earlier table: `street, city, postal_code` in both `customers` and `suppliers`.
    /// Keys, foreign keys, bookkeeping columns (`created_at`, `updated_at`, ...) and
    /// partitions of one table are left out.
    ///
    /// ## Why it matters
    /// The same attribute group in several places is one concept without a table: each copy
    /// gets its own checks and its own bugs, and a change to the concept must be made in
    /// every copy.
    ///
    /// ## Example
    /// `customers (id, street, city, postal_code)` and `suppliers (id, street, city,
    /// postal_code)`.
    ///
    /// ## Fix
    /// A table for the group (`addresses`) referenced from each, or a composite type or
    /// domain where the engine has one. When the copies only look alike, suppress it.
    pub struct RepeatedColumnSet {
        code: "NF004",
        name: "repeated-column-set",
        severity: Info,
        failing: ["CREATE TABLE customers (id int PRIMARY KEY, street text, city text, postal_code text); CREATE TABLE suppliers (id int PRIMARY KEY, street text, city text, postal_code text);"],
        passing: ["CREATE TABLE customers (id int PRIMARY KEY, street text, city text, postal_code text, created_at timestamptz, updated_at timestamptz); CREATE TABLE suppliers (id int PRIMARY KEY, city text, created_at timestamptz, updated_at timestamptz, name text);"],
    }
}
impl_rule!(RepeatedColumnSet);

/// Columns most tables have, which say nothing about a shared concept.
const BOOKKEEPING: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "created_by",
    "updated_by",
    "created",
    "updated",
    "modified",
    "modified_at",
    "last_update",
    "last_updated",
    "version",
    "name",
    "description",
    "status",
    "active",
    "is_active",
    "notes",
];

/// Names shared by more tables than this are conventions, not a concept.
const COMMON: usize = 12;

impl RepeatedColumnSet {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let tables = &cx.model.tables;
        // Each table's candidate columns as (lower-case name, type spelling).
        let columns: Vec<Vec<(String, String)>> = tables
            .iter()
            .map(|t| {
                if t.partition_of.is_some() || !t.inherits.is_empty() {
                    return Vec::new();
                }
                t.columns
                    .iter()
                    .filter(|c| {
                        !t.is_primary_key_column(&c.id)
                            && !t.foreign_keys.iter().any(|f| f.columns.contains(&c.id))
                            && !BOOKKEEPING.contains(&c.name.to_ascii_lowercase().as_str())
                    })
                    .map(|c| {
                        (
                            c.name.to_ascii_lowercase(),
                            c.data_type.spelling.to_ascii_lowercase(),
                        )
                    })
                    .collect()
            })
            .collect();
        let mut holders: BTreeMap<&(String, String), Vec<usize>> = BTreeMap::new();
        for (i, cols) in columns.iter().enumerate() {
            for c in cols {
                holders.entry(c).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        for (i, cols) in columns.iter().enumerate() {
            // Earlier tables sharing each column, counted.
            let mut shared: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
            for c in cols {
                let Some(h) = holders.get(c).filter(|h| h.len() <= COMMON) else {
                    continue;
                };
                for &j in h.iter().filter(|&&j| j < i) {
                    shared.entry(j).or_default().push(c.0.as_str());
                }
            }
            let best = shared
                .into_iter()
                .filter(|(_, names)| names.len() >= 3)
                .max_by_key(|(j, names)| (names.len(), std::cmp::Reverse(*j)));
            if let Some((j, names)) = best {
                out.push(RuleFinding::new(
                    ModelPath::table(&tables[i]),
                    format!(
                        "{} repeats {} of {}: {}; one table for the group, referenced from both, keeps it in one place",
                        tables[i].name,
                        if names.len() == cols.len() { "every non-key column" } else { "columns" },
                        tables[j].name,
                        names.join(", ")
                    ),
                ));
            }
        }
        out
    }
}
