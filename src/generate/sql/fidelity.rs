//! The fidelity report: what a target dialect cannot express of the model and what the
//! generator wrote instead, shown to the user before export.

use std::collections::BTreeSet;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteLevel {
    /// Same meaning, different form (an enum written as a CHECK constraint).
    Info,
    /// Meaning weakened or lost (a partial unique index that becomes a plain index).
    Warning,
    /// The model cannot be generated as it stands (an empty table name).
    Error,
}

/// One thing the target could not hold as modelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FidelityNote {
    pub level: NoteLevel,
    /// The object concerned, e.g. `table film`, `column film.rating`, `index idx_title`.
    pub object: String,
    /// What the target cannot express, and what was generated instead.
    pub message: String,
}

/// Collects notes without repeating one, in the order they were found.
#[derive(Debug, Default)]
pub(super) struct Notes(pub Vec<FidelityNote>, BTreeSet<(NoteLevel, String, String)>);

impl Notes {
    pub fn add(&mut self, level: NoteLevel, object: impl Into<String>, message: impl Into<String>) {
        let note = FidelityNote {
            level,
            object: object.into(),
            message: message.into(),
        };
        if self
            .1
            .insert((note.level, note.object.clone(), note.message.clone()))
        {
            self.0.push(note);
        }
    }
}
