//! Generators: pure functions from the model to text.

pub mod dbml;
pub mod highlight;
pub mod markdown;
pub mod mermaid;
pub mod mongo;
pub mod review_page;
pub mod sql;
pub mod svg;
