//! What the page shows after a panic. A panic in wasm stops the app for good, so the hook
//! draws a plain message with the DOM alone: what happened, that the last autosaved project
//! is kept, and a link that reloads the app (a link, so no script is needed).

use wasm_bindgen::JsCast;

/// Local storage key that shows the test-only "Crash" button.
pub const TEST_ACTIONS_KEY: &str = "schemaforge.test-actions";

/// Installs the hook: the console gets the panic as before, the page a recovery message.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_recovery(&info.to_string());
    }));
}

fn show_recovery(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(overlay) = document.create_element("div") else {
        return;
    };
    overlay.set_class_name("crash-overlay");
    let _ = overlay.set_attribute("data-testid", "crash-recovery");
    let _ = overlay.set_attribute("role", "alertdialog");
    let Ok(card) = document.create_element("div") else {
        return;
    };
    let heading = document.create_element("h2").ok();
    if let Some(h) = &heading {
        h.set_text_content(Some("Schemaforge stopped after an error"));
        let _ = card.append_child(h);
    }
    if let Ok(p) = document.create_element("p") {
        p.set_text_content(Some(
            "Your work up to the last autosave (a moment before the error) is kept in this \
             browser. Reload to continue from it.",
        ));
        let _ = card.append_child(&p);
    }
    if let Ok(pre) = document.create_element("pre") {
        // Text content, never HTML: the message may quote the user's input.
        pre.set_text_content(Some(message));
        let _ = card.append_child(&pre);
    }
    if let Ok(link) = document.create_element("a") {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        // The address without its fragment: a shared link that crashed is not opened again.
        let end = href.find('#').unwrap_or(href.len());
        let _ = link.set_attribute("href", &href[..end]);
        let _ = link.set_attribute("data-testid", "crash-reload");
        link.set_text_content(Some("Reload"));
        let _ = card.append_child(&link);
    }
    let _ = overlay.append_child(&card);
    if let Some(body) = document.body() {
        let _ = body.append_child(&overlay);
    }
    let _ = overlay.dyn_ref::<web_sys::HtmlElement>().map(|e| e.focus());
}

/// Whether the test-only actions are on (set by the end-to-end tests in local storage).
pub fn test_actions() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(TEST_ACTIONS_KEY).ok().flatten())
        .is_some()
}
