use crate::rules::finding::ModelPath;
use crate::rules::words::singular;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a single-column foreign key whose column does not end in `_id` (or in the
    /// referenced column's name): `customer` referencing `customers(id)`.
    ///
    /// ## Why it matters
    /// `customer_id` says it holds a key; `customer` reads like the customer itself. The seed
    /// conventions name a foreign key `{referenced singular}_id`, or a role followed by `_id`
    /// when a table references another twice (`author_id`, `reviewer_id`).
    ///
    /// ## Example
    /// `CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers(id))`
    ///
    /// ## Fix
    /// Rename the column to `customer_id` (keys and indexes follow; unsafe, since queries
    /// name the column).
    pub struct ForeignKeyColumnName {
        code: "NAM005",
        name: "foreign-key-column-name",
        severity: Warning,
        failing: ["CREATE TABLE customers (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers(id));"],
        passing: ["CREATE TABLE \"Employee\" (\"EmployeeId\" int PRIMARY KEY, \"SupportRepId\" int REFERENCES \"Employee\");", "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES users(id), user_id int REFERENCES users(id)); CREATE TABLE countries (code char(2) PRIMARY KEY); CREATE TABLE cities (id int PRIMARY KEY, country_code char(2) REFERENCES countries(code));"],
    }
}
impl_rule!(ForeignKeyColumnName);

impl ForeignKeyColumnName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let mut out = Vec::new();
        for (t, fk, target) in cx.references() {
            let [own] = fk.columns.as_slice() else {
                continue;
            };
            let referenced = fk.referenced_columns(target);
            let Some(key) = referenced.first() else {
                continue;
            };
            let lower = crate::rules::words::snake_case(t.column_name(*own));
            let key = crate::rules::words::snake_case(target.column_name(*key));
            if lower.ends_with("_id")
                || lower == "id"
                || lower.ends_with(&format!("_{key}"))
                || lower == key && key != "id"
            {
                continue;
            }
            let Some(column) = t.column_by_id(*own) else {
                continue;
            };
            let to = cx.styled(&if lower == singular(&target.name.to_lowercase())
                || lower == target.name.to_lowercase()
            {
                format!("{}_id", singular(&target.name.to_lowercase()))
            } else {
                format!("{lower}_id")
            });
            out.push(
                RuleFinding::new(
                    ModelPath::column(t, column),
                    format!(
                        "{}.{} references {}; a foreign key column is named like {to}",
                        t.name, column.name, target.name
                    ),
                )
                .with_fix(super::rename_column(t, column, to, Safety::Unsafe)),
            );
        }
        out
    }
}
