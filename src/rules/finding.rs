//! One shape for everything the engine reports about a model: lint findings, import skips
//! and fidelity notes. The CLI's text, JSON and SARIF, and (later) the editor's gutter and
//! the findings panel, all render this type.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Position, Severity};
use crate::edit::Edit;
use crate::generate::sql::{FidelityNote, NoteLevel};
use crate::import::sql::SkippedStatement;
use crate::model::Id;

/// Where in the model a finding points: ids, so the diagram and the inspector can select the
/// object, and a label, so a person can read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelPath {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<Id>,
    /// A key, constraint or index of the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Id>,
    /// `orders`, `orders.customer_email`, `orders.fk_orders_customer`.
    pub label: String,
}

impl ModelPath {
    pub fn table(table: &crate::model::Table) -> ModelPath {
        ModelPath {
            table: Some(table.id),
            column: None,
            object: None,
            label: table.qualified_name(),
        }
    }

    pub fn column(table: &crate::model::Table, column: &crate::model::Column) -> ModelPath {
        ModelPath {
            table: Some(table.id),
            column: Some(column.id),
            object: None,
            label: format!("{}.{}", table.qualified_name(), column.name),
        }
    }

    /// A foreign key, labelled by its name or, unnamed, by its columns; returns the label too.
    pub fn foreign_key(
        table: &crate::model::Table,
        fk: &crate::model::ForeignKey,
    ) -> (ModelPath, String) {
        let label = fk
            .name
            .clone()
            .unwrap_or_else(|| format!("({})", table.column_names(&fk.columns).join(", ")));
        (ModelPath::object(table, fk.id, &label), label)
    }

    /// A constraint or index, labelled by its name or, unnamed, by what it is.
    /// A collection: its id where a table's would be (ids are unique across the model).
    pub fn collection(c: &crate::model::document::Collection) -> ModelPath {
        ModelPath {
            table: Some(c.id),
            column: None,
            object: None,
            label: c.name.clone(),
        }
    }

    /// A field of a collection, at its dotted path.
    pub fn field(c: &crate::model::document::Collection, field: Id, path: &str) -> ModelPath {
        ModelPath {
            table: Some(c.id),
            column: Some(field),
            object: None,
            label: format!("{}.{path}", c.name),
        }
    }

    pub fn object(table: &crate::model::Table, id: Id, name: &str) -> ModelPath {
        ModelPath {
            table: Some(table.id),
            column: None,
            object: Some(id),
            label: format!("{}.{name}", table.qualified_name()),
        }
    }
}

/// Whether a fix can be applied without asking: a safe fix keeps the schema's meaning (a
/// rename carried to every reference); an unsafe one changes it or may break queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Safe,
    Unsafe,
}

/// A fix: the edits that resolve a finding, applied as one undoable step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// One change to one column.
    pub fn column(
        table: &crate::model::Table,
        column: &crate::model::Column,
        change: crate::edit::ColumnChange,
        title: String,
        safety: Safety,
    ) -> Fix {
        Fix {
            title,
            safety,
            edits: vec![Edit::SetColumn {
                table: table.id,
                column: column.id,
                change,
            }],
        }
    }

    /// The fix as one undoable edit.
    pub fn edit(&self) -> Edit {
        Edit::Batch {
            label: self.title.clone(),
            edits: self.edits.clone(),
        }
    }

    /// Applies the fix to `project` as one step and returns its inverse; the project's id
    /// generator steps past the ids the fix gave new objects.
    pub fn apply(
        &self,
        project: &mut crate::model::Project,
    ) -> Result<Edit, crate::edit::EditError> {
        let applied = crate::edit::apply(project, self.edit())?;
        project.ids.observe(Id(project.model.max_id()));
        Ok(applied.inverse)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `NAM001`, `INT002`; `IMP` for import skips, `GEN` for fidelity notes, `SET` for rule
    /// settings.
    pub code: String,
    /// Kebab case, naming the flagged pattern: `wrong-case-name`.
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub path: ModelPath,
    /// Where the active text view wrote the object, when it can be found there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// Where the name the finding is about ends there (after its last character).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Position>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A statement the importer skipped, as a finding at its line.
    pub fn from_skipped(skipped: &SkippedStatement) -> Finding {
        let (code, name) = match skipped.severity {
            Severity::Error => ("IMP001", "unparsed-statement"),
            _ => ("IMP002", "statement-not-modelled"),
        };
        Finding {
            code: code.into(),
            name: name.into(),
            severity: skipped.severity,
            message: format!("{}: {}", skipped.kind, skipped.reason),
            path: ModelPath::default(),
            position: Some(skipped.position),
            end: None,
            fixes: Vec::new(),
        }
    }

    /// A rule setting that names no rule or contradicts another, as a warning on the project.
    pub fn from_setting_problem(message: String) -> Finding {
        Finding {
            code: "SET001".into(),
            name: "invalid-rule-setting".into(),
            severity: Severity::Warning,
            message,
            path: ModelPath {
                label: "rule settings".into(),
                ..ModelPath::default()
            },
            position: None,
            end: None,
            fixes: Vec::new(),
        }
    }

    /// What a generator's target could not hold, as a finding on the object it names.
    pub fn from_fidelity(note: &FidelityNote) -> Finding {
        let severity = match note.level {
            NoteLevel::Error => Severity::Error,
            NoteLevel::Warning => Severity::Warning,
            NoteLevel::Info => Severity::Info,
        };
        Finding {
            code: "GEN001".into(),
            name: "not-expressible-in-target".into(),
            severity,
            message: note.message.clone(),
            path: ModelPath {
                label: note.object.clone(),
                ..ModelPath::default()
            },
            position: None,
            end: None,
            fixes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_skips_and_fidelity_notes_take_the_finding_shape() {
        let report = crate::import::sql::import_sql(
            "CREATE TABLE t (id int);\nCREATE TABLE broken (id int,, x);",
            crate::model::Dialect::Postgres,
        )
        .report;
        let error = report.errors().next().expect("a parse error");
        let finding = Finding::from_skipped(error);
        assert_eq!(
            (finding.code.as_str(), finding.severity),
            ("IMP001", Severity::Error)
        );
        assert_eq!(finding.position.map(|p| p.line), Some(2));
        let note = FidelityNote {
            level: NoteLevel::Warning,
            object: "index idx_t_body".into(),
            message: "mysql has no gin indexes".into(),
        };
        let finding = Finding::from_fidelity(&note);
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.path.label, "index idx_t_body");
        assert_eq!(finding.message, note.message);
    }
}
