//! The read-only embed (`#embed`): the diagram alone with pan, zoom and search, the project's
//! name and a link that opens it in the full app. Nothing in it edits or saves (see
//! `AppState::read_only`), so a wiki page can show a design without touching anyone's work.

use leptos::prelude::*;

use super::diagram::Diagram;
use super::share_link::open_in_app_link;
use super::state::AppState;

#[component]
pub fn EmbedView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = open_in_app_link();
    super::theme::apply_stored();
    view! {
        <div class="embed" data-testid="embed">
            <header class="embed-bar">
                <span class="embed-name" data-testid="project-name">
                    {move || state.project.with(|p| p.name.clone())}
                </span>
                {move || state.notice.get().map(|n| view! {
                    <span class="notice" data-testid="notice" role="alert">{n}</span>
                })}
                <a class="open-in-app" data-testid="open-in-app" href=open target="_blank" rel="noopener noreferrer">
                    "Open in Schemaforge"
                </a>
            </header>
            <Diagram />
        </div>
    }
}
