//! Undo and Redo in the toolbar, each naming the step it would cross.

use leptos::prelude::*;

use super::state::AppState;

#[component]
pub fn HistoryButtons() -> impl IntoView {
    let state = expect_context::<AppState>();
    let undo_label = move || state.history.with(|h| h.undo_label().map(str::to_string));
    let redo_label = move || state.history.with(|h| h.redo_label().map(str::to_string));
    let title = |verb: &'static str, keys: &'static str, label: Option<String>| match label {
        Some(l) => format!("{verb} {l} ({keys})"),
        None => format!("Nothing to {}", verb.to_lowercase()),
    };
    view! {
        <div class="history-buttons">
            <button
                data-testid="undo"
                disabled=move || undo_label().is_none()
                title=move || title("Undo", "Ctrl+Z", undo_label())
                on:click=move |_| state.undo()
            >
                "↶ Undo"
                <span class="step-label">{move || undo_label().map(|l| format!(" {l}"))}</span>
            </button>
            <button
                data-testid="redo"
                disabled=move || redo_label().is_none()
                title=move || title("Redo", "Ctrl+Shift+Z", redo_label())
                on:click=move |_| state.redo()
            >
                "↷ Redo"
                <span class="step-label">{move || redo_label().map(|l| format!(" {l}"))}</span>
            </button>
        </div>
    }
}
