use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `DROP INDEX` without `CONCURRENTLY`.
    ///
    /// ## Why it matters
    /// A plain `DROP INDEX` waits for, then holds, a lock that blocks reads and writes of
    /// the index's table.
    ///
    /// ## Example
    /// `DROP INDEX users_email;`
    ///
    /// ## Fix
    /// `DROP INDEX CONCURRENTLY`, outside a transaction (safe mode writes it so).
    pub struct RequireConcurrentIndexDeletion {
        code: "MIG015",
        name: "require-concurrent-index-deletion",
        severity: Warning,
        failing: ["DROP INDEX users_email;", "DROP INDEX IF EXISTS public.users_email;"],
        passing: ["DROP INDEX CONCURRENTLY IF EXISTS users_email;"],
    }
}
impl_migration_rule!(RequireConcurrentIndexDeletion);

impl RequireConcurrentIndexDeletion {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["DROP", "INDEX"]) && !s.has(&["CONCURRENTLY"]))
            .map(|(i, _)| {
                (
                    i,
                    "DROP INDEX blocks reads and writes of its table; drop it CONCURRENTLY"
                        .to_string(),
                )
            })
            .collect()
    }
}
