//! Normalization: functional dependencies, their closure, candidate keys and normal forms,
//! decompositions (3NF synthesis, BCNF) with the tests that they are lossless and keep the
//! dependencies, and discovery of dependencies from sample rows. Pure engine code: the rules
//! (`rules::normal_form`), the command line (`schemaforge fds`) and the app build on it.

pub mod attrs;
pub mod closure;
pub mod decompose;
pub mod dependency;
pub mod discover;
pub mod dump_rows;
pub mod keys;
pub mod normal_form;
pub mod partition;
pub mod sample;

pub use attrs::{AttrSet, MAX_ATTRIBUTES};
pub use dependency::Fd;
