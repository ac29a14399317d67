//! Whatever a user opens (project file, SQL, anything else) gives a project or a message,
//! never a panic; a project that opens saves and re-opens identically.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schemaforge::model::Project;
use schemaforge::workspace::{open_text, Input};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Input::Project(project)) = open_text("fuzz", &text, None) {
        let again = Project::from_json(&project.to_json()).expect("a saved project re-opens");
        assert_eq!(again.model, project.model);
    }
});
