//! Edits as data. Every change to a project is an [`Edit`] value, applied by [`apply`], which
//! returns the edit that undoes it. Typing, the diagram, the inspector and (later) lint fixes
//! and migrations all go through here, so undo, redo, autosave and share links have one
//! thing to record and replay.
//!
//! An edit that would break the model (a duplicate name, a key on a missing column, a
//! reference to a deleted table, a type the dialect cannot parse) is refused with a message
//! and changes nothing: the result is validated and rolled back when it fails.

mod apply;
pub mod compose;
pub mod history;
mod rename;
mod rename_routines;
mod rename_sql;
pub mod text;
mod type_check;

use serde::{Deserialize, Serialize};

use crate::import::sql::ImportReport;
use crate::model::document::Collection;
use crate::model::{
    CheckConstraint, Column, ColumnType, DiagramView, Dialect, ForeignKey, Id, Identity, Index,
    Layout, Model, Partition, Point, PrimaryKey, Project, Routine, Schema, Source, SourceFormat,
    StickyNote, Table, TableGroup, TablePatterns, UniqueConstraint, View,
};
use crate::rules::LintSettings;

pub use apply::rename_refused;
pub use compose::{Dependents, Relationship};
pub use history::{History, Step};
pub use rename_sql::{SqlSite, SqlText};
pub use type_check::check_type;

/// One change to a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// The editor's text: imported and reconciled into the model (a parse error keeps the
    /// last good model and changes only the text).
    ReplaceText {
        text: String,
    },
    /// Shows the model as SQL or DBML in the editor.
    SetView {
        format: SourceFormat,
    },
    /// The project's dialect; the editor's text is imported again in it.
    SetDialect {
        dialect: Dialect,
    },
    /// Puts back an earlier text, model and layout: the inverse of the three edits above.
    Restore {
        state: Box<Snapshot>,
    },
    AddTable {
        table: Box<Table>,
        at: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<Point>,
    },
    /// Removes a table nothing references (see [`compose::delete_tables`] for the cascade).
    RemoveTable {
        table: Id,
    },
    /// Renames a table or moves it to another schema; references are by id, and views and
    /// routines that name it follow.
    RenameTable {
        table: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        schema: Option<String>,
        name: String,
        /// Views and expressions to set as they are given instead of rewritten (see
        /// [`SqlText`]): what an inverse carries, so that undo puts them back exactly.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restore: Option<Vec<SqlText>>,
    },
    SetTable {
        table: Id,
        change: TableChange,
    },
    AddColumn {
        table: Id,
        column: Box<Column>,
        at: usize,
    },
    /// Removes a column nothing references (see [`compose::delete_column`]).
    RemoveColumn {
        table: Id,
        column: Id,
    },
    /// Renames a column; keys, indexes and foreign keys refer to it by id, and checks,
    /// defaults, index expressions and views that name it follow.
    RenameColumn {
        table: Id,
        column: Id,
        name: String,
        /// As for [`Edit::RenameTable`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restore: Option<Vec<SqlText>>,
    },
    MoveColumn {
        table: Id,
        column: Id,
        to: usize,
    },
    SetColumn {
        table: Id,
        column: Id,
        change: ColumnChange,
    },
    SetPrimaryKey {
        table: Id,
        key: Option<PrimaryKey>,
    },
    /// Adds a unique, check, index or foreign key at `at`, or replaces the one with its id.
    PutConstraint {
        table: Id,
        constraint: Constraint,
        at: usize,
    },
    RemoveConstraint {
        table: Id,
        constraint: Id,
    },
    /// New top-left corners for boxes (tables or notes): drag and align.
    MoveBoxes {
        moves: Vec<(Id, Point)>,
    },
    /// A whole new layout: the automatic layouts.
    SetLayout {
        layout: Box<Layout>,
    },
    /// The rules' settings: a level set on the rules page, the naming profile, "ignore here"
    /// on a finding.
    SetLintSettings {
        settings: Box<LintSettings>,
    },
    /// Adds a named view of the diagram at `at`, or replaces the one of the same name (its
    /// members or its places changed).
    PutDiagramView {
        view: Box<DiagramView>,
        at: usize,
    },
    RemoveDiagramView {
        name: String,
    },
    /// Adds a table group at `at`, or replaces the one with its id (group, ungroup, edit).
    PutGroup {
        group: TableGroup,
        at: usize,
    },
    RemoveGroup {
        group: Id,
    },
    /// Adds a note at `at` (placed at `position`), or replaces the one with its id.
    PutNote {
        note: StickyNote,
        at: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<Point>,
    },
    RemoveNote {
        note: Id,
    },
    /// Adds a named schema at `at` (objects can then be put in it).
    PutSchema {
        schema: Schema,
        at: usize,
    },
    /// Removes a schema no object is in.
    RemoveSchema {
        schema: Id,
    },
    /// Renames a schema: every object in it follows, and so does every reference to them
    /// (foreign keys, groups, partitions, column types, views).
    RenameSchema {
        schema: Id,
        name: String,
        /// As for [`Edit::RenameTable`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restore: Option<Vec<SqlText>>,
    },
    /// Adds a view at `at`, or replaces the one with its id.
    PutView {
        view: Box<View>,
        at: usize,
    },
    /// Removes a view (what a delete of the tables or columns it reads takes along).
    RemoveView {
        view: Id,
    },
    /// Adds a routine at `at`, or replaces the one with its id.
    PutRoutine {
        routine: Box<Routine>,
        at: usize,
    },
    /// Removes a routine (what a delete of the table a trigger or rule is on takes along).
    RemoveRoutine {
        routine: Id,
    },
    /// Sets the column (table, column) a sequence is owned by, or none (what a delete of
    /// the owning table or column takes along).
    SetSequenceOwner {
        sequence: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<(Id, Id)>,
    },
    /// Adds a collection at `at`, or replaces the one with its id: every change to a
    /// document model (its fields at any depth, references, indexes, validation) is a new
    /// version of the collection, so undo puts the old one back whole.
    PutCollection {
        collection: Box<Collection>,
        at: usize,
    },
    /// Removes a collection no reference points to.
    RemoveCollection {
        collection: Id,
    },
    /// Several edits as one step, applied in order.
    Batch {
        label: String,
        edits: Vec<Edit>,
    },
    /// `edit`, with the editor's text set to `text` afterwards instead of regenerated: how
    /// the inverse of a visual edit puts typed text back exactly.
    WithText {
        edit: Box<Edit>,
        text: String,
    },
}

