use crate::rules::finding::ModelPath;
use crate::rules::words::{is_snake_case, snake_case};
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags table and column names that are not snake case: lower-case words joined by
    /// underscores (`order_items`, `first_name`).
    ///
    /// ## Why it matters
    /// PostgreSQL folds unquoted names to lower case, so `OrderItems` must be quoted in every
    /// query forever; mixed styles make names hard to guess. The seed conventions ask for
    /// lower case with underscores.
    ///
    /// ## Example
    /// `CREATE TABLE OrderItems (OrderID int)`
    ///
    /// ## Fix
    /// Rename to `order_items` and `order_id`; every key, index and foreign key follows.
    pub struct NonSnakeCaseName {
        code: "NAM001",
        name: "non-snake-case-name",
        severity: Warning,
        failing: ["CREATE TABLE \"OrderItems\" (id int PRIMARY KEY);", "CREATE TABLE orders (id int PRIMARY KEY, \"customerEmail\" text);"],
        passing: ["CREATE TABLE order_items (id int PRIMARY KEY, unit_price_cents int);"],
    }
}
impl_rule!(NonSnakeCaseName);

impl NonSnakeCaseName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for t in &cx.model.tables {
            if !is_snake_case(&t.name) {
                let to = snake_case(&t.name);
                out.push(
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!("table name {} is not snake case; use {to}", t.name),
                    )
                    .with_fix(super::rename_table(cx, t, to, Safety::Safe)),
                );
            }
            for c in &t.columns {
                if !is_snake_case(&c.name) {
                    let to = snake_case(&c.name);
                    out.push(
                        RuleFinding::new(
                            ModelPath::column(t, c),
                            format!("column name {} is not snake case; use {to}", c.name),
                        )
                        .with_fix(super::rename_column(
                            t,
                            c,
                            to,
                            Safety::Safe,
                        )),
                    );
                }
            }
        }
        out
    }
}
