//! A part of the model that copies of the model share until one of them changes it. The
//! project's model, the DDL cache's mirror of it, its prepared copy, the statements kept per
//! table and an undo snapshot all hold the same tables: an edit that changes one table of
//! 2,000 copies that one (copy-on-write), and whether a copy's table is still the model's
//! is a pointer comparison, not a walk over every column.

use std::fmt::Debug;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `T`, shared between copies until one writes to it. Reading derefs to `T`; writing
/// through `DerefMut` copies it first when another copy holds it.
#[derive(Default)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }

    /// Whether `a` and `b` are one value (not only equal ones).
    pub fn same(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// Where the one value lives: a key for the copies that hold it.
    pub fn address(this: &Self) -> *const T {
        Arc::as_ptr(&this.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value, copied only when another copy holds it.
    pub fn into_inner(self) -> T {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone())
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<T: PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Shared::same(self, other) || *self.0 == *other.0
    }
}

impl<T: Debug> Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_until_one_side_writes() {
        let a = Shared::new(vec![1, 2, 3]);
        let mut b = a.clone();
        assert!(Shared::same(&a, &b));
        assert_eq!(a, b);
        b.push(4);
        assert!(!Shared::same(&a, &b), "the write copied");
        assert_eq!(*a, [1, 2, 3], "the other copy is untouched");
        assert_ne!(a, b);
        let c = Shared::new(vec![1, 2, 3]);
        assert!(
            !Shared::same(&a, &c) && a == c,
            "equal values compare equal"
        );
        let json = serde_json::to_string(&c).expect("json");
        assert_eq!(json, "[1,2,3]");
        let back: Shared<Vec<i32>> = serde_json::from_str(&json).expect("json");
        assert_eq!(back, c);
    }
}
