//! A set of a table's columns, as bits: the closure, key and partition searches combine sets
//! millions of times, so they are one machine word pair, copied, never allocated.

use std::fmt;

/// The most columns one analysis can hold (the bits of an [`AttrSet`]).
pub const MAX_ATTRIBUTES: usize = 128;

/// A set of column positions `0..MAX_ATTRIBUTES`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct AttrSet(u128);

impl AttrSet {
    pub const EMPTY: AttrSet = AttrSet(0);

    /// The first `n` positions (`n` at most [`MAX_ATTRIBUTES`]).
    pub fn first(n: usize) -> AttrSet {
        if n >= MAX_ATTRIBUTES {
            AttrSet(u128::MAX)
        } else {
            AttrSet((1u128 << n) - 1)
        }
    }

    pub fn single(i: usize) -> AttrSet {
        debug_assert!(i < MAX_ATTRIBUTES);
        AttrSet(1u128 << (i % MAX_ATTRIBUTES))
    }

    pub fn of(items: impl IntoIterator<Item = usize>) -> AttrSet {
        items.into_iter().fold(AttrSet::EMPTY, |s, i| s.with(i))
    }

    pub fn with(self, i: usize) -> AttrSet {
        self | AttrSet::single(i)
    }

    pub fn without(self, i: usize) -> AttrSet {
        AttrSet(self.0 & !AttrSet::single(i).0)
    }

    pub fn contains(self, i: usize) -> bool {
        i < MAX_ATTRIBUTES && self.0 & (1u128 << i) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_subset(self, other: AttrSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn intersects(self, other: AttrSet) -> bool {
        self.0 & other.0 != 0
    }

    pub fn minus(self, other: AttrSet) -> AttrSet {
        AttrSet(self.0 & !other.0)
    }

    /// The positions in increasing order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let i = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(i)
        })
    }

    /// The lowest position, if any.
    pub fn first_member(self) -> Option<usize> {
        (self.0 != 0).then(|| self.0.trailing_zeros() as usize)
    }
}

impl std::ops::BitOr for AttrSet {
    type Output = AttrSet;
    fn bitor(self, rhs: AttrSet) -> AttrSet {
        AttrSet(self.0 | rhs.0)
    }
}

impl std::ops::BitAnd for AttrSet {
    type Output = AttrSet;
    fn bitand(self, rhs: AttrSet) -> AttrSet {
        AttrSet(self.0 & rhs.0)
    }
}

impl fmt::Debug for AttrSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_combine_and_list_their_members_in_order() {
        let a = AttrSet::of([0, 3, 127]);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 3, 127]);
        assert_eq!(a.len(), 3);
        assert!(AttrSet::of([3]).is_subset(a));
        assert!(!a.is_subset(AttrSet::of([0, 3])));
        assert_eq!(a.without(3), AttrSet::of([0, 127]));
        assert_eq!(AttrSet::first(3), AttrSet::of([0, 1, 2]));
        assert_eq!(AttrSet::first(128).len(), 128);
        assert_eq!(a.minus(AttrSet::of([0])).first_member(), Some(3));
        assert!(!a.contains(200));
    }
}
