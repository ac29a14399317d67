//! The bar shown over a project opened from a share link: it is not saved, so the user's
//! own project stays as it was until they choose to keep the shared one (and confirm that it
//! replaces theirs).

use leptos::prelude::*;

use super::share_link::forget_link;
use super::state::AppState;

#[component]
pub fn SharedBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = move |_| {
        let name = state.project.with_untracked(|p| p.name.clone());
        let asked = window().confirm_with_message(&format!(
            "Keep the shared project \u{201c}{name}\u{201d}? It replaces the project this browser \
             autosaved. Undo brings nothing back from before: use Save first if you need it."
        ));
        if asked.unwrap_or(false) {
            forget_link();
            // The autosave takes it from here.
            state.shared.set(false);
        }
    };
    let back = move |_| {
        forget_link();
        let _ = window().location().reload();
    };
    view! {
        <div class="shared-banner" data-testid="shared-banner" role="status">
            <span>
                "A shared project, opened from its link. It is not saved: your own project is unchanged."
            </span>
            <button data-testid="shared-keep" on:click=keep>"Keep it"</button>
            <button data-testid="shared-back" on:click=back>"Back to my project"</button>
        </div>
    }
}
