use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

/// Prefixes that make a boolean read as a question.
pub(crate) const PREFIXES: &[&str] = &[
    "is_", "has_", "can_", "should_", "was_", "will_", "allow_", "allows_", "needs_", "uses_",
    "show_",
];

/// Positive adjectives the seed accepts as they are (`active`, `verified`, `published`).
const ADJECTIVES: &[&str] = &[
    "active",
    "enabled",
    "verified",
    "published",
    "visible",
    "deleted",
    "archived",
    "approved",
    "confirmed",
    "locked",
    "public",
    "required",
    "default",
    "valid",
    "paid",
];

declare_rule! {
    /// ## What it does
    /// Flags boolean columns whose name does not read as a yes-or-no question: `is_`, `has_`,
    /// `can_` or `should_` first (`is_active`, `has_discount`), or a positive adjective
    /// (`active`, `verified`).
    ///
    /// ## Why it matters
    /// `email` as a boolean hides what true means; `has_email` cannot be misread. The seed
    /// conventions ask for the prefixes.
    ///
    /// ## Example
    /// `CREATE TABLE users (id int PRIMARY KEY, discount boolean)`
    ///
    /// ## Fix
    /// Rename to `is_discount` (unsafe: queries name the column, and `has_` may read better;
    /// rename it yourself then).
    pub struct BooleanWithoutPrefix {
        code: "NAM006",
        name: "boolean-without-prefix",
        severity: Info,
        failing: ["CREATE TABLE users (id int PRIMARY KEY, discount boolean);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY, is_admin boolean, has_discount boolean, active boolean, can_edit bool);"],
    }
}
impl_rule!(BooleanWithoutPrefix);

impl BooleanWithoutPrefix {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| super::is_boolean(c))
            .filter_map(|(t, c)| {
                // The name's words in snake case, whatever the profile's style.
                let lower = crate::rules::words::snake_case(&c.name);
                if PREFIXES.iter().any(|p| lower.starts_with(p)) || ADJECTIVES.contains(&lower.as_str()) {
                    return None;
                }
                let to = cx.styled(&format!("is_{lower}"));
                Some(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!("boolean {}.{} does not read as a question; name it like is_{lower} or has_{lower}", t.name, c.name),
                    )
                    .with_fix(super::rename_column(t, c, to, Safety::Unsafe)),
                )
            })
            .collect()
    }
}
