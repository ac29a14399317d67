//! The project model and its file format.

pub mod compare;
pub mod dialect;
pub mod document;
mod format_3;
pub mod ids;
pub mod lookup;
pub mod mirror;
pub mod objects;
pub mod patterns;
pub mod project;
pub mod reconcile;
pub mod refs;
pub mod relational;
pub mod resolve;
pub mod schemas;
pub mod shared;
pub mod text_spans;
pub mod types;
pub mod validate;
pub mod view;
pub mod visit;

pub use dialect::Dialect;
pub use ids::{Id, IdGen};
pub use lookup::TableLookup;
pub use objects::{
    Domain, Extension, ProjectInfo, Routine, RoutineKind, Schema, Sequence, StickyNote, TableGroup,
    View,
};
pub use patterns::TablePatterns;
pub use project::{Layout, Point, Project, SavedVersion, Source, SourceFormat, FORMAT_VERSION};
pub use refs::{ById, ByName, Refs, TableName};
pub use relational::*;
pub use shared::Shared;
pub use text_spans::TextSpans;
pub use types::{ColumnType, TypeKind};
pub use validate::Invalid;
pub use view::DiagramView;
pub use visit::IdOwner;
