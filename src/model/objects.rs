//! Schema objects beside tables: views, routines (functions, procedures, triggers,
//! aggregates), sequences and domains. Views and routines keep their SQL text as written, so
//! nothing a script defines is lost even where the model does not interpret it.

use serde::{Deserialize, Serialize};

use super::ids::Id;
use super::refs::{ById, ByName, Refs};
use super::relational::{CheckConstraint, Index};
use super::types::ColumnType;

/// A named schema (a namespace of tables and types). Objects name the schema they are in;
/// this gives the name an id, so that renaming a schema is one rename a migration can tell
/// from moving every object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// Zero until the model is reconciled into a project (importers leave it unset).
    #[serde(default)]
    pub id: Id,
    pub name: String,
}

/// A PostgreSQL extension the schema needs (`CREATE EXTENSION pg_trgm`): its types,
/// operator classes and functions exist only once it is installed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    pub name: String,
    /// Where its objects go (`WITH SCHEMA`), when the script said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub materialized: bool,
    /// The query after `AS`, as written.
    pub definition: String,
    /// Indexes on a materialized view. The model does not describe a view's columns, so
    /// these name them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index<ByName>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    Function,
    Procedure,
    Trigger,
    Aggregate,
    /// A PostgreSQL rewrite rule.
    Rule,
}

impl RoutineKind {
    pub fn keyword(self) -> &'static str {
        match self {
            RoutineKind::Function => "FUNCTION",
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Trigger => "TRIGGER",
            RoutineKind::Aggregate => "AGGREGATE",
            RoutineKind::Rule => "RULE",
        }
    }
}

/// A function, procedure, trigger or aggregate, kept whole as its `CREATE` statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Routine {
    pub id: Id,
    pub kind: RoutineKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    /// For a trigger or rule, the table it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// The whole `CREATE ...` statement as written.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Sequence<R: Refs = ById> {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// `OWNED BY table.column`: the column whose default draws from this sequence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<(R::Table, R::Column)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
    pub data_type: ColumnType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
}

/// A named group of tables (DBML `TableGroup`), drawn as one coloured area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct TableGroup<R: Refs = ById> {
    pub id: Id,
    pub name: String,
    /// Member tables.
    pub tables: Vec<R::Table>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A free-standing note on the diagram (DBML `Note name { ... }`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StickyNote {
    pub id: Id,
    pub name: String,
    pub text: String,
}

/// Project-level facts a DBML `Project` block carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectInfo {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
