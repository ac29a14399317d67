use crate::generate::sql::is_reserved;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags table and column names that are reserved words in the project's dialect
    /// (`user`, `order`, `group` in PostgreSQL; `key`, `rank` in MySQL).
    ///
    /// ## Why it matters
    /// A reserved word must be quoted in every statement that names it, by every tool and
    /// every person, forever; forgetting gives a syntax error far from the cause.
    ///
    /// ## Example
    /// `CREATE TABLE "order" (id int PRIMARY KEY, "user" text)`
    ///
    /// ## Fix
    /// Rename (a table to its plural, `orders`; a column with a word of context,
    /// `user_name`). Unsafe: queries name it.
    pub struct ReservedWordName {
        code: "NAM014",
        name: "reserved-word-name",
        severity: Warning,
        failing: ["CREATE TABLE \"order\" (id int PRIMARY KEY);", "CREATE TABLE orders (id int PRIMARY KEY, \"user\" text);"],
        passing: ["CREATE TABLE orders (id int PRIMARY KEY, user_name text, order_total int);"],
    }
}
impl_rule!(ReservedWordName);

impl ReservedWordName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let words = cx.sql.reserved_words();
        let dialect = cx.dialect;
        let mut out = Vec::new();
        for t in &cx.model.tables {
            if is_reserved(words, &t.name) {
                let to = cx.styled(&crate::rules::words::plural(&t.name.to_lowercase()));
                let fix = (!is_reserved(words, &to))
                    .then(|| super::rename_table(cx, t, to, Safety::Unsafe))
                    .flatten();
                out.push(
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!("table name {} is a reserved word in {dialect}", t.name),
                    )
                    .with_fix(fix),
                );
            }
            let singular = crate::rules::words::singular(&t.name.to_lowercase());
            for c in &t.columns {
                if is_reserved(words, &c.name) {
                    let to = cx.styled(&format!("{singular}_{}", c.name.to_lowercase()));
                    out.push(
                        RuleFinding::new(
                            ModelPath::column(t, c),
                            format!(
                                "column name {}.{} is a reserved word in {dialect}",
                                t.name, c.name
                            ),
                        )
                        .with_fix(super::rename_column(
                            t,
                            c,
                            to,
                            Safety::Unsafe,
                        )),
                    );
                }
            }
        }
        out
    }
}
