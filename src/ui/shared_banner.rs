//! The bar shown over a project opened from a share link: it is not saved, so the user's
//! own project stays as it was. Keeping it adds it to the projects in this browser beside
//! theirs (nothing is replaced); going back reloads their own.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::library;
use super::share_link::forget_link;
use super::state::AppState;
use super::storage::{load_big_project, load_project, Saved};

#[component]
pub fn SharedBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = move |_| {
        forget_link();
        if !library::has_saved_project() {
            // Nothing of the user's is stored: the shared project simply becomes theirs, and
            // the autosave takes it from here.
            state.shared.set(false);
            return;
        }
        let shared = state.project.get_untracked();
        spawn_local(async move {
            let own = match load_project().0 {
                Saved::Here(project, _) => *project,
                Saved::InIndexedDb => load_big_project().await.0,
            };
            match library::add_and_open(&own, &shared).await {
                Ok(()) => {
                    state.detached.set(true);
                    let _ = window().location().reload();
                }
                Err(e) => state
                    .notice
                    .set(Some(format!("The shared project could not be kept: {e}."))),
            }
        });
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
            <button data-testid="shared-keep" title="Add it to the projects in this browser, beside yours" on:click=keep>"Keep it"</button>
            <button data-testid="shared-back" on:click=back>"Back to my project"</button>
        </div>
    }
}
