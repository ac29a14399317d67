use crate::model::Table;
use crate::rules::finding::ModelPath;
use crate::rules::words::{singular, snake_case};
use crate::rules::{LintContext, PrimaryKeyName, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a single-column primary key not named as the profile says: `id` or
    /// `{table singular}_id` (`user_id` in `users`); by default, whichever most tables use
    /// (a tie counts as `id`). Composite keys pass.
    ///
    /// ## Why it matters
    /// With one convention, every join is written without looking: `orders.user_id =
    /// users.id`. The seed: "be consistent with primary key naming convention".
    ///
    /// ## Example
    /// `CREATE TABLE users (uid int PRIMARY KEY)` in an `id` profile.
    ///
    /// ## Fix
    /// Rename the column to `id` (or `user_id`); foreign keys that reference it follow.
    /// Unsafe: queries name the column.
    pub struct PrimaryKeyColumnName {
        code: "NAM016",
        name: "primary-key-column-name",
        severity: Info,
        failing: ["CREATE TABLE users (uid int PRIMARY KEY);", "CREATE TABLE users (user_id int PRIMARY KEY); CREATE TABLE roles (role_id int PRIMARY KEY); CREATE TABLE posts (id int PRIMARY KEY);"],
        passing: ["CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE users_roles (user_id int, role_id int, PRIMARY KEY (user_id, role_id));", "CREATE TABLE actor (actor_id int PRIMARY KEY); CREATE TABLE film (film_id int PRIMARY KEY); CREATE TABLE film_text (film_id int PRIMARY KEY);"],
    }
}
impl_rule!(PrimaryKeyColumnName);

impl PrimaryKeyColumnName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let table_id = |t: &Table| format!("{}_id", singular(&snake_case(&t.name)));
        let single = || {
            cx.model.tables.iter().filter_map(|t| {
                match t.primary_key.as_ref()?.columns.as_slice() {
                    [only] => Some((t, t.column_by_id(*only)?)),
                    _ => None,
                }
            })
        };
        let style = match cx.profile.primary_key {
            PrimaryKeyName::Consistent => {
                let ids = single()
                    .filter(|(_, c)| snake_case(&c.name) == "id")
                    .count();
                let own = single()
                    .filter(|(t, c)| snake_case(&c.name) == table_id(t))
                    .count();
                if own > ids {
                    PrimaryKeyName::TableId
                } else {
                    PrimaryKeyName::Id
                }
            }
            set => set,
        };
        let mut out = Vec::new();
        for (t, column) in single() {
            let only = &column.name;
            let want = match style {
                PrimaryKeyName::TableId => table_id(t),
                _ => "id".to_string(),
            };
            // A key that is also a foreign key (a one-to-one extension table) keeps its name.
            // Case is NAM001's business: `AlbumId` is `album_id`. A key named after another
            // table (`film_text.film_id`) makes a one-to-one extension of it.
            let extends = snake_case(only).strip_suffix("_id").is_some_and(|stem| {
                cx.model
                    .tables
                    .iter()
                    .any(|o| o.id != t.id && singular(&snake_case(&o.name)) == stem)
            });
            if snake_case(only) == want || t.is_foreign_key_column(&column.id) || extends {
                continue;
            }
            let want = cx.styled(&want);
            out.push(
                RuleFinding::new(
                    ModelPath::column(t, column),
                    format!(
                        "the primary key of {} is {only}; this project names it {want}",
                        t.name
                    ),
                )
                .with_fix(super::rename_column(t, column, want, Safety::Unsafe)),
            );
        }
        out
    }
}
