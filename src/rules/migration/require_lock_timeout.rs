use crate::rules::migration::MigrationContext;
use crate::{declare_rule, impl_migration_rule};

declare_rule! {
    /// ## What it does
    /// Flags the first statement that takes a lock on an existing table when no
    /// `SET lock_timeout` comes before it.
    ///
    /// ## Why it matters
    /// A statement waiting for its lock queues every later query on the table behind it: a
    /// long transaction elsewhere turns a quick change into an outage.
    ///
    /// ## Example
    /// `ALTER TABLE users ADD COLUMN bio text;` with no timeout set.
    ///
    /// ## Fix
    /// Start the migration with `SET lock_timeout = '5s'` (and a `statement_timeout`), and retry
    /// when it times out.
    pub struct RequireLockTimeout {
        code: "MIG013",
        name: "require-lock-timeout",
        severity: Warning,
        failing: ["ALTER TABLE users ADD COLUMN bio text;"],
        passing: ["SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN bio text;", "CREATE TABLE t (id int);"],
    }
}
impl_migration_rule!(RequireLockTimeout);

impl RequireLockTimeout {
    fn check(cx: &MigrationContext) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, s) in cx.statements.iter().enumerate() {
            if s.starts(&["SET"]) && s.tokens.iter().any(|t| t.is("LOCK_TIMEOUT")) {
                return out;
            }
            let locks = s.alters_existing(cx)
                || s.starts(&["DROP", "TABLE"])
                || (s.starts(&["DROP", "INDEX"]) && !s.has(&["CONCURRENTLY"]))
                || (s.starts(&["CREATE"])
                    && s.has(&["INDEX"])
                    && !s.has(&["CONCURRENTLY"])
                    && !s.on_new_table);
            if locks {
                out.push((i, "takes a lock with no lock_timeout set: it may wait, and every query waits behind it".to_string()));
                return out;
            }
        }
        out
    }
}
