//! The share link in the browser: what the page's address asks for, and links to the
//! project made from the page's own address (so they work wherever the app is hosted).

use crate::model::Project;
use crate::share::{encode_project, Fragment, View};

/// What the page's address asks for.
pub fn page_fragment() -> Fragment {
    let location = leptos::prelude::window().location();
    Fragment::parse(
        &location.search().unwrap_or_default(),
        &location.hash().unwrap_or_default(),
    )
}

/// The page's address without its query and fragment: where the app is served from.
pub fn page_base() -> String {
    let href = leptos::prelude::window()
        .location()
        .href()
        .unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

/// A link that opens `project` in the app, or in the read-only embed, on the project's view
/// named `diagram_view` when one is given.
pub fn link_to(project: &Project, view: View, diagram_view: Option<String>) -> String {
    let fragment = Fragment {
        view,
        payload: Some(encode_project(project)),
        diagram_view,
    };
    format!("{}{}", page_base(), fragment.to_hash())
}

/// The app's address for the project the page shows from its link (the embed's "Open in
/// Schemaforge"): the same payload without the embed flag.
pub fn open_in_app_link() -> String {
    let page = page_fragment();
    let fragment = Fragment {
        view: View::Editor,
        payload: page.payload,
        diagram_view: page.diagram_view,
    };
    format!("{}{}", page_base(), fragment.to_hash())
}

/// Takes the shared project out of the address, so a reload shows the user's own project.
pub fn forget_link() {
    let window = leptos::prelude::window();
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_base()));
    }
}
