use crate::edit::{Constraint, Edit};
use crate::model::IndexTarget;
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags index names with none of the seed's prefixes (`idx_`, `ix_`, `uidx_`, `uq_`,
    /// `fts_`, `ftidx_`) nor PostgreSQL's own `_idx` / `_key` suffix.
    ///
    /// ## Why it matters
    /// A plan that says `Index Scan using idx_orders_user_id` explains itself; one using
    /// `orders2` sends the reader to the catalog.
    ///
    /// ## Example
    /// `CREATE INDEX by_email ON users (email)`
    ///
    /// ## Fix
    /// Rename to `idx_users_email` (`uidx_` for a unique index). Safe: only migrations and
    /// hints name indexes.
    pub struct IndexNamePrefix {
        code: "NAM013",
        name: "index-name-prefix",
        severity: Info,
        failing: ["CREATE TABLE users (id int PRIMARY KEY, email text); CREATE INDEX by_email ON users (email);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY, email text, name text, bio text); CREATE INDEX idx_users_email ON users (email); CREATE UNIQUE INDEX uidx_users_name ON users (name); CREATE INDEX users_bio_idx ON users (bio);"],
    }
}
impl_rule!(IndexNamePrefix);

const PREFIXES: &[&str] = &[
    "idx_", "ix_", "uidx_", "uix_", "ux_", "uq_", "fts_", "ftidx_", "gin_", "gist_", "brin_",
];

impl IndexNamePrefix {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let max = cx.sql.max_identifier_length();
        let mut out = Vec::new();
        for t in &cx.model.tables {
            for (at, index) in t.indexes.iter().enumerate() {
                let Some(name) = index.name.as_deref() else {
                    continue;
                };
                let lower = name.to_lowercase();
                if PREFIXES.iter().any(|p| lower.starts_with(p))
                    || lower.ends_with("_idx")
                    || lower.ends_with("_key")
                {
                    continue;
                }
                let parts: Vec<String> = index
                    .parts
                    .iter()
                    .map(|p| match &p.target {
                        IndexTarget::Column(c) => t.column_name(*c).to_lowercase(),
                        IndexTarget::Expression(_) => "expr".into(),
                    })
                    .collect();
                let prefix = if index.unique { "uidx" } else { "idx" };
                let to = crate::rules::words::fit(
                    format!("{prefix}_{}_{}", t.name.to_lowercase(), parts.join("_")),
                    max,
                );
                let taken = cx.taken().indexes.contains(&to.to_lowercase());
                let mut renamed = index.clone();
                renamed.name = Some(to.clone());
                out.push(
                    RuleFinding::new(
                        ModelPath::object(t, index.id, name),
                        format!(
                            "index {name} on {} is named without a convention; call it {to}",
                            t.name
                        ),
                    )
                    .with_fix((!taken).then(|| Fix {
                        title: format!("rename index {name} to {to}"),
                        safety: Safety::Safe,
                        edits: vec![Edit::PutConstraint {
                            table: t.id,
                            constraint: Constraint::Index(renamed),
                            at,
                        }],
                    })),
                );
            }
        }
        out
    }
}
