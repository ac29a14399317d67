//! Relational to document and back: a document model proposed from tables (children that
//! belong to one parent embedded, other relationships referenced, junction tables as arrays
//! of references), and a document model flattened into tables (embedded documents as
//! prefixed columns, arrays as child tables). Each says what it decided, so the user can
//! review it.

pub mod to_documents;
pub mod to_tables;
