use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags names longer than the dialect keeps: 63 bytes in PostgreSQL, 64 characters in
    /// MySQL and MariaDB, 128 in SQL Server (SQLite has no limit). Tables, columns,
    /// constraints and indexes are checked.
    ///
    /// ## Why it matters
    /// PostgreSQL silently cuts a longer name, so two long names can become one and a
    /// migration that names the long form finds nothing; MySQL refuses the statement.
    ///
    /// ## Example
    /// A column named with 70 characters in PostgreSQL.
    ///
    /// ## Fix
    /// No automatic fix: choose a shorter name that still says what it holds.
    pub struct IdentifierTooLong {
        code: "NAM015",
        name: "identifier-too-long",
        severity: Error,
        failing: ["CREATE TABLE t (id int PRIMARY KEY, the_date_on_which_the_customer_first_agreed_to_the_terms_of_service date);"],
        passing: ["CREATE TABLE t (id int PRIMARY KEY, terms_accepted_on date);"],
    }
}
impl_rule!(IdentifierTooLong);

impl IdentifierTooLong {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let max = cx.sql.max_identifier_length();
        let dialect = cx.dialect;
        // MySQL counts characters, the others bytes.
        let length = |s: &str| {
            if dialect == crate::model::Dialect::Mysql {
                s.chars().count()
            } else {
                s.len()
            }
        };
        let too_long = |s: &str| length(s) > max;
        let message = |what: &str, name: &str| {
            format!(
                "{what} {name} is {} long; {dialect} keeps {max}",
                length(name)
            )
        };
        let mut out = Vec::new();
        for t in &cx.model.tables {
            if too_long(&t.name) {
                out.push(RuleFinding::new(
                    ModelPath::table(t),
                    message("table name", &t.name),
                ));
            }
            for c in t.columns.iter().filter(|c| too_long(&c.name)) {
                out.push(RuleFinding::new(
                    ModelPath::column(t, c),
                    message("column name", &c.name),
                ));
            }
            let named = t
                .primary_key
                .iter()
                .filter_map(|p| Some((p.id, p.name.as_deref()?)))
                .chain(
                    t.uniques
                        .iter()
                        .filter_map(|u| Some((u.id, u.name.as_deref()?))),
                )
                .chain(
                    t.checks
                        .iter()
                        .filter_map(|k| Some((k.id, k.name.as_deref()?))),
                )
                .chain(
                    t.foreign_keys
                        .iter()
                        .filter_map(|f| Some((f.id, f.name.as_deref()?))),
                )
                .chain(
                    t.indexes
                        .iter()
                        .filter_map(|i| Some((i.id, i.name.as_deref()?))),
                );
            for (id, name) in named.filter(|(_, n)| too_long(n)) {
                out.push(RuleFinding::new(
                    ModelPath::object(t, id, name),
                    message("name", name),
                ));
            }
        }
        out
    }
}
