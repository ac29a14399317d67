use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `RENAME COLUMN`.
    ///
    /// ## Why it matters
    /// Code that still uses the old name fails the moment the rename commits.
    ///
    /// ## Example
    /// `ALTER TABLE users RENAME COLUMN nick TO nickname;`
    ///
    /// ## Fix
    /// Deploy code that reads both names first (a view, or a new column kept in sync), then
    /// rename.
    pub struct RenamingColumn {
        code: "MIG011",
        name: "renaming-column",
        severity: Warning,
        failing: ["ALTER TABLE users RENAME COLUMN nick TO nickname;", "ALTER TABLE users RENAME nick TO nickname;"],
        passing: ["ALTER TABLE users RENAME TO members;", "ALTER TABLE users RENAME CONSTRAINT a TO b;"],
    }
}
impl_migration_rule!(RenamingColumn);

impl RenamingColumn {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["ALTER", "TABLE"]))
            .filter(|(_, s)| {
                s.find(&["RENAME"]).is_some_and(|k| {
                    let next = s.tokens.get(k + 1);
                    !next.is_some_and(|t| t.is("TO") || t.is("CONSTRAINT"))
                })
            })
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a column of {} is renamed: code using the old name breaks",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
