use crate::edit::{Constraint, Edit};
use crate::model::Index;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags foreign keys whose columns are not the leading columns of an index, primary key
    /// or unique constraint of their table.
    ///
    /// ## Why it matters
    /// Deleting or updating a referenced row makes the engine look up the referencing rows:
    /// without an index that is a full scan of the child table per parent row, and joins
    /// from parent to child scan too. (MySQL creates the index itself; PostgreSQL, SQLite
    /// and SQL Server do not.)
    ///
    /// ## Example
    /// `CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id))`
    ///
    /// ## Fix
    /// Add `CREATE INDEX idx_orders_user_id ON orders (user_id)`. Safe for the schema; on a
    /// big live table create it concurrently.
    pub struct UnindexedForeignKey {
        code: "INT002",
        name: "unindexed-foreign-key",
        severity: Warning,
        failing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id));"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users(id)); CREATE INDEX idx_orders_user_id ON orders (user_id, id); CREATE TABLE user_roles (user_id int REFERENCES users(id), role text, PRIMARY KEY (user_id, role));"],
    }
}
impl_rule!(UnindexedForeignKey);

impl UnindexedForeignKey {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        if cx.dialect == crate::model::Dialect::Mysql {
            return Vec::new();
        }
        let max = cx.sql.max_identifier_length();
        let mut out = Vec::new();
        for t in &cx.model.tables {
            let prefixes = super::column_prefixes(t);
            for fk in &t.foreign_keys {
                let n = fk.columns.len();
                // The key's columns, in any order, lead the index.
                let covered = prefixes.iter().any(|p| {
                    p.len() >= n
                        && fk
                            .columns
                            .iter()
                            .all(|c| p[..n].contains(&t.column_name(*c)))
                });
                if covered {
                    continue;
                }
                let name = crate::rules::words::fit(
                    format!(
                        "idx_{}_{}",
                        t.name.to_lowercase(),
                        t.column_names(&fk.columns).join("_").to_lowercase()
                    ),
                    max,
                );
                let taken = cx.taken().indexes.contains(&name.to_lowercase());
                let index =
                    Index::on_columns(cx.fresh_id(), Some(name.clone()), false, &fk.columns);
                let (path, label) = ModelPath::foreign_key(t, fk);
                out.push(
                    RuleFinding::new(
                        path,
                        format!(
                            "foreign key {label} of {} to {} has no index on its columns",
                            t.name,
                            cx.lookup()
                                .target(fk)
                                .map_or("", |r| cx.model.tables[r].name.as_str())
                        ),
                    )
                    .with_fix((!taken).then(|| Fix {
                        title: format!("create index {name}"),
                        safety: Safety::Safe,
                        edits: vec![Edit::PutConstraint {
                            table: t.id,
                            constraint: Constraint::Index(index),
                            at: t.indexes.len(),
                        }],
                    })),
                );
            }
        }
        out
    }
}
