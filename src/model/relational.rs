//! The relational model: the single source of truth that SQL text, the diagram and the
//! generated DDL are views of.

use serde::{Deserialize, Serialize};

use super::ids::Id;
use super::objects::{Domain, ProjectInfo, Routine, Sequence, StickyNote, TableGroup, View};
use super::refs::{ById, ByName, Refs};
use super::types::ColumnType;

/// A model as text names its references: what importers build (see [`super::refs`]).
pub type NamedModel = Model<ByName>;
pub type NamedTable = Table<ByName>;

/// A relational schema: every table and type of a project. Its references are ids
/// ([`ById`]); an importer's are names ([`ByName`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Model<R: Refs = ById> {
    /// The named schemas objects are in, each with an id that survives a rename (see
    /// [`super::schemas`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<super::objects::Schema>,
    /// PostgreSQL extensions, created before everything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<super::objects::Extension>,
    /// Shared with copies of the model until changed (see [`super::shared`]).
    #[serde(default)]
    pub tables: Vec<super::shared::Shared<Table<R>>>,
    #[serde(default)]
    pub enums: Vec<EnumType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routines: Vec<Routine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub table_groups: Vec<TableGroup<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<StickyNote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectInfo>,
    /// The document (MongoDB) side of the project, beside the tables (see
    /// [`super::document`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<super::document::Collection>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Table<R: Refs = ById> {
    pub id: Id,
    /// The namespace (`public`, `dbo`, ...) when the source named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<UniqueConstraint<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index<R>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The tables it inherits from (PostgreSQL `INHERITS`); their columns come first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherits: Vec<R::Table>,
    /// For a partition, its parent and bound (`FOR VALUES ...` as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_of: Option<Partition<R>>,
    /// Header colour on the diagram, as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// A short name other statements may use (DBML `Table x as X`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Patterns the generators add for this table (not part of its SQL text).
    #[serde(
        default,
        skip_serializing_if = "super::patterns::TablePatterns::is_empty"
    )]
    pub patterns: super::patterns::TablePatterns,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Partition<R: Refs = ById> {
    pub parent: R::Table,
    pub bound: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub id: Id,
    pub name: String,
    pub data_type: ColumnType,
    pub nullable: bool,
    /// The default as an SQL expression text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// How a column gets generated key values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`, `serial`, `AUTO_INCREMENT`, `IDENTITY(1,1)`.
    ByDefault,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct PrimaryKey<R: Refs = ById> {
    /// Zero until the model is reconciled into a project (importers leave it unset).
    #[serde(default)]
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<R::Column>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct UniqueConstraint<R: Refs = ById> {
    /// Zero until the model is reconciled into a project (importers leave it unset).
    #[serde(default)]
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<R::Column>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckConstraint {
    /// Zero until the model is reconciled into a project (importers leave it unset).
    #[serde(default)]
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub expression: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn sql(self) -> &'static str {
        match self {
            ReferentialAction::NoAction => "NO ACTION",
            ReferentialAction::Restrict => "RESTRICT",
            ReferentialAction::Cascade => "CASCADE",
            ReferentialAction::SetNull => "SET NULL",
            ReferentialAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct ForeignKey<R: Refs = ById> {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub columns: Vec<R::Column>,
    pub ref_table: R::Table,
    /// Empty when the source referenced the target's primary key implicitly.
    pub ref_columns: Vec<R::Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<ReferentialAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<ReferentialAction>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deferrable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Index<R: Refs = ById> {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub unique: bool,
    /// Access method (`btree`, `gin`, ...) when one was named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    pub parts: Vec<IndexPart<R>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<R::Column>,
    /// The `WHERE` of a partial index, as SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct IndexPart<R: Refs = ById> {
    pub target: IndexTarget<R>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub descending: bool,
    /// PostgreSQL operator class (`gin_trgm_ops`, `inet_ops`, `text_pattern_ops`), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opclass: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "", rename_all = "snake_case")]
pub enum IndexTarget<R: Refs = ById> {
    Column(R::Column),
    Expression(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    pub values: Vec<String>,
    /// The id of each value, in the same order, so that a migration tells a renamed value
    /// from a dropped one. Empty until the model is reconciled into a project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_ids: Vec<Id>,
}

impl<R: Refs> Model<R> {
    /// Finds a table by name; a reference without a schema matches any schema.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&Table<R>> {
        self.tables
            .iter()
            .find(|t| t.name == name && (schema.is_none() || t.schema.as_deref() == schema))
            .map(|t| &**t)
    }

    /// The first table `holds` says yes to, for writing: found by reading, so that no
    /// other table shared with a copy of the model is copied (see [`super::shared`]).
    pub fn table_mut_where(&mut self, holds: impl Fn(&Table<R>) -> bool) -> Option<&mut Table<R>> {
        let i = self.tables.iter().position(|t| holds(t))?;
        Some(&mut *self.tables[i])
    }

    pub fn table_by_id(&self, id: Id) -> Option<&Table<R>> {
        self.tables.iter().find(|t| t.id == id).map(|t| &**t)
    }

    pub fn column_count(&self) -> usize {
        self.tables.iter().map(|t| t.columns.len()).sum()
    }

    pub fn foreign_key_count(&self) -> usize {
        self.tables.iter().map(|t| t.foreign_keys.len()).sum()
    }

    pub fn index_count(&self) -> usize {
        self.tables.iter().map(|t| t.indexes.len()).sum()
    }

    /// The largest id in use, so an id generator can continue after it.
    pub fn max_id(&self) -> u64 {
        let mut max = 0;
        self.ids(|_, id| max = max.max(id.0));
        max
    }
}

impl<R: Refs> ForeignKey<R> {
    /// The columns of `target` it references: as written, or the target's primary key when
    /// the source named none.
    pub fn referenced_columns(&self, target: &Table<R>) -> Vec<R::Column> {
        if self.ref_columns.is_empty() {
            target
                .primary_key
                .as_ref()
                .map(|k| k.columns.clone())
                .unwrap_or_default()
        } else {
            self.ref_columns.clone()
        }
    }
}

impl<R: Refs> Index<R> {
    /// A plain ascending index on `columns`, in order.
    pub fn on_columns(id: Id, name: Option<String>, unique: bool, columns: &[R::Column]) -> Self {
        Index {
            id,
            name,
            unique,
            method: None,
            parts: columns
                .iter()
                .map(|c| IndexPart {
                    target: IndexTarget::Column(c.clone()),
                    descending: false,
                    opclass: None,
                })
                .collect(),
            include: Vec::new(),
            predicate: None,
        }
    }

    /// The columns it names: its column parts, then its `INCLUDE` columns.
    pub fn columns(&self) -> Vec<R::Column> {
        self.parts
            .iter()
            .filter_map(|p| match &p.target {
                IndexTarget::Column(c) => Some(c.clone()),
                IndexTarget::Expression(_) => None,
            })
            .chain(self.include.iter().cloned())
            .collect()
    }

    /// The columns of its parts, in order, when every part is a column.
    pub fn key_columns(&self) -> Option<Vec<R::Column>> {
        self.parts
            .iter()
            .map(|p| match &p.target {
                IndexTarget::Column(c) => Some(c.clone()),
                IndexTarget::Expression(_) => None,
            })
            .collect()
    }
}

impl<R: Refs> Table<R> {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// `schema.name`, or the bare name when no schema was given.
    pub fn qualified_name(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }

    pub fn is_primary_key_column(&self, column: &R::Column) -> bool {
        self.primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(column))
    }

    pub fn is_foreign_key_column(&self, column: &R::Column) -> bool {
        self.foreign_keys
            .iter()
            .any(|fk| fk.columns.contains(column))
    }

    /// True when the column alone is declared unique (constraint or unique index).
    pub fn is_unique_column(&self, column: &R::Column) -> bool {
        let single = |cols: &[R::Column]| cols.len() == 1 && cols[0] == *column;
        self.uniques.iter().any(|u| single(&u.columns))
            || self.indexes.iter().any(|i| {
                i.unique
                    && i.predicate.is_none()
                    && i.parts.len() == 1
                    && matches!(&i.parts[0].target, IndexTarget::Column(c) if c == column)
            })
    }
}

impl Table {
    pub fn column_by_id(&self, id: Id) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    pub fn column_by_id_mut(&mut self, id: Id) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.id == id)
    }

    /// The id of the column named `name`.
    pub fn column_id(&self, name: &str) -> Option<Id> {
        self.column(name).map(|c| c.id)
    }

    /// The name of column `id`; empty for an id the table does not have (a valid model has
    /// none such).
    /// The ids of the table's primary key, unique constraints, checks, foreign keys and
    /// indexes, in the order `CREATE TABLE` and its indexes create them.
    pub fn constraint_ids(&self) -> Vec<Id> {
        self.primary_key
            .iter()
            .map(|p| p.id)
            .chain(self.uniques.iter().map(|u| u.id))
            .chain(self.checks.iter().map(|c| c.id))
            .chain(self.foreign_keys.iter().map(|f| f.id))
            .chain(self.indexes.iter().map(|i| i.id))
            .collect()
    }

    pub fn column_name(&self, id: Id) -> &str {
        self.column_by_id(id).map_or("", |c| c.name.as_str())
    }

    /// The names of `ids`, in order.
    pub fn column_names(&self, ids: &[Id]) -> Vec<String> {
        ids.iter()
            .map(|id| self.column_name(*id).to_string())
            .collect()
    }

    /// The columns of `ids`, in order, skipping ids the table does not have.
    pub fn columns_of(&self, ids: &[Id]) -> Vec<&Column> {
        ids.iter().filter_map(|id| self.column_by_id(*id)).collect()
    }

    /// The ids of the columns named `names`, or `None` when one is missing.
    pub fn column_ids(&self, names: &[String]) -> Option<Vec<Id>> {
        names.iter().map(|n| self.column_id(n)).collect()
    }
}
