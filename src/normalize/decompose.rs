//! Decompositions: 3NF synthesis (always lossless and dependency-preserving), BCNF by
//! splitting on violations (lossless, and dependency-preserving where possible), and the two
//! tests that say so: the chase for a lossless join, and preservation of every dependency.

use super::attrs::AttrSet;
use super::closure::{closure, minimal_cover, project};
use super::dependency::Fd;
use super::keys::candidate_keys;

/// 3NF synthesis: one table per left side of a minimal cover (with everything it
/// determines), plus a candidate key's table when no table holds one, without tables that
/// another contains. The parts come in a stable order: by first column, then size.
pub fn synthesize_3nf(universe: AttrSet, fds: &[Fd]) -> Vec<AttrSet> {
    let inside = super::closure::restrict(fds, universe);
    let cover = minimal_cover(&inside);
    let mut parts: Vec<AttrSet> = Vec::new();
    let mut lhs_seen: Vec<AttrSet> = Vec::new();
    for fd in &cover {
        if lhs_seen.contains(&fd.lhs) {
            continue;
        }
        lhs_seen.push(fd.lhs);
        let part = cover
            .iter()
            .filter(|other| other.lhs == fd.lhs)
            .fold(fd.lhs, |acc, other| acc | other.rhs);
        parts.push(part);
    }
    let holds_key = parts
        .iter()
        .any(|p| universe.is_subset(closure(*p, &cover)));
    if !holds_key {
        let keys = candidate_keys(universe, &cover, 1);
        parts.push(keys.keys.first().copied().unwrap_or(universe));
    }
    without_contained(parts)
}

/// BCNF by splitting: while a part has a dependency `X -> A` on its own columns whose `X`
/// is not a key of the part, it becomes `X+` and `X` with the rest. `None` when a part has
/// more than `max_columns` columns (the dependencies of a part are found by trying subsets).
pub fn decompose_bcnf(universe: AttrSet, fds: &[Fd], max_columns: usize) -> Option<Vec<AttrSet>> {
    let mut done = Vec::new();
    let mut todo = vec![universe];
    while let Some(part) = todo.pop() {
        let local = project(fds, part, max_columns)?;
        let violation = local
            .iter()
            .find(|fd| !part.is_subset(closure(fd.lhs, &local)));
        match violation {
            Some(fd) => {
                let determined = closure(fd.lhs, &local) & part;
                todo.push(determined);
                todo.push(part.minus(determined) | fd.lhs);
            }
            None => done.push(part),
        }
    }
    Some(without_contained(done))
}

/// The parts that no other part contains, in a stable order: by first column, then size.
fn without_contained(mut parts: Vec<AttrSet>) -> Vec<AttrSet> {
    parts.sort_by_key(|p| (std::cmp::Reverse(p.len()), *p));
    let mut kept: Vec<AttrSet> = Vec::new();
    for p in parts {
        if !kept.iter().any(|k| p.is_subset(*k)) {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| (p.first_member(), p.len()));
    kept
}

/// The chase: whether joining the parts' projections always gives back the table.
pub fn is_lossless(universe: AttrSet, parts: &[AttrSet], fds: &[Fd]) -> bool {
    let columns: Vec<usize> = universe.iter().collect();
    // One row per part; 0 is the distinguished symbol of a column, others are unique.
    let mut rows: Vec<Vec<usize>> = parts
        .iter()
        .enumerate()
        .map(|(r, part)| {
            columns
                .iter()
                .enumerate()
                .map(|(c, &a)| {
                    if part.contains(a) {
                        0
                    } else {
                        1 + r * columns.len() + c
                    }
                })
                .collect()
        })
        .collect();
    let position = |a: usize| columns.iter().position(|&c| c == a);
    let split: Vec<(Vec<usize>, usize)> = fds
        .iter()
        .flat_map(|fd| {
            let lhs: Option<Vec<usize>> = fd.lhs.iter().map(position).collect();
            fd.rhs
                .iter()
                .filter_map(position)
                .filter_map(move |a| lhs.clone().map(|l| (l, a)))
        })
        .collect();
    loop {
        let mut changed = false;
        for (lhs, a) in &split {
            for i in 0..rows.len() {
                for j in i + 1..rows.len() {
                    if lhs.iter().all(|&c| rows[i][c] == rows[j][c]) && rows[i][*a] != rows[j][*a] {
                        let (keep, lose) = if rows[i][*a] < rows[j][*a] {
                            (rows[i][*a], rows[j][*a])
                        } else {
                            (rows[j][*a], rows[i][*a])
                        };
                        for row in rows.iter_mut() {
                            if row[*a] == lose {
                                row[*a] = keep;
                            }
                        }
                        changed = true;
                    }
                }
            }
        }
        if rows.iter().any(|row| row.iter().all(|&v| v == 0)) {
            return true;
        }
        if !changed {
            return false;
        }
    }
}

/// Whether every dependency can still be checked inside one part or follows from those
/// that can (without computing the projections).
pub fn preserves_dependencies(parts: &[AttrSet], fds: &[Fd]) -> bool {
    fds.iter().all(|fd| {
        let mut z = fd.lhs;
        loop {
            let before = z;
            for &part in parts {
                z = z | (closure(z & part, fds) & part);
            }
            if z == before {
                break;
            }
        }
        fd.rhs.is_subset(z)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(lhs: &[usize], rhs: &[usize]) -> Fd {
        Fd::of(lhs, rhs)
    }

    #[test]
    fn synthesis_splits_a_transitive_dependency() {
        // orders(id 0, customer_id 1, customer_email 2).
        let fds = [fd(&[0], &[1]), fd(&[1], &[2])];
        let parts = synthesize_3nf(AttrSet::first(3), &fds);
        assert_eq!(parts, vec![AttrSet::of([0, 1]), AttrSet::of([1, 2])]);
        assert!(is_lossless(AttrSet::first(3), &parts, &fds));
        assert!(preserves_dependencies(&parts, &fds));
    }

    #[test]
    fn bcnf_can_lose_a_dependency_and_the_test_says_so() {
        // R(student 0, course 1, teacher 2): {0,1} -> 2, 2 -> 1.
        let fds = [fd(&[0, 1], &[2]), fd(&[2], &[1])];
        let parts = decompose_bcnf(AttrSet::first(3), &fds, 16).expect("small");
        assert_eq!(parts, vec![AttrSet::of([0, 2]), AttrSet::of([1, 2])]);
        assert!(is_lossless(AttrSet::first(3), &parts, &fds));
        assert!(!preserves_dependencies(&parts, &fds));
    }

    #[test]
    fn a_lossy_split_fails_the_chase() {
        let fds = [fd(&[0], &[1])];
        assert!(!is_lossless(
            AttrSet::first(3),
            &[AttrSet::of([0, 1]), AttrSet::of([2])],
            &fds
        ));
        assert!(is_lossless(
            AttrSet::first(3),
            &[AttrSet::of([0, 1]), AttrSet::of([0, 2])],
            &fds
        ));
    }
}
