//! Light and dark themes: the system's choice by default, or the one picked in the toolbar
//! (kept in local storage). The root element's `data-theme` says which applies; the dark
//! colours are in style/theme.css.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const THEME_KEY: &str = "schemaforge.theme";

/// Sets `data-theme` from the stored choice, or from the system's preference.
fn apply(choice: &str) {
    let dark = match choice {
        "dark" => true,
        "light" => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    };
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
}

/// Applies the stored choice (the embed, which has no toolbar, follows it too).
pub fn apply_stored() {
    let stored = LocalStorage::raw().get_item(THEME_KEY).ok().flatten();
    apply(stored.as_deref().unwrap_or("system"));
}

#[component]
pub fn ThemeChoice() -> impl IntoView {
    let stored = LocalStorage::raw()
        .get_item(THEME_KEY)
        .ok()
        .flatten()
        .unwrap_or_else(|| "system".into());
    let choice = RwSignal::new(stored);
    Effect::new(move |_| apply(&choice.get()));
    // Following the system: a change there (dusk, a setting) applies at once.
    if let Ok(Some(query)) = window().match_media("(prefers-color-scheme: dark)") {
        let follow = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            apply(&choice.get_untracked());
        });
        let _ = query.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
        follow.forget();
    }
    let pick = move |ev| {
        let value = event_target_value(&ev);
        let _ = LocalStorage::raw().set_item(THEME_KEY, &value);
        choice.set(value);
    };
    view! {
        <select class="theme-choice" data-testid="theme" aria-label="Theme" title="Theme" on:change=pick>
            {["system", "light", "dark"].map(|t| view! {
                <option value=t selected=move || choice.get() == t>
                    {match t { "system" => "System theme", "light" => "Light", _ => "Dark" }}
                </option>
            }).collect_view()}
        </select>
    }
}
