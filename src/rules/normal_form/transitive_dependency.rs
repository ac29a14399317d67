use crate::normalize::normal_form::NormalForm;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a table whose declared dependencies make a non-key column depend on columns
    /// that are not a key: the table is in second normal form but not in third.
    ///
    /// ## Why it matters
    /// The dependent value is stored once per row instead of once per value of what
    /// determines it, so copies drift apart when one is updated.
    ///
    /// ## Example
    /// `orders (id, zip, city)` with `fd: zip -> city`.
    ///
    /// ## Fix
    /// Move the dependent columns to a table keyed by their determinant, referenced from
    /// this one (3NF synthesis, lossless and dependency-preserving). Unsafe: it drops
    /// columns.
    pub struct TransitiveDependency {
        code: "NF007",
        name: "transitive-dependency",
        severity: Warning,
        failing: ["CREATE TABLE orders (id int PRIMARY KEY, zip text, city text); COMMENT ON TABLE orders IS 'fd: zip -> city';"],
        passing: ["CREATE TABLE orders (id int PRIMARY KEY, zip text, city text); COMMENT ON TABLE orders IS 'fd: id -> zip, city';"],
    }
}
impl_rule!(TransitiveDependency);

impl TransitiveDependency {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        super::violations(cx, NormalForm::Second, "3NF")
    }
}
