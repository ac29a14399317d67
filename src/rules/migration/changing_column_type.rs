use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN … TYPE`.
    ///
    /// ## Why it matters
    /// Most type changes rewrite the table (and rebuild its indexes) under an exclusive lock
    /// that blocks reads and writes; clients reading the column may break.
    ///
    /// ## Example
    /// `ALTER TABLE counters ALTER COLUMN hits TYPE bigint;`
    ///
    /// ## Fix
    /// Add a column of the new type, backfill it, swap it in (safe mode writes it so).
    pub struct ChangingColumnType {
        code: "MIG007",
        name: "changing-column-type",
        severity: Warning,
        failing: ["ALTER TABLE counters ALTER COLUMN hits TYPE bigint;", "ALTER TABLE t ALTER c SET DATA TYPE text;"],
        passing: ["ALTER TABLE counters ADD COLUMN hits_new bigint;"],
    }
}
impl_migration_rule!(ChangingColumnType);

impl ChangingColumnType {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx))
            .filter(|(_, s)| {
                s.has(&["SET", "DATA", "TYPE"])
                    || s.tokens.windows(4).any(|w| w[0].is("ALTER") && w[2].is("TYPE"))
                    || s.tokens.windows(5).any(|w| w[0].is("ALTER") && w[1].is("COLUMN") && w[3].is("TYPE"))
            })
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a column type of {} changes: the table may be rewritten under an exclusive lock",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
