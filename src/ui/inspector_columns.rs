//! The inspector's column list: one editable row per column (drag a row to reorder), and a
//! button that adds one. Every field commits an edit when it changes.

use leptos::prelude::*;

use super::inspector::optional;
use super::state::AppState;
use crate::edit::compose::{
    delete_column, new_column, set_type, toggle_primary_key, toggle_unique,
};
use crate::edit::{ColumnChange, Edit, EditError};
use crate::generate::sql::dialect_for;
use crate::model::{Column, Id, Identity, Project, Table};

/// Builds an edit from the project (which may hand out ids) and applies it.
pub fn build_and_apply(
    state: AppState,
    build: impl FnOnce(&mut Project) -> Result<Edit, EditError>,
) -> bool {
    match state.project.try_update_untracked(build) {
        Some(Ok(edit)) => state.edit(edit),
        Some(Err(e)) => {
            state.notice.set(Some(format!("Not changed: {e}.")));
            false
        }
        None => false,
    }
}

#[component]
pub fn ColumnList(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = table.id;
    let dragging = StoredValue::new(None::<Id>);
    let choices = state
        .project
        .with_untracked(|p| dialect_for(p.source.dialect).type_choices());
    let rows = table
        .columns
        .iter()
        .enumerate()
        .map(|(at, c)| column_row(state, &table, c.clone(), at, dragging))
        .collect_view();
    view! {
        <section class="inspector-section">
            <h3>"Columns"</h3>
            <datalist id="inspector-types">
                {choices.iter().map(|t| view! { <option value=*t /> }).collect_view()}
            </datalist>
            <div class="inspector-columns">
                <div class="column-head">
                    <span></span>
                    <span>"name"</span>
                    <span>"type"</span>
                    <span title="primary key">"PK"</span>
                    <span title="not null">"NN"</span>
                    <span title="unique">"UQ"</span>
                    <span></span>
                </div>
                {rows}
            </div>
            <button
                data-testid="add-column"
                on:click=move |_| {
                    build_and_apply(state, |p| new_column(p, id, "column", "text"));
                }
            >
                "+ Column"
            </button>
        </section>
    }
}

fn column_row(
    state: AppState,
    table: &Table,
    c: Column,
    at: usize,
    dragging: StoredValue<Option<Id>>,
) -> impl IntoView {
    let (table_id, column) = (table.id, c.id);
    let set = move |change: ColumnChange| {
        state.edit(Edit::SetColumn {
            table: table_id,
            column,
            change,
        });
    };
    let in_key = table.is_primary_key_column(&c.id);
    let unique = table.uniques.iter().any(|u| u.columns == [c.id]);
    let identity = match c.identity {
        None => "",
        Some(Identity::ByDefault) => "by_default",
        Some(Identity::Always) => "always",
    };
    let delete = move |_| {
        let built = state
            .project
            .with_untracked(|p| delete_column(p, table_id, column));
        match built {
            Ok((edit, dependents)) => {
                let confirmed = dependents.items.is_empty() || {
                    let list: Vec<String> =
                        dependents.items.iter().map(|d| format!("• {d}")).collect();
                    let question = format!(
                        "Delete this column? This also removes:\n{}",
                        list.join("\n")
                    );
                    web_sys::window()
                        .and_then(|w| w.confirm_with_message(&question).ok())
                        .unwrap_or(false)
                };
                if confirmed {
                    state.edit(edit);
                }
            }
            Err(e) => state.notice.set(Some(format!("Not deleted: {e}."))),
        }
    };
    view! {
        <div
            class="column-row"
            data-testid="inspector-column"
            data-column=c.name.clone()
            draggable="true"
            on:dragstart=move |_| dragging.set_value(Some(column))
            on:dragover=|ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(moved) = dragging.get_value().filter(|m| *m != column) {
                    state.edit(Edit::MoveColumn { table: table_id, column: moved, to: at });
                }
                dragging.set_value(None);
            }
        >
            <span class="grip" title="Drag to reorder">"⋮⋮"</span>
                <input
                    data-testid="column-name"
                    aria-label=format!("Name of column {}", c.name)
                    prop:value=c.name.clone()
                    on:change=move |ev| {
                        state.edit(Edit::rename_column(table_id, column, event_target_value(&ev).trim().to_string()));
                    }
                />
                <input
                    data-testid="column-type"
                    aria-label=format!("Type of column {}", c.name)
                    list="inspector-types"
                    prop:value=c.data_type.spelling.clone()
                    on:change=move |ev| {
                        let spelling = event_target_value(&ev);
                        build_and_apply(state, |p| set_type(p, table_id, column, &spelling));
                    }
                />
                <input
                    type="checkbox"
                    data-testid="column-pk"
                    aria-label=format!("Column {} in the primary key", c.name)
                    prop:checked=in_key
                    on:change=move |_| {
                        build_and_apply(state, |p| toggle_primary_key(p, table_id, column));
                    }
                />
                <input
                    type="checkbox"
                    data-testid="column-not-null"
                    aria-label=format!("Column {} not null", c.name)
                    prop:checked=!c.nullable
                    on:change=move |ev| set(ColumnChange::Nullable(!event_target_checked(&ev)))
                />
                <input
                    type="checkbox"
                    data-testid="column-unique"
                    aria-label=format!("Column {} unique", c.name)
                    prop:checked=unique
                    on:change=move |_| {
                        build_and_apply(state, |p| toggle_unique(p, table_id, column));
                    }
                />
                <button class="delete" data-testid="column-delete" title="Delete the column" on:click=delete>"×"</button>
            <div class="column-more">
                <input
                    data-testid="column-default"
                    aria-label=format!("Default of column {}", c.name)
                    placeholder="default"
                    prop:value=c.default.clone().unwrap_or_default()
                    on:change=move |ev| set(ColumnChange::Default(optional(event_target_value(&ev))))
                />
                <select
                    data-testid="column-identity"
                    aria-label=format!("Identity of column {}", c.name)
                    on:change=move |ev| {
                        let identity = match event_target_value(&ev).as_str() {
                            "by_default" => Some(Identity::ByDefault),
                            "always" => Some(Identity::Always),
                            _ => None,
                        };
                        set(ColumnChange::Identity(identity));
                    }
                >
                    <option value="" selected=identity.is_empty()>"—"</option>
                    <option value="by_default" selected=identity == "by_default">"by default"</option>
                    <option value="always" selected=identity == "always">"always"</option>
                </select>
                <input
                    data-testid="column-comment"
                    aria-label=format!("Comment on column {}", c.name)
                    placeholder="comment"
                    prop:value=c.comment.clone().unwrap_or_default()
                    on:change=move |ev| set(ColumnChange::Comment(optional(event_target_value(&ev))))
                />
            </div>
        </div>
    }
}
