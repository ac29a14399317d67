//! Resolves table ids to positions in constant time, for generators, layout and edits.
//! The map hashes with FxHash, which has no per-process seed, so runs are reproducible (the
//! fuzz gate needs that); nothing iterates it, so its order never shows.

use std::collections::HashMap;

use super::ids::Id;
use super::relational::{ForeignKey, Model};

type FixedMap<K> = HashMap<K, usize, rustc_hash::FxBuildHasher>;

/// Table positions in `Model::tables` by id.
pub struct TableLookup {
    by_id: FixedMap<Id>,
}

impl TableLookup {
    pub fn new(model: &Model) -> Self {
        let mut by_id = FixedMap::with_capacity_and_hasher(model.tables.len(), Default::default());
        for (i, t) in model.tables.iter().enumerate() {
            by_id.entry(t.id).or_insert(i);
        }
        TableLookup { by_id }
    }

    /// The position of table `id`.
    pub fn index(&self, id: Id) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// Every foreign key in `model` that references table `target`, as (table index, key
    /// index).
    pub fn references_into(&self, model: &Model, target: usize) -> Vec<(usize, usize)> {
        let Some(id) = model.tables.get(target).map(|t| t.id) else {
            return Vec::new();
        };
        model
            .tables
            .iter()
            .enumerate()
            .flat_map(|(k, t)| {
                t.foreign_keys
                    .iter()
                    .enumerate()
                    .filter(move |(_, fk)| fk.ref_table == id)
                    .map(move |(f, _)| (k, f))
            })
            .collect()
    }

    /// The position of the table a foreign key references, if the model has it.
    pub fn target(&self, fk: &ForeignKey) -> Option<usize> {
        self.index(fk.ref_table)
    }
}
