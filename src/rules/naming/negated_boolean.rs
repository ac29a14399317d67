use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags boolean columns named as a negation: `is_not_deleted`, `not_active`,
    /// `has_no_email`, `is_disabled` is fine but `is_not_enabled` is not.
    ///
    /// ## Why it matters
    /// `WHERE NOT is_not_deleted` is a double negative that people get wrong. The seed
    /// conventions: "avoid negative names: `is_not_deleted` - use `is_active` instead".
    ///
    /// ## Example
    /// `CREATE TABLE users (id int PRIMARY KEY, is_not_deleted boolean)`
    ///
    /// ## Fix
    /// No automatic fix: the positive name (`is_active`, `is_deleted`) means the opposite,
    /// so every value and query must be inverted with it. Do it as a migration.
    pub struct NegatedBoolean {
        code: "NAM007",
        name: "negated-boolean",
        severity: Warning,
        failing: ["CREATE TABLE users (id int PRIMARY KEY, is_not_deleted boolean);", "CREATE TABLE users (id int PRIMARY KEY, not_active boolean);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY, is_active boolean, notify boolean, has_notes boolean);"],
    }
}
impl_rule!(NegatedBoolean);

impl NegatedBoolean {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| super::is_boolean(c))
            .filter(|(_, c)| {
                crate::rules::words::words(&c.name)
                    .iter()
                    .any(|w| ["not", "no", "non", "never"].iter().any(|n| n.eq_ignore_ascii_case(w)))
            })
            .map(|(t, c)| {
                RuleFinding::new(
                    ModelPath::column(t, c),
                    format!("boolean {}.{} is a negation; name what it says positively and invert its values", t.name, c.name),
                )
            })
            .collect()
    }
}
