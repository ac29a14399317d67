//! The application state: one project signal that everything else derives from, and the
//! history every change goes through (typing, the diagram, the inspector, Open and Import),
//! so that each one can be undone.

use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::storage::{load_big_history, load_big_project, load_history, load_project, Saved};
use crate::diagnostic::Position;
use crate::edit::{Edit, History, Snapshot};
use crate::import::sql::ImportReport;
use crate::migrate::marks::DiffMarks;
use crate::model::{Dialect, Id, Project, SourceFormat};
use crate::rules::fix_preview::FixPreview;
use crate::rules::{Finding, Fix};
use crate::share::decode_project;
use crate::workspace::check_source;

/// How long typing must pause before the text is imported: one undo step per pause.
const DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Clone, Copy)]
pub struct AppState {
    pub project: RwSignal<Project>,
    /// Undo and redo; changed only together with the project.
    pub history: RwSignal<History>,
    /// The import report of the editor's current text.
    pub report: RwSignal<ImportReport>,
    /// Bumped when the editor's text is replaced from outside (open, example, a visual edit,
    /// undo), so the editor is rewritten only then and never under the user's cursor.
    pub editor_epoch: RwSignal<u64>,
    /// Bumped when another project is put in place (or an undo brings one back): the
    /// diagram fits the view to it then, and only then.
    pub project_epoch: RwSignal<u64>,
    /// A message for the user that is not tied to the editor's text.
    pub notice: RwSignal<Option<String>>,
    /// Whether the Import dialog is open.
    pub importing: RwSignal<bool>,
    /// Whether the dialog that imports MongoDB documents or validators is open.
    pub importing_documents: RwSignal<bool>,
    /// The tables (and notes) selected on the diagram; the inspector shows a single table.
    pub selected: RwSignal<BTreeSet<Id>>,
    /// What the rules find in the project, refreshed once edits pause.
    pub findings: RwSignal<Vec<Finding>>,
    /// A place in the editor's text to put the cursor on (a finding was clicked).
    pub goto: RwSignal<Option<Position>>,
    /// A fix shown on the diagram before it is applied, with its drawing.
    pub preview: RwSignal<Option<(Fix, FixPreview)>>,
    /// The changes from a saved version to the model, marked on the diagram while the
    /// migrations panel compares them; with the version's name.
    pub diff_marks: RwSignal<Option<(String, DiffMarks)>>,
    /// The SQL dump the project was imported from, when it holds rows (INSERT or COPY), and
    /// its dialect: dependency discovery can read a table's rows from it. Kept in memory
    /// only, for this session.
    pub dump: StoredValue<Option<(Rc<String>, Dialect)>, LocalStorage>,
    /// The page is a read-only embed (`#embed`): nothing edits the project or saves it.
    pub read_only: bool,
    /// A project opened from a share link is on screen: it is not saved (so it never
    /// replaces the user's own) until the user keeps it.
    pub shared: RwSignal<bool>,
    /// Whether the latest changes are stored (the indicator beside the project's name).
    pub save_status: RwSignal<super::save_status::SaveStatus>,
    /// Whether the keyboard shortcuts are shown.
    pub help: RwSignal<bool>,
    /// What the diagram shows: everything, a saved view or a focus (see `shown_view`).
    pub shown: RwSignal<super::shown_view::Shown>,
    /// Tables are drawn with their key columns only (see `layout::keys_only`).
    pub keys_only: RwSignal<bool>,
    /// Table groups the whole diagram draws as one box each (see `layout::collapsed_groups`).
    pub collapsed_groups: RwSignal<BTreeSet<Id>>,
    /// The page is about to load another project (switching in the library): it saves no
    /// more, so nothing it holds overwrites the project coming in.
    pub detached: RwSignal<bool>,
    /// The latest keystroke's number; only the last one in a burst imports.
    ticket: RwSignal<u64>,
    /// Typed text not imported yet (the pause has not come).
    pending: StoredValue<Option<String>>,
    /// The latest scheduled report check; only the last one in a burst of edits runs.
    rechecks: StoredValue<u64>,
}

