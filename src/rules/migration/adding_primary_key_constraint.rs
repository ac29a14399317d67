use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags a primary key added to an existing table that builds its own index (squawk's
    /// `adding-serial-primary-key-field`).
    ///
    /// ## Why it matters
    /// The key's index is built while a lock blocks reads and writes of the table.
    ///
    /// ## Example
    /// `ALTER TABLE memberships ADD PRIMARY KEY (team_id, user_id);`
    ///
    /// ## Fix
    /// Build a unique index `CONCURRENTLY`, then `ADD CONSTRAINT … PRIMARY KEY USING INDEX`.
    pub struct AddingPrimaryKeyConstraint {
        code: "MIG014",
        name: "adding-primary-key-constraint",
        severity: Warning,
        failing: ["ALTER TABLE memberships ADD PRIMARY KEY (team_id, user_id);", "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);"],
        passing: ["ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;"],
    }
}
impl_migration_rule!(AddingPrimaryKeyConstraint);

impl AddingPrimaryKeyConstraint {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx) && s.has(&["ADD"]) && s.has(&["PRIMARY", "KEY"]))
            .filter(|(_, s)| !s.has(&["USING", "INDEX"]) && !s.has(&["ADD", "COLUMN"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a primary key added to {} builds its index while reads and writes wait",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
