//! Imports a large SQL file a slice at a time, handing the thread back to the browser between
//! slices so the page keeps painting (and shows progress) while megabytes are read.

use wasm_bindgen::JsValue;

use crate::import::dialect_guess::Trial;
use crate::import::sql::{SqlImport, SqlImporter};
use crate::model::Dialect;

/// Work done before the browser gets the thread back.
const SLICE_MILLIS: f64 = 30.0;
/// Bytes imported between two looks at the clock.
const STEP_BYTES: usize = 64 * 1024;

/// Imports `text`, reporting the fraction done after each slice; `None` when `cancelled`
/// says so between slices (a newer import replaced this one).
pub async fn import_in_steps(
    text: &str,
    dialect: Dialect,
    on_progress: impl Fn(f64),
    cancelled: impl Fn() -> bool,
) -> Option<SqlImport> {
    carry_on_in_steps(
        Trial::Going(Box::new(SqlImporter::new(text, dialect))),
        on_progress,
        cancelled,
    )
    .await
}

/// [`import_in_steps`] from where the dialect guess's winning trial stopped.
pub async fn carry_on_in_steps(
    trial: Trial<'_>,
    on_progress: impl Fn(f64),
    cancelled: impl Fn() -> bool,
) -> Option<SqlImport> {
    let mut importer = match trial {
        Trial::Finished(import) => return Some(*import),
        Trial::Going(importer) => *importer,
    };
    loop {
        let started = js_sys::Date::now();
        let mut progress = importer.progress();
        while !progress.is_complete() && js_sys::Date::now() - started < SLICE_MILLIS {
            progress = importer.step(STEP_BYTES);
        }
        on_progress(progress.fraction());
        yield_to_browser().await;
        if cancelled() {
            return None;
        }
        if progress.is_complete() {
            return Some(importer.finish());
        }
    }
}

/// Resolves once the browser has painted the next frame: a frame callback runs before the
/// paint, and the task it queues after it. What the page shows now is then on screen.
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let painted = move || {
            let _ = web_sys::window().map(|w| w.set_timeout_with_callback(&resolve));
        };
        leptos::prelude::request_animation_frame(painted);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves on the next turn of the event loop, after the browser has painted and handled
/// input.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .is_some_and(|window| window.set_timeout_with_callback(&resolve).is_ok());
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
