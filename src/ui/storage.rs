//! Autosave to the browser's local storage. A saved project that cannot be read is kept
//! under a second key rather than overwritten, so no work is lost to a bad file.

use gloo_storage::{LocalStorage, Storage};

use crate::edit::History;
use crate::example::example_project;
use crate::model::Project;

pub const STORAGE_KEY: &str = "schemaforge.project";
pub const UNREADABLE_KEY: &str = "schemaforge.project.unreadable";
pub const HISTORY_KEY: &str = "schemaforge.history";
pub const UNREADABLE_HISTORY_KEY: &str = "schemaforge.history.unreadable";
/// Bytes of history kept in storage, beside the project, within the browser's quota.
const HISTORY_BUDGET: usize = 1_500_000;

/// The saved project (or the example) and a message when the saved one could not be read.
pub fn load_project() -> (Project, Option<String>) {
    let storage = LocalStorage::raw();
    let saved = storage.get_item(STORAGE_KEY).ok().flatten();
    match saved {
        None => (example_project(), None),
        Some(json) => match Project::from_json(&json) {
            Ok(project) => (project, None),
            Err(problem) => {
                let kept = storage.set_item(UNREADABLE_KEY, &json).is_ok();
                let message = if kept {
                    format!("The autosaved project could not be read ({problem}). It was kept in local storage under \"{UNREADABLE_KEY}\"; the example is shown instead.")
                } else {
                    format!("The autosaved project could not be read ({problem}); the example is shown instead.")
                };
                (example_project(), Some(message))
            }
        },
    }
}

pub fn save_project(project: &Project) -> Result<(), String> {
    LocalStorage::raw()
        .set_item(STORAGE_KEY, &project.to_json())
        .map_err(|_| {
            "Autosave failed: the browser refused to store the project (storage full or disabled)."
                .to_string()
        })
}

/// The saved undo history, checked against the project; one that does not fit it is kept
/// aside with a message, and the project opens with an empty history.
pub fn load_history(project: &Project) -> (History, Option<String>) {
    let storage = LocalStorage::raw();
    let Some(json) = storage.get_item(HISTORY_KEY).ok().flatten() else {
        return (History::default(), None);
    };
    match History::from_json(&json, project) {
        Ok(history) => (history, None),
        Err(problem) => {
            let _ = storage.set_item(UNREADABLE_HISTORY_KEY, &json);
            (
                History::default(),
                Some(format!(
                    "The saved undo history does not fit this project ({problem}); the project \
                     is unchanged and starts a new history (the old one is kept under \
                     \"{UNREADABLE_HISTORY_KEY}\")."
                )),
            )
        }
    }
}

/// Saves the newest steps that fit the budget; when even those do not fit, fewer.
pub fn save_history(history: &History) {
    let storage = LocalStorage::raw();
    let mut budget = HISTORY_BUDGET;
    loop {
        let kept = history.newest_within(budget);
        let nothing = kept.undo.is_empty() && kept.redo.is_empty();
        if storage.set_item(HISTORY_KEY, &kept.to_json()).is_ok() || nothing {
            return;
        }
        budget /= 2;
    }
}
