//! The application shell: toolbar, editor, diagram and, beside them, the generated DDL or the
//! migrations between saved versions; autosave of the project and its history; the rules,
//! run once edits pause; the undo and redo shortcuts.

use leptos::prelude::*;

use super::diagram::Diagram;
use super::document_import::DocumentImportDialog;
use super::editor::Editor;
use super::embed::EmbedView;
use super::export_panel::ExportPanel;
use super::import_dialog::ImportDialog;
use super::migration_panel::MigrationPanel;
use super::mongo_export::MongoExport;
use super::save_status::SaveStatus;
use super::shared_banner::SharedBanner;
use super::shortcuts_help::ShortcutsHelp;
use super::state::AppState;
use super::storage::{save_history, save_project};
use super::toolbar::Toolbar;
use super::wiki_export::WikiExports;
use crate::rules::lint_project;

/// How long the project must be still before it is written to storage.
const AUTOSAVE_DELAY: std::time::Duration = std::time::Duration::from_millis(300);
/// How long edits must pause before the rules run again.
const LINT_DELAY: std::time::Duration = std::time::Duration::from_millis(200);

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::load();
    provide_context(state);
    if state.read_only {
        return view! { <EmbedView /> }.into_any();
    }
    // Autosave, debounced: the project and its history are written once changes pause.
    let saves = StoredValue::new(0u64);
    let unsaved = StoredValue::new(false);
    let save = move || {
        if state.detached.get_untracked() {
            return;
        }
        unsaved.set_value(false);
        state.save_status.set(SaveStatus::Saved);
        let saved_as = state.project.with_untracked(|p| {
            save_project(p, move |message| {
                state.save_status.set(SaveStatus::Failed);
                state.notice.set(Some(message));
            })
        });
        state.history.with_untracked(|h| save_history(h, saved_as));
        state.project.with_untracked(super::library::note_open_name);
    };
    Effect::new(move |first: Option<()>| {
        state.project.track();
        state.history.track();
        // A shared project is saved only once the user keeps it (which changes this).
        if state.shared.get() || state.detached.get_untracked() || first.is_none() {
            return;
        }
        unsaved.set_value(true);
        state.save_status.set(SaveStatus::Saving);
        let mine = saves.get_value().wrapping_add(1);
        saves.set_value(mine);
        set_timeout(
            move || {
                if saves.get_value() == mine {
                    save();
                }
            },
            AUTOSAVE_DELAY,
        );
    });
    // The rules run once edits pause: on a big schema a lint takes longer than a frame.
    let lints = StoredValue::new(0u64);
    Effect::new(move |_| {
        state.project.track();
        let mine = lints.get_value().wrapping_add(1);
        lints.set_value(mine);
        set_timeout(
            move || {
                if lints.get_value() == mine {
                    let found = state.project.with_untracked(|p| lint_project(p, &p.lint));
                    state.findings.set(found);
                }
            },
            LINT_DELAY,
        );
    });
    // Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on macOS), everywhere but in a
    // one-line field, whose own undo is the one a user expects there.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let target = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        // `?` shows the shortcuts, unless it is being typed into a field or the editor.
        let typing = target.as_ref().is_some_and(|el| {
            matches!(
                el.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || el.closest(".cm-editor").ok().flatten().is_some()
        });
        if ev.key() == "?" && !typing {
            ev.prevent_default();
            state.help.set(true);
            return;
        }
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let in_field = target
            .as_ref()
            .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("input"));
        if in_field {
            return;
        }
        match (ev.key().to_ascii_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => {
                ev.prevent_default();
                state.undo();
            }
            ("z", true) | ("y", _) => {
                ev.prevent_default();
                state.redo();
            }
            _ => {}
        }
    });
    // Leaving the page saves at once: the debounced save may not have come yet.
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| {
        let owns_storage = !state.shared.get_untracked() && !state.detached.get_untracked();
        if (state.flush_typing() || unsaved.get_value()) && owns_storage {
            save();
        }
    });
    // A link pasted into the address bar of a tab already on the app changes only the
    // fragment, which loads nothing: the page opens it as it would on a fresh load.
    let link_pasted = window_event_listener(leptos::ev::hashchange, move |_| {
        if super::share_link::page_fragment().payload.is_some() {
            let _ = window().location().reload();
        }
    });
    on_cleanup(move || {
        keys.remove();
        leaving.remove();
        link_pasted.remove();
    });
    // A file dropped anywhere on the page opens as the Open button would open it.
    let dropping = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dropping.set(false);
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(super::toolbar::open_file(state, file));
        }
    };
    // The side column shows the export panel or the migrations panel.
    let migrations = RwSignal::new(false);
    view! {
        <div
            class="app"
            class:dropping=move || dropping.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dropping.set(true);
            }
            on:dragleave=move |_| dropping.set(false)
            on:drop=on_drop
        >
            <Toolbar />
            <Show when=move || state.shared.get()>
                <SharedBanner />
            </Show>
            <main class="workspace">
                <Editor />
                <Diagram />
                <div class="side-column">
                    <div class="view-switch side-tabs" data-testid="side-tabs">
                        <button
                            data-testid="tab-export"
                            class:active=move || !migrations.get()
                            on:click=move |_| migrations.set(false)
                        >
                            "Export"
                        </button>
                        <button
                            data-testid="tab-migrations"
                            class:active=move || migrations.get()
                            on:click=move |_| migrations.set(true)
                        >
                            "Migrations"
                        </button>
                    </div>
                    // Both stay mounted, so each keeps its settings while the other is shown.
                    <div class="side-page" class:hidden=move || migrations.get()>
                        <ExportPanel />
                        <MongoExport />
                        <WikiExports />
                    </div>
                    <div class="side-page" class:hidden=move || !migrations.get()>
                        <MigrationPanel active=migrations />
                    </div>
                </div>
            </main>
            <Show when=move || state.importing.get()>
                <ImportDialog />
            </Show>
            <Show when=move || state.importing_documents.get()>
                <DocumentImportDialog />
            </Show>
            <Show when=move || state.help.get()>
                <ShortcutsHelp />
            </Show>
        </div>
    }
    .into_any()
}
