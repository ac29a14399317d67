//! The application state: one project signal that everything else derives from.

use std::time::Duration;

use leptos::prelude::*;

use super::storage::load_project;
use crate::import::sql::ImportReport;
use crate::model::{Dialect, Project, SourceFormat};
use crate::workspace::{apply_source, check_source, switch_view};

/// How long typing must pause before the text is imported.
const DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Clone, Copy)]
pub struct AppState {
    pub project: RwSignal<Project>,
    /// The import report of the editor's current text.
    pub report: RwSignal<ImportReport>,
    /// Bumped when the editor's text is replaced from outside (open, example), so the
    /// textarea is rewritten only then and never under the user's cursor.
    pub editor_epoch: RwSignal<u64>,
    /// A message for the user that is not tied to the editor's text.
    pub notice: RwSignal<Option<String>>,
    /// Whether the Import dialog is open.
    pub importing: RwSignal<bool>,
    /// The latest keystroke's number; only the last one in a burst imports.
    ticket: RwSignal<u64>,
}

impl AppState {
    /// The autosaved project, or the example on a first visit.
    pub fn load() -> Self {
        let (project, notice) = load_project();
        let report = check_source(&project);
        AppState {
            project: RwSignal::new(project),
            report: RwSignal::new(report),
            editor_epoch: RwSignal::new(0),
            notice: RwSignal::new(notice),
            importing: RwSignal::new(false),
            ticket: RwSignal::new(0),
        }
    }

    /// Called on every keystroke: imports the text once typing pauses.
    pub fn edit_text(self, text: String) {
        let ticket = self.ticket.get_untracked().wrapping_add(1);
        self.ticket.set(ticket);
        set_timeout(
            move || {
                if self.ticket.get_untracked() == ticket {
                    self.apply_text(text);
                }
            },
            DEBOUNCE,
        );
    }

    /// Imports `text` now; a parse error keeps the last good model.
    pub fn apply_text(self, text: String) {
        let mut report = ImportReport::default();
        self.project.update(|p| report = apply_source(p, text));
        self.report.set(report);
    }

    pub fn set_dialect(self, dialect: Dialect) {
        let text = self.project.with_untracked(|p| p.source.text.clone());
        self.project.update(|p| p.source.dialect = dialect);
        self.apply_text(text);
    }

    /// Shows the model as SQL or DBML in the editor.
    pub fn set_view(self, format: SourceFormat) {
        let mut report = ImportReport::default();
        self.project.update(|p| {
            switch_view(p, format);
            report = check_source(p);
        });
        self.report.set(report);
        self.editor_epoch.update(|e| *e += 1);
    }

    /// Replaces the whole project (Open, Import, Example) and rewrites the editor.
    pub fn replace_project(self, project: Project, report: ImportReport) {
        self.project.set(project);
        self.report.set(report);
        self.editor_epoch.update(|e| *e += 1);
        self.notice.set(None);
    }
}
