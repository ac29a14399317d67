//! The inspector of a collection: its name and validation settings, its fields (types,
//! required, folded on the diagram), the text of its `$jsonSchema` validator, read back
//! into the model when edited, and a document check. Every change is one edit.

use leptos::prelude::*;

use super::document_check::DocumentCheck;
use super::state::AppState;
use crate::edit::Edit;
use crate::generate::mongo::validator::validator;
use crate::import::json_schema::{import_collections, keep_ids};
use crate::layout::collection_box::type_label;
use crate::model::document::{Collection, ValidationAction, ValidationLevel};
use crate::model::{Id, IdGen};
use crate::rules::document::{changed_field, fields, put};

/// The one selected collection, if exactly one box is selected and it is a collection.
pub fn selected_collection(state: AppState) -> Memo<Option<Collection>> {
    Memo::new(move |_| {
        let selected = state.selected.get();
        let [id] = selected.iter().copied().collect::<Vec<_>>()[..] else {
            return None;
        };
        state
            .project
            .with(|p| p.model.collections.iter().find(|c| c.id == id).cloned())
    })
}

fn put_collection(state: AppState, c: Collection) {
    let edit = state.project.with_untracked(|p| put(&p.model, c));
    state.edit(edit);
}

#[component]
pub fn CollectionInspector(left: Signal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let collection = selected_collection(state);
    let schema_error = RwSignal::new(None::<String>);
    move || {
        collection.get().map(|c| {
            let rename = {
                let c = c.clone();
                move |ev| {
                    let mut copy = c.clone();
                    copy.name = event_target_value(&ev).trim().to_string();
                    put_collection(state, copy);
                }
            };
            let set_level = {
                let c = c.clone();
                move |ev| {
                    let mut copy = c.clone();
                    copy.validation_level = match event_target_value(&ev).as_str() {
                        "moderate" => ValidationLevel::Moderate,
                        "off" => ValidationLevel::Off,
                        _ => ValidationLevel::Strict,
                    };
                    put_collection(state, copy);
                }
            };
            let set_action = {
                let c = c.clone();
                move |ev| {
                    let mut copy = c.clone();
                    copy.validation_action = if event_target_value(&ev) == "warn" {
                        ValidationAction::Warn
                    } else {
                        ValidationAction::Error
                    };
                    put_collection(state, copy);
                }
            };
            let text = serde_json::to_string_pretty(&validator(&c)).unwrap_or_default();
            let read_back = {
                let c = c.clone();
                move |ev| {
                    let typed = event_target_value(&ev);
                    let mut ids = IdGen::after(state.project.with_untracked(|p| p.ids.last().max(p.model.max_id())));
                    match import_collections(&c.name, &typed, &mut ids) {
                        Ok(imported) => match imported.collections.into_iter().next() {
                            Some(edited) => {
                                schema_error.set(imported.notes.first().cloned());
                                // A change event can come twice for one typing (a blur
                                // after the text was applied): only a difference is an edit.
                                let edited = keep_ids(&c, edited);
                                let current = state.project.with_untracked(|p| {
                                    p.model.collections.iter().find(|x| x.id == c.id).cloned()
                                });
                                if current.as_ref() != Some(&edited) {
                                    put_collection(state, edited);
                                }
                            }
                            None => schema_error.set(Some("no collection in the text".into())),
                        },
                        Err(e) => schema_error.set(Some(e.to_string())),
                    }
                }
            };
            let rows = fields(&c)
                .into_iter()
                .map(|at| {
                    let f = at.field.clone();
                    let ids: Vec<Id> = at.ids.clone();
                    let c2 = c.clone();
                    let toggle_required = move |_| {
                        let edit = state.project.with_untracked(|p| {
                            changed_field(&p.model, &c2, &ids, |f| f.required = !f.required)
                        });
                        if let Some(edit) = edit {
                            state.edit(edit);
                        }
                    };
                    let id = f.id;
                    let folded = move || state.project.with(|p| p.layout.collapsed.contains(&id));
                    let fold = move |_| {
                        let mut layout = state.project.with_untracked(|p| p.layout.clone());
                        if !layout.collapsed.remove(&id) {
                            layout.collapsed.insert(id);
                        }
                        state.edit(Edit::SetLayout { layout: Box::new(layout) });
                    };
                    let seen = f
                        .observed
                        .as_ref()
                        .map(|o| format!("{} of {}", o.present, o.of))
                        .unwrap_or_default();
                    let indent = format!("padding-left: {}em", at.depth);
                    let has_children = !f.fields.is_empty();
                    view! {
                        <tr data-testid="collection-field">
                            <td style=indent>
                                {has_children.then(|| view! {
                                    <button class="fold" title="Fold or unfold on the diagram" on:click=fold>
                                        {move || if folded() { "▸" } else { "▾" }}
                                    </button>
                                })}
                                {f.name.clone()}
                            </td>
                            <td class="type">{type_label(&f)}</td>
                            <td>
                                <input type="checkbox" title="Required" prop:checked=f.required on:change=toggle_required />
                            </td>
                            <td class="seen">{seen}</td>
                        </tr>
                    }
                })
                .collect_view();
            let level = c.validation_level;
            let action = c.validation_action;
            view! {
                <aside class="inspector" class:left=move || left.get() data-testid="collection-inspector" on:pointerdown=|ev| ev.stop_propagation()>
                    <header class="inspector-header">
                        <span>"Collection"</span>
                        <button class="close" title="Close" on:click=move |_| state.selected.set(Default::default())>"×"</button>
                    </header>
                    <label>
                        "Name"
                        <input data-testid="collection-name" prop:value=c.name.clone() on:change=rename />
                    </label>
                    <div class="inspector-row">
                        <label>
                            "Validation level"
                            <select data-testid="collection-level" on:change=set_level>
                                <option value="strict" selected=level == ValidationLevel::Strict>"strict"</option>
                                <option value="moderate" selected=level == ValidationLevel::Moderate>"moderate"</option>
                                <option value="off" selected=level == ValidationLevel::Off>"off"</option>
                            </select>
                        </label>
                        <label>
                            "Action"
                            <select data-testid="collection-action" on:change=set_action>
                                <option value="error" selected=action == ValidationAction::Error>"error"</option>
                                <option value="warn" selected=action == ValidationAction::Warn>"warn"</option>
                            </select>
                        </label>
                    </div>
                    <table class="collection-fields">
                        <thead><tr><th>"Field"</th><th>"Type"</th><th>"Req."</th><th>"Seen"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <label>
                        "$jsonSchema (edit to change the model)"
                        <textarea data-testid="collection-schema" rows="12" spellcheck="false" prop:value=text on:change=read_back></textarea>
                    </label>
                    {move || schema_error.get().map(|e| view! { <p class="import-error" data-testid="collection-schema-error">{e}</p> })}
                    <DocumentCheck collection=c.clone() />
                </aside>
            }
        })
    }
}
