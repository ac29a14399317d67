//! Marks on the page's performance timeline for the phases of opening a file, so that the
//! end-to-end test times them in the browser itself: `open:start` (the file chosen),
//! `open:read`, `open:import`, `open:layout` and `open:painted` (the first frame that shows
//! the new diagram has been painted).

use leptos::prelude::{request_animation_frame, set_timeout};
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    /// `performance.mark(name)`: a named instant on the page's timeline.
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// Marks `phase` of opening a file as ended now.
pub fn mark(phase: &str) {
    performance_mark(&format!("open:{phase}"));
}

/// Marks `open:painted` once the frame after the one being prepared has been painted: a
/// frame callback runs before a paint, and a task it queues runs after that paint.
pub fn mark_when_painted() {
    request_animation_frame(|| {
        set_timeout(|| mark("painted"), std::time::Duration::ZERO);
    });
}
