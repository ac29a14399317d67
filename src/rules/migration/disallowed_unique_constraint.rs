use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags a unique constraint added to an existing table that builds its own index.
    ///
    /// ## Why it matters
    /// The index is built while a lock blocks reads and writes of the table.
    ///
    /// ## Example
    /// `ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);`
    ///
    /// ## Fix
    /// Build the unique index `CONCURRENTLY`, then `ADD CONSTRAINT … UNIQUE USING INDEX`.
    pub struct DisallowedUniqueConstraint {
        code: "MIG006",
        name: "disallowed-unique-constraint",
        severity: Warning,
        failing: ["ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"],
        passing: ["CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"],
    }
}
impl_migration_rule!(DisallowedUniqueConstraint);

impl DisallowedUniqueConstraint {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx) && s.has(&["ADD"]))
            .filter(|(_, s)| s.has(&["UNIQUE"]))
            .filter(|(_, s)| !s.has(&["USING", "INDEX"]) && !s.has(&["ADD", "COLUMN"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a unique key added to {} builds its index while reads and writes wait",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
