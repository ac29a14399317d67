//! How the model's references name their targets. A project's model refers by id
//! ([`ById`]): a key, a foreign key, an index part, a group member or a partition parent
//! holds the id of the column or table it means, so a rename changes one name and nothing
//! can be left pointing at the old one. Text names its targets ([`ByName`]): importers
//! build a model that way and [`super::resolve`] turns it into one by id, leaving out (and
//! reporting) what names nothing; older project files are read the same way.

use std::fmt::Debug;
use std::hash::Hash;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::ids::Id;

/// What a reference to a column and to a table is.
pub trait Refs: Clone + Copy + Debug + Default + PartialEq + Eq + 'static {
    type Column: Clone + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned;
    type Table: Clone + Debug + PartialEq + Eq + Hash + Ord + Serialize + DeserializeOwned;
}

/// References by id: the project's model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ById;

impl Refs for ById {
    type Column = Id;
    type Table = Id;
}

/// References by name, as text writes them: what importers build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ByName;

impl Refs for ByName {
    type Column = String;
    type Table = TableName;
}

/// A table as text names it: a name, and the schema when one is written. A name without a
/// schema means the table of that name in any schema.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TableName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub name: String,
}

impl TableName {
    pub fn new(schema: Option<String>, name: impl Into<String>) -> TableName {
        TableName {
            schema,
            name: name.into(),
        }
    }

    /// A name without a schema.
    pub fn bare(name: impl Into<String>) -> TableName {
        TableName::new(None, name)
    }
}

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}
