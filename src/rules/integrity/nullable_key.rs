use crate::edit::ColumnChange;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags nullable columns in a primary key, and in a unique constraint that is the
    /// table's only way to identify a row (no primary key).
    ///
    /// ## Why it matters
    /// PostgreSQL makes primary-key columns NOT NULL silently, SQLite lets NULLs in (a
    /// long-standing quirk), and a unique constraint treats NULLs as distinct, so the
    /// "key" does not stop duplicates.
    ///
    /// ## Example
    /// `CREATE TABLE users (email text UNIQUE, name text)` with no primary key.
    ///
    /// ## Fix
    /// Declare the column NOT NULL. Unsafe on a filled table: existing NULLs make it fail.
    pub struct NullableKeyColumn {
        code: "INT004",
        name: "nullable-key-column",
        severity: Warning,
        failing: ["CREATE TABLE users (email text UNIQUE, name text);"],
        passing: ["CREATE TABLE users (email text NOT NULL UNIQUE, name text); CREATE TABLE roles (id int PRIMARY KEY, code text UNIQUE);"],
    }
}
impl_rule!(NullableKeyColumn);

impl NullableKeyColumn {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for t in &cx.model.tables {
            let mut keys: Vec<&Vec<crate::model::Id>> =
                t.primary_key.iter().map(|p| &p.columns).collect();
            if t.primary_key.is_none() {
                keys.extend(t.uniques.iter().map(|u| &u.columns));
            }
            let mut seen = std::collections::BTreeSet::new();
            for name in keys.into_iter().flatten() {
                let Some(c) = t.column_by_id(*name).filter(|c| c.nullable) else {
                    continue;
                };
                if !seen.insert(c.id) {
                    continue;
                }
                out.push(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!("{}.{} is part of a key but allows NULL", t.name, c.name),
                    )
                    .with_fix(Some(Fix::column(
                        t,
                        c,
                        ColumnChange::Nullable(false),
                        format!("make {}.{} NOT NULL", t.name, c.name),
                        Safety::Unsafe,
                    ))),
                );
            }
        }
        out
    }
}
