//! Browser tests (wasm-bindgen-test in headless Chromium): the engine runs in wasm and
//! autosave goes through the real local storage.
#![cfg(target_arch = "wasm32")]

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_test::*;

use schemaforge::example::example_project;
use schemaforge::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use schemaforge::import::sql::import_sql;
use schemaforge::model::Dialect;
use schemaforge::ui::{
    load_big_project, load_history, load_project, save_history, save_project, Saved, HISTORY_KEY,
    IN_INDEXED_DB_KEY, STORAGE_KEY,
};
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
    save_project(&project, |m| panic!("{m}"));
    let (loaded, notice) = load_project();
    assert_eq!(notice, None);
    let Saved::Here(loaded, _) = loaded else {
        panic!("a small project is in local storage")
    };
    assert_eq!(*loaded, project);
    LocalStorage::delete(STORAGE_KEY);
}

/// A history is read back only with the save of the project it was written with: one left
/// from before a later save (the page closed before it was written) is not used.
#[wasm_bindgen_test]
fn a_history_belongs_to_the_save_it_was_written_with() {
    let mut project = example_project();
    let mut history = schemaforge::edit::History::default();
    let text = format!(
        "{}\nCREATE TABLE orders (id int PRIMARY KEY);",
        project.source.text
    );
    history
        .apply(&mut project, schemaforge::edit::Edit::ReplaceText { text })
        .expect("typing applies");
    let saved_as = save_project(&project, |m| panic!("{m}"));
    save_history(&history, saved_as);
    let (loaded, notice) = load_history(&project, saved_as).expect("the history of this save");
    assert_eq!(notice, None);
    assert_eq!(loaded.undo_label(), Some("typing"));
    // The project saved again after another step, its history not yet: the old one is stale.
    history
        .apply(
            &mut project,
            schemaforge::edit::Edit::ReplaceText {
                text: String::new(),
            },
        )
        .expect("typing applies");
    let later = save_project(&project, |m| panic!("{m}"));
    assert_ne!(later, saved_as);
    assert!(
        load_history(&project, later).is_none(),
        "a stale history is not used"
    );
    LocalStorage::delete(STORAGE_KEY);
    LocalStorage::delete(HISTORY_KEY);
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A project bigger than local storage holds goes to IndexedDB and comes back from it; a
/// small one returns to local storage and clears the marker.
#[wasm_bindgen_test]
async fn a_project_too_big_for_local_storage_is_kept_in_indexed_db() {
    let mut project = example_project();
    project.source.text = format!("-- {}\n", "x".repeat(12_000_000));
    let failed = std::rc::Rc::new(std::cell::RefCell::new(None));
    let report = failed.clone();
    save_project(&project, move |m| *report.borrow_mut() = Some(m));
    let mut waited = 0;
    while LocalStorage::raw()
        .get_item(IN_INDEXED_DB_KEY)
        .ok()
        .flatten()
        .is_none()
    {
        assert!(failed.borrow().is_none(), "{:?}", failed.borrow());
        assert!(waited < 20_000, "the save to IndexedDB never finished");
        pause(50).await;
        waited += 50;
    }
    assert!(matches!(load_project().0, Saved::InIndexedDb));
    let (loaded, _, notice) = load_big_project().await;
    assert_eq!(notice, None);
    assert_eq!(loaded, project);
    let small = example_project();
    save_project(&small, |m| panic!("{m}"));
    let Saved::Here(back, _) = load_project().0 else {
        panic!("a small project is in local storage again")
    };
    assert_eq!(*back, small);
    LocalStorage::delete(STORAGE_KEY);
}

#[wasm_bindgen_test]
fn an_unreadable_autosave_is_kept_and_reported() {
    LocalStorage::raw()
        .set_item(STORAGE_KEY, "{\"format\": 1, \"name\": tru")
        .expect("storage works");
    let (saved, notice) = load_project();
    let Saved::Here(project, _) = saved else {
        panic!("the example")
    };
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
