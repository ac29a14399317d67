use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags a foreign key added to an existing table without `NOT VALID`.
    ///
    /// ## Why it matters
    /// Adding a foreign key takes a lock on both tables that blocks writes to them until every
    /// row is checked.
    ///
    /// ## Example
    /// `ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);`
    ///
    /// ## Fix
    /// Add it `NOT VALID`, then `VALIDATE CONSTRAINT` it.
    pub struct AddingForeignKeyConstraint {
        code: "MIG005",
        name: "adding-foreign-key-constraint",
        severity: Warning,
        failing: ["ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"],
        passing: ["ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk;"],
    }
}
impl_migration_rule!(AddingForeignKeyConstraint);

impl AddingForeignKeyConstraint {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx) && s.has(&["ADD"]) && s.has(&["FOREIGN", "KEY"]))
            .filter(|(_, s)| !s.has(&["NOT", "VALID"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a foreign key added to {} blocks writes to both tables while every row is checked",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