impl Edit {
    /// Renames a table (or moves it to `schema`) the way a user does: every reference follows
    /// and keeps how it names the table, and views and expressions are rewritten.
    pub fn rename_table(table: Id, schema: Option<String>, name: impl Into<String>) -> Edit {
        Edit::RenameTable {
            table,
            schema,
            name: name.into(),
            restore: None,
        }
    }

    /// Adds `collections` after the `existing` ones as one undoable step (references may
    /// lead between them, so they are checked together).
    pub fn add_collections(label: &str, collections: Vec<Collection>, existing: usize) -> Edit {
        let edits = collections
            .into_iter()
            .enumerate()
            .map(|(k, c)| Edit::PutCollection {
                collection: Box::new(c),
                at: existing + k,
            })
            .collect();
        Edit::Batch {
            label: label.to_string(),
            edits,
        }
    }

    /// Renames a column the way a user does: every reference follows, views and expressions
    /// included.
    pub fn rename_column(table: Id, column: Id, name: impl Into<String>) -> Edit {
        Edit::RenameColumn {
            table,
            column,
            name: name.into(),
            restore: None,
        }
    }
}

/// A table's own properties besides its name and schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "set", content = "to", rename_all = "snake_case")]
pub enum TableChange {
    Comment(Option<String>),
    Color(Option<String>),
    Alias(Option<String>),
    Patterns(TablePatterns),
    PartitionOf(Option<Partition>),
    Inherits(Vec<Id>),
}

/// One property of a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "set", content = "to", rename_all = "snake_case")]
pub enum ColumnChange {
    Type(ColumnType),
    Nullable(bool),
    Default(Option<String>),
    Identity(Option<Identity>),
    Comment(Option<String>),
}

/// A table-level constraint or index, with its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Constraint {
    Unique(UniqueConstraint),
    Check(CheckConstraint),
    Index(Index),
    ForeignKey(ForeignKey),
}

impl Constraint {
    pub fn id(&self) -> Id {
        match self {
            Constraint::Unique(u) => u.id,
            Constraint::Check(c) => c.id,
            Constraint::Index(i) => i.id,
            Constraint::ForeignKey(f) => f.id,
        }
    }
}

/// What [`Edit::Restore`] puts back. `None` parts were not changed by the edit it undoes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The project's name, when the edit put another project in place (Open, Import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// The rules' settings, when another project is put in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint: Option<LintSettings>,
}

/// Why an edit was refused; the project is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError {
    pub message: String,
}

