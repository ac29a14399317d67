use crate::edit::Edit;
use crate::model::{Index, IndexTarget, Table};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a plain index whose columns are the same as, or a leading prefix of, another
    /// index, the primary key or a unique constraint of the same table.
    ///
    /// ## Why it matters
    /// An index on `(user_id)` beside one on `(user_id, created_at)` serves no lookup the
    /// longer one cannot, yet every insert and update pays to maintain both, and it takes
    /// memory the cache needs.
    ///
    /// ## Example
    /// `CREATE INDEX a ON orders (user_id); CREATE INDEX b ON orders (user_id, created_at)`
    ///
    /// ## Fix
    /// Drop the redundant index. Unsafe: a query hint or a migration may name it.
    pub struct RedundantIndex {
        code: "INT006",
        name: "redundant-index",
        severity: Warning,
        failing: ["CREATE TABLE orders (id int PRIMARY KEY, user_id int, created_at timestamptz); CREATE INDEX idx_a ON orders (user_id); CREATE INDEX idx_b ON orders (user_id, created_at);", "CREATE TABLE t (id int PRIMARY KEY); CREATE INDEX idx_t_id ON t (id);"],
        passing: ["CREATE TABLE orders (id int PRIMARY KEY, user_id int, created_at timestamptz); CREATE INDEX idx_a ON orders (created_at); CREATE INDEX idx_b ON orders (user_id, created_at); CREATE INDEX idx_c ON orders (user_id) WHERE created_at IS NULL; CREATE INDEX idx_d ON orders USING gin (to_tsvector('simple', user_id::text));"],
    }
}
impl_rule!(RedundantIndex);

/// The plain columns of an index in order, or `None` when it is partial, has expressions or
/// a method other than btree (those serve other queries).
fn plain_columns<'a>(table: &'a Table, index: &Index) -> Option<Vec<&'a str>> {
    if index.predicate.is_some()
        || index
            .method
            .as_deref()
            .is_some_and(|m| !m.eq_ignore_ascii_case("btree"))
    {
        return None;
    }
    index
        .parts
        .iter()
        .map(|p| match &p.target {
            IndexTarget::Column(c) if !p.descending => Some(table.column_name(*c)),
            _ => None,
        })
        .collect()
}

impl RedundantIndex {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for t in &cx.model.tables {
            // Everything that serves lookups: keys, unique constraints, other indexes.
            let mut covering: Vec<(String, Vec<&str>)> = Vec::new();
            if let Some(pk) = &t.primary_key {
                covering.push((
                    "the primary key".into(),
                    pk.columns.iter().map(|c| t.column_name(*c)).collect(),
                ));
            }
            for u in &t.uniques {
                covering.push((
                    format!("unique {}", u.name.as_deref().unwrap_or("constraint")),
                    u.columns.iter().map(|c| t.column_name(*c)).collect(),
                ));
            }
            for (k, index) in t.indexes.iter().enumerate() {
                let Some(cols) = plain_columns(t, index) else {
                    continue;
                };
                if index.unique || !index.include.is_empty() {
                    continue;
                }
                let name = index
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("index {}", k + 1));
                let redundant = covering
                    .iter()
                    .cloned()
                    .chain(
                        t.indexes
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != k)
                            .filter_map(|(j, other)| {
                                let c = plain_columns(t, other)?;
                                // Of two identical indexes, the later one is the copy.
                                let longer_or_earlier =
                                    c.len() > cols.len() || j < k || other.unique;
                                longer_or_earlier.then(|| {
                                    (
                                        other
                                            .name
                                            .clone()
                                            .unwrap_or_else(|| format!("index {}", j + 1)),
                                        c,
                                    )
                                })
                            }),
                    )
                    .find(|(_, c)| c.len() >= cols.len() && c[..cols.len()] == cols[..]);
                let Some((by, _)) = redundant else { continue };
                out.push(
                    RuleFinding::new(
                        ModelPath::object(t, index.id, &name),
                        format!(
                            "index {name} on {}({}) is covered by {by}",
                            t.name,
                            cols.join(", ")
                        ),
                    )
                    .with_fix(Some(Fix {
                        title: format!("drop index {name}"),
                        safety: Safety::Unsafe,
                        edits: vec![Edit::RemoveConstraint {
                            table: t.id,
                            constraint: index.id,
                        }],
                    })),
                );
            }
        }
        out
    }
}
