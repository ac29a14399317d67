//! Infers a collection from sample documents a slice at a time, handing the thread back to
//! the browser between slices: 100,000 documents do not freeze the page, and the dialog
//! shows how far it has read.

use super::stepwise_import::yield_to_browser;
use crate::import::extended_json::{documents, ReadError};
use crate::import::samples::Inference;

/// Work done before the browser gets the thread back.
const SLICE_MILLIS: f64 = 30.0;
/// Documents read between two looks at the clock.
const STEP_DOCUMENTS: usize = 200;

/// The inference of every document of `text`, reporting the fraction read after each slice;
/// `None` when `cancelled` says so between slices.
pub async fn infer_in_steps(
    text: &str,
    on_progress: impl Fn(f64),
    cancelled: impl Fn() -> bool,
) -> Option<Result<Inference, ReadError>> {
    let mut inference = Inference::default();
    let mut reader = documents(text);
    let total = text.len().max(1) as f64;
    loop {
        let started = js_sys::Date::now();
        while js_sys::Date::now() - started < SLICE_MILLIS {
            for _ in 0..STEP_DOCUMENTS {
                match inference.read_next(&mut reader) {
                    Some(Ok(())) => {}
                    Some(Err(e)) => return Some(Err(e)),
                    None => return Some(Ok(inference)),
                }
            }
        }
        on_progress(reader.offset() as f64 / total);
        yield_to_browser().await;
        if cancelled() {
            return None;
        }
    }
}
