//! The views bar above the diagram: which view is shown (the whole diagram, a saved view, a
//! focus), back to the whole diagram, and views made from the selection, the search or a
//! table group; an unsaved view can be saved under a name, a saved one deleted.

use leptos::prelude::*;

use super::shown_view::Shown;
use super::state::AppState;
use crate::layout::view::{group_members, matching};

/// The select's value for the unsaved view (no saved view can be called this: it is not a
/// name a user types).
const UNSAVED: &str = "\u{1}unsaved";

#[component]
pub fn ViewBar(query: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let names = move || {
        state
            .project
            .with(|p| p.views.iter().map(|v| v.name.clone()).collect::<Vec<_>>())
    };
    let shown = move || state.shown.get();
    let chosen = move || match shown() {
        Shown::Whole => String::new(),
        Shown::Saved(name) => name,
        Shown::Unsaved(_) => UNSAVED.to_string(),
    };
    let on_choose = move |ev| {
        let value = event_target_value(&ev);
        match value.as_str() {
            "" => state.show(Shown::Whole),
            UNSAVED => {}
            _ => state.show(Shown::Saved(value)),
        }
    };
    let counts = move || {
        let total = state
            .project
            .with(|p| p.model.tables.len() + p.model.collections.len());
        state.shown_view().map(|v| {
            let here = state.project.with(|p| {
                v.members
                    .iter()
                    .filter(|id| {
                        p.model.table_by_id(**id).is_some()
                            || p.model.collections.iter().any(|c| c.id == **id)
                    })
                    .count()
            });
            format!("{here} of {total} tables")
        })
    };
    let save = move |_| {
        let Shown::Unsaved(v) = state.shown.get_untracked() else {
            return;
        };
        let suggested = v.name.trim_start_matches("Focus: ").to_string();
        let answer = window()
            .prompt_with_message_and_default("Name of the view", &suggested)
            .ok()
            .flatten();
        if let Some(name) = answer.filter(|n| !n.trim().is_empty()) {
            state.save_shown_view(&name);
        }
    };
    let from_selection = move |_| {
        let ids = state.selected.get_untracked();
        state.show_part("Selection", ids);
    };
    let from_search = move |_| {
        let q = query.get_untracked();
        let ids = state.project.with_untracked(|p| matching(&p.model, &q));
        state.show_part(&format!("Matching “{}”", q.trim()), ids);
    };
    let groups = move || {
        state.project.with(|p| {
            p.model
                .table_groups
                .iter()
                .map(|g| (g.id, g.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let from_group = move |ev| {
        let value = event_target_value(&ev);
        let picked = groups().into_iter().find(|(id, _)| id.to_string() == value);
        if let Some((id, name)) = picked {
            let ids = state
                .project
                .with_untracked(|p| group_members(&p.model, id));
            state.show_part(&format!("Group {name}"), ids);
        }
    };
    let in_view = move || !matches!(shown(), Shown::Whole);
    let editable = !state.read_only;
    view! {
        <div class="view-bar" data-testid="view-bar">
            <label>
                "View "
                <select data-testid="view-select" prop:value=chosen on:change=on_choose>
                    <option value="" selected=move || matches!(shown(), Shown::Whole)>"Whole diagram"</option>
                    {move || names().into_iter().map(|n| {
                        let value = n.clone();
                        view! { <option value=value.clone() selected=move || chosen() == value>{n}</option> }
                    }).collect_view()}
                    {move || match shown() {
                        Shown::Unsaved(v) => Some(view! { <option value=UNSAVED selected=true>{format!("{} (not saved)", v.name)}</option> }),
                        _ => None,
                    }}
                </select>
            </label>
            <span class="view-count" data-testid="view-count">{counts}</span>
            <Show when=in_view>
                <button data-testid="view-back" title="Show every table again" on:click=move |_| state.show(Shown::Whole)>"Whole diagram"</button>
            </Show>
            <Show when=move || editable && matches!(shown(), Shown::Unsaved(_))>
                <button data-testid="view-save" title="Keep this view in the project" on:click=save>"Save view…"</button>
            </Show>
            <Show when=move || editable && matches!(shown(), Shown::Saved(_))>
                <button data-testid="view-delete" title="Delete this view (the tables stay)" on:click=move |_| state.delete_shown_view()>"Delete view"</button>
            </Show>
            <button
                data-testid="view-from-selection"
                title="A view of the selected tables"
                disabled=move || state.selected.with(|s| s.is_empty())
                on:click=from_selection
            >
                "View of selection"
            </button>
            <button
                data-testid="view-from-search"
                title="A view of the tables whose names contain the search text"
                disabled=move || query.with(|q| q.trim().is_empty())
                on:click=from_search
            >
                "View of matches"
            </button>
            <label class="keys-only" title="Draw each table with its primary and foreign key columns only">
                <input
                    type="checkbox"
                    data-testid="keys-only"
                    prop:checked=move || state.keys_only.get()
                    on:change=move |ev| state.keys_only.set(event_target_checked(&ev))
                />
                "Keys only"
            </label>
            <Show when=move || state.collapsed_groups.with(|c| !c.is_empty())>
                <button
                    data-testid="expand-groups"
                    title="Draw every table of the collapsed groups again"
                    on:click=move |_| state.collapsed_groups.set(Default::default())
                >
                    {move || format!("Expand groups ({})", state.collapsed_groups.with(|c| c.len()))}
                </button>
            </Show>
            <Show when=move || !groups().is_empty()>
                <select data-testid="view-from-group" aria-label="A view of a table group" on:change=from_group>
                    <option value="">"View of group…"</option>
                    {move || groups().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </Show>
        </div>
    }
}
