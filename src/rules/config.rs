//! Rule settings: which rules run and how severe they are, the team's naming profile, and
//! objects a rule should leave alone. The CLI reads them from `schemaforge.toml`:
//!
//! ```toml
//! [profile]
//! table_names = "plural"      # "singular", or "consistent" (the default: as most tables)
//! primary_key = "id"          # "table_id" ({table}_id), or "consistent" (the default)
//!
//! [rules]
//! NAM006 = "off"              # a code or a name; "off", "info", "warning" or "error"
//! unindexed-foreign-key = "error"
//!
//! [[suppress]]
//! rule = "NAM002"
//! object = "staff"            # a table, or table.column; "*" for every object
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// Table names as collections (`users`) or as entities (`user`): the seed prefers plural,
/// and either is fine when it is consistent. `consistent` (the default) takes what most
/// tables of the schema do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableNames {
    #[default]
    Consistent,
    Plural,
    Singular,
}

/// A table's own key column: `id`, or `{table singular}_id`; `consistent` (the default)
/// takes what most tables of the schema do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrimaryKeyName {
    #[default]
    Consistent,
    Id,
    TableId,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub table_names: TableNames,
    pub primary_key: PrimaryKeyName,
}

/// What a setting does to one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

/// One rule left alone for one object (or, with `*`, for all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// A rule's code or name.
    pub rule: String,
    /// `table`, `schema.table`, `table.column`, or `*`.
    pub object: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LintSettings {
    pub profile: Profile,
    /// By code or by name.
    pub rules: BTreeMap<String, RuleLevel>,
    pub suppress: Vec<Suppression>,
}

impl LintSettings {
    /// The level set for a rule, by its code or its name.
    pub fn level(&self, code: &str, name: &str) -> Option<RuleLevel> {
        self.rules
            .get(code)
            .or_else(|| self.rules.get(name))
            .copied()
    }

    pub fn suppressed(&self, code: &str, name: &str, label: &str) -> bool {
        self.suppress.iter().any(|s| {
            (s.rule == code || s.rule == name)
                && (s.object == "*"
                    || s.object == label
                    // A table's suppression covers its columns and constraints.
                    || label
                        .strip_prefix(s.object.as_str())
                        .is_some_and(|rest| rest.starts_with('.')))
        })
    }

    /// Settings that name no rule are mistakes worth a message, not silence.
    pub fn unknown_rules<'a>(&'a self, known: &[(&str, &str)]) -> Vec<&'a str> {
        self.rules
            .keys()
            .map(String::as_str)
            .chain(self.suppress.iter().map(|s| s.rule.as_str()))
            .filter(|r| !known.iter().any(|(code, name)| code == r || name == r))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_suppression_covers_its_columns_only() {
        let settings = LintSettings {
            suppress: vec![Suppression {
                rule: "NAM001".into(),
                object: "Orders".into(),
            }],
            ..LintSettings::default()
        };
        assert!(settings.suppressed("NAM001", "x", "Orders"));
        assert!(settings.suppressed("NAM001", "x", "Orders.Total"));
        assert!(!settings.suppressed("NAM001", "x", "OrdersArchive"));
        assert!(!settings.suppressed("NAM002", "y", "Orders"));
    }
}
