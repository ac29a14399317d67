//! Importers: text in, model out.

pub mod consistency;
pub mod dbml;
pub mod detect;
pub mod dialect_guess;
pub mod extended_json;
pub mod js_literal;
pub mod json_schema;
pub mod references;
pub mod samples;
pub mod sql;
