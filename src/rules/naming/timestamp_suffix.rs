use crate::model::TypeKind;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags timestamp columns whose name does not end in `_at`: `created`, `updated_time`,
    /// `login_timestamp`.
    ///
    /// ## Why it matters
    /// `created_at`, `updated_at`, `deleted_at` is the convention every ORM and reader
    /// expects; the suffix says "a point in time" at a glance (seed: "use `_at` suffix for
    /// timestamps").
    ///
    /// ## Example
    /// `CREATE TABLE posts (id int PRIMARY KEY, created timestamptz)`
    ///
    /// ## Fix
    /// Rename to `created_at` (`_time`, `_timestamp`, `_date`, `_on` are replaced; unsafe:
    /// queries name the column).
    pub struct TimestampWithoutAt {
        code: "NAM008",
        name: "timestamp-without-at",
        severity: Info,
        failing: ["CREATE TABLE posts (id int PRIMARY KEY, created timestamptz);", "CREATE TABLE posts (id int PRIMARY KEY, login_time timestamp);"],
        passing: ["CREATE TABLE posts (id int PRIMARY KEY, created_at timestamptz, published_at timestamp, birth_date date);"],
    }
}
impl_rule!(TimestampWithoutAt);

impl TimestampWithoutAt {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| matches!(c.data_type.kind, TypeKind::Timestamp { .. }))
            .filter_map(|(t, c)| {
                // The name's words in snake case, whatever the profile's style.
                let lower = crate::rules::words::snake_case(&c.name);
                if lower.ends_with("_at") || lower == "at" {
                    return None;
                }
                let stem = ["_timestamp", "_time", "_date", "_on", "_ts", "_dt"]
                    .iter()
                    .find_map(|s| lower.strip_suffix(s))
                    .unwrap_or(&lower);
                let to = cx.styled(&format!("{stem}_at"));
                Some(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!(
                            "timestamp {}.{} is named without _at; call it {to}",
                            t.name, c.name
                        ),
                    )
                    .with_fix(super::rename_column(t, c, to, Safety::Unsafe)),
                )
            })
            .collect()
    }
}
