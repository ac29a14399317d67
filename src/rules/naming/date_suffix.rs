use crate::model::TypeKind;
use crate::rules::finding::ModelPath;
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags date columns (a day, no time) whose name ends neither in `_on` nor in `_date`
    /// (nor is `date`, `birthday` or a `*_day`): `birth`, `expires`, `hired_at`.
    ///
    /// ## Why it matters
    /// A name should say whether it holds a day or a moment: `hired_at` promises a time that
    /// a `date` column does not have. The seed: "`_on` for dates: `birth_date`".
    ///
    /// ## Example
    /// `CREATE TABLE staff (id int PRIMARY KEY, hired_at date)`
    ///
    /// ## Fix
    /// Rename to `hired_on` (an `_at` suffix becomes `_on`, otherwise `_date` is added;
    /// unsafe: queries name the column).
    pub struct DateWithoutSuffix {
        code: "NAM009",
        name: "date-without-suffix",
        severity: Info,
        failing: ["CREATE TABLE staff (id int PRIMARY KEY, hired_at date);", "CREATE TABLE people (id int PRIMARY KEY, birth date);"],
        passing: ["CREATE TABLE people (id int PRIMARY KEY, birth_date date, hired_on date, date date, birthday date, pay_day date);"],
    }
}
impl_rule!(DateWithoutSuffix);

impl DateWithoutSuffix {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        cx.columns()
            .filter(|(_, c)| matches!(c.data_type.kind, TypeKind::Date))
            .filter_map(|(t, c)| {
                // The name's words in snake case, whatever the profile's style.
                let lower = crate::rules::words::snake_case(&c.name);
                let fine = ["_on", "_date", "_day"].iter().any(|s| lower.ends_with(s))
                    || ["date", "day", "birthday"].contains(&lower.as_str());
                if fine {
                    return None;
                }
                let to = cx.styled(&match lower.strip_suffix("_at") {
                    Some(stem) => format!("{stem}_on"),
                    None => format!("{lower}_date"),
                });
                Some(
                    RuleFinding::new(
                        ModelPath::column(t, c),
                        format!(
                            "date {}.{} should say it is a day: call it {to}",
                            t.name, c.name
                        ),
                    )
                    .with_fix(super::rename_column(t, c, to, Safety::Unsafe)),
                )
            })
            .collect()
    }
}
