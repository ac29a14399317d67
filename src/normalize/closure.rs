//! Attribute closure and what follows from it: implication, a minimal cover, and the
//! dependencies that hold on a subset of the columns.

use super::attrs::AttrSet;
use super::dependency::Fd;

/// Every column that `attrs` determines under `fds` (`attrs` included).
pub fn closure(attrs: AttrSet, fds: &[Fd]) -> AttrSet {
    let mut result = attrs;
    let mut used = vec![false; fds.len()];
    loop {
        let mut grew = false;
        for (fd, used) in fds.iter().zip(used.iter_mut()) {
            if !*used && fd.lhs.is_subset(result) {
                *used = true;
                if !fd.rhs.is_subset(result) {
                    result = result | fd.rhs;
                    grew = true;
                }
            }
        }
        if !grew {
            return result;
        }
    }
}

/// The dependencies whose left side lies in `universe`, with right sides cut to it: what
/// holds inside one table.
pub fn restrict(fds: &[Fd], universe: AttrSet) -> Vec<Fd> {
    fds.iter()
        .filter(|fd| fd.lhs.is_subset(universe))
        .map(|fd| Fd::new(fd.lhs, fd.rhs & universe))
        .collect()
}

/// Whether `fds` imply `fd`.
pub fn implies(fds: &[Fd], fd: &Fd) -> bool {
    fd.rhs.is_subset(closure(fd.lhs, fds))
}

/// Whether two sets of dependencies imply each other.
pub fn equivalent(a: &[Fd], b: &[Fd]) -> bool {
    a.iter().all(|fd| implies(b, fd)) && b.iter().all(|fd| implies(a, fd))
}

/// A minimal cover: one column on each right side, no column on a left side that the rest
/// of it already determines, no dependency that the others imply; sorted, so equal inputs
/// give equal covers.
pub fn minimal_cover(fds: &[Fd]) -> Vec<Fd> {
    let mut split: Vec<Fd> = fds
        .iter()
        .flat_map(|fd| {
            fd.rhs
                .minus(fd.lhs)
                .iter()
                .map(move |a| Fd::new(fd.lhs, AttrSet::single(a)))
        })
        .collect();
    split.sort();
    split.dedup();
    // Left sides lose the columns that the rest of them determine.
    for i in 0..split.len() {
        let mut lhs = split[i].lhs;
        for a in split[i].lhs.iter() {
            let smaller = lhs.without(a);
            if split[i].rhs.is_subset(closure(smaller, &split)) {
                lhs = smaller;
            }
        }
        split[i].lhs = lhs;
    }
    split.sort();
    split.dedup();
    // Dependencies that the others imply go.
    let mut i = 0;
    while i < split.len() {
        let fd = split.remove(i);
        if implies(&split, &fd) {
            continue;
        }
        split.insert(i, fd);
        i += 1;
    }
    split
}

/// The dependencies that hold among `subset`'s columns (one column on the right, minimal
/// left sides), found from the closure of every subset of it; `None` when `subset` has more
/// than `max_columns` columns, since the search doubles with each one.
pub fn project(fds: &[Fd], subset: AttrSet, max_columns: usize) -> Option<Vec<Fd>> {
    let members: Vec<usize> = subset.iter().collect();
    if members.len() > max_columns.min(24) {
        return None;
    }
    let mut found: Vec<Fd> = Vec::new();
    // Subsets in order of size, so a left side is kept only when no smaller one did the job.
    let mut subsets: Vec<AttrSet> = (0u32..(1u32 << members.len()))
        .map(|mask| {
            AttrSet::of(
                members
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| mask & (1 << bit) != 0)
                    .map(|(_, &a)| a),
            )
        })
        .collect();
    subsets.sort_by_key(|s| s.len());
    for x in subsets {
        let determined = closure(x, fds) & subset;
        for a in determined.minus(x).iter() {
            let covered = found
                .iter()
                .any(|fd| fd.rhs.contains(a) && fd.lhs.is_subset(x));
            if !covered {
                found.push(Fd::new(x, AttrSet::single(a)));
            }
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(lhs: &[usize], rhs: &[usize]) -> Fd {
        Fd::of(lhs, rhs)
    }

    #[test]
    fn closure_follows_chains() {
        let fds = [fd(&[0], &[1]), fd(&[1], &[2]), fd(&[2, 3], &[4])];
        assert_eq!(closure(AttrSet::of([0]), &fds), AttrSet::of([0, 1, 2]));
        assert_eq!(
            closure(AttrSet::of([0, 3]), &fds),
            AttrSet::of([0, 1, 2, 3, 4])
        );
    }

    #[test]
    fn a_minimal_cover_drops_extraneous_columns_and_redundant_dependencies() {
        // A -> B, B -> C, A -> C (redundant), A B -> D (B extraneous).
        let fds = [
            fd(&[0], &[1]),
            fd(&[1], &[2]),
            fd(&[0], &[2]),
            fd(&[0, 1], &[3]),
        ];
        let cover = minimal_cover(&fds);
        assert_eq!(cover, vec![fd(&[0], &[1]), fd(&[0], &[3]), fd(&[1], &[2])]);
        assert!(equivalent(&cover, &fds));
    }

    #[test]
    fn projection_keeps_what_holds_on_the_subset() {
        // A -> B -> C projected on {A, C} gives A -> C.
        let fds = [fd(&[0], &[1]), fd(&[1], &[2])];
        let projected = project(&fds, AttrSet::of([0, 2]), 20).expect("small");
        assert_eq!(projected, vec![fd(&[0], &[2])]);
        assert!(project(&fds, AttrSet::first(30), 20).is_none());
    }
}
