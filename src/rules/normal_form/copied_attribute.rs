use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a column that copies a column of the table a foreign key references:
    /// `orders.customer_email` next to `orders.customer_id` when `customers` has `email`.
    ///
    /// ## Why it matters
    /// The copy depends on the foreign key, not on the table's own key (a transitive
    /// dependency, so not 3NF): it goes stale when the referenced row changes, and the
    /// join that reads the original is a key lookup anyway.
    ///
    /// ## Example
    /// `CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id),
    /// customer_email text)`
    ///
    /// ## Fix
    /// Drop the copy and read it through the foreign key. Unsafe: queries that read the
    /// column change. A value meant to be frozen at the time of the order (a price, a
    /// shipping address) is not a copy: name it so (`price_at_order`) or suppress this.
    pub struct CopiedReferencedColumn {
        code: "NF003",
        name: "copied-referenced-column",
        severity: Warning,
        failing: ["CREATE TABLE customers (id int PRIMARY KEY, email text); CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), customer_email text);"],
        passing: ["CREATE TABLE customers (id int PRIMARY KEY, email text); CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), contact_email text);"],
    }
}
impl_rule!(CopiedReferencedColumn);

impl CopiedReferencedColumn {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for (t, fk, target) in cx.references() {
            let [column] = fk.columns.as_slice() else {
                continue;
            };
            if target.id == t.id {
                continue;
            }
            let column = t.column_name(*column);
            let Some(stem) = column.strip_suffix("_id").filter(|s| !s.is_empty()) else {
                continue;
            };
            for c in &t.columns {
                let Some(copied) = c
                    .name
                    .strip_prefix(stem)
                    .and_then(|rest| rest.strip_prefix('_'))
                else {
                    continue;
                };
                let Some(original) = target
                    .column(copied)
                    .filter(|o| !target.is_primary_key_column(&o.id) && c.name != column)
                else {
                    continue;
                };
                let used = super::in_a_key_or_index(t, c.id);
                let fix = (!used).then(|| Fix {
                    title: format!("drop {}.{}", t.name, c.name),
                    safety: Safety::Unsafe,
                    edits: vec![crate::edit::Edit::RemoveColumn {
                        table: t.id,
                        column: c.id,
                    }],
                });
                out.push(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!(
                            "{}.{} copies {}.{} through {column}: it depends on the foreign key, not on {}'s key (3NF)",
                            t.name, c.name, target.name, original.name, t.name
                        ),
                    )
                    .with_fix(fix),
                );
            }
        }
        out
    }
}
