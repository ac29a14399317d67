use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `DROP TABLE`.
    ///
    /// ## Why it matters
    /// The table's rows are gone, and code still using it fails.
    ///
    /// ## Example
    /// `DROP TABLE audit;`
    ///
    /// ## Fix
    /// Stop using the table in a deployment first; keep a backup.
    pub struct BanDropTable {
        code: "MIG010",
        name: "ban-drop-table",
        severity: Warning,
        failing: ["DROP TABLE audit;", "DROP TABLE IF EXISTS public.audit;"],
        passing: ["DROP INDEX audit_at;"],
    }
}
impl_migration_rule!(BanDropTable);

impl BanDropTable {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.starts(&["DROP", "TABLE"]))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "table {} is dropped with its rows",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
