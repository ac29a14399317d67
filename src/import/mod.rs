//! Importers: text in, model out.

pub mod consistency;
pub mod dbml;
pub mod detect;
pub mod dialect_guess;
pub mod sql;
