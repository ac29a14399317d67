//! Stable identifiers. Every table, column, foreign key and index carries one, so that
//! positions, notes and (later) migrations follow an object through renames and re-imports.

use serde::{Deserialize, Serialize};

/// An opaque, project-unique identifier.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Id(pub u64);

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Hands out fresh ids; lives in the project so ids stay unique across sessions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdGen {
    next: u64,
}

impl IdGen {
    /// A generator whose first id is greater than every id in use.
    pub fn after(max_in_use: u64) -> Self {
        IdGen {
            next: max_in_use + 1,
        }
    }

    pub fn fresh(&mut self) -> Id {
        self.next += 1;
        Id(self.next)
    }

    /// The last id handed out (0 before the first).
    pub fn last(&self) -> u64 {
        self.next
    }

    /// Makes sure ids handed out later never collide with `id`.
    pub fn observe(&mut self, id: Id) {
        if id.0 > self.next {
            self.next = id.0;
        }
    }
}
