//! Migrations between two versions of a project's model (issue 15): what changed, found by
//! id so that a rename is a rename ([`diff`]). Planners and writers build on it.

pub mod diff;

pub use diff::{diff, Change, ColumnChange};
