use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `CREATE INDEX` without `CONCURRENTLY` on a table the migration did not create.
    ///
    /// ## Why it matters
    /// A plain `CREATE INDEX` holds a lock that blocks every insert, update and delete on the
    /// table until the index is built: minutes on a big table.
    ///
    /// ## Example
    /// `CREATE INDEX orders_user ON orders (user_id);`
    ///
    /// ## Fix
    /// `CREATE INDEX CONCURRENTLY`, outside a transaction (safe mode writes it so).
    pub struct RequireConcurrentIndexCreation {
        code: "MIG001",
        name: "require-concurrent-index-creation",
        severity: Warning,
        failing: ["CREATE INDEX orders_user ON orders (user_id);", "CREATE UNIQUE INDEX IF NOT EXISTS u ON public.users (email);"],
        passing: ["CREATE INDEX CONCURRENTLY orders_user ON orders (user_id);", "BEGIN;\nCREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);\nCOMMIT;"],
    }
}
impl_migration_rule!(RequireConcurrentIndexCreation);

impl RequireConcurrentIndexCreation {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["CREATE"]) && s.has(&["INDEX"]) && !s.has(&["CONCURRENTLY"]))
            .filter(|(_, s)| !s.on_new_table)
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "CREATE INDEX on {} blocks writes to it while the index is built; build it CONCURRENTLY",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
