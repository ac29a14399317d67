use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags tables without a primary key. Partitions, and tables that inherit from one with
    /// a key (PostgreSQL's older partitioning), pass: the parent holds the key.
    ///
    /// ## Why it matters
    /// Without a key, duplicate rows cannot be told apart, nothing can reference a row, and
    /// replication and most ORMs refuse or misbehave.
    ///
    /// ## Example
    /// `CREATE TABLE events (name text, happened_at timestamptz)`
    ///
    /// ## Fix
    /// Add a key: a natural one if a column set is unique, otherwise an identity `id`. No
    /// automatic fix, since only you know which.
    pub struct MissingPrimaryKey {
        code: "INT001",
        name: "missing-primary-key",
        severity: Warning,
        failing: ["CREATE TABLE events (name text, happened_at timestamptz);"],
        passing: ["CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text); CREATE TABLE events_2024 (CHECK (id > 0)) INHERITS (events);"],
    }
}
impl_rule!(MissingPrimaryKey);

impl MissingPrimaryKey {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.model
            .tables
            .iter()
            .filter(|t| t.primary_key.is_none() && t.partition_of.is_none())
            .filter(|t| {
                !t.inherits.iter().any(|parent| {
                    cx.model
                        .table_by_id(*parent)
                        .is_some_and(|p| p.primary_key.is_some())
                })
            })
            .map(|t| {
                RuleFinding::new(
                    ModelPath::table(t),
                    format!("table {} has no primary key", t.name),
                )
            })
            .collect()
    }
}
