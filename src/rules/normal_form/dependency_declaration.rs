use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags `fd:` lines in a table's comment that cannot be read: no `->`, nothing on the
    /// right, or a column the table does not have.
    ///
    /// ## Why it matters
    /// The normal-form rules work from the dependencies a designer declares. A declaration
    /// that does not read, or that names a column that was renamed or dropped, silently
    /// leaves a dependency out of the analysis.
    ///
    /// ## Example
    /// `COMMENT ON TABLE orders IS 'fd: zip -> cty'` on a table without a `cty` column.
    ///
    /// ## Fix
    /// Write `fd: a, b -> c` with the table's column names, one declaration per line or
    /// separated by `;`.
    pub struct InvalidDependencyDeclaration {
        code: "NF005",
        name: "invalid-dependency-declaration",
        severity: Error,
        failing: [
            "CREATE TABLE orders (id int PRIMARY KEY, zip text, city text); COMMENT ON TABLE orders IS 'fd: zip -> cty';",
            "CREATE TABLE orders (id int PRIMARY KEY, zip text, city text); COMMENT ON TABLE orders IS 'fd: zip city';",
        ],
        passing: ["CREATE TABLE orders (id int PRIMARY KEY, zip text, city text); COMMENT ON TABLE orders IS 'Orders. fd: id -> zip, city';"],
    }
}
impl_rule!(InvalidDependencyDeclaration);

impl InvalidDependencyDeclaration {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.model
            .tables
            .iter()
            .filter_map(|t| super::declared(t))
            .flat_map(|d| {
                let path = ModelPath::table(d.table);
                d.problems
                    .into_iter()
                    .map(move |p| RuleFinding::new(path.clone(), p))
            })
            .collect()
    }
}
