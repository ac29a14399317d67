//! Browser tests (wasm-bindgen-test in headless Chromium): the engine runs in wasm and
//! autosave goes through the real local storage.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_test::*;

use schemaforge::example::example_project;
use schemaforge::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;
use schemaforge::ui::{load_project, save_project, STORAGE_KEY};
use schemaforge::workspace::apply_source;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_engine_imports_lays_out_and_generates_in_wasm() {
    let project = example_project();
    assert_eq!(project.model.tables.len(), 3);
    assert_eq!(project.layout.positions.len(), 3);
    let pg = dialect_for(Dialect::Postgres);
    let ddl = generate_ddl(&project.model, pg.as_ref(), &DdlOptions::default());
    assert!(ddl.contains(
        "CREATE INDEX idx_user_preferences_settings ON user_preferences USING gin (settings);"
    ));
}

#[wasm_bindgen_test]
fn autosave_round_trips_through_local_storage() {
    let mut project = example_project();
    let text = format!(
        "{}\nCREATE TABLE orders (id int PRIMARY KEY);",
        project.source.text
    );
    apply_source(&mut project, text);
    save_project(&project).expect("saved");
    let (loaded, notice) = load_project();
    assert_eq!(notice, None);
    assert_eq!(loaded, project);
    LocalStorage::delete(STORAGE_KEY);
}

#[wasm_bindgen_test]
fn an_unreadable_autosave_is_kept_and_reported() {
    LocalStorage::raw()
        .set_item(STORAGE_KEY, "{\"format\": 1, \"name\": tru")
        .expect("storage works");
    let (project, notice) = load_project();
    assert_eq!(project.model.tables.len(), 3, "falls back to the example");
    let notice = notice.expect("a message");
    assert!(notice.contains("line 1"), "{notice}");
    let kept = LocalStorage::raw()
        .get_item("schemaforge.project.unreadable")
        .expect("storage works");
    assert_eq!(kept.as_deref(), Some("{\"format\": 1, \"name\": tru"));
    LocalStorage::delete(STORAGE_KEY);
}

#[wasm_bindgen_test]
fn hostile_text_does_not_panic_in_wasm() {
    for text in [
        "CREATE TABLE (",
        "'unterminated",
        "$$",
        "\u{0}\u{ffff}",
        "((((((((((((((((((((",
        "CREATE TABLE a (b int REFERENCES",
    ] {
        for dialect in Dialect::ALL {
            let result = import_sql(text, dialect);
            assert!(result.report.has_errors() || result.model.tables.is_empty());
        }
    }
}
