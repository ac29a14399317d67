//! The MongoDB part of the export panel: each collection's `db.createCollection` script
//! with its validator and indexes, the index scripts alone, JSON Schema 2020-12, and the
//! document migration from a saved version (up, then down); copy and download. Also the
//! conversions: collections proposed from the tables, tables flattened from the collections.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::download;
use super::engines::copy;
use super::state::AppState;
use crate::edit::Edit;
use crate::generate::mongo::collection_script::create_collection;
use crate::generate::mongo::indexes::indexes_script;
use crate::generate::mongo::json_schema::json_schema;
use crate::migrate::document::plan_documents;
use crate::model::{Id, Project, Shared};
use crate::transform::to_documents::to_documents;
use crate::transform::to_tables::to_tables;

/// The text of the chosen output.
fn output(p: &Project, what: &str, version: &str) -> String {
    let collections = &p.model.collections;
    match what {
        "indexes" => collections.iter().map(indexes_script).collect(),
        "json-schema" => collections
            .iter()
            .map(|c| serde_json::to_string_pretty(&json_schema(c)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
        "migration" => match p.version(version) {
            Some(v) => {
                let plan = plan_documents(&v.model, &p.model);
                format!("{}\n{}", plan.up_script(), plan.down_script())
            }
            None => "// Save a version in the Migrations tab, then choose it here.\n".into(),
        },
        _ => collections
            .iter()
            .map(|c| format!("{}{}", create_collection(c), indexes_script(c)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The edit that adds the proposal's collections, or the flattened tables.
fn conversion(p: &Project, to_collections: bool) -> Result<Edit, String> {
    let mut ids = p.ids.clone();
    ids.observe(Id(p.model.max_id()));
    if to_collections {
        let proposal = to_documents(&p.model, &mut ids);
        if let Some(c) = proposal
            .collections
            .iter()
            .find(|c| p.model.collections.iter().any(|o| o.name == c.name))
        {
            return Err(format!("a collection named {} exists already", c.name));
        }
        Ok(Edit::add_collections(
            "propose collections from the tables",
            proposal.collections,
            p.model.collections.len(),
        ))
    } else {
        let flat = to_tables(&p.model.collections, &mut ids);
        let at = p.model.tables.len();
        let edits = flat
            .model
            .tables
            .into_iter()
            .enumerate()
            .map(|(k, t)| Edit::AddTable {
                table: Box::new(Shared::into_inner(t)),
                at: at + k,
                position: None,
            })
            .collect();
        Ok(Edit::Batch {
            label: "flatten the collections into tables".into(),
            edits,
        })
    }
}

#[component]
pub fn MongoExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let what = RwSignal::new("create".to_string());
    let version = RwSignal::new(String::new());
    let has_collections = move || state.project.with(|p| !p.model.collections.is_empty());
    let has_tables = move || state.project.with(|p| !p.model.tables.is_empty());
    let text = Memo::new(move |_| {
        let (w, v) = (what.get(), version.get());
        state.project.with(|p| output(p, &w, &v))
    });
    let versions = move || {
        state.project.with(|p| {
            p.versions
                .iter()
                .map(|v| {
                    let name = v.name.clone();
                    view! { <option value=name.clone()>{name.clone()}</option> }
                })
                .collect_view()
        })
    };
    let convert = move |to_collections: bool| match state
        .project
        .with_untracked(|p| conversion(p, to_collections))
    {
        Ok(edit) => {
            state.edit(edit);
        }
        Err(e) => state.notice.set(Some(format!("Not converted: {e}."))),
    };
    view! {
        <details class="panel mongo-panel" data-testid="mongo-export" prop:open=has_collections>
            <summary>"MongoDB"</summary>
            <div class="export-actions">
                <button
                    data-testid="propose-collections"
                    disabled=move || !has_tables()
                    title="Collections for the tables: owned children embedded, junctions as arrays of references"
                    on:click=move |_| convert(true)
                >
                    "Collections from tables"
                </button>
                <button
                    data-testid="flatten-collections"
                    disabled=move || !has_collections()
                    title="Tables for the collections: embedded documents as columns, arrays as child tables"
                    on:click=move |_| convert(false)
                >
                    "Tables from collections"
                </button>
            </div>
            <Show when=has_collections>
                <div class="export-options">
                    <select data-testid="mongo-output" on:change=move |ev| what.set(event_target_value(&ev))>
                        <option value="create">"createCollection + indexes"</option>
                        <option value="indexes">"Index scripts"</option>
                        <option value="json-schema">"JSON Schema 2020-12"</option>
                        <option value="migration">"Migration from a version"</option>
                    </select>
                    <Show when=move || what.get() == "migration">
                        <select data-testid="mongo-version" on:change=move |ev| version.set(event_target_value(&ev))>
                            <option value="">"(choose a version)"</option>
                            {versions}
                        </select>
                    </Show>
                </div>
                <div class="export-actions">
                    <button
                        data-testid="mongo-copy"
                        on:click=move |_| {
                            let t = text.get_untracked();
                            spawn_local(async move {
                                if let Err(e) = copy(&t).await {
                                    state.notice.set(Some(e));
                                }
                            });
                        }
                    >
                        "Copy"
                    </button>
                    <button
                        data-testid="mongo-download"
                        on:click=move |_| {
                            let name = state.project.with(|p| p.name.clone());
                            let ext = if what.get_untracked() == "json-schema" { "json" } else { "js" };
                            if let Err(e) = download(&format!("{name}.mongo.{ext}"), "text/javascript", &text.get_untracked()) {
                                state.notice.set(Some(format!("cannot download: {e:?}")));
                            }
                        }
                    >
                        "Download"
                    </button>
                </div>
                <pre class="ddl-output" data-testid="mongo-output-text">{move || text.get()}</pre>
            </Show>
        </details>
    }
}