impl AppState {
    /// The autosaved project and its history, or the example on a first visit. What is kept
    /// in IndexedDB (a big project, the history) arrives a moment later: [`Self::restore`].
    pub fn load() -> Self {
        let fragment = super::share_link::page_fragment();
        let read_only = fragment.view == crate::share::View::Embed;
        let (shared, link_notice) = match fragment.payload.as_deref().map(decode_project) {
            Some(Ok(project)) => (Some(project), None),
            Some(Err(problem)) => (
                None,
                Some(format!(
                    "This share link cannot be opened: {problem}. Nothing was changed."
                )),
            ),
            None => (None, None),
        };
        let from_link = shared.is_some();
        let (saved, notice) = match shared {
            Some(project) => (Saved::Here(Box::new(project), 0), None),
            None => load_project(),
        };
        let notice = link_notice.or(notice);
        let (project, saved_as, in_indexed_db) = match saved {
            Saved::Here(project, saved_as) => (*project, saved_as, false),
            Saved::InIndexedDb => (crate::example::example_project(), 0, true),
        };
        let (history, history_notice) = if in_indexed_db || from_link {
            (History::default(), None)
        } else {
            load_history(&project, saved_as).unwrap_or_default()
        };
        let history_found = !history.undo.is_empty() || !history.redo.is_empty();
        let report = check_source(&project);
        let state =
            AppState {
                project: RwSignal::new(project),
                history: RwSignal::new(history),
                report: RwSignal::new(report),
                editor_epoch: RwSignal::new(0),
                project_epoch: RwSignal::new(0),
                notice: RwSignal::new(notice.or(history_notice).or_else(|| {
                    in_indexed_db.then(|| "Restoring the autosaved project…".to_string())
                })),
                importing: RwSignal::new(false),
                importing_documents: RwSignal::new(false),
                selected: RwSignal::new(BTreeSet::new()),
                findings: RwSignal::new(Vec::new()),
                goto: RwSignal::new(None),
                preview: RwSignal::new(None),
                diff_marks: RwSignal::new(None),
                dump: StoredValue::new_local(None),
                read_only,
                shared: RwSignal::new(from_link),
                save_status: RwSignal::new(super::save_status::SaveStatus::Saved),
                help: RwSignal::new(false),
                shown: RwSignal::new(super::shown_view::Shown::initial(
                    fragment.diagram_view.clone(),
                    from_link,
                )),
                keys_only: RwSignal::new(false),
                collapsed_groups: RwSignal::new(BTreeSet::new()),
                detached: RwSignal::new(false),
                ticket: RwSignal::new(0),
                pending: StoredValue::new(None),
                rechecks: StoredValue::new(0),
            };
        if !from_link && (in_indexed_db || (!history_found && saved_as != 0)) {
            leptos::task::spawn_local(state.restore(in_indexed_db, saved_as));
        }
        state
    }

    /// Puts in place what IndexedDB keeps: the project when it is there, then the history
    /// saved with it, unless the user has made a step meanwhile (a history must fit the
    /// project it undoes).
    async fn restore(self, project_in_indexed_db: bool, mut saved_as: u64) {
        let made_a_step = move || {
            self.history
                .with_untracked(|h| !h.undo.is_empty() || !h.redo.is_empty())
        };
        if project_in_indexed_db {
            let (project, fingerprint, notice) = load_big_project().await;
            if made_a_step() {
                return;
            }
            saved_as = fingerprint;
            self.report.set(check_source(&project));
            self.project.set(project);
            self.editor_epoch.update(|e| *e += 1);
            self.project_epoch.update(|e| *e += 1);
            self.notice.set(notice);
        }
        if saved_as == 0 {
            return;
        }
        let project = self.project.get_untracked();
        // A small history of a big project is in local storage.
        let local = if project_in_indexed_db {
            load_history(&project, saved_as)
        } else {
            None
        };
        let found = match local {
            Some(found) => Some(found),
            None => load_big_history(&project, saved_as).await,
        };
        if let Some((history, notice)) = found {
            let untouched = !made_a_step() && self.project.with_untracked(|p| *p == project);
            if untouched {
                self.history.set(history);
                if notice.is_some() {
                    self.notice.set(notice);
                }
            }
        }
    }

    /// Applies `edit` as one undoable step; a refusal is shown and changes nothing. Returns
    /// whether it applied.
    pub fn edit(self, edit: Edit) -> bool {
        if self.read_only {
            return false;
        }
        self.flush_typing();
        let rewrites_text = edit.changes_model()
            || matches!(
                edit,
                Edit::SetView { .. } | Edit::SetDialect { .. } | Edit::Restore { .. }
            );
        let mut outcome = Ok(None);
        self.history.update(|h| {
            self.project.update(|p| outcome = h.apply(p, edit));
        });
        match outcome {
            Ok(report) => {
                match report {
                    Some(report) => self.report.set(report),
                    None if rewrites_text => self.recheck(),
                    None => {}
                }
                if rewrites_text {
                    self.editor_epoch.update(|e| *e += 1);
                }
                true
            }
            Err(e) => {
                self.notice.set(Some(format!("Not changed: {e}.")));
                false
            }
        }
    }

    /// Applies a finding's fix as one undoable step; the project's ids then step past the
    /// ones the fix gave new objects.
    pub fn apply_fix(self, fix: &Fix) -> bool {
        let applied = self.edit(fix.edit());
        if applied {
            self.project
                .update_untracked(|p| p.ids.observe(Id(p.model.max_id())));
        }
        applied
    }

