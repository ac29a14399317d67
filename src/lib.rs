//! Schemaforge: a database schema designer. The engine (model, import, generate, layout)
//! builds and tests natively; the browser UI sits behind the default `ui` feature.

pub mod diagnostic;
pub mod edit;
pub mod example;
pub mod generate;
pub mod import;
pub mod layout;
pub mod migrate;
pub mod model;
pub mod normalize;
pub mod rules;
pub mod share;
pub mod synthetic;
pub mod transform;
pub mod validate;
pub mod verify;
pub mod workspace;

#[cfg(feature = "ui")]
pub mod ui;