impl EditError {
    pub fn new(message: impl Into<String>) -> Self {
        EditError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EditError {}

/// What applying an edit gave: its inverse, and for edits that import text, the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub inverse: Edit,
    pub report: Option<ImportReport>,
}

/// Whether two names are one in `dialect`: PostgreSQL tells quoted names apart by case; the
/// others (and the generators for them) do not.
pub fn same_name(dialect: Dialect, a: &str, b: &str) -> bool {
    match dialect {
        Dialect::Postgres => a == b,
        _ => a == b || a.to_lowercase() == b.to_lowercase(),
    }
}

/// Applies `edit` to `project` and returns its inverse; on error the project is unchanged.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Applied, EditError> {
    apply::apply(project, edit)
}

impl Edit {
    /// Whether the edit puts another project in place (its inverse brings the old one back).
    pub fn replaces_project(&self) -> bool {
        matches!(self, Edit::Restore { state } if state.name.is_some())
    }

    /// Whether the edit changes what the text views show (so the editor's text is
    /// regenerated after it). Table patterns live in the project, not in the text.
    pub fn changes_model(&self) -> bool {
        match self {
            Edit::SetTable {
                change: TableChange::Patterns(_),
                ..
            } => false,
            Edit::ReplaceText { .. }
            | Edit::SetView { .. }
            | Edit::SetDialect { .. }
            | Edit::Restore { .. }
            | Edit::MoveBoxes { .. }
            | Edit::SetLayout { .. }
            | Edit::PutDiagramView { .. }
            | Edit::RemoveDiagramView { .. }
            | Edit::SetLintSettings { .. } => false,
            Edit::Batch { edits, .. } => edits.iter().any(Edit::changes_model),
            Edit::WithText { edit, .. } => edit.changes_model(),
            _ => true,
        }
    }

    /// A short description for the undo and redo buttons, in the project before the edit.
    pub fn label(&self, model: &Model) -> String {
        let table = |id: &Id| {
            model
                .table_by_id(*id)
                .map_or_else(|| "table".to_string(), |t| t.name.clone())
        };
        let column = |t: &Id, c: &Id| {
            model
                .table_by_id(*t)
                .and_then(|t| t.columns.iter().find(|x| x.id == *c))
                .map_or_else(|| "column".to_string(), |c| c.name.clone())
        };
        match self {
            Edit::ReplaceText { .. } => "typing".into(),
            Edit::SetView { format } => format!("show as {}", format_name(*format)),
            Edit::SetDialect { dialect } => format!("dialect {}", dialect.name()),
            Edit::Restore { .. } => "restore".into(),
            Edit::AddTable { table, .. } => format!("add table {}", table.name),
            Edit::RemoveTable { table: t } => format!("delete table {}", table(t)),
            Edit::RenameTable { table: t, name, .. } => {
                format!("rename {} to {name}", table(t))
            }
            Edit::SetTable { table: t, .. } => format!("change table {}", table(t)),
            Edit::AddColumn { column, .. } => format!("add column {}", column.name),
            Edit::RemoveColumn {
                table: t,
                column: c,
            } => {
                format!("delete column {}", column(t, c))
            }
            Edit::RenameColumn {
                table: t,
                column: c,
                name,
                ..
            } => format!("rename {} to {name}", column(t, c)),
            Edit::MoveColumn {
                table: t,
                column: c,
                ..
            } => {
                format!("move column {}", column(t, c))
            }
            Edit::SetColumn {
                table: t,
                column: c,
                change,
            } => {
                let what = match change {
                    ColumnChange::Type(_) => "type",
                    ColumnChange::Nullable(_) => "nullability",
                    ColumnChange::Default(_) => "default",
                    ColumnChange::Identity(_) => "identity",
                    ColumnChange::Comment(_) => "comment",
                };
                format!("{what} of {}", column(t, c))
            }
            Edit::SetPrimaryKey { table: t, .. } => format!("primary key of {}", table(t)),
            Edit::PutConstraint { constraint, .. } => match constraint {
                Constraint::Unique(_) => "unique constraint".into(),
                Constraint::Check(_) => "check constraint".into(),
                Constraint::Index(_) => "index".into(),
                Constraint::ForeignKey(_) => "relationship".into(),
            },
            Edit::RemoveConstraint { .. } => "remove constraint".into(),
            Edit::MoveBoxes { moves } if moves.len() == 1 => "move table".into(),
            Edit::MoveBoxes { .. } => "move tables".into(),
            Edit::SetLayout { .. } => "arrange".into(),
            Edit::SetLintSettings { .. } => "rule settings".into(),
            Edit::PutDiagramView { view, .. } => format!("view {}", view.name),
            Edit::RemoveDiagramView { name } => format!("delete view {name}"),
            Edit::PutGroup { group, .. } => format!("group {}", group.name),
            Edit::RemoveGroup { .. } => "ungroup".into(),
            Edit::PutNote { .. } => "note".into(),
            Edit::RemoveNote { .. } => "delete note".into(),
            Edit::PutView { view, .. } => format!("view {}", view.name),
            Edit::PutSchema { schema, .. } => format!("add schema {}", schema.name),
            Edit::RemoveSchema { .. } => "delete schema".into(),
            Edit::RenameSchema { schema, name, .. } => format!(
                "rename schema {} to {name}",
                model
                    .schemas
                    .iter()
                    .find(|s| s.id == *schema)
                    .map_or("", |s| s.name.as_str())
            ),
            Edit::RemoveView { .. } => "delete view".into(),
            Edit::PutCollection { collection, .. } => {
                if model.collections.iter().any(|c| c.id == collection.id) {
                    format!("change collection {}", collection.name)
                } else {
                    format!("add collection {}", collection.name)
                }
            }
            Edit::RemoveCollection { collection } => format!(
                "delete collection {}",
                model
                    .collections
                    .iter()
                    .find(|c| c.id == *collection)
                    .map_or("", |c| c.name.as_str())
            ),
            Edit::PutRoutine { routine, .. } => {
                format!("{} {}", routine.kind.keyword().to_lowercase(), routine.name)
            }
            Edit::RemoveRoutine { routine } => model
                .routines
                .iter()
                .find(|r| r.id == *routine)
                .map_or("delete routine".into(), |r| {
                    format!("delete {} {}", r.kind.keyword().to_lowercase(), r.name)
                }),
            Edit::SetSequenceOwner { sequence, .. } => model
                .sequences
                .iter()
                .find(|s| s.id == *sequence)
                .map_or("sequence owner".into(), |s| {
                    format!("owner of sequence {}", s.name)
                }),
            Edit::Batch { label, .. } => label.clone(),
            Edit::WithText { edit, .. } => edit.label(model),
        }
    }

