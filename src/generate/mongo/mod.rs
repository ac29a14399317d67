//! MongoDB generators: the `$jsonSchema` validator of a collection.

pub mod validator;
