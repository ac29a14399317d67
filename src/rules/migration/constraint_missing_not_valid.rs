use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags a check or foreign key added to an existing table without `NOT VALID`.
    ///
    /// ## Why it matters
    /// Adding the constraint checks every row while a lock blocks writes (and for a foreign
    /// key, writes to the referenced table too).
    ///
    /// ## Example
    /// `ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0);`
    ///
    /// ## Fix
    /// Add it `NOT VALID`, then `VALIDATE CONSTRAINT` it, which checks the rows without blocking
    /// writes.
    pub struct ConstraintMissingNotValid {
        code: "MIG004",
        name: "constraint-missing-not-valid",
        severity: Warning,
        failing: ["ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0);", "ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);"],
        passing: ["ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0) NOT VALID;", "BEGIN;\nCREATE TABLE o (id int);\nALTER TABLE o ADD CHECK (id > 0);\nCOMMIT;"],
    }
}
impl_migration_rule!(ConstraintMissingNotValid);

impl ConstraintMissingNotValid {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx) && s.has(&["ADD"]))
            .filter(|(_, s)| s.has(&["CHECK"]) || s.has(&["FOREIGN", "KEY"]))
            .filter(|(_, s)| !s.has(&["NOT", "VALID"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a constraint added to {} without NOT VALID checks every row while writes wait",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
