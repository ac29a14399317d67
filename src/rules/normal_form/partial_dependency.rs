use crate::normalize::normal_form::NormalForm;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a table whose declared dependencies (its comment's `fd:` lines and its keys)
    /// make a non-key column depend on part of a candidate key: the table is not in second
    /// normal form.
    ///
    /// ## Why it matters
    /// The column's value repeats on every row that shares that part of the key, so an
    /// update must change all of them, and the fact cannot be stored before a first row
    /// with the whole key exists (update and insertion anomalies).
    ///
    /// ## Example
    /// `order_items (order_id, product_id, quantity, product_name)` keyed by
    /// `(order_id, product_id)` with `fd: product_id -> product_name`.
    ///
    /// ## Fix
    /// Move the dependent columns to a table keyed by the part of the key they depend on
    /// (`products (product_id, product_name)`), referenced from this one. Unsafe: it drops
    /// columns, so queries and data move with it.
    pub struct PartialKeyDependency {
        code: "NF006",
        name: "partial-key-dependency",
        severity: Warning,
        failing: ["CREATE TABLE order_items (order_id int, product_id int, quantity int, product_name text, PRIMARY KEY (order_id, product_id)); COMMENT ON TABLE order_items IS 'fd: product_id -> product_name';"],
        passing: ["CREATE TABLE order_items (order_id int, product_id int, quantity int, PRIMARY KEY (order_id, product_id)); COMMENT ON TABLE order_items IS 'fd: order_id, product_id -> quantity';"],
    }
}
impl_rule!(PartialKeyDependency);

impl PartialKeyDependency {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        super::violations(cx, NormalForm::First, "2NF")
    }
}
