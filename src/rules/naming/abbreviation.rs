use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

/// Abbreviations that readers have to decode, with the word they stand for. Universally
/// understood ones (`id`, `url`, `ip`, `sku`, `iso`) are not here.
const UNCLEAR: &[(&str, &str)] = &[
    ("usr", "user"),
    ("nm", "name"),
    ("nme", "name"),
    ("pwd", "password"),
    ("passwd", "password"),
    ("addr", "address"),
    ("qty", "quantity"),
    ("amt", "amount"),
    ("cnt", "count"),
    ("cust", "customer"),
    ("prod", "product"),
    ("emp", "employee"),
    ("dept", "department"),
    ("msg", "message"),
    ("tmp", "temporary"),
    ("val", "value"),
    ("dt", "date"),
    ("ts", "timestamp"),
    ("desc", "description"),
    ("descr", "description"),
    ("cat", "category"),
    ("acct", "account"),
    ("txn", "transaction"),
    ("trx", "transaction"),
    ("inv", "invoice"),
    ("ord", "order"),
    ("lst", "list"),
    ("num", "number"),
    ("no", "number"),
    ("nbr", "number"),
    ("yr", "year"),
    ("mth", "month"),
    ("pct", "percent"),
    ("sts", "status"),
    ("ctry", "country"),
    ("cty", "city"),
    ("tel", "telephone"),
    ("fname", "first_name"),
    ("lname", "last_name"),
];

declare_rule! {
    /// ## What it does
    /// Flags column names made of abbreviations a reader has to decode: `usr_nm`, `cust_addr`,
    /// `qty`. Well-known ones (`id`, `url`, `ip`, `sku`) pass.
    ///
    /// ## Why it matters
    /// Names are read far more often than typed. The seed: "avoid abbreviations unless
    /// universally understood: `id` is fine, `usr_nm` is not".
    ///
    /// ## Example
    /// `CREATE TABLE users (id int PRIMARY KEY, usr_nm text)`
    ///
    /// ## Fix
    /// Rename to the words spelled out (`user_name`); unsafe, since queries name the column.
    pub struct UnclearAbbreviation {
        code: "NAM011",
        name: "unclear-abbreviation",
        severity: Info,
        failing: ["CREATE TABLE users (id int PRIMARY KEY, usr_nm text);", "CREATE TABLE order_lines (id int PRIMARY KEY, qty int);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY, user_name text, home_url text, last_ip inet, sku text, notes text);"],
    }
}
impl_rule!(UnclearAbbreviation);

impl UnclearAbbreviation {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter_map(|(t, c)| {
                let words = crate::rules::words::words(&c.name);
                let unclear = |w: &str| UNCLEAR.iter().any(|(a, _)| a.eq_ignore_ascii_case(w));
                if !words.iter().any(|w| unclear(w)) {
                    return None;
                }
                let mut found = Vec::new();
                let spelled: Vec<String> = words
                    .iter()
                    .map(|w| {
                        let lower = w.to_lowercase();
                        match UNCLEAR.iter().find(|(a, _)| *a == lower) {
                            Some((a, full)) => {
                                found.push(*a);
                                full.to_string()
                            }
                            None => lower,
                        }
                    })
                    .collect();
                if found.is_empty() {
                    return None;
                }
                let to = cx.styled(&spelled.join("_"));
                Some(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!(
                            "{}.{} abbreviates ({}); spell it out: {to}",
                            t.name,
                            c.name,
                            found.join(", ")
                        ),
                    )
                    .with_fix(super::rename_column(t, c, to, Safety::Unsafe)),
                )
            })
            .collect()
    }
}
