//! Resolves foreign-key targets to tables in logarithmic time, for generators and layout.
//! Ordered maps keep runs reproducible (no per-process hash seeds), which the fuzz gate needs.

use std::collections::BTreeMap;

use super::relational::{ForeignKey, Model};

/// Table positions in `Model::tables` by qualified and by bare name.
pub struct TableLookup<'a> {
    qualified: BTreeMap<(&'a str, &'a str), usize>,
    bare: BTreeMap<&'a str, usize>,
}

impl<'a> TableLookup<'a> {
    pub fn new(model: &'a Model) -> Self {
        let mut qualified = BTreeMap::new();
        let mut bare = BTreeMap::new();
        for (i, t) in model.tables.iter().enumerate() {
            qualified
                .entry((t.schema.as_deref().unwrap_or(""), t.name.as_str()))
                .or_insert(i);
            bare.entry(t.name.as_str()).or_insert(i);
        }
        TableLookup { qualified, bare }
    }

    /// The index of the table a foreign key references, if the model has it. A reference
    /// without a schema matches a table of that name in any schema.
    pub fn target(&self, fk: &ForeignKey) -> Option<usize> {
        match &fk.ref_schema {
            Some(s) => self
                .qualified
                .get(&(s.as_str(), fk.ref_table.as_str()))
                .or_else(|| self.qualified.get(&("", fk.ref_table.as_str())))
                .copied(),
            None => self.bare.get(fk.ref_table.as_str()).copied(),
        }
    }
}
