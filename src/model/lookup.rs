//! Resolves foreign-key targets to tables in constant time, for generators and layout.
//! The maps hash with FxHash, which has no per-process seed, so runs are reproducible (the
//! fuzz gate needs that) and short names hash fast (every edit rebuilds these maps); nothing
//! iterates them, so their order never shows.

use std::collections::HashMap;

use super::relational::{ForeignKey, Model};

/// Table positions in `Model::tables` by qualified and by bare name.
pub struct TableLookup<'a> {
    qualified: FixedMap<(&'a str, &'a str)>,
    bare: FixedMap<&'a str>,
}

type FixedMap<K> = HashMap<K, usize, rustc_hash::FxBuildHasher>;

impl<'a> TableLookup<'a> {
    pub fn new(model: &'a Model) -> Self {
        let n = model.tables.len();
        let mut qualified = FixedMap::with_capacity_and_hasher(n, Default::default());
        let mut bare = FixedMap::with_capacity_and_hasher(n, Default::default());
        for (i, t) in model.tables.iter().enumerate() {
            qualified
                .entry((t.schema.as_deref().unwrap_or(""), t.name.as_str()))
                .or_insert(i);
            bare.entry(t.name.as_str()).or_insert(i);
        }
        TableLookup { qualified, bare }
    }

    /// Every foreign key in `model` that references table `target`, as (table index, key
    /// index).
    pub fn references_into(&self, model: &Model, target: usize) -> Vec<(usize, usize)> {
        model
            .tables
            .iter()
            .enumerate()
            .flat_map(|(k, t)| {
                t.foreign_keys
                    .iter()
                    .enumerate()
                    .filter(move |(_, fk)| self.target(fk) == Some(target))
                    .map(move |(f, _)| (k, f))
            })
            .collect()
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
