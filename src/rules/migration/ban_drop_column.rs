use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `DROP COLUMN`.
    ///
    /// ## Why it matters
    /// The column's data is gone, and code still reading it fails.
    ///
    /// ## Example
    /// `ALTER TABLE users DROP COLUMN nick;`
    ///
    /// ## Fix
    /// Stop reading the column in a deployment first; keep a backup of its values.
    pub struct BanDropColumn {
        code: "MIG009",
        name: "ban-drop-column",
        severity: Warning,
        failing: ["ALTER TABLE users DROP COLUMN nick;", "ALTER TABLE users DROP IF EXISTS nick;"],
        passing: ["ALTER TABLE users DROP CONSTRAINT users_nick_key;"],
    }
}
impl_migration_rule!(BanDropColumn);

impl BanDropColumn {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["ALTER", "TABLE"]) && s.has(&["DROP"]))
            .filter(|(_, s)| {
                s.has(&["DROP", "COLUMN"])
                    || s.find(&["DROP"]).is_some_and(|k| {
                        !["CONSTRAINT", "DEFAULT", "NOT", "IDENTITY", "EXPRESSION"]
                            .iter()
                            .any(|w| s.tokens.get(k + 1).is_some_and(|t| t.is(w)))
                    })
            })
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a column of {} is dropped with its data",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
