//! Generators: pure functions from the model to text.

pub mod dbml;
pub mod highlight;
pub mod mongo;
pub mod sql;
pub mod svg;
