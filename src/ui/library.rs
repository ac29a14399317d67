//! Several projects in one browser. The open project is autosaved where it always was (see
//! `storage`); the others are kept whole in IndexedDB, one record each, and a small index in
//! local storage lists them all by id and name. Switching stores the open project in its
//! record, puts the chosen one where the open project is kept and reloads the page, so the
//! one load path that restores a project after a crash also opens another.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use super::big_storage;
use super::storage::{HISTORY_KEY, IN_INDEXED_DB_KEY, STORAGE_KEY};
use crate::model::Project;

/// The index: every project's id and name, in the order they were made.
const INDEX_KEY: &str = "schemaforge.library";
/// The id of the open project.
const ACTIVE_KEY: &str = "schemaforge.library.active";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: u64,
    pub name: String,
}

fn record(id: u64) -> String {
    format!("schemaforge.library.project.{id}")
}

/// The index and the open project's id; on a first visit, one entry for the open project.
pub fn index(open: &Project) -> (Vec<Entry>, u64) {
    let storage = LocalStorage::raw();
    let entries: Vec<Entry> = storage
        .get_item(INDEX_KEY)
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let active = storage
        .get_item(ACTIVE_KEY)
        .ok()
        .flatten()
        .and_then(|id| id.parse().ok());
    match active.filter(|id| entries.iter().any(|e| e.id == *id)) {
        Some(active) => (entries, active),
        None => {
            let mut entries = entries;
            let id = next_id(&entries);
            entries.push(Entry {
                id,
                name: open.name.clone(),
            });
            (entries, id)
        }
    }
}

fn next_id(entries: &[Entry]) -> u64 {
    entries.iter().map(|e| e.id).max().unwrap_or(0) + 1
}

fn write_index(entries: &[Entry], active: u64) -> Result<(), String> {
    let storage = LocalStorage::raw();
    let json = serde_json::to_string(entries).unwrap_or_default();
    storage
        .set_item(INDEX_KEY, &json)
        .and_then(|()| storage.set_item(ACTIVE_KEY, &active.to_string()))
        .map_err(|_| "the browser refused to store the list of projects".to_string())
}

/// The stored text of a project that is not open.
async fn stored(id: u64) -> Result<Project, String> {
    let json = big_storage::get(&record(id))
        .await?
        .ok_or_else(|| "its saved copy is missing".to_string())?;
    Project::from_json(&json).map_err(|d| d.message)
}

/// Opens project `target` in place of `open` (whose entry is `active`): `open` is stored in
/// its record first; the caller reloads the page.
pub async fn switch_to(open: &Project, target: u64) -> Result<(), String> {
    let (mut entries, active) = index(open);
    let project = stored(target).await?;
    big_storage::put(&record(active), &open.to_json()).await?;
    if let Some(entry) = entries.iter_mut().find(|e| e.id == active) {
        entry.name = open.name.clone();
    }
    // The open project's undo history belongs to it, not to the one coming in.
    let _ = LocalStorage::raw().remove_item(HISTORY_KEY);
    let _ = big_storage::delete(HISTORY_KEY).await;
    store_open(&project).await?;
    write_index(&entries, target)
}

/// Writes `project` where the open project is kept, and waits until it is written (the page
/// reloads next): local storage when it fits, else IndexedDB.
async fn store_open(project: &Project) -> Result<(), String> {
    let storage = LocalStorage::raw();
    let json = project.to_json();
    if storage.set_item(STORAGE_KEY, &json).is_ok() {
        let _ = storage.remove_item(IN_INDEXED_DB_KEY);
        return Ok(());
    }
    big_storage::put(STORAGE_KEY, &json).await?;
    storage
        .set_item(IN_INDEXED_DB_KEY, "1")
        .map_err(|_| "the browser refused to store the project".to_string())?;
    let _ = storage.remove_item(STORAGE_KEY);
    Ok(())
}

/// Adds `project` to the library as a new entry and makes it the open one (the caller
/// reloads); the project open until now is stored in its record.
pub async fn add_and_open(open: &Project, project: &Project) -> Result<(), String> {
    let (mut entries, active) = index(open);
    let id = next_id(&entries);
    entries.push(Entry {
        id,
        name: project.name.clone(),
    });
    big_storage::put(&record(id), &project.to_json()).await?;
    write_index(&entries, active)?;
    switch_to(open, id).await
}

/// Stores a copy of project `id` (the open one is `open`) under a new entry.
pub async fn duplicate(open: &Project, id: u64) -> Result<(), String> {
    let (mut entries, active) = index(open);
    let mut copy = if id == active {
        open.clone()
    } else {
        stored(id).await?
    };
    copy.name = format!("{} (copy)", copy.name);
    let new = next_id(&entries);
    big_storage::put(&record(new), &copy.to_json()).await?;
    entries.push(Entry {
        id: new,
        name: copy.name,
    });
    write_index(&entries, active)
}

/// Renames project `id`, which is not the open one (that one is renamed by an edit).
pub async fn rename(open: &Project, id: u64, name: &str) -> Result<(), String> {
    let (mut entries, active) = index(open);
    let mut project = stored(id).await?;
    project.name = name.to_string();
    big_storage::put(&record(id), &project.to_json()).await?;
    if let Some(entry) = entries.iter_mut().find(|e| e.id == id) {
        entry.name = name.to_string();
    }
    write_index(&entries, active)
}

/// Deletes project `id`, which is not the open one.
pub async fn delete(open: &Project, id: u64) -> Result<(), String> {
    let (mut entries, active) = index(open);
    if id == active {
        return Err("the open project cannot be deleted; open another first".into());
    }
    big_storage::delete(&record(id)).await?;
    entries.retain(|e| e.id != id);
    write_index(&entries, active)
}

/// Keeps the index's name of the open project current (called when it is saved).
pub fn note_open_name(open: &Project) {
    let (mut entries, active) = index(open);
    let stale = entries
        .iter()
        .find(|e| e.id == active)
        .is_none_or(|e| e.name != open.name);
    if stale {
        if let Some(entry) = entries.iter_mut().find(|e| e.id == active) {
            entry.name = open.name.clone();
        }
        let _ = write_index(&entries, active);
    }
}

/// Whether this browser holds a project of the user's (not only the example shown on a
/// first visit).
pub fn has_saved_project() -> bool {
    let storage = LocalStorage::raw();
    [STORAGE_KEY, IN_INDEXED_DB_KEY]
        .iter()
        .any(|key| storage.get_item(key).ok().flatten().is_some())
}
