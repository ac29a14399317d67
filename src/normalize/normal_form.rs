//! The highest normal form a table's declared dependencies allow (2NF, 3NF, BCNF; a table
//! of atomic columns is taken to be in 1NF, which the structural rules check), and the one
//! dependency that stops it reaching the next form.

use super::attrs::AttrSet;
use super::closure::{closure, minimal_cover};
use super::dependency::Fd;
use super::keys::{candidate_keys, Keys, MAX_KEYS};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum NormalForm {
    First,
    Second,
    Third,
    BoyceCodd,
}

impl NormalForm {
    pub fn label(self) -> &'static str {
        match self {
            NormalForm::First => "1NF",
            NormalForm::Second => "2NF",
            NormalForm::Third => "3NF",
            NormalForm::BoyceCodd => "BCNF",
        }
    }
}

/// Why a table is not in the next form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ViolationKind {
    /// A non-key column depends on part of a candidate key (`key` is that key).
    Partial { key: AttrSet },
    /// A non-key column depends on columns that are not a key.
    Transitive,
    /// A key column depends on columns that are not a key.
    NonKeyDeterminant,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Violation {
    pub fd: Fd,
    pub kind: ViolationKind,
}

/// What the dependencies say about one table.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Analysis {
    pub universe: AttrSet,
    /// The declared dependencies' minimal cover, restricted to the table.
    pub cover: Vec<Fd>,
    pub keys: Keys,
    pub prime: AttrSet,
    pub form: NormalForm,
    /// The dependency that breaks the next form, when the table is not in BCNF.
    pub violation: Option<Violation>,
}

impl Analysis {
    pub fn is_superkey(&self, attrs: AttrSet) -> bool {
        self.universe.is_subset(closure(attrs, &self.cover))
    }
}

/// Analyses `universe` under `fds`.
pub fn analyze(universe: AttrSet, fds: &[Fd]) -> Analysis {
    let inside = super::closure::restrict(fds, universe);
    let cover = minimal_cover(&inside);
    let keys = candidate_keys(universe, &cover, MAX_KEYS);
    let prime = keys.prime();
    let superkey = |x: AttrSet| universe.is_subset(closure(x, &cover));
    let partial = keys.keys.iter().find_map(|&key| {
        key.iter().find_map(|k| {
            let part = key.without(k);
            let nonprime = closure(part, &cover).minus(part).minus(prime);
            let a = nonprime.first_member()?;
            let lhs = smallest_determinant(part, a, &cover);
            Some(Violation {
                fd: Fd::new(lhs, AttrSet::single(a)),
                kind: ViolationKind::Partial { key },
            })
        })
    });
    let transitive = || {
        cover
            .iter()
            .find(|fd| !superkey(fd.lhs) && !fd.rhs.is_subset(prime))
            .map(|&fd| Violation {
                fd,
                kind: ViolationKind::Transitive,
            })
    };
    let bcnf = || {
        cover
            .iter()
            .find(|fd| !superkey(fd.lhs))
            .map(|&fd| Violation {
                fd,
                kind: ViolationKind::NonKeyDeterminant,
            })
    };
    let (form, violation) = if let Some(v) = partial {
        (NormalForm::First, Some(v))
    } else if let Some(v) = transitive() {
        (NormalForm::Second, Some(v))
    } else if let Some(v) = bcnf() {
        (NormalForm::Third, Some(v))
    } else {
        (NormalForm::BoyceCodd, None)
    };
    Analysis {
        universe,
        cover,
        keys,
        prime,
        form,
        violation,
    }
}

/// A minimal subset of `within` that still determines `a`.
fn smallest_determinant(within: AttrSet, a: usize, fds: &[Fd]) -> AttrSet {
    let mut lhs = within;
    for b in within.iter() {
        let smaller = lhs.without(b);
        if closure(smaller, fds).contains(a) {
            lhs = smaller;
        }
    }
    lhs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(lhs: &[usize], rhs: &[usize]) -> Fd {
        Fd::of(lhs, rhs)
    }

    #[test]
    fn each_form_and_its_violation() {
        // order_items(order_id 0, product_id 1, quantity 2, product_name 3):
        // {0,1} -> 2, 1 -> 3 is a partial dependency: 1NF.
        let a = analyze(AttrSet::first(4), &[fd(&[0, 1], &[2]), fd(&[1], &[3])]);
        assert_eq!(a.form, NormalForm::First);
        assert_eq!(a.keys.keys, vec![AttrSet::of([0, 1])]);
        let v = a.violation.expect("a violation");
        assert_eq!(v.fd, fd(&[1], &[3]));
        assert!(matches!(v.kind, ViolationKind::Partial { .. }));

        // orders(id 0, customer_id 1, customer_email 2): 0 -> 1, 1 -> 2 is transitive: 2NF.
        let a = analyze(AttrSet::first(3), &[fd(&[0], &[1]), fd(&[1], &[2])]);
        assert_eq!(a.form, NormalForm::Second);
        assert_eq!(a.violation.map(|v| v.fd), Some(fd(&[1], &[2])));

        // R(student 0, course 1, teacher 2): {0,1} -> 2, 2 -> 1: 3NF, not BCNF.
        let a = analyze(AttrSet::first(3), &[fd(&[0, 1], &[2]), fd(&[2], &[1])]);
        assert_eq!(a.form, NormalForm::Third);
        assert_eq!(
            a.violation.map(|v| (v.fd, v.kind)),
            Some((fd(&[2], &[1]), ViolationKind::NonKeyDeterminant))
        );

        // Only key dependencies: BCNF.
        let a = analyze(AttrSet::first(3), &[fd(&[0], &[1, 2])]);
        assert_eq!(a.form, NormalForm::BoyceCodd);
        assert_eq!(a.violation, None);
    }
}
