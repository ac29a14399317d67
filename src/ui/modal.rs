//! A modal dialog, the one place that knows how one behaves for the keyboard: focus moves
//! into it when it opens, Tab and Shift+Tab wrap around inside it, Escape closes it, and
//! focus goes back to the control that opened it when it closes.

use leptos::ev::{DragEvent, KeyboardEvent, MouseEvent};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What Tab can reach.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1']), [contenteditable='true']";

/// The controls inside `dialog` that Tab reaches, in document order, without hidden ones
/// (a file input behind its label, a collapsed section).
fn focusables(dialog: &Element) -> Vec<HtmlElement> {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|k| list.item(k))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect()
}

/// The element that has focus now.
fn focused() -> Option<Element> {
    document().active_element()
}

/// Focus on the first control marked `autofocus`, else the first control, else the dialog.
fn focus_first(dialog: &HtmlElement) {
    let marked = dialog
        .query_selector("[autofocus]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let target = marked.or_else(|| focusables(dialog).into_iter().next());
    let _ = target.unwrap_or_else(|| dialog.clone()).focus();
}

#[component]
pub fn Modal(
    /// The dialog box's classes (its look and size).
    class: &'static str,
    test_id: &'static str,
    /// The id of the dialog's heading, which names it for a screen reader.
    heading: &'static str,
    #[prop(into)] on_close: Callback<()>,
    /// Whether a click outside the box closes it; not for dialogs that hold typed work.
    #[prop(default = true)]
    backdrop_closes: bool,
    /// A file dropped anywhere over the dialog (the import dialogs read it).
    #[prop(optional, into)]
    on_drop: Option<Callback<DragEvent>>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Div>::new();
    // Focus returns here on close, if it is still in the page.
    let opener = StoredValue::new_local(focused().and_then(|e| e.dyn_into::<HtmlElement>().ok()));
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            focus_first(&d);
        }
    });
    on_cleanup(move || {
        if let Some(o) = opener.try_update_value(Option::take).flatten() {
            if o.is_connected() {
                let _ = o.focus();
            }
        }
    });
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(d) = dialog.get_untracked() else {
            return;
        };
        match ev.key().as_str() {
            "Escape" => {
                // The app's own Escape (clear the selection) is not for a dialog's Escape.
                ev.stop_propagation();
                ev.prevent_default();
                on_close.run(());
            }
            "Tab" => {
                let items = focusables(&d);
                let (Some(first), Some(last)) = (items.first(), items.last()) else {
                    ev.prevent_default();
                    return;
                };
                let now = focused();
                let is = |e: &HtmlElement| now.as_ref() == Some(e.unchecked_ref::<Element>());
                let inside = now.as_ref().is_some_and(|n| d.contains(Some(n)));
                if ev.shift_key() && (is(first) || !inside) {
                    ev.prevent_default();
                    let _ = last.focus();
                } else if !ev.shift_key() && (is(last) || !inside) {
                    ev.prevent_default();
                    let _ = first.focus();
                }
            }
            _ => {}
        }
    };
    // A press on the backdrop must not take focus out of the dialog.
    let on_backdrop_down = move |ev: MouseEvent| {
        if ev.target() == ev.current_target() {
            ev.prevent_default();
        }
    };
    let on_backdrop_click = move |ev: MouseEvent| {
        if backdrop_closes && ev.target() == ev.current_target() {
            on_close.run(());
        }
    };
    view! {
        <div
            class="modal-backdrop"
            on:mousedown=on_backdrop_down
            on:click=on_backdrop_click
            on:drop=move |ev: DragEvent| {
                // Read by the dialog, not also opened as a project by the page.
                if let Some(f) = on_drop {
                    ev.stop_propagation();
                    f.run(ev);
                }
            }
        >
            <div
                node_ref=dialog
                class=class
                role="dialog"
                aria-modal="true"
                aria-labelledby=heading
                tabindex="-1"
                data-testid=test_id
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </div>
    }
}
