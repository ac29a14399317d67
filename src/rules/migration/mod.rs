//! Migration safety rules: what a reviewer (or squawk) flags in a PostgreSQL migration
//! before it runs on a live database, checked on its statements: locks that block reads or
//! writes, rewrites, and breaking changes. The same rules check a plan's up script and a
//! migration a user pastes. A rule is one file plus one line in [`MIGRATION_REGISTRY`].

mod adding_field_with_default;
mod adding_foreign_key_constraint;
mod adding_not_nullable_field;
mod adding_primary_key_constraint;
mod adding_required_field;
mod ban_drop_column;
mod ban_drop_table;
mod changing_column_type;
mod constraint_missing_not_valid;
mod disallowed_unique_constraint;
mod renaming_column;
mod renaming_table;
mod require_concurrent_index_creation;
mod require_concurrent_index_deletion;
mod require_lock_timeout;
mod statement;

pub use statement::{MigrationContext, MigrationStatement};

use crate::diagnostic::{Position, Severity};
use crate::model::Dialect;
use crate::rules::finding::{Finding, ModelPath};

/// A migration safety rule: like [`crate::rules::Rule`], but checked on statements.
pub trait MigrationRule: Sync {
    fn code(&self) -> &'static str;
    fn name(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    fn docs(&self) -> &'static str;
    /// Migrations the rule flags and migrations it passes: its tests.
    fn examples(&self) -> (&'static [&'static str], &'static [&'static str]);
    /// The statements it flags (by index) with why.
    fn check(&self, cx: &MigrationContext) -> Vec<(usize, String)>;
}

/// Implements [`MigrationRule`] for a rule declared with [`crate::declare_rule!`] whose
/// `check` is an inherent function.
#[macro_export]
macro_rules! impl_migration_rule {
    ($rule:ident) => {
        impl $crate::rules::migration::MigrationRule for $rule {
            fn code(&self) -> &'static str {
                Self::CODE
            }
            fn name(&self) -> &'static str {
                Self::NAME
            }
            fn default_severity(&self) -> $crate::diagnostic::Severity {
                Self::SEVERITY
            }
            fn docs(&self) -> &'static str {
                Self::DOCS
            }
            fn examples(&self) -> (&'static [&'static str], &'static [&'static str]) {
                (Self::FAILING, Self::PASSING)
            }
            fn check(
                &self,
                cx: &$crate::rules::migration::MigrationContext,
            ) -> Vec<(usize, String)> {
                $rule::check(cx)
            }
        }
    };
}

/// Every migration rule, in code order. One line per rule.
pub static MIGRATION_REGISTRY: &[&dyn MigrationRule] = &[
    &require_concurrent_index_creation::RequireConcurrentIndexCreation,
    &adding_required_field::AddingRequiredField,
    &adding_not_nullable_field::AddingNotNullableField,
    &constraint_missing_not_valid::ConstraintMissingNotValid,
    &adding_foreign_key_constraint::AddingForeignKeyConstraint,
    &disallowed_unique_constraint::DisallowedUniqueConstraint,
    &changing_column_type::ChangingColumnType,
    &adding_field_with_default::AddingFieldWithDefault,
    &ban_drop_column::BanDropColumn,
    &ban_drop_table::BanDropTable,
    &renaming_column::RenamingColumn,
    &renaming_table::RenamingTable,
    &require_lock_timeout::RequireLockTimeout,
    &adding_primary_key_constraint::AddingPrimaryKeyConstraint,
    &require_concurrent_index_deletion::RequireConcurrentIndexDeletion,
];

/// The findings of every migration rule on `sql` (a PostgreSQL migration), in statement
/// order, each at the line its statement starts on.
pub fn lint_migration(sql: &str, dialect: Dialect) -> Vec<Finding> {
    let cx = MigrationContext::new(sql, dialect);
    let mut out: Vec<(usize, Finding)> = Vec::new();
    for rule in MIGRATION_REGISTRY {
        for (index, message) in rule.check(&cx) {
            let line = cx.statements.get(index).map_or(1, |s| s.line);
            out.push((
                index,
                Finding {
                    code: rule.code().into(),
                    name: rule.name().into(),
                    severity: rule.default_severity(),
                    message,
                    path: ModelPath {
                        label: format!("statement at line {line}"),
                        ..ModelPath::default()
                    },
                    position: Some(Position {
                        line: line as u32,
                        column: 1,
                    }),
                    end: None,
                    fixes: Vec::new(),
                },
            ));
        }
    }
    out.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
    out.into_iter().map(|(_, f)| f).collect()
}

/// The findings of the migration rules on a plan's up migration.
pub fn lint_plan(plan: &crate::migrate::Plan) -> Vec<Finding> {
    lint_migration(&plan.up_script(), plan.dialect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_flags_its_failing_examples_and_passes_its_passing_ones() {
        let mut codes = Vec::new();
        for r in MIGRATION_REGISTRY {
            codes.push(r.code());
            let (failing, passing) = r.examples();
            for sql in failing {
                let cx = MigrationContext::new(sql, Dialect::Postgres);
                assert!(!r.check(&cx).is_empty(), "{} passes {sql}", r.name());
            }
            for sql in passing {
                let cx = MigrationContext::new(sql, Dialect::Postgres);
                let found = r.check(&cx);
                assert!(found.is_empty(), "{} flags {sql}: {found:?}", r.name());
            }
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## Fix",
            ] {
                assert!(r.docs().contains(heading), "{}: {heading}", r.name());
            }
        }
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, codes, "codes unique and in order");
    }

    #[test]
    fn findings_say_where() {
        let sql = "SET lock_timeout = '5s';\n\nALTER TABLE t\n  DROP COLUMN c;\n";
        let found = lint_migration(sql, Dialect::Postgres);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].name, "ban-drop-column");
        assert_eq!(found[0].position.map(|p| p.line), Some(3));
    }
}
