//! Candidate keys: the minimal sets of columns that determine all of a table's columns.
//! Found with Lucchesi and Osborn's method, which lists every key in time polynomial in
//! the number of keys; a table can have exponentially many, so the list is bounded.

use std::collections::{BTreeSet, VecDeque};

use super::attrs::AttrSet;
use super::closure::closure;
use super::dependency::Fd;

/// The most keys one search lists before it says it stopped.
pub const MAX_KEYS: usize = 1000;

/// The candidate keys of `universe` under `fds`, sorted by size then columns, and whether
/// the list is complete (false when it stopped at `limit`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Keys {
    pub keys: Vec<AttrSet>,
    pub complete: bool,
}

impl Keys {
    /// The columns that are part of some candidate key.
    pub fn prime(&self) -> AttrSet {
        self.keys.iter().fold(AttrSet::EMPTY, |p, k| p | *k)
    }
}

/// Takes columns out of `superkey` while what is left still determines `universe`.
pub fn minimize(superkey: AttrSet, universe: AttrSet, fds: &[Fd]) -> AttrSet {
    let mut key = superkey;
    for a in superkey.iter() {
        let smaller = key.without(a);
        if universe.is_subset(closure(smaller, fds)) {
            key = smaller;
        }
    }
    key
}

/// Every candidate key of `universe` under `fds`, up to `limit`.
pub fn candidate_keys(universe: AttrSet, fds: &[Fd], limit: usize) -> Keys {
    // Only the dependencies' parts inside the table count.
    let fds = super::closure::restrict(fds, universe);
    let first = minimize(universe, universe, &fds);
    let mut found: BTreeSet<(usize, AttrSet)> = BTreeSet::new();
    found.insert((first.len(), first));
    let mut queue = VecDeque::from([first]);
    let mut complete = true;
    'search: while let Some(key) = queue.pop_front() {
        for fd in &fds {
            let candidate = fd.lhs | key.minus(fd.rhs);
            if found.iter().any(|(_, k)| k.is_subset(candidate)) {
                continue;
            }
            if found.len() >= limit {
                complete = false;
                break 'search;
            }
            let new = minimize(candidate, universe, &fds);
            found.insert((new.len(), new));
            queue.push_back(new);
        }
    }
    Keys {
        keys: found.into_iter().map(|(_, k)| k).collect(),
        complete,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(lhs: &[usize], rhs: &[usize]) -> Fd {
        Fd::of(lhs, rhs)
    }

    #[test]
    fn keys_of_a_textbook_relation() {
        // R(A, B, C, D): A B -> C, C -> D, D -> A. Keys: A B, B C, B D.
        let fds = [fd(&[0, 1], &[2]), fd(&[2], &[3]), fd(&[3], &[0])];
        let keys = candidate_keys(AttrSet::first(4), &fds, MAX_KEYS);
        assert!(keys.complete);
        assert_eq!(
            keys.keys,
            vec![
                AttrSet::of([0, 1]),
                AttrSet::of([1, 2]),
                AttrSet::of([1, 3])
            ]
        );
        assert_eq!(keys.prime(), AttrSet::first(4));
    }

    #[test]
    fn without_dependencies_the_key_is_every_column() {
        let keys = candidate_keys(AttrSet::first(3), &[], MAX_KEYS);
        assert_eq!(keys.keys, vec![AttrSet::first(3)]);
    }

    #[test]
    fn the_search_stops_at_its_limit_and_says_so() {
        // A_i <-> B_i for 12 pairs: 2^12 keys.
        let fds: Vec<Fd> = (0..12)
            .flat_map(|i| [fd(&[2 * i], &[2 * i + 1]), fd(&[2 * i + 1], &[2 * i])])
            .collect();
        let keys = candidate_keys(AttrSet::first(24), &fds, 100);
        assert!(!keys.complete);
        assert_eq!(keys.keys.len(), 100);
    }
}
