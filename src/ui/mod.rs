//! The browser UI: a thin Leptos layer over the engine. One component per file.

mod app;
mod big_storage;
mod browser_file;
mod code_editor;
mod collection_inspector;
mod connect;
mod crash;
mod diagram;
mod diff_legend;
mod document_check;
mod document_import;
mod editor;
mod embed;
mod engines;
mod export_panel;
mod findings_panel;
mod fix_preview;
mod history_buttons;
mod image_export;
mod import_dialog;
mod inspector;
mod inspector_columns;
mod inspector_constraints;
mod inspector_dependencies;
mod library;
mod migration_panel;
mod minimap;
mod modal;
mod mongo_export;
mod open_timing;
mod per_key;
mod projects_dialog;
mod rename_in_place;
mod rules_page;
mod save_status;
mod share_dialog;
mod share_link;
mod shared_banner;
mod shortcuts_help;
mod shown_view;
mod state;
mod stepwise_import;
mod stepwise_inference;
mod storage;
mod stubs;
mod text_position;
mod theme;
pub(crate) mod toolbar;
mod view_bar;
mod wiki_export;

pub use app::App;
pub use crash::install_panic_hook;
pub use state::AppState;
pub use storage::{
    load_big_project, load_history, load_project, save_history, save_project, Saved, HISTORY_KEY,
    IN_INDEXED_DB_KEY, STORAGE_KEY,
};

/// Starts the app: the panic hook that shows recovery, then the app mounted on the page.
pub fn start() {
    install_panic_hook();
    leptos::mount::mount_to_body(App);
}
