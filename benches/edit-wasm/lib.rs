//! The steps of `benches/edit.rs`, callable from node one at a time so that node's clock
//! times them (wasm has none of its own): a 2,000-table project, a rename of a referenced
//! column with the diagram's scene and the export DDL, the undo of a text replacement, and a
//! lint of the whole project (issue 14's budget).

use std::cell::RefCell;

use schemaforge::edit::text::editor_options;
use schemaforge::edit::{apply, Edit, History};
use schemaforge::generate::sql::dialect_for;
use schemaforge::model::{Dialect, Id, Project};
use schemaforge::synthetic::pg_dump_script;
use schemaforge::workspace::{project_from_sql, switch_view};
use wasm_bindgen::prelude::*;

struct Bench {
    project: Project,
    history: History,
    key: (Id, Id),
}

thread_local! {
    static BENCH: RefCell<Option<Bench>> = const { RefCell::new(None) };
}

fn with<T>(f: impl FnOnce(&mut Bench) -> T) -> Result<T, JsError> {
    BENCH.with(|b| {
        b.borrow_mut()
            .as_mut()
            .map(f)
            .ok_or_else(|| JsError::new("call prepare first"))
    })
}

/// Builds the project: `tables` tables imported from a generated pg_dump, text regenerated.
#[wasm_bindgen]
pub fn prepare(tables: usize) -> Result<usize, JsError> {
    let (mut project, _) = project_from_sql("bench", &pg_dump_script(tables), Dialect::Postgres);
    let format = project.source.format;
    switch_view(&mut project, format);
    let key = schemaforge::synthetic::referenced_key(&project.model)
        .ok_or_else(|| JsError::new("no referenced key"))?;
    let count = project.model.tables.len();
    BENCH.with(|b| {
        *b.borrow_mut() = Some(Bench {
            project,
            history: History::default(),
            key,
        })
    });
    Ok(count)
}

/// Renames the referenced key column (applied, validated, the editor's SQL regenerated).
#[wasm_bindgen]
pub fn rename(run: u32) -> Result<(), JsError> {
    with(|b| {
        let (table, column) = b.key;
        apply(
            &mut b.project,
            Edit::rename_column(table, column, format!("key_{run}")),
        )
        .map(|_| ())
        .map_err(|e| JsError::new(&e.message))
    })?
}

/// The diagram's scene, as the UI builds it (through the project's cache); returns its
/// table count.
#[wasm_bindgen]
pub fn scene() -> Result<usize, JsError> {
    with(|b| b.project.scene().tables.len())
}

/// The export panel's DDL, through the project's cache as the UI computes it; returns its
/// length.
#[wasm_bindgen]
pub fn export_ddl() -> Result<usize, JsError> {
    with(|b| {
        let dialect = b.project.source.dialect;
        b.project
            .ddl_cache
            .generate(
                &b.project.model,
                dialect_for(dialect).as_ref(),
                &editor_options(dialect),
            )
            .script
            .len()
    })
}

/// Types one more table into the whole text (import and reconcile).
#[wasm_bindgen]
pub fn replace_text(run: u32) -> Result<(), JsError> {
    with(|b| {
        let text = format!(
            "{}\nCREATE TABLE typed_{run} (id bigint PRIMARY KEY);\n",
            b.project.source.text
        );
        b.history
            .apply(&mut b.project, Edit::ReplaceText { text })
            .map(|_| ())
            .map_err(|e| JsError::new(&e.message))
    })?
}

/// Undoes the last step.
#[wasm_bindgen]
pub fn undo() -> Result<(), JsError> {
    with(|b| {
        b.history
            .undo(&mut b.project)
            .map(|_| ())
            .map_err(|e| JsError::new(&e.message))
    })?
}

/// Lints the project with the default settings, positions included; returns the count.
#[wasm_bindgen]
pub fn lint() -> Result<usize, JsError> {
    with(|b| {
        schemaforge::rules::lint_project(&b.project, &schemaforge::rules::LintSettings::default())
            .len()
    })
}
