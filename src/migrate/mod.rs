//! Migrations between two versions of a project's model (issue 15): what changed, found by
//! id so that a rename is a rename ([`diff`]); the steps that make the change on a
//! database, each with its way back, its safety class and its pre-flight queries
//! ([`plan`], one planner per dialect).

pub mod archive;
pub mod diff;
pub mod document;
pub mod formats;
mod identifiers;
pub mod marks;
mod mysql;
mod mysql_names;
pub mod parts;
pub mod plan;
pub mod planner;
mod postgres;
pub mod renames;
pub mod review;
mod sqlite;
mod sqlserver;
pub mod step;

pub use diff::{diff, Change, ColumnChange};
pub use formats::{write, File, Format, Migration};
pub use plan::{plan, PlanOptions};
pub use step::{Body, Mode, Plan, Preflight, Safety, Step};
