//! The keyboard shortcuts, shown by `?` (or the toolbar's ? button) and closed by Escape.

use leptos::prelude::*;

use super::modal::Modal;
use super::state::AppState;

/// Keys and what they do, where they work.
const SHORTCUTS: [(&str, &str); 14] = [
    ("?", "Show this list"),
    ("Ctrl+Z / ⌘Z", "Undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo"),
    ("+ / −", "Zoom the diagram in or out (diagram focused)"),
    ("0", "Zoom to fit"),
    ("Arrow keys", "Pan the diagram"),
    ("Space + drag", "Pan from anywhere, even over a table"),
    ("Shift + click", "Add a table to the selection"),
    (
        "Delete / Backspace",
        "Delete the selected tables (asks first)",
    ),
    ("Escape", "Clear the selection; close a dialog"),
    (
        "Double-click",
        "Rename a table or column; on the canvas, add a table",
    ),
    ("Enter in Find", "Jump to the table"),
    ("Tab / Shift+Tab", "Move between the panels' controls"),
    (
        "Escape, then Tab",
        "Leave the code editor (where Tab indents)",
    ),
];

#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let state = expect_context::<AppState>();
    let close = move || state.help.set(false);
    let rows = SHORTCUTS
        .iter()
        .map(|(keys, what)| view! { <tr><th scope="row"><kbd>{*keys}</kbd></th><td>{*what}</td></tr> })
        .collect_view();
    view! {
        <Modal
            class="modal shortcuts-help"
            test_id="shortcuts-help"
            heading="shortcuts-title"
            on_close=move |()| close()
        >
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <table>
                <tbody>{rows}</tbody>
            </table>
            <div class="dialog-actions">
                <button data-testid="shortcuts-close" autofocus on:click=move |_| close()>"Close"</button>
            </div>
        </Modal>
    }
}
