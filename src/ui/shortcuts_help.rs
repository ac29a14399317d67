//! The keyboard shortcuts, shown by `?` (or the toolbar's ? button) and closed by Escape.

use leptos::prelude::*;

use super::state::AppState;

/// Keys and what they do, where they work.
const SHORTCUTS: [(&str, &str); 13] = [
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
        <div class="modal-backdrop" on:click=move |_| close()>
            <div
                class="modal shortcuts-help"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcuts-title"
                data-testid="shortcuts-help"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <table>
                    <tbody>{rows}</tbody>
                </table>
                <div class="dialog-actions">
                    <button data-testid="shortcuts-close" autofocus on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        </div>
    }
}
