use crate::model::{IndexTarget, Table};
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags foreign keys whose referenced columns are not the target's primary key, a unique
    /// constraint, or a unique index (in any column order).
    ///
    /// ## Why it matters
    /// PostgreSQL, SQLite (at insert time) and SQL Server refuse such a key; MySQL's InnoDB
    /// accepts it and then one child row may match several parents, so the relationship
    /// means nothing.
    ///
    /// ## Example
    /// `CREATE TABLE users (id int PRIMARY KEY, email text); CREATE TABLE invites (email text
    /// REFERENCES users(email))`
    ///
    /// ## Fix
    /// Make the referenced columns unique, or reference the key instead. No automatic fix.
    pub struct ForeignKeyToNonUnique {
        code: "INT005",
        name: "foreign-key-to-non-unique",
        severity: Error,
        failing: ["CREATE TABLE users (id int PRIMARY KEY, email text); CREATE TABLE invites (id int PRIMARY KEY, email text REFERENCES users(email));"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, handle text); CREATE UNIQUE INDEX uidx_users_handle ON users (handle); CREATE TABLE invites (id int PRIMARY KEY, email text REFERENCES users(email), handle text REFERENCES users(handle), user_id int REFERENCES users);"],
    }
}
impl_rule!(ForeignKeyToNonUnique);

/// Whether `columns` (in any order) are exactly a key or unique index of `table`.
fn is_unique(table: &Table, columns: &[crate::model::Id]) -> bool {
    let same = |other: &[crate::model::Id]| {
        other.len() == columns.len() && other.iter().all(|c| columns.contains(c))
    };
    table.primary_key.as_ref().is_some_and(|p| same(&p.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || table.indexes.iter().any(|i| {
            i.unique && i.predicate.is_none() && {
                let cols: Vec<crate::model::Id> = i
                    .parts
                    .iter()
                    .filter_map(|p| match &p.target {
                        IndexTarget::Column(c) => Some(*c),
                        IndexTarget::Expression(_) => None,
                    })
                    .collect();
                cols.len() == i.parts.len() && same(&cols)
            }
        })
}

impl ForeignKeyToNonUnique {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for (t, fk, target) in cx.references() {
            let referenced = fk.referenced_columns(target);
            if referenced.is_empty() || is_unique(target, &referenced) {
                continue;
            }
            let (path, label) = ModelPath::foreign_key(t, fk);
            out.push(RuleFinding::new(
                path,
                format!(
                    "foreign key {label} of {} references {}({}), which is not unique",
                    t.name,
                    target.name,
                    target.column_names(&referenced).join(", ")
                ),
            ));
        }
        out
    }
}
