//! Import documents: paste or pick sample documents (a JSON array, NDJSON or mongoexport
//! output) to infer a collection, or a `$jsonSchema` validator or `db.createCollection`
//! script to read one. Big inputs are read in slices with progress; references to the
//! project's other collections are proposed; nothing changes until Import.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::{read_text, read_text_in_steps};
use super::modal::Modal;
use super::state::AppState;
use super::stepwise_inference::infer_in_steps;
use crate::edit::Edit;
use crate::import::json_schema::import_collections;
use crate::import::references::propose;
use crate::import::samples::SampledIds;
use crate::model::document::Collection;
use crate::model::IdGen;

/// What Import would put in the project: each collection new or changed (references
/// proposed to it), and a summary.
#[derive(Clone)]
struct Ready {
    collections: Vec<Collection>,
    summary: String,
    notes: Vec<String>,
}

/// Files larger than this are refused with a message: the text and its inference would take
/// the page's memory (a wasm page holds 4 GB at most, shared with everything else).
const BROWSER_LIMIT: f64 = 256e6;

/// Inputs of a validator or a script rather than documents.
fn is_validator(text: &str) -> bool {
    text.contains("$jsonSchema") || text.contains("createCollection")
}

/// The project's collections with the new ones, references proposed among them; only those
/// that are new or gained a reference are kept.
fn with_references(
    state: AppState,
    new: Vec<Collection>,
    seen: Vec<SampledIds>,
    ids: &mut IdGen,
) -> Vec<Collection> {
    let existing = state
        .project
        .with_untracked(|p| p.model.collections.clone());
    let mut all = existing.clone();
    all.extend(new);
    propose(&mut all, &seen, ids);
    all.into_iter().filter(|c| !existing.contains(c)).collect()
}

