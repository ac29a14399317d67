//! Autosave to the browser's local storage. A saved project that cannot be read is kept
//! under a second key rather than overwritten, so no work is lost to a bad file.

use gloo_storage::{LocalStorage, Storage};

use crate::example::example_project;
use crate::model::Project;

pub const STORAGE_KEY: &str = "schemaforge.project";
pub const UNREADABLE_KEY: &str = "schemaforge.project.unreadable";

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
