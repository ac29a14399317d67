use crate::rules::finding::ModelPath;
use crate::rules::words::{number, singular, Number};
use crate::rules::{LintContext, RuleFinding, Safety};
use crate::{declare_rule, impl_rule};

declare_rule! {
    /// ## What it does
    /// Flags a junction table (its primary key is two foreign keys to two other tables) whose
    /// name mentions neither of them, and proposes both names in alphabetical order.
    ///
    /// ## Why it matters
    /// `posts_tags` says what it joins; `link_data` does not. The seed conventions: name a
    /// junction table after both tables, alphabetically (`posts_tags`, not `tags_posts`).
    ///
    /// ## Example
    /// `CREATE TABLE link_data (post_id int REFERENCES posts, tag_id int REFERENCES tags,
    /// PRIMARY KEY (post_id, tag_id))`
    ///
    /// ## Fix
    /// Rename to `posts_tags` (unsafe: queries name the table). A descriptive name for the
    /// relationship (`memberships`) is fine too: suppress the finding for that table.
    pub struct JunctionTableName {
        code: "NAM004",
        name: "junction-table-name",
        severity: Info,
        failing: ["CREATE TABLE posts (id int PRIMARY KEY); CREATE TABLE tags (id int PRIMARY KEY); CREATE TABLE link_data (post_id int REFERENCES posts, tag_id int REFERENCES tags, PRIMARY KEY (post_id, tag_id));"],
        passing: ["CREATE TABLE posts (id int PRIMARY KEY); CREATE TABLE tags (id int PRIMARY KEY); CREATE TABLE post_tags (post_id int REFERENCES posts, tag_id int REFERENCES tags, PRIMARY KEY (post_id, tag_id));"],
    }
}
impl_rule!(JunctionTableName);

impl JunctionTableName {
    fn check(cx: &LintContext) -> Vec<RuleFinding> {
        let lookup = cx.lookup();
        let mut out = Vec::new();
        for t in &cx.model.tables {
            let Some(pk) = &t.primary_key else { continue };
            if pk.columns.len() != 2 || t.foreign_keys.len() != 2 {
                continue;
            }
            let covers = t
                .foreign_keys
                .iter()
                .all(|fk| fk.columns.len() == 1 && pk.columns.contains(&fk.columns[0]));
            let targets: Vec<&str> = t
                .foreign_keys
                .iter()
                .filter_map(|fk| lookup.target(fk).map(|i| cx.model.tables[i].name.as_str()))
                .collect();
            if !covers || targets.len() != 2 || targets[0] == targets[1] {
                continue;
            }
            let lower = t.name.to_lowercase();
            let mentions = |name: &str| {
                let name = name.to_lowercase();
                lower.contains(&name) || lower.contains(&singular(&name))
            };
            if mentions(targets[0]) || mentions(targets[1]) {
                continue;
            }
            let mut names: Vec<String> = targets.iter().map(|n| n.to_lowercase()).collect();
            names.sort();
            let to = names.join("_");
            let to = if number(&t.name) == Number::Singular
                && cx.profile.table_names == crate::rules::TableNames::Singular
            {
                format!("{}_{}", singular(&names[0]), singular(&names[1]))
            } else {
                to
            };
            let to = cx.styled(&to);
            out.push(
                RuleFinding::new(
                    ModelPath::table(t),
                    format!(
                        "{} joins {} and {}; a junction table is named after both: {to}",
                        t.name, targets[0], targets[1]
                    ),
                )
                .with_fix(super::rename_table(cx, t, to, Safety::Unsafe)),
            );
        }
        out
    }
}
