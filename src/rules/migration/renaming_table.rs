use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `ALTER TABLE … RENAME TO`.
    ///
    /// ## Why it matters
    /// Code that still uses the old name fails the moment the rename commits.
    ///
    /// ## Example
    /// `ALTER TABLE users RENAME TO members;`
    ///
    /// ## Fix
    /// Deploy code that reads both names first (an updatable view under the old name), then
    /// rename.
    pub struct RenamingTable {
        code: "MIG012",
        name: "renaming-table",
        severity: Warning,
        failing: ["ALTER TABLE users RENAME TO members;", "ALTER TABLE IF EXISTS users RENAME TO members;"],
        passing: ["ALTER TABLE users RENAME COLUMN a TO b;"],
    }
}
impl_migration_rule!(RenamingTable);

impl RenamingTable {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["ALTER", "TABLE"]) && s.has(&["RENAME", "TO"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "table {} is renamed: code using the old name breaks",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