    /// The report of the editor's text, after it changed without being typed. It re-imports
    /// the whole text, so it runs once edits pause, never inside the edit that changed it.
    fn recheck(self) {
        let mine = self.rechecks.get_value().wrapping_add(1);
        self.rechecks.set_value(mine);
        set_timeout(
            move || {
                if self.rechecks.get_value() == mine {
                    let report = self.project.with_untracked(check_source);
                    self.report.set(report);
                }
            },
            DEBOUNCE,
        );
    }

    pub fn undo(self) {
        if self.read_only {
            return;
        }
        self.flush_typing();
        self.cross(true);
    }

    pub fn redo(self) {
        if self.read_only {
            return;
        }
        self.flush_typing();
        self.cross(false);
    }

    fn cross(self, back: bool) {
        // Crossing an Open or Import brings another project back: the diagram fits to it.
        let other_project = self.history.with_untracked(|h| {
            let steps = if back { &h.undo } else { &h.redo };
            steps.last().is_some_and(|s| s.edit.replaces_project())
        });
        let mut outcome = Ok(None);
        self.history.update(|h| {
            self.project.update(|p| {
                outcome = if back { h.undo(p) } else { h.redo(p) };
            })
        });
        match outcome {
            Ok(Some(_)) => {
                if other_project {
                    self.project_epoch.update(|e| *e += 1);
                }
                self.recheck();
                self.editor_epoch.update(|e| *e += 1);
                // What was selected may be gone.
                let live: BTreeSet<Id> = self.project.with_untracked(|p| {
                    p.model
                        .tables
                        .iter()
                        .map(|t| t.id)
                        .chain(p.model.notes.iter().map(|n| n.id))
                        .collect()
                });
                self.selected.update(|s| s.retain(|id| live.contains(id)));
            }
            Ok(None) => {}
            Err(e) => self.notice.set(Some(format!("Cannot undo or redo: {e}."))),
        }
    }

    /// Called on every keystroke: imports the text once typing pauses.
    pub fn edit_text(self, text: String) {
        let ticket = self.ticket.get_untracked().wrapping_add(1);
        self.ticket.set(ticket);
        self.pending.set_value(Some(text));
        set_timeout(
            move || {
                if self.ticket.get_untracked() == ticket {
                    self.flush_typing();
                }
            },
            DEBOUNCE,
        );
    }

    /// Imports typed text that is still waiting for its pause, as its own step; whether
    /// there was any.
    pub fn flush_typing(self) -> bool {
        let Some(text) = self.pending.try_update_value(Option::take).flatten() else {
            return false;
        };
        if self.project.with_untracked(|p| p.source.text == text) {
            return false;
        }
        let mut outcome = Ok(None);
        self.history.update(|h| {
            self.project
                .update(|p| outcome = h.apply(p, Edit::ReplaceText { text }));
        });
        if let Ok(Some(report)) = outcome {
            self.report.set(report);
        }
        true
    }

    /// Keeps the script just imported for discovery, if it holds rows.
    pub fn keep_dump(self, text: Rc<String>, dialect: Dialect) {
        let has_rows = ["INSERT INTO", "insert into", "COPY "]
            .iter()
            .any(|w| text.contains(w));
        self.dump.set_value(has_rows.then_some((text, dialect)));
    }

    pub fn set_dialect(self, dialect: Dialect) {
        self.edit(Edit::SetDialect { dialect });
    }

    /// Shows the model as SQL or DBML in the editor.
    pub fn set_view(self, format: SourceFormat) {
        self.edit(Edit::SetView { format });
    }

    /// Puts another project in place (Open, Import, Example) as one undoable step.
    pub fn replace_project(self, project: Project, report: ImportReport) {
        if self.read_only {
            return;
        }
        self.flush_typing();
        let Project {
            name,
            source,
            model,
            layout,
            ids,
            lint,
            ..
        } = project;
        let label = format!("open {name}");
        let edit = Edit::Restore {
            state: Box::new(Snapshot {
                name: Some(name),
                source,
                model: Some(model),
                layout: Some(layout),
                lint: Some(lint),
            }),
        };
        self.history.update(|h| {
            self.project.update(|p| {
                // Ids stay unique across both projects, so undo and migrations never mix them.
                p.ids.observe(crate::model::Id(ids.last()));
                if let Err(e) = h.apply_labelled(p, edit, label) {
                    self.notice.set(Some(format!("Not opened: {e}.")));
                }
            })
        });
        self.report.set(report);
        self.dump.set_value(None);
        self.selected.set(BTreeSet::new());
        self.editor_epoch.update(|e| *e += 1);
        self.project_epoch.update(|e| *e += 1);
        self.notice.set(None);
    }
}
