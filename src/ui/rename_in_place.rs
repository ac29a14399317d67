//! Renaming on the diagram: a double-click on a table's or a column's name puts a field over
//! it; Enter (or leaving the field) commits, Escape cancels.

use leptos::html::Input;
use leptos::prelude::*;

use super::state::AppState;
use crate::edit::Edit;
use crate::model::Id;

/// The name being edited and where its field sits, in diagram units.
#[derive(Clone, Debug, PartialEq)]
pub struct Renaming {
    pub table: Id,
    /// The column's current name, or `None` for the table's own name.
    pub column: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub value: String,
}

#[component]
pub fn RenameInPlace(renaming: RwSignal<Option<Renaming>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let input = NodeRef::<Input>::new();
    let commit = move || {
        let Some(r) = renaming.get_untracked() else {
            return;
        };
        renaming.set(None);
        let Some(field) = input.get_untracked() else {
            return;
        };
        let name = field.value().trim().to_string();
        if name.is_empty() || name == r.value {
            return;
        }
        let edit = state.project.with_untracked(|p| {
            let table = p.model.table_by_id(r.table)?;
            Some(match &r.column {
                None => Edit::rename_table(r.table, table.schema.clone(), name),
                Some(c) => Edit::rename_column(r.table, table.column(c)?.id, name),
            })
        });
        if let Some(edit) = edit {
            state.edit(edit);
        }
    };
    Effect::new(move |_| {
        if renaming.get().is_some() {
            request_animation_frame(move || {
                if let Some(field) = input.get_untracked() {
                    let _ = field.focus();
                    field.select();
                }
            });
        }
    });
    move || {
        renaming.get().map(|r| {
            view! {
                <input
                    class="rename-in-place"
                    data-testid="rename-input"
                    node_ref=input
                    value=r.value.clone()
                    style:left=format!("{}px", r.x + 4.0)
                    style:top=format!("{}px", r.y + 2.0)
                    style:width=format!("{}px", (r.width - 8.0).max(60.0))
                    on:pointerdown=|ev| ev.stop_propagation()
                    on:dblclick=|ev| ev.stop_propagation()
                    on:keydown=move |ev| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            commit();
                        }
                        "Escape" => {
                            ev.prevent_default();
                            ev.stop_propagation();
                            renaming.set(None);
                        }
                        _ => ev.stop_propagation(),
                    }
                    on:blur=move |_| commit()
                />
            }
        })
    }
}
