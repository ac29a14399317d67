use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags a column added to an existing table with a volatile default (`random()`,
    /// `gen_random_uuid()`, `clock_timestamp()`, ...).
    ///
    /// ## Why it matters
    /// A constant default is stored once in the catalog; a volatile one is computed for every
    /// existing row, rewriting the table under an exclusive lock.
    ///
    /// ## Example
    /// `ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();`
    ///
    /// ## Fix
    /// Add the column without the default, set the default, backfill existing rows in
    /// batches.
    pub struct AddingFieldWithDefault {
        code: "MIG008",
        name: "adding-field-with-default",
        severity: Warning,
        failing: ["ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"],
        passing: ["ALTER TABLE users ADD COLUMN active boolean DEFAULT true;", "ALTER TABLE users ADD COLUMN at timestamptz DEFAULT now();"],
    }
}
impl_migration_rule!(AddingFieldWithDefault);

impl AddingFieldWithDefault {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        const VOLATILE: &[&str] = &[
            "RANDOM",
            "GEN_RANDOM_UUID",
            "UUID_GENERATE_V4",
            "CLOCK_TIMESTAMP",
            "TIMEOFDAY",
            "NEXTVAL",
        ];
        cx.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alters_existing(cx) && s.has(&["ADD"]) && s.has(&["DEFAULT"]))
            .filter(|(_, s)| s.tokens.iter().any(|t| VOLATILE.iter().any(|v| t.is(v))))
            .map(|(i, s)| {
                (
                    i,
                    format!(
                        "a column with a volatile default added to {}: every row is rewritten",
                        s.table().unwrap_or_default()
                    ),
                )
            })
            .collect()
    }
}
