//! Undo and redo over edits. Each step keeps the edit that moves the project back across it
//! (its inverse) and a label for the buttons; the history is bounded in steps and in memory,
//! and it is checked against the project before a stored one is used.

use serde::{Deserialize, Serialize};

use super::{apply, Edit, EditError};
use crate::import::sql::ImportReport;
use crate::model::Project;

/// One undoable (or redoable) step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub label: String,
    /// Applying it crosses the step: the inverse of what was done.
    pub edit: Edit,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
}

impl History {
    /// Steps kept; older ones are forgotten first.
    pub const MAX_STEPS: usize = 200;
    /// Rough bytes kept (a text replacement keeps the model it replaced).
    pub const MAX_WEIGHT: usize = 96 << 20;

    /// Applies `edit` as a new step (forgetting what could be redone); the import report
    /// when the edit imported text.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
    ) -> Result<Option<ImportReport>, EditError> {
        let label = edit.label(&project.model);
        self.apply_labelled(project, edit, label)
    }

    /// [`History::apply`] with the label the buttons show given by the caller.
    pub fn apply_labelled(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: String,
    ) -> Result<Option<ImportReport>, EditError> {
        let applied = apply(project, edit)?;
        self.redo.clear();
        self.undo.push(Step {
            label,
            edit: applied.inverse,
        });
        self.trim();
        Ok(applied.report)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Undoes the last step; `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::cross(&mut self.undo, &mut self.redo, project)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::cross(&mut self.redo, &mut self.undo, project)
    }

    fn cross(
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        project: &mut Project,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        match apply(project, step.edit.clone()) {
            Ok(applied) => {
                to.push(Step {
                    label: step.label.clone(),
                    edit: applied.inverse,
                });
                Ok(Some(step.label))
            }
            Err(e) => {
                from.push(step);
                Err(e)
            }
        }
    }

    fn trim(&mut self) {
        let excess = self.undo.len().saturating_sub(Self::MAX_STEPS);
        self.undo.drain(..excess);
        let mut weight: usize = self.undo.iter().map(|s| s.edit.weight()).sum();
        while weight > Self::MAX_WEIGHT && self.undo.len() > 1 {
            weight -= self.undo.remove(0).edit.weight();
        }
    }

    /// Keeps only the newest steps (undo first, then redo) whose weight fits `budget`, for
    /// storage with a quota.
    pub fn newest_within(&self, budget: usize) -> History {
        let mut kept = History::default();
        let mut used = 0;
        for (from, to) in [(&self.undo, &mut kept.undo), (&self.redo, &mut kept.redo)] {
            for step in from.iter().rev() {
                used += step.edit.weight();
                if used > budget {
                    break;
                }
                to.insert(0, step.clone());
            }
        }
        kept
    }

    /// Checks that every step applies to `project` in turn and leaves a valid model: a
    /// stored history that does not belong to the project is refused, not half-used.
    pub fn check(&self, project: &Project) -> Result<(), String> {
        for (steps, what) in [(&self.undo, "undo"), (&self.redo, "redo")] {
            let mut replay = project.clone();
            for (k, step) in steps.iter().rev().enumerate() {
                apply(&mut replay, step.edit.clone())
                    .map_err(|e| format!("{what} step {} ({}): {e}", k + 1, step.label))?;
                replay.model.validate().map_err(|e| {
                    format!(
                        "{what} step {} ({}) gives a broken model: {e}",
                        k + 1,
                        step.label
                    )
                })?;
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored history, checked against the project it was saved with.
    pub fn from_json(text: &str, project: &Project) -> Result<History, String> {
        let history: History = serde_json::from_str(text)
            .map_err(|e| format!("the stored history is not readable: {e}"))?;
        history.check(project)?;
        Ok(history)
    }
}
