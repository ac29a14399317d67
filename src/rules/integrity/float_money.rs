use crate::edit::ColumnChange;
use crate::model::{ColumnType, TypeKind};
use crate::rules::finding::ModelPath;
use crate::rules::{Fix, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

/// Words that say a column holds money.
const MONEY: &[&str] = &[
    "price", "cost", "amount", "total", "subtotal", "balance", "salary", "fee", "tax", "payment",
    "revenue", "wage", "discount", "charge", "refund", "budget", "money",
];

declare_rule! {
    /// ## What it does
    /// Flags money columns (`price`, `amount`, `total`, `balance`, ...) stored as floating
    /// point (`real`, `double precision`, `float`).
    ///
    /// ## Why it matters
    /// Binary floating point cannot hold 0.10 exactly: sums drift by fractions of a cent and
    /// comparisons fail. Money is `numeric(p, s)` / `decimal`, or integer cents.
    ///
    /// ## Example
    /// `CREATE TABLE orders (id int PRIMARY KEY, total double precision)`
    ///
    /// ## Fix
    /// Change the type to `numeric(12,2)`. Unsafe: the table is rewritten and values are
    /// rounded to cents.
    pub struct MoneyAsFloat {
        code: "INT009",
        name: "money-as-float",
        severity: Warning,
        failing: ["CREATE TABLE orders (id int PRIMARY KEY, total double precision);", "CREATE TABLE products (id int PRIMARY KEY, unit_price real);"],
        passing: ["CREATE TABLE orders (id int PRIMARY KEY, total numeric(12,2), price_cents bigint, latitude double precision);"],
    }
}
impl_rule!(MoneyAsFloat);

impl MoneyAsFloat {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| matches!(c.data_type.kind, TypeKind::Real | TypeKind::Double))
            .filter(|(_, c)| {
                crate::rules::words::words(&c.name)
                    .iter()
                    .any(|w| MONEY.iter().any(|m| m.eq_ignore_ascii_case(w)))
            })
            .map(|(t, c)| {
                RuleFinding::new(
                    ModelPath::column(t, c),
                    format!(
                        "{}.{} holds money as floating point ({})",
                        t.name, c.name, c.data_type.spelling
                    ),
                )
                .with_fix(Some(Fix::column(
                    t,
                    c,
                    ColumnChange::Type(ColumnType::from_spelling("numeric(12,2)")),
                    format!("make {}.{} numeric(12,2)", t.name, c.name),
                    Safety::Unsafe,
                )))
            })
            .collect()
    }
}
