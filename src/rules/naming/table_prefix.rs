use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

/// Prefixes that only say "this is a table".
const PREFIXES: &[&str] = &["tbl_", "tbl", "tb_", "t_", "table_"];

declare_rule! {
    /// ## What it does
    /// Flags table names that start with a prefix saying it is a table: `tbl_users`,
    /// `tblUsers`, `tb_users`, `t_users`.
    ///
    /// ## Why it matters
    /// Every name in a `FROM` clause is a table or a view already; the prefix adds length and
    /// no meaning (the seed: "avoid prefixes like `tbl_` - they add no value").
    ///
    /// ## Example
    /// `CREATE TABLE tbl_users (...)`
    ///
    /// ## Fix
    /// Rename to `users`; foreign keys follow. Queries that name the table must change too,
    /// so the fix is marked unsafe.
    pub struct PrefixedTableName {
        code: "NAM003",
        name: "prefixed-table-name",
        severity: Warning,
        failing: ["CREATE TABLE tbl_users (id int PRIMARY KEY);", "CREATE TABLE \"tblOrders\" (id int PRIMARY KEY);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE tables (id int PRIMARY KEY); CREATE TABLE tblr (id int PRIMARY KEY);"],
    }
}
impl_rule!(PrefixedTableName);

/// The name without its prefix, when it has one followed by a word.
fn without_prefix(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    PREFIXES.iter().find_map(|p| {
        let rest = name.get(p.len()..)?;
        let starts_word = if p.ends_with('_') {
            !rest.is_empty()
        } else {
            // `tblUsers`: the word after a bare prefix starts with a capital.
            rest.starts_with(|c: char| c.is_ascii_uppercase())
        };
        (lower.starts_with(p) && starts_word).then_some(rest)
    })
}

impl PrefixedTableName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.model
            .tables
            .iter()
            .filter_map(|t| {
                let rest = without_prefix(&t.name)?;
                let to = cx.styled(rest);
                Some(
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!(
                            "table {} has a prefix that only says it is a table; name it {to}",
                            t.name
                        ),
                    )
                    .with_fix(super::rename_table(cx, t, to, Safety::Unsafe)),
                )
            })
            .collect()
    }
}
