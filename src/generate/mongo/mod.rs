//! MongoDB generators: the `$jsonSchema` validator of a collection, the mongosh scripts
//! that install it and its indexes, and JSON Schema 2020-12 of the same model.

pub mod collection_script;
pub mod indexes;
pub mod json_schema;
pub mod shell;
pub mod validator;
