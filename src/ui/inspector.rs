//! The inspector: the selected table's name, schema, comment, colour and group, its columns,
//! its indexes, checks and foreign keys, and its dependencies. A thin view: every field
//! commits an edit.

use leptos::prelude::*;

use super::inspector_columns::{build_and_apply, ColumnList};
use super::inspector_constraints::{CheckList, ForeignKeyList, IndexList};
use super::inspector_dependencies::DependencyPanel;
use super::state::AppState;
use crate::edit::compose::{regroup, rename_table_to, GroupTarget};
use crate::edit::{Edit, TableChange};
use crate::model::{Id, Table, TableGroup};

/// The one selected table, if exactly one is selected.
pub fn selected_table(state: AppState) -> Memo<Option<Table>> {
    Memo::new(move |_| {
        let selected = state.selected.get();
        let [id] = selected.iter().copied().collect::<Vec<_>>()[..] else {
            return None;
        };
        state.project.with(|p| p.model.table_by_id(id).cloned())
    })
}

/// An optional text from a field: empty means none.
pub fn optional(text: String) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `left`: dock on the left of the diagram (the selected table is on the right).
#[component]
pub fn Inspector(left: Signal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let table = selected_table(state);
    // How many foreign keys away Focus reaches; kept while the inspector stays.
    let steps = RwSignal::new(1usize);
    move || {
        table.get().map(|t| {
            let id = t.id;
            let schema = t.schema.clone();
            let name = t.name.clone();
            let rename = move |name: String, schema: Option<String>| {
                build_and_apply(state, |p| {
                    Ok::<_, crate::edit::EditError>(rename_table_to(p, id, schema, name))
                });
            };
            let keep_schema = schema.clone();
            let keep_name = name.clone();
            view! {
                <aside class="inspector" class:left=move || left.get() data-testid="inspector" on:pointerdown=|ev| ev.stop_propagation()>
                    <header class="inspector-header">
                        <span>"Table"</span>
                        <span class="focus-controls">
                            <select data-testid="focus-steps" aria-label="How far Focus reaches" on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                                    steps.set(n);
                                }
                            }>
                                <option value="1" selected=move || steps.get() == 1>"1 step"</option>
                                <option value="2" selected=move || steps.get() == 2>"2 steps"</option>
                                <option value="3" selected=move || steps.get() == 3>"3 steps"</option>
                            </select>
                            <button data-testid="focus-table" title="Show this table and its neighbours only" on:click=move |_| state.focus_on(id, steps.get_untracked())>"Focus"</button>
                        </span>
                        <button class="close" title="Close" on:click=move |_| state.selected.set(Default::default())>"×"</button>
                    </header>
                    <label>
                        "Name"
                        <input
                            data-testid="inspector-name"
                            prop:value=name.clone()
                            on:change=move |ev| rename(event_target_value(&ev).trim().to_string(), keep_schema.clone())
                        />
                    </label>
                    <label>
                        "Schema"
                        <input
                            data-testid="inspector-schema"
                            placeholder="(default)"
                            prop:value=schema.clone().unwrap_or_default()
                            on:change=move |ev| rename(keep_name.clone(), optional(event_target_value(&ev)))
                        />
                    </label>
                    <label>
                        "Comment"
                        <textarea
                            data-testid="inspector-comment"
                            rows="2"
                            placeholder="fd: a, b -> c declares a dependency"
                            title="A line or ;-separated part `fd: a, b -> c` declares that a and b determine c: the normal-form rules use it"
                            prop:value=t.comment.clone().unwrap_or_default()
                            on:change=move |ev| {
                                state.edit(Edit::SetTable {
                                    table: id,
                                    change: TableChange::Comment(optional(event_target_value(&ev))),
                                });
                            }
                        ></textarea>
                    </label>
                    <div class="inspector-row">
                        <label>
                            "Colour"
                            <input
                                type="color"
                                data-testid="inspector-color"
                                prop:value=t.color.clone().unwrap_or_else(|| "#334155".into())
                                on:change=move |ev| {
                                    state.edit(Edit::SetTable {
                                        table: id,
                                        change: TableChange::Color(Some(event_target_value(&ev))),
                                    });
                                }
                            />
                        </label>
                        <GroupChoice table=t.clone() />
                    </div>
                    <ColumnList table=t.clone() />
                    <IndexList table=t.clone() />
                    <CheckList table=t.clone() />
                    <ForeignKeyList table=t.clone() />
                    <DependencyPanel table=t.clone() />
                </aside>
            }
        })
    }
}

/// The group a table is in: choosing another moves it, "new group" makes one around it.
#[component]
fn GroupChoice(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = state
        .project
        .with_untracked(|p| p.model.table_groups.clone());
    let member = |g: &TableGroup| g.tables.contains(&table.id);
    let current = groups.iter().find(|g| member(g)).map(|g| g.id);
    let options = groups
        .iter()
        .map(|g| {
            let value = g.id.to_string();
            view! { <option value=value selected=current == Some(g.id)>{g.name.clone()}</option> }
        })
        .collect_view();
    let id = table.id;
    let on_change = move |ev: leptos::ev::Event| {
        let target = match event_target_value(&ev).as_str() {
            "" => GroupTarget::None,
            "new" => GroupTarget::New,
            other => match other.parse() {
                Ok(g) => GroupTarget::Existing(Id(g)),
                Err(_) => return,
            },
        };
        match state
            .project
            .try_update_untracked(|p| regroup(p, id, target))
        {
            Some(Ok(edit)) => {
                state.edit(edit);
            }
            Some(Err(e)) => state.notice.set(Some(format!("Not changed: {e}."))),
            None => {}
        }
    };
    view! {
        <label>
            "Group"
            <select data-testid="inspector-group" on:change=on_change>
                <option value="" selected=current.is_none()>"(none)"</option>
                {options}
                <option value="new">"New group…"</option>
            </select>
        </label>
    }
}
