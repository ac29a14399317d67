//! The order in which tables can be created: a table after the tables it references.

use std::collections::BTreeSet;

use crate::model::{ForeignKey, Id, Model, TableLookup};

/// Table indices in creation order (a table after the tables it references, original order
/// otherwise) and the foreign keys that must wait for `ALTER TABLE` because they close a cycle
/// or point at a table created later.
///
/// # Complexity
/// O(T log T + F) for T tables and F foreign keys.
pub(super) fn creation_order(model: &Model, lookup: &TableLookup) -> (Vec<usize>, BTreeSet<Id>) {
    let target = |fk: &ForeignKey| lookup.target(fk);
    let n = model.tables.len();
    let mut waiting_on = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, t) in model.tables.iter().enumerate() {
        let parents: BTreeSet<usize> = t
            .foreign_keys
            .iter()
            .filter_map(target)
            .filter(|&p| p != i)
            .collect();
        waiting_on[i] = parents.len();
        for p in parents {
            dependents[p].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting_on[i] == 0).collect();
    let mut remaining: BTreeSet<usize> = (0..n).collect();
    let mut order = Vec::with_capacity(n);
    // With nothing ready, a cycle blocks: create its first table and defer its keys.
    while let Some(next) = ready.pop_first().or_else(|| remaining.first().copied()) {
        if !remaining.remove(&next) {
            continue;
        }
        order.push(next);
        for &d in &dependents[next] {
            waiting_on[d] = waiting_on[d].saturating_sub(1);
            if waiting_on[d] == 0 && remaining.contains(&d) {
                ready.insert(d);
            }
        }
    }
    let mut position = vec![0usize; n];
    for (at, &t) in order.iter().enumerate() {
        position[t] = at;
    }
    let mut deferred = BTreeSet::new();
    for (i, t) in model.tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(p) = target(fk) {
                if p != i && position[p] > position[i] {
                    deferred.insert(fk.id);
                }
            }
        }
    }
    (order, deferred)
}
