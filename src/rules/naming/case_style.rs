use crate::rules::finding::ModelPath;
use crate::rules::words::{in_case, is_in_case};
use crate::rules::{CaseStyle, LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags table and column names that are not written in the profile's case style: snake
    /// case by default (lower-case words joined by underscores: `order_items`, `first_name`),
    /// or camel case (`orderItems`) or Pascal case (`OrderItems`) when the profile says so.
    ///
    /// ## Why it matters
    /// PostgreSQL folds unquoted names to lower case, so `OrderItems` must be quoted in every
    /// query forever; mixed styles make names hard to guess. The seed conventions ask for
    /// lower case with underscores; a team with another house style sets `case` in its
    /// profile and gets that checked instead.
    ///
    /// ## Example
    /// `CREATE TABLE OrderItems (OrderID int)`
    ///
    /// ## Fix
    /// Rename to `order_items` and `order_id` (in the profile's style); every key, index and
    /// foreign key follows.
    pub struct WrongCaseName {
        code: "NAM001",
        name: "wrong-case-name",
        severity: Warning,
        failing: ["CREATE TABLE \"OrderItems\" (id int PRIMARY KEY);", "CREATE TABLE orders (id int PRIMARY KEY, \"customerEmail\" text);"],
        passing: ["CREATE TABLE order_items (id int PRIMARY KEY, unit_price_cents int);"],
    }
}
impl_rule!(WrongCaseName);

fn style_name(style: CaseStyle) -> &'static str {
    match style {
        CaseStyle::Snake => "snake case",
        CaseStyle::Camel => "camel case",
        CaseStyle::Pascal => "Pascal case",
    }
}

impl WrongCaseName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let style = cx.profile.case;
        let mut out = Vec::new();
        for t in &cx.model.tables {
            if !is_in_case(&t.name, style) {
                let to = in_case(&t.name, style);
                out.push(
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!(
                            "table name {} is not {}; use {to}",
                            t.name,
                            style_name(style)
                        ),
                    )
                    .with_fix(super::rename_table(cx, t, to, Safety::Safe)),
                );
            }
            for c in &t.columns {
                if !is_in_case(&c.name, style) {
                    let to = in_case(&c.name, style);
                    out.push(
                        RuleFinding::new(
                            ModelPath::column(t, c),
                            format!(
                                "column name {} is not {}; use {to}",
                                c.name,
                                style_name(style)
                            ),
                        )
                        .with_fix(super::rename_column(
                            t,
                            c,
                            to,
                            Safety::Safe,
                        )),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Dialect;
    use crate::rules::{lint, CaseStyle, LintSettings, Profile};

    fn nam001(sql: &str, case: CaseStyle) -> Vec<String> {
        let model = crate::import::sql::import_sql(sql, Dialect::Postgres).model;
        let settings = LintSettings {
            profile: Profile {
                case,
                ..Profile::default()
            },
            ..LintSettings::default()
        };
        lint(&model, Dialect::Postgres, &settings, None, 0)
            .into_iter()
            .filter(|f| f.code == "NAM001")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn the_profile_chooses_the_case_style() {
        let camel = "CREATE TABLE \"orderItems\" (id int PRIMARY KEY, \"unitPrice\" int);";
        assert_eq!(nam001(camel, CaseStyle::Camel), Vec::<String>::new());
        assert_eq!(nam001(camel, CaseStyle::Snake).len(), 2);
        let found = nam001(camel, CaseStyle::Pascal);
        assert!(
            found.iter().any(|m| m.ends_with("use OrderItems")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|m| m.ends_with("use UnitPrice")),
            "{found:?}"
        );
        // "id" is already camel case, but not Pascal case.
        assert!(found.iter().any(|m| m.ends_with("use Id")), "{found:?}");
    }
}
