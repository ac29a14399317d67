//! Share: a link that carries the whole project in its fragment (nothing leaves the
//! browser), its length and how far it travels, the embed link and the iframe snippet for a
//! wiki; past the length chat tools and wikis keep, the project file is offered instead.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::download;
use super::engines::copy;
use super::modal::Modal;
use super::share_link::link_to;
use super::state::AppState;
use crate::share::{LinkSize, View};

#[component]
pub fn ShareDialog(open: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Made once when the dialog opens: encoding a big project is not free.
    // A link opens on the saved view shown, if any.
    let on_view = match state.shown.get_untracked() {
        super::shown_view::Shown::Saved(name) => Some(name),
        _ => None,
    };
    let links = state.project.with_untracked(|p| {
        (
            link_to(p, View::Editor, on_view.clone()),
            link_to(p, View::Embed, on_view.clone()),
            p.name.clone(),
            p.to_json(),
        )
    });
    let (link, embed, name, json) = links;
    let size = LinkSize::of(link.len());
    let snippet = format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"600\" style=\"border:0\" title=\"{}\" loading=\"lazy\"></iframe>",
        crate::generate::svg::escape(&embed),
        crate::generate::svg::escape(&name)
    );
    let copied = RwSignal::new(None::<&'static str>);
    let copy_link = {
        let link = link.clone();
        move |_| {
            let link = link.clone();
            spawn_local(async move {
                match copy(&link).await {
                    Ok(()) => copied.set(Some("Link copied.")),
                    Err(e) => copied.set(Some(if e.is_empty() {
                        "Cannot copy."
                    } else {
                        "The browser refused to copy: select the link and copy it."
                    })),
                }
            });
        }
    };
    let copy_snippet = {
        let snippet = snippet.clone();
        move |_| {
            let snippet = snippet.clone();
            spawn_local(async move {
                copied.set(Some(match copy(&snippet).await {
                    Ok(()) => "Snippet copied.",
                    Err(_) => "The browser refused to copy: select the snippet and copy it.",
                }));
            });
        }
    };
    let file_name = format!("{}.schemaforge.json", crate::ui::toolbar::file_stem(&name));
    let download_file = move |_| {
        if download(&file_name, "application/json", &json).is_err() {
            state
                .notice
                .set(Some("The browser refused the download.".into()));
        }
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        if let Some(input) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        {
            input.select();
        }
    };
    view! {
        <Modal
            class="modal share-dialog"
            test_id="share-dialog"
            heading="share-title"
            on_close=move |()| open.set(false)
        >
                <h2 id="share-title">"Share"</h2>
                <p class="hint">
                    "The link holds the whole project, compressed. It is read by the browser that opens it; no server sees it."
                </p>
                <label for="share-link">"Link"</label>
                <div class="share-row">
                    <input id="share-link" data-testid="share-link" readonly prop:value=link.clone() on:focus=select_all />
                    <button data-testid="share-copy" on:click=copy_link>"Copy link"</button>
                </div>
                <p
                    class="share-size"
                    class:warning=size != LinkSize::Short
                    data-testid="share-size"
                    data-size=format!("{size:?}")
                >
                    {format!("{} characters. {}", link.len(), size.advice())}
                </p>
                {(size == LinkSize::TooLong).then(|| view! {
                    <button data-testid="share-download" on:click=download_file.clone()>"Download the project file"</button>
                })}
                <label for="share-embed">"Embed in a wiki (read-only diagram)"</label>
                <div class="share-row">
                    <input id="share-embed" data-testid="share-embed" readonly prop:value=snippet.clone() on:focus=select_all />
                    <button data-testid="share-copy-embed" on:click=copy_snippet>"Copy snippet"</button>
                </div>
                <p class="hint" role="status">{move || copied.get()}</p>
                <div class="dialog-actions">
                    <button data-testid="share-close" on:click=move |_| open.set(false)>"Close"</button>
                </div>
        </Modal>
    }
}
