use crate::rules::finding::ModelPath;
use crate::rules::words::{number, plural, singular, Number};
use crate::rules::{LintContext, RuleFinding, Safety, TableNames};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags table names that do not follow the profile's number: plural (`users`) or
    /// singular (`user`); by default, whichever most tables of the schema use (a tie counts
    /// as plural, the seed's preference). Names that are the same either way (`staff`,
    /// `inventory`) and partitions pass.
    ///
    /// ## Why it matters
    /// With both `users` and `order` in one schema nobody can guess a table's name; the seed
    /// conventions say to choose one and be consistent.
    ///
    /// ## Example
    /// `CREATE TABLE user (...)` in a plural profile.
    ///
    /// ## Fix
    /// Rename to `users` (or `user` in a singular profile); foreign keys follow. Queries that
    /// name the table must change too, so the fix is marked unsafe.
    pub struct InconsistentTablePlurality {
        code: "NAM002",
        name: "inconsistent-table-plurality",
        severity: Warning,
        failing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE invoice (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY);", "CREATE TABLE user_account (id int PRIMARY KEY); CREATE TABLE invoice (id int PRIMARY KEY); CREATE TABLE orders (id int PRIMARY KEY);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE categories (id int PRIMARY KEY); CREATE TABLE staff (id int PRIMARY KEY);", "CREATE TABLE actor (id int PRIMARY KEY); CREATE TABLE film (id int PRIMARY KEY); CREATE TABLE inventory (id int PRIMARY KEY);"],
    }
}
impl_rule!(InconsistentTablePlurality);

impl InconsistentTablePlurality {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let tables = || {
            cx.model
                .tables
                .iter()
                .filter(|t| t.partition_of.is_none() && t.inherits.is_empty())
        };
        let want = match cx.profile.table_names {
            TableNames::Consistent => {
                let count = |n: Number| tables().filter(|t| number(&t.name) == n).count();
                if count(Number::Singular) > count(Number::Plural) {
                    TableNames::Singular
                } else {
                    TableNames::Plural
                }
            }
            set => set,
        };
        tables()
            .filter_map(|t| {
                let (wrong, to, word) = match (want, number(&t.name)) {
                    (TableNames::Plural, Number::Singular) => (true, plural(&t.name), "plural"),
                    (TableNames::Singular, Number::Plural) => (true, singular(&t.name), "singular"),
                    _ => (false, String::new(), ""),
                };
                wrong.then(|| {
                    RuleFinding::new(
                        ModelPath::table(t),
                        format!(
                            "table names are {word} in this project; {} would be {to}",
                            t.name
                        ),
                    )
                    .with_fix(super::rename_table(cx, t, to, Safety::Unsafe))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{lint, LintSettings, Profile, TableNames};

    #[test]
    fn a_singular_profile_flags_plural_names_even_when_most_are_plural() {
        let model = crate::import::sql::import_sql(
            "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE invoice (id int PRIMARY KEY); CREATE TABLE roles (id int PRIMARY KEY);",
            crate::model::Dialect::Postgres,
        )
        .model;
        let settings = LintSettings {
            profile: Profile {
                table_names: TableNames::Singular,
                ..Profile::default()
            },
            ..LintSettings::default()
        };
        let found: Vec<String> = lint(&model, crate::model::Dialect::Postgres, &settings, None, 0)
            .into_iter()
            .filter(|f| f.code == "NAM002")
            .map(|f| f.path.label)
            .collect();
        assert_eq!(found, ["users", "roles"]);
    }
}
