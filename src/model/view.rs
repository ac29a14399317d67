//! A named view: a part of the model that the diagram shows on its own, laid out on its own,
//! so a schema of hundreds of tables is read a piece at a time.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ids::Id;
use super::project::Layout;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DiagramView {
    pub name: String,
    /// The tables and collections it shows; ids that no longer exist are passed over.
    pub members: BTreeSet<Id>,
    /// Where each member sits in this view, apart from the whole diagram's places.
    #[serde(default)]
    pub layout: Layout,
}
