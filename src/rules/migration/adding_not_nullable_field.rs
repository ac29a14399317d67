use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags `ALTER COLUMN … SET NOT NULL` unless the migration validated a
    /// `CHECK (column IS NOT NULL)` on that column first.
    ///
    /// ## Why it matters
    /// `SET NOT NULL` scans the whole table while it holds an exclusive lock that blocks reads
    /// and writes. With a validated check in place, PostgreSQL (12+) trusts the check and
    /// skips the scan.
    ///
    /// ## Example
    /// `ALTER TABLE users ALTER COLUMN email SET NOT NULL;`
    ///
    /// ## Fix
    /// Add `CHECK (email IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it, then `SET NOT NULL`
    /// and drop the check.
    pub struct AddingNotNullableField {
        code: "MIG003",
        name: "adding-not-nullable-field",
        severity: Warning,
        failing: ["ALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
        passing: ["ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;"],
    }
}
impl_migration_rule!(AddingNotNullableField);

impl AddingNotNullableField {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        let mut checked: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (i, s) in cx.statements.iter().enumerate() {
            // ADD CONSTRAINT n CHECK (col IS NOT NULL): remember col once validated.
            if s.has(&["CHECK"]) && s.has(&["IS", "NOT", "NULL"]) {
                if let Some(at) = s.find(&["IS", "NOT", "NULL"]) {
                    if let Some(name) = at.checked_sub(1).and_then(|k| s.tokens[k].name()) {
                        checked.push(name);
                    }
                }
            }
            if !s.alters_existing(cx) || !s.has(&["SET", "NOT", "NULL"]) {
                continue;
            }
            let column = s
                .find(&["ALTER", "COLUMN"])
                .and_then(|k| s.tokens.get(k + 2))
                .and_then(|t| t.name())
                .unwrap_or_default();
            let validated = cx.statements[..i]
                .iter()
                .any(|p| p.has(&["VALIDATE", "CONSTRAINT"]));
            if !(validated && checked.contains(&column)) {
                out.push((
                    i,
                    format!("SET NOT NULL on {column} scans the table under an exclusive lock; validate a CHECK (... IS NOT NULL) first"),
                ));
            }
        }
        out
    }
}
