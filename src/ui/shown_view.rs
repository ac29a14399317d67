//! What the diagram shows: the whole model, one of the project's saved views, or a focus on
//! a table and its neighbours that is not saved (it becomes a view when the user names it).
//! Moves and Auto-arrange go to the view shown, so each view keeps its own places.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::state::AppState;
use crate::edit::Edit;
use crate::layout::view::{lay_out, neighbourhood, new_view, with_member_beside, Stub};
use crate::model::{DiagramView, Id, Point};

/// Where the name of the saved view last shown is kept, so a reload shows it again.
const SHOWN_KEY: &str = "schemaforge.view";

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Shown {
    #[default]
    Whole,
    /// A view of the project, by name.
    Saved(String),
    /// A view not saved: a focus, a selection, a search or a group.
    Unsaved(DiagramView),
}

impl Shown {
    /// What the page opens on: the view a link names, else the view shown before a reload.
    pub fn initial(from_link: Option<String>, shared: bool) -> Shown {
        let kept = || {
            (!shared)
                .then(|| window().local_storage().ok().flatten())
                .flatten()
                .and_then(|s| s.get_item(SHOWN_KEY).ok().flatten())
        };
        match from_link.or_else(kept) {
            Some(name) if !name.is_empty() => Shown::Saved(name),
            _ => Shown::Whole,
        }
    }

    /// Changes when a different view is shown (not when a box moves in it): the diagram
    /// fits itself to each new view.
    pub fn identity(&self) -> (u8, String, usize) {
        match self {
            Shown::Whole => (0, String::new(), 0),
            Shown::Saved(name) => (1, name.clone(), 0),
            Shown::Unsaved(v) => (2, v.name.clone(), v.members.len()),
        }
    }
}

impl AppState {
    /// The view shown, if any (a saved view the project no longer has shows the whole
    /// diagram). Tracked.
    pub fn shown_view(&self) -> Option<DiagramView> {
        match self.shown.get() {
            Shown::Whole => None,
            Shown::Saved(name) => self
                .project
                .with(|p| p.views.iter().find(|v| v.name == name).cloned()),
            Shown::Unsaved(v) => Some(v),
        }
    }

    /// Shows `shown`, remembering a saved view's name for the next visit.
    pub fn show(&self, shown: Shown) {
        if !self.shared.get_untracked() && !self.read_only {
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = match &shown {
                    Shown::Saved(name) => storage.set_item(SHOWN_KEY, name),
                    _ => storage.remove_item(SHOWN_KEY),
                };
            }
        }
        self.shown.set(shown);
    }

    /// Shows `table` and its neighbours `steps` foreign keys away, with nothing selected, so
    /// the inspector does not cover them.
    pub fn focus_on(&self, table: Id, steps: usize) {
        self.selected.set(BTreeSet::new());
        let view = self.project.with_untracked(|p| {
            let name = p
                .model
                .table_by_id(table)
                .map_or_else(|| "table".to_string(), |t| t.qualified_name());
            new_view(
                &p.model,
                &format!("Focus: {name}"),
                neighbourhood(&p.model, table, steps),
            )
        });
        self.show(Shown::Unsaved(view));
    }

    /// Shows `members` (a selection, a search's matches, a group) as a view named `name`.
    pub fn show_part(&self, name: &str, members: BTreeSet<Id>) {
        if members.is_empty() {
            self.notice.set(Some("Nothing to show in a view.".into()));
            return;
        }
        let view = self
            .project
            .with_untracked(|p| new_view(&p.model, name, members));
        self.show(Shown::Unsaved(view));
    }

    /// Saves the unsaved view shown under `name`, and shows it as saved.
    pub fn save_shown_view(&self, name: &str) {
        let Shown::Unsaved(mut view) = self.shown.get_untracked() else {
            return;
        };
        name.trim().clone_into(&mut view.name);
        let name = view.name.clone();
        let at = self.project.with_untracked(|p| p.views.len());
        self.edit(Edit::PutDiagramView {
            view: Box::new(view),
            at,
        });
        if self
            .project
            .with_untracked(|p| p.views.iter().any(|v| v.name == name))
        {
            self.show(Shown::Saved(name));
        }
    }

    /// Deletes the saved view shown and shows the whole diagram.
    pub fn delete_shown_view(&self) {
        if let Shown::Saved(name) = self.shown.get_untracked() {
            self.edit(Edit::RemoveDiagramView { name });
            self.show(Shown::Whole);
        }
    }

    /// Replaces the view shown with `change` applied: an edit for a saved view (undoable,
    /// saved), the shown view itself for an unsaved one. `false` when the whole diagram is
    /// shown.
    fn change_shown_view(&self, change: impl FnOnce(&mut DiagramView)) -> bool {
        match self.shown.get_untracked() {
            Shown::Whole => false,
            Shown::Saved(name) => {
                let found = self.project.with_untracked(|p| {
                    p.views
                        .iter()
                        .position(|v| v.name == name)
                        .map(|k| (k, p.views[k].clone()))
                });
                if let Some((at, mut view)) = found {
                    change(&mut view);
                    if self.read_only {
                        // The embed changes what it shows, never the project.
                        self.shown.set(Shown::Unsaved(view));
                    } else {
                        self.edit(Edit::PutDiagramView {
                            view: Box::new(view),
                            at,
                        });
                    }
                }
                true
            }
            Shown::Unsaved(mut view) => {
                change(&mut view);
                self.shown.set(Shown::Unsaved(view));
                true
            }
        }
    }

    /// Moves boxes in the view shown, or in the whole diagram.
    pub fn move_boxes(&self, moves: Vec<(Id, Point)>) {
        let moved = moves.clone();
        let in_view = self.change_shown_view(move |v| {
            for (id, p) in moved {
                v.layout.positions.insert(id, p);
            }
        });
        if !in_view {
            self.edit(Edit::MoveBoxes { moves });
        }
    }

    /// Lays the view shown out again; `false` when the whole diagram is shown.
    pub fn arrange_shown_view(&self) -> bool {
        let model = self.project;
        self.change_shown_view(move |v| {
            v.layout = model.with_untracked(|p| lay_out(&p.model, &v.members));
        })
    }

    /// Brings a stub's target into the view shown, beside the table the stub leaves.
    pub fn bring_in(&self, stub: &Stub) {
        let model = self.project;
        let (target, beside) = (stub.target, (stub.table, stub.outgoing));
        self.change_shown_view(move |v| {
            *v = model.with_untracked(|p| with_member_beside(&p.model, v, target, Some(beside)));
        });
    }
}