#[component]
pub fn DocumentImportDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let text = StoredValue::new_local(Rc::new(String::new()));
    let name = RwSignal::new("documents".to_string());
    let progress = RwSignal::new(None::<f64>);
    let ready = RwSignal::new(None::<Result<Ready, String>>);
    let run = RwSignal::new(0u64);
    let ticket = RwSignal::new(0u64);
    let analyse = move || {
        let mine = run.get_untracked() + 1;
        run.set(mine);
        ready.set(None);
        let (text, name) = (text.get_value(), name.get_untracked());
        if text.trim().is_empty() {
            progress.set(None);
            return;
        }
        let taken: Vec<String> = state
            .project
            .with_untracked(|p| p.model.collections.iter().map(|c| c.name.clone()).collect());
        let mut ids = IdGen::after(
            state
                .project
                .with_untracked(|p| p.ids.last().max(p.model.max_id())),
        );
        if is_validator(&text) {
            let outcome = import_collections(&name, &text, &mut ids)
                .map_err(|e| e.to_string())
                .and_then(|imported| {
                    if let Some(c) = imported
                        .collections
                        .iter()
                        .find(|c| taken.contains(&c.name))
                    {
                        return Err(format!(
                            "the project has a collection named {} already",
                            c.name
                        ));
                    }
                    let summary = format!(
                        "{} collection(s) from the validator: {}",
                        imported.collections.len(),
                        imported
                            .collections
                            .iter()
                            .map(|c| format!("{} ({} fields)", c.name, c.paths().len()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                    let collections =
                        with_references(state, imported.collections, Vec::new(), &mut ids);
                    Ok(Ready {
                        collections,
                        summary,
                        notes: imported.notes,
                    })
                });
            ready.set(Some(outcome));
            return;
        }
        if taken.contains(&name) {
            ready.set(Some(Err(format!(
                "the project has a collection named {name} already: choose another name"
            ))));
            return;
        }
        progress.set(Some(0.0));
        spawn_local(async move {
            let outcome = infer_in_steps(
                &text,
                move |f| progress.set(Some(f)),
                move || run.get_untracked() != mine,
            )
            .await;
            let Some(outcome) = outcome else {
                return;
            };
            progress.set(None);
            ready.set(Some(outcome.map_err(|e| e.to_string()).map(|inference| {
                let (c, seen) = inference.collection_and_ids(&name, &mut ids);
                let summary = format!(
                    "{} documents · {} fields · largest {:.1} kB",
                    c.sampled.unwrap_or(0),
                    c.paths().len(),
                    c.largest_document.unwrap_or(0) as f64 / 1000.0
                );
                let collections = with_references(state, vec![c], vec![seen], &mut ids);
                Ready {
                    collections,
                    summary,
                    notes: Vec::new(),
                }
            })));
        });
    };
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        let mine = ticket.get_untracked() + 1;
        ticket.set(mine);
        set_timeout(
            move || {
                if ticket.get_untracked() == mine {
                    text.set_value(Rc::new(value));
                    analyse();
                }
            },
            Duration::from_millis(300),
        );
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > BROWSER_LIMIT {
            ready.set(Some(Err(format!(
                "{} is {:.0} MB: more than the browser can hold ({:.0} MB). Infer it with `schemaforge infer {}` on the command line, or import a sample (mongoexport --limit).",
                file.name(),
                file.size() / 1e6,
                BROWSER_LIMIT / 1e6,
                file.name()
            ))));
            return;
        }
        spawn_local(async move {
            progress.set(Some(0.0));
            let content = if file.size() > 4.0e6 {
                read_text_in_steps(&file, move |f| progress.set(Some(f * 0.1))).await
            } else {
                read_text(&file).await
            };
            match content {
                Ok(content) => {
                    let stem = file.name();
                    let stem = stem
                        .rsplit_once('.')
                        .map_or(stem.as_str(), |(s, _)| s)
                        .to_string();
                    name.set(stem);
                    text.set_value(Rc::new(content));
                    analyse();
                }
                Err(message) => {
                    progress.set(None);
                    ready.set(Some(Err(message)));
                }
            }
        });
    };
    let confirm = move |_| {
        let Some(Ok(r)) = ready.get_untracked() else {
            return;
        };
        let at = state.project.with_untracked(|p| p.model.collections.len());
        if state.edit(Edit::add_collections("import documents", r.collections, at)) {
            state.importing_documents.set(false);
        }
    };
    let report = move || {
        ready.get().map(|r| match r {
            Err(message) => {
                view! { <p class="import-error" data-testid="documents-error">{message}</p> }
                    .into_any()
            }
            Ok(r) => {
                let fields = r
                    .collections
                    .iter()
                    .flat_map(|c| {
                        let refs = c.references.len();
                        let head = format!(
                            "{}: {} fields, {refs} references proposed",
                            c.name,
                            c.paths().len()
                        );
                        std::iter::once(head)
                    })
                    .map(|line| view! { <li>{line}</li> })
                    .collect_view();
                let notes = r
                    .notes
                    .into_iter()
                    .map(|n| view! { <li class="skipped warning">{n}</li> })
                    .collect_view();
                view! {
                    <div class="import-report" data-testid="documents-report">
                        <p class="counts" data-testid="documents-summary">{r.summary}</p>
                        <ul class="skipped-list">{fields}{notes}</ul>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <Modal
            class="modal import-dialog"
            test_id="documents-dialog"
            heading="documents-title"
            on_close=move |()| state.importing_documents.set(false)
            backdrop_closes=false
        >
                <header class="panel-header">
                    <h2 id="documents-title">"Import MongoDB documents or a validator"</h2>
                    <button class="close" data-testid="documents-close" on:click=move |_| state.importing_documents.set(false)>"×"</button>
                </header>
                <div class="import-body">
                    <textarea
                        class="import-text"
                        data-testid="documents-text"
                        spellcheck="false"
                        placeholder="Paste sample documents (a JSON array, NDJSON, mongoexport output), a $jsonSchema validator or a db.createCollection script"
                        on:input=on_input
                    ></textarea>
                    <div class="import-controls">
                        <label class="file-button">
                            "Choose a file…"
                            <input type="file" accept=".json,.ndjson,.jsonl,.js,.txt" class="hidden" data-testid="documents-file" on:change=on_pick />
                        </label>
                        <label>
                            "Collection "
                            <input
                                data-testid="documents-name"
                                prop:value=move || name.get()
                                on:change=move |ev| {
                                    name.set(event_target_value(&ev).trim().to_string());
                                    analyse();
                                }
                            />
                        </label>
                        <button
                            class="primary"
                            data-testid="documents-confirm"
                            disabled=move || !matches!(ready.get(), Some(Ok(_)))
                            on:click=confirm
                        >
                            "Import"
                        </button>
                    </div>
                    {move || progress.get().map(|f| view! {
                        <div class="import-progress">
                            <progress data-testid="documents-progress" max="1" value=f></progress>
                            <span>{format!("{:.0} %", f * 100.0)}</span>
                        </div>
                    })}
                    {report}
                </div>
        </Modal>
    }
}
