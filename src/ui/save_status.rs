//! The autosave indicator beside the project's name: saved, saving, not saved (a shared
//! project not kept yet) or failed (the browser refused the storage, with the notice saying
//! why), so nobody has to wonder whether their work is kept.

use leptos::prelude::*;

use super::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    Saved,
    /// Changes wait for the pause after which they are written.
    Saving,
    /// A shared project on screen: saved only once kept.
    NotSaved,
    /// The browser refused to store the project.
    Failed,
}

impl SaveStatus {
    fn label(self) -> &'static str {
        match self {
            SaveStatus::Saved => "Saved in this browser",
            SaveStatus::Saving => "Saving…",
            SaveStatus::NotSaved => "Not saved",
            SaveStatus::Failed => "Not saved: storage refused",
        }
    }

    fn class(self) -> &'static str {
        match self {
            SaveStatus::Saved => "save-status saved",
            SaveStatus::Saving => "save-status saving",
            SaveStatus::NotSaved => "save-status not-saved",
            SaveStatus::Failed => "save-status failed",
        }
    }
}

#[component]
pub fn SaveIndicator() -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = move || {
        if state.shared.get() {
            SaveStatus::NotSaved
        } else {
            state.save_status.get()
        }
    };
    view! {
        <span
            class=move || status().class()
            data-testid="save-status"
            data-status=move || format!("{:?}", status())
            role="status"
            aria-live="polite"
        >
            {move || status().label()}
        </span>
    }
}
