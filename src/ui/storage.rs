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
/// Bytes of history kept (in IndexedDB when it passes the share of local storage).
const HISTORY_BUDGET: usize = 64_000_000;
/// Bytes of history written to local storage, beside the project, within its quota.
const LOCAL_HISTORY_BUDGET: usize = 1_500_000;

/// Where the saved project is.
pub enum Saved {
    /// In local storage (the example when nothing is saved), with the fingerprint of its
    /// saved text (0 for none).
    Here(Box<Project>, u64),
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
        None => (Saved::Here(Box::new(example_project()), 0), None),
        Some(json) => {
            let (project, notice) =
                read_project(&json, |json| storage.set_item(UNREADABLE_KEY, json).is_ok());
            let saved_as = if notice.is_none() {
                fingerprint(&json)
            } else {
                0
            };
            (Saved::Here(Box::new(project), saved_as), notice)
        }
    }
}

/// The project in `json`, or the example and a message (saying whether `keep` kept the text).
fn read_project(json: &str, keep: impl FnOnce(&str) -> bool) -> (Project, Option<String>) {
    match Project::from_json(json) {
        Ok(project) => (crate::edit::text::with_spans(project), None),
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

/// The project kept in IndexedDB (or the example, with a message), with the fingerprint of
/// its saved text (0 for none).
pub async fn load_big_project() -> (Project, u64, Option<String>) {
    match big_storage::get(STORAGE_KEY).await {
        Ok(Some(json)) => match Project::from_json(&json) {
            Ok(project) => (
                crate::edit::text::with_spans(project),
                fingerprint(&json),
                None,
            ),
            Err(_) => {
                // An unreadable one is kept under its own key before a save replaces it.
                let kept = big_storage::put(UNREADABLE_KEY, &json).await.is_ok();
                let (project, notice) = read_project(&json, |_| kept);
                (project, 0, notice)
            }
        },
        Ok(None) => (
            example_project(),
            0,
            Some("The autosaved project was not found in IndexedDB; the example is shown instead.".into()),
        ),
        Err(e) => (
            example_project(),
            0,
            Some(format!("The autosaved project could not be read from IndexedDB ({e}); the example is shown instead.")),
        ),
    }
}

/// Saves the project: in local storage when it fits, else in IndexedDB (then the copy in
/// local storage, older, is removed and the marker set). Failure is reported through
/// `failed`, which an IndexedDB save calls later. Returns the saved text's fingerprint.
pub fn save_project(project: &Project, failed: impl Fn(String) + 'static) -> u64 {
    let storage = LocalStorage::raw();
    let json = project.to_json();
    let saved_as = fingerprint(&json);
    if storage.set_item(STORAGE_KEY, &json).is_ok() {
        if storage.get_item(IN_INDEXED_DB_KEY).ok().flatten().is_some() {
            let _ = storage.remove_item(IN_INDEXED_DB_KEY);
            spawn_local(async {
                let _ = big_storage::delete(STORAGE_KEY).await;
            });
        }
        return saved_as;
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
    saved_as
}

/// A number for a saved project's text: a history is saved with the number of the project
/// it undoes, so one written before a later save of the project is never used with it.
pub fn fingerprint(json: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    json.hash(&mut hasher);
    hasher.finish()
}

/// A history as it is stored: with the fingerprint of the project it belongs to.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredHistory {
    project: u64,
    history: History,
}

/// A saved undo history, if it belongs to the project saved as `project` (its fingerprint)
/// and applies to it; one that does not apply is kept aside (by `keep`) with a message, and
/// the project opens with an empty history. `None` when it belongs to another save.
fn read_history(
    json: &str,
    project: &Project,
    saved_as: u64,
    keep: impl FnOnce(&str),
) -> Option<(History, Option<String>)> {
    let stored: StoredHistory = match serde_json::from_str(json) {
        Ok(stored) => stored,
        // An earlier version stored the history bare.
        Err(_) => StoredHistory {
            project: saved_as,
            history: match serde_json::from_str(json) {
                Ok(history) => history,
                Err(e) => {
                    keep(json);
                    return Some(set_aside(format!(
                        "the stored history is not readable: {e}"
                    )));
                }
            },
        },
    };
    if stored.project != saved_as {
        return None;
    }
    match stored.history.check(project) {
        Ok(()) => Some((stored.history, None)),
        Err(problem) => {
            keep(json);
            Some(set_aside(problem))
        }
    }
}

fn set_aside(problem: String) -> (History, Option<String>) {
    (
        History::default(),
        Some(format!(
            "The saved undo history does not fit this project ({problem}); the project \
             is unchanged and starts a new history (the old one is kept under \
             \"{UNREADABLE_HISTORY_KEY}\")."
        )),
    )
}

/// The undo history saved in local storage for the project saved as `saved_as`, if any.
pub fn load_history(project: &Project, saved_as: u64) -> Option<(History, Option<String>)> {
    let storage = LocalStorage::raw();
    let json = storage.get_item(HISTORY_KEY).ok().flatten()?;
    read_history(&json, project, saved_as, |json| {
        let _ = storage.set_item(UNREADABLE_HISTORY_KEY, json);
    })
}

/// The undo history saved in IndexedDB for the project saved as `saved_as`, if any.
pub async fn load_big_history(
    project: &Project,
    saved_as: u64,
) -> Option<(History, Option<String>)> {
    let json = big_storage::get(HISTORY_KEY).await.ok().flatten()?;
    let mut unreadable = None;
    let loaded = read_history(&json, project, saved_as, |json| {
        unreadable = Some(json.to_string())
    });
    if let Some(json) = unreadable {
        let _ = big_storage::put(UNREADABLE_HISTORY_KEY, &json).await;
    }
    loaded
}

/// Saves the newest steps that fit the budget with the fingerprint of the project saved
/// beside them: in local storage when they fit its share (written at once, so a reload right
/// after keeps them), else in IndexedDB.
pub fn save_history(history: &History, saved_as: u64) {
    let stored = StoredHistory {
        project: saved_as,
        history: history.newest_within(HISTORY_BUDGET),
    };
    let json = serde_json::to_string(&stored).unwrap_or_default();
    let storage = LocalStorage::raw();
    if json.len() <= LOCAL_HISTORY_BUDGET && storage.set_item(HISTORY_KEY, &json).is_ok() {
        return;
    }
    // The copy in local storage is older than this one: it must not be read instead.
    let _ = storage.remove_item(HISTORY_KEY);
    spawn_local(async move {
        let _ = big_storage::put(HISTORY_KEY, &json).await;
    });
}