    /// A rough size in bytes, so a history can bound the memory it keeps.
    pub fn weight(&self) -> usize {
        match self {
            Edit::ReplaceText { text } => text.len(),
            Edit::Restore { state } => {
                state.source.text.len()
                    + state
                        .model
                        .as_ref()
                        .map_or(0, |m| m.column_count() * 200 + m.tables.len() * 300)
                    + state.layout.as_ref().map_or(0, |l| l.positions.len() * 40)
            }
            Edit::Batch { edits, .. } => edits.iter().map(Edit::weight).sum(),
            Edit::WithText { edit, text } => edit.weight() + text.len(),
            Edit::SetLayout { layout } => layout.positions.len() * 40 + layout.routes.len() * 100,
            Edit::PutDiagramView { view, .. } => {
                view.layout.positions.len() * 40 + view.layout.routes.len() * 100
            }
            _ => 256,
        }
    }
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Sql => "SQL",
        SourceFormat::Dbml => "DBML",
    }
}

#[cfg(test)]
mod collection_tests {
    use super::*;
    use crate::import::samples::infer;

    #[test]
    fn collections_are_added_changed_and_removed_with_undo() {
        let mut project = Project::new("docs", Dialect::Postgres);
        let orders =
            infer("orders", r#"{"_id": 1, "customer": "a"}"#, &mut project.ids).expect("inferred");
        let added = apply(
            &mut project,
            Edit::PutCollection {
                collection: Box::new(orders.clone()),
                at: 0,
            },
        )
        .expect("added");
        assert_eq!(project.model.collections, std::slice::from_ref(&orders));

        let mut renamed = orders.clone();
        renamed.fields[1].name = "customerName".into();
        let changed = apply(
            &mut project,
            Edit::PutCollection {
                collection: Box::new(renamed.clone()),
                at: 0,
            },
        )
        .expect("changed");
        assert_eq!(project.model.collections[0].fields[1].name, "customerName");
        apply(&mut project, changed.inverse).expect("undone");
        assert_eq!(project.model.collections, std::slice::from_ref(&orders));

        // Two fields of one name, or a second collection of the same name, are refused and
        // leave the project as it was.
        let mut twice = orders.clone();
        twice.fields[1].name = "_id".into();
        let refused = apply(
            &mut project,
            Edit::PutCollection {
                collection: Box::new(twice),
                at: 0,
            },
        );
        assert!(refused.is_err());
        let mut copy = orders.clone();
        copy.id = project.ids.fresh();
        copy.fields.iter_mut().for_each(|f| f.id = Id(0));
        assert!(apply(
            &mut project,
            Edit::PutCollection {
                collection: Box::new(copy),
                at: 1,
            },
        )
        .is_err());
        assert_eq!(project.model.collections, std::slice::from_ref(&orders));

        apply(&mut project, added.inverse).expect("removed");
        assert!(project.model.collections.is_empty());
    }
}
