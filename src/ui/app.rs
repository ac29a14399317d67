//! The application shell: toolbar, editor, diagram and generated DDL side by side.

use leptos::prelude::*;

use super::diagram::Diagram;
use super::editor::Editor;
use super::export_panel::ExportPanel;
use super::import_dialog::ImportDialog;
use super::state::AppState;
use super::storage::save_project;
use super::toolbar::Toolbar;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    // Autosave: every change to the project is written to browser storage.
    Effect::new(move |_| {
        let saved = state.project.with(save_project);
        if let Err(message) = saved {
            state.notice.set(Some(message));
        }
    });
    view! {
        <div class="app">
            <Toolbar />
            <main class="workspace">
                <Editor />
                <Diagram />
                <ExportPanel />
            </main>
            <Show when=move || state.importing.get()>
                <ImportDialog />
            </Show>
        </div>
    }
}
