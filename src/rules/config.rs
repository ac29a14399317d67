//! Rule settings: which rules run and how severe they are, the team's naming profile, and
//! objects a rule should leave alone. The CLI reads them from `schemaforge.toml`:
//!
//! ```toml
//! [profile]
//! table_names = "plural"      # "singular", or "consistent" (the default: as most tables)
//! primary_key = "id"          # "table_id" ({table}_id), or "consistent" (the default)
//! case = "snake"              # "camel" (orderItems) or "pascal" (OrderItems); snake is the default
//!
//! [rules]
//! NAM006 = "off"              # a code or a name; "off", "info", "warning" or "error"
//! unindexed-foreign-key = "error"
//!
//! [[suppress]]
//! rule = "NAM002"
//! object = "staff"            # a table, or table.column; "*" for every object
//! ```
//!
//! A project keeps the same settings (the rules page edits them); its suppressions also
//! hold the object's ids, so they survive a rename.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rules::finding::ModelPath;

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

/// How names are written: the seed conventions ask for snake case; a team that writes
/// camel or Pascal case gets its own style checked and proposed instead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStyle {
    #[default]
    Snake,
    Camel,
    Pascal,
}

impl CaseStyle {
    pub const ALL: [CaseStyle; 3] = [CaseStyle::Snake, CaseStyle::Camel, CaseStyle::Pascal];

    /// How a setting spells it.
    pub fn word(self) -> &'static str {
        match self {
            CaseStyle::Snake => "snake",
            CaseStyle::Camel => "camel",
            CaseStyle::Pascal => "pascal",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub table_names: TableNames,
    pub primary_key: PrimaryKeyName,
    pub case: CaseStyle,
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
    pub const ALL: [RuleLevel; 4] = [
        RuleLevel::Off,
        RuleLevel::Info,
        RuleLevel::Warning,
        RuleLevel::Error,
    ];

    pub fn word(self) -> &'static str {
        match self {
            RuleLevel::Off => "off",
            RuleLevel::Info => "info",
            RuleLevel::Warning => "warning",
            RuleLevel::Error => "error",
        }
    }

    pub fn parse(word: &str) -> Option<RuleLevel> {
        RuleLevel::ALL.into_iter().find(|l| l.word() == word)
    }

    /// The level that gives a rule's default severity.
    pub fn of(severity: Severity) -> RuleLevel {
        match severity {
            Severity::Error => RuleLevel::Error,
            Severity::Warning => RuleLevel::Warning,
            Severity::Info => RuleLevel::Info,
        }
    }

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
    /// The object's ids, when it was suppressed in the app: matched instead of the label,
    /// so a rename keeps the suppression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<ModelPath>,
}

impl Suppression {
    /// Leaves `rule` alone for the object a finding points at.
    pub fn of(rule: &str, path: &ModelPath) -> Suppression {
        Suppression {
            rule: rule.to_string(),
            object: path.label.clone(),
            at: (path.table.is_some() || path.column.is_some() || path.object.is_some())
                .then(|| path.clone()),
        }
    }

    fn covers(&self, path: &ModelPath) -> bool {
        if let Some(at) = &self.at {
            // The most specific id it holds decides: a table covers its columns and
            // constraints, a column or a constraint only itself.
            return match (at.object, at.column, at.table) {
                (Some(o), _, _) => path.object == Some(o),
                (None, Some(c), _) => path.column == Some(c),
                (None, None, Some(t)) => path.table == Some(t),
                (None, None, None) => false,
            };
        }
        let label = path.label.as_str();
        self.object == "*"
            || self.object == label
            // A table's suppression covers its columns and constraints.
            || label
                .strip_prefix(self.object.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
    }
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

    pub fn suppressed(&self, code: &str, name: &str, path: &ModelPath) -> bool {
        self.suppress
            .iter()
            .any(|s| (s.rule == code || s.rule == name) && s.covers(path))
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

    /// What is wrong with the settings, for `known` rules (code, name): rules they name that
    /// do not exist, and a rule set twice (by code and by name) to different levels.
    pub fn problems(&self, known: &[(&str, &str)]) -> Vec<String> {
        let mut out: Vec<String> = self
            .unknown_rules(known)
            .into_iter()
            .map(|r| format!("the settings name {r:?}, which is no rule"))
            .collect();
        for (code, name) in known {
            if let (Some(a), Some(b)) = (self.rules.get(*code), self.rules.get(*name)) {
                if a != b {
                    out.push(format!(
                        "{code} is set to {} and, as {name}, to {}; the code's setting is used",
                        a.word(),
                        b.word()
                    ));
                }
            }
        }
        out
    }

    /// Sets one rule's level, by its code; `default` removes the setting (and one by name).
    pub fn set_level(&mut self, code: &str, name: &str, level: RuleLevel, default: RuleLevel) {
        self.rules.remove(name);
        if level == default {
            self.rules.remove(code);
        } else {
            self.rules.insert(code.to_string(), level);
        }
    }

    pub fn is_default(&self) -> bool {
        *self == LintSettings::default()
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
                at: None,
            }],
            ..LintSettings::default()
        };
        let at = |label: &str| ModelPath {
            label: label.into(),
            ..ModelPath::default()
        };
        assert!(settings.suppressed("NAM001", "x", &at("Orders")));
        assert!(settings.suppressed("NAM001", "x", &at("Orders.Total")));
        assert!(!settings.suppressed("NAM001", "x", &at("OrdersArchive")));
        assert!(!settings.suppressed("NAM002", "y", &at("Orders")));
    }

    #[test]
    fn a_suppression_made_in_the_app_follows_ids_not_names() {
        use crate::model::Id;
        let column = ModelPath {
            table: Some(Id(1)),
            column: Some(Id(2)),
            object: None,
            label: "orders.Total".into(),
        };
        let settings = LintSettings {
            suppress: vec![Suppression::of("NAM001", &column)],
            ..LintSettings::default()
        };
        let renamed = ModelPath {
            label: "orders.grand_total".into(),
            ..column.clone()
        };
        assert!(settings.suppressed("NAM001", "x", &renamed));
        let sibling = ModelPath {
            column: Some(Id(3)),
            label: "orders.Total".into(),
            ..column.clone()
        };
        assert!(
            !settings.suppressed("NAM001", "x", &sibling),
            "ids decide, not the label"
        );
        let table = ModelPath {
            column: None,
            ..column
        };
        assert!(!settings.suppressed("NAM001", "x", &table));
    }

    #[test]
    fn contradictory_and_unknown_settings_are_reported() {
        let mut settings = LintSettings::default();
        settings.rules.insert("NAM001".into(), RuleLevel::Off);
        settings
            .rules
            .insert("wrong-case-name".into(), RuleLevel::Error);
        settings.rules.insert("NAM999".into(), RuleLevel::Off);
        let problems = settings.problems(&[("NAM001", "wrong-case-name")]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("NAM999"));
        assert!(problems[1].contains("off") && problems[1].contains("error"));
        settings.set_level(
            "NAM001",
            "wrong-case-name",
            RuleLevel::Warning,
            RuleLevel::Warning,
        );
        assert!(
            !settings.rules.contains_key("NAM001")
                && !settings.rules.contains_key("wrong-case-name")
        );
    }
}
