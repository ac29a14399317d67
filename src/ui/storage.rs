//! Autosave. The project goes to the browser's local storage when it fits (read back at once
//! on load); one too big for it (local storage holds a few megabytes per site) goes to
//! IndexedDB, and a marker in local storage says so. The undo history goes to IndexedDB,
//! bounded far above what local storage could hold. A saved project that cannot be read is
//! kept under a second key rather than overwritten, so no work is lost to a bad file.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_futures::spawn_local;

use super::big_storage;
use crate::edit::History;
use crate::example::example_project;
use crate::model::Project;

pub const STORAGE_KEY: &str = "schemaforge.project";
pub const UNREADABLE_KEY: &str = "schemaforge.project.unreadable";
pub const HISTORY_KEY: &str = "schemaforge.history";
pub const UNREADABLE_HISTORY_KEY: &str = "schemaforge.history.unreadable";
/// Set in local storage while the project is kept in IndexedDB instead.
pub const IN_INDEXED_DB_KEY: &str = "schemaforge.project.in-indexeddb";
/// Bytes of history kept in IndexedDB.
const HISTORY_BUDGET: usize = 64_000_000;

/// Where the saved project is.
pub enum Saved {
    /// In local storage (the example when nothing is saved).
    Here(Box<Project>),
    /// In IndexedDB: [`load_big_project`] reads it.
    InIndexedDb,
}

/// The saved project when local storage holds it (or the example), or word that it is in
/// IndexedDB; and a message when the saved one could not be read.
pub fn load_project() -> (Saved, Option<String>) {
    let storage = LocalStorage::raw();
    if storage.get_item(IN_INDEXED_DB_KEY).ok().flatten().is_some() {
        return (Saved::InIndexedDb, None);
    }
    let saved = storage.get_item(STORAGE_KEY).ok().flatten();
    match saved {
        None => (Saved::Here(Box::new(example_project())), None),
        Some(json) => {
            let (project, notice) =
                read_project(&json, |json| storage.set_item(UNREADABLE_KEY, json).is_ok());
            (Saved::Here(Box::new(project)), notice)
        }
    }
}

/// The project in `json`, or the example and a message (saying whether `keep` kept the text).
fn read_project(json: &str, keep: impl FnOnce(&str) -> bool) -> (Project, Option<String>) {
    match Project::from_json(json) {
        Ok(project) => (project, None),
        Err(problem) => {
            let message = if keep(json) {
                format!("The autosaved project could not be read ({problem}). It was kept under \"{UNREADABLE_KEY}\"; the example is shown instead.")
            } else {
                format!("The autosaved project could not be read ({problem}); the example is shown instead.")
            };
            (example_project(), Some(message))
        }
    }
}

/// The project kept in IndexedDB (or the example, with a message).
pub async fn load_big_project() -> (Project, Option<String>) {
    match big_storage::get(STORAGE_KEY).await {
        Ok(Some(json)) => {
            // An unreadable one stays where it is, under its own key; saving goes elsewhere.
            let kept = big_storage::put(UNREADABLE_KEY, &json).await.is_ok();
            read_project(&json, |_| kept)
        }
        Ok(None) => (
            example_project(),
            Some("The autosaved project was not found in IndexedDB; the example is shown instead.".into()),
        ),
        Err(e) => (
            example_project(),
            Some(format!("The autosaved project could not be read from IndexedDB ({e}); the example is shown instead.")),
        ),
    }
}

/// Saves the project: in local storage when it fits, else in IndexedDB (then the copy in
/// local storage, older, is removed and the marker set). Failure is reported through
/// `failed`, which an IndexedDB save calls later.
pub fn save_project(project: &Project, failed: impl Fn(String) + 'static) {
    let storage = LocalStorage::raw();
    let json = project.to_json();
    if storage.set_item(STORAGE_KEY, &json).is_ok() {
        if storage.get_item(IN_INDEXED_DB_KEY).ok().flatten().is_some() {
            let _ = storage.remove_item(IN_INDEXED_DB_KEY);
            spawn_local(async {
                let _ = big_storage::delete(STORAGE_KEY).await;
            });
        }
        return;
    }
    spawn_local(async move {
        match big_storage::put(STORAGE_KEY, &json).await {
            Ok(()) => {
                let storage = LocalStorage::raw();
                if storage.set_item(IN_INDEXED_DB_KEY, "1").is_ok() {
                    let _ = storage.remove_item(STORAGE_KEY);
                }
            }
            Err(e) => failed(format!(
                "Autosave failed: the browser refused to store the project ({e})."
            )),
        }
    });
}

/// A saved undo history checked against the project; one that does not fit it is kept aside
/// with a message, and the project opens with an empty history.
fn read_history(
    json: &str,
    project: &Project,
    keep: impl FnOnce(&str),
) -> (History, Option<String>) {
    match History::from_json(json, project) {
        Ok(history) => (history, None),
        Err(problem) => {
            keep(json);
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

/// The undo history an earlier version saved in local storage, if any.
pub fn load_history(project: &Project) -> (History, Option<String>) {
    let storage = LocalStorage::raw();
    let Some(json) = storage.get_item(HISTORY_KEY).ok().flatten() else {
        return (History::default(), None);
    };
    read_history(&json, project, |json| {
        let _ = storage.set_item(UNREADABLE_HISTORY_KEY, json);
    })
}

/// The undo history saved in IndexedDB, if any.
pub async fn load_big_history(project: &Project) -> Option<(History, Option<String>)> {
    let json = big_storage::get(HISTORY_KEY).await.ok().flatten()?;
    let mut unreadable = None;
    let loaded = read_history(&json, project, |json| unreadable = Some(json.to_string()));
    if let Some(json) = unreadable {
        let _ = big_storage::put(UNREADABLE_HISTORY_KEY, &json).await;
    }
    Some(loaded)
}

/// Saves the newest steps that fit the budget to IndexedDB (an older copy in local storage
/// is removed once it is written).
pub fn save_history(history: &History) {
    let json = history.newest_within(HISTORY_BUDGET).to_json();
    spawn_local(async move {
        if big_storage::put(HISTORY_KEY, &json).await.is_ok() {
            let _ = LocalStorage::raw().remove_item(HISTORY_KEY);
        }
    });
}
