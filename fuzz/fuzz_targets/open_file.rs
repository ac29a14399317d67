//! Whatever a user opens (project file, SQL, anything else) gives a project or a message,
//! never a panic; a project that opens saves and re-opens identically. The same bytes as a
//! stored undo history (which is checked by replaying its edits) never panic either.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use schemaforge::edit::History;
use schemaforge::example::example_project;
use schemaforge::model::Project;
use schemaforge::workspace::{open_text, Input};

fuzz_target!(|data: &[u8]| {
    static EXAMPLE: OnceLock<Project> = OnceLock::new();
    let text = String::from_utf8_lossy(data);
    if let Ok(Input::Project(project)) = open_text("fuzz", &text, None) {
        let again = Project::from_json(&project.to_json()).expect("a saved project re-opens");
        assert_eq!(again.model, project.model);
    }
    let example = EXAMPLE.get_or_init(example_project);
    if let Ok(history) = History::from_json(&text, example) {
        // A history that passed its check undoes and redoes without error.
        let mut project = example.clone();
        let mut history = history;
        while history.undo(&mut project).expect("a checked history undoes").is_some() {}
        let mut project = example.clone();
        let mut history = History::from_json(&text, example).expect("it read once");
        while history.redo(&mut project).expect("a checked history redoes").is_some() {}
    }
});
