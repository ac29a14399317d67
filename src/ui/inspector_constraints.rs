//! The inspector's lists of indexes, checks and foreign keys: each entry editable in place,
//! removable, and a button that adds one. Columns are written comma-separated.

use leptos::prelude::*;

use super::inspector::optional;
use super::inspector_columns::build_and_apply;
use super::state::AppState;
use crate::edit::compose::{column_list, columns_named};
use crate::edit::{Constraint, Edit, EditError};
use crate::model::{
    CheckConstraint, ForeignKey, Id, Index, IndexPart, IndexTarget, ReferentialAction, Table,
};

fn put(state: AppState, table: Id, constraint: Constraint, at: usize) {
    state.edit(Edit::PutConstraint {
        table,
        constraint,
        at,
    });
}

/// Puts the constraint `change` makes of the columns `text` names in table `of` (the
/// constraint's own table, or the one a foreign key references); a name the table lacks
/// is said and changes nothing.
fn put_with_columns(
    state: AppState,
    table: Id,
    of: Id,
    text: String,
    at: usize,
    change: impl FnOnce(Vec<Id>) -> Constraint,
) {
    build_and_apply(state, |p| {
        let columns = columns_named(p, of, &text)?;
        Ok::<_, EditError>(Edit::PutConstraint {
            table,
            constraint: change(columns),
            at,
        })
    });
}

fn remove_button(state: AppState, table: Id, id: Id, testid: &'static str) -> impl IntoView {
    view! {
        <button
            class="delete"
            data-testid=testid
            title="Remove"
            on:click=move |_| {
                state.edit(Edit::RemoveConstraint { table, constraint: id });
            }
        >
            "×"
        </button>
    }
}

#[component]
pub fn IndexList(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let table_id = table.id;
    let first = table.columns.first().map(|c| c.id);
    let rows = table
        .indexes
        .iter()
        .enumerate()
        .map(|(at, index)| {
            let index = index.clone();
            let by_columns = index
                .parts
                .iter()
                .all(|p| matches!(p.target, IndexTarget::Column(_)));
            let columns: Vec<String> = index
                .parts
                .iter()
                .map(|p| match &p.target {
                    IndexTarget::Column(c) => table.column_name(*c).to_string(),
                    IndexTarget::Expression(e) => format!("({e})"),
                })
                .collect();
            let (for_name, for_columns, for_unique) = (index.clone(), index.clone(), index.clone());
            view! {
                <li data-testid="inspector-index">
                    <input
                        class="short"
                        placeholder="name"
                        prop:value=index.name.clone().unwrap_or_default()
                        on:change=move |ev| {
                            let mut i = for_name.clone();
                            i.name = optional(event_target_value(&ev));
                            put(state, table_id, Constraint::Index(i), at);
                        }
                    />
                    <input
                        data-testid="index-columns"
                        disabled=!by_columns
                        prop:value=columns.join(", ")
                        on:change=move |ev| {
                            let mut i = for_columns.clone();
                            put_with_columns(state, table_id, table_id, event_target_value(&ev), at, |columns| {
                                i.parts = columns
                                    .into_iter()
                                    .map(|c| IndexPart { target: IndexTarget::Column(c), descending: false, opclass: None })
                                    .collect();
                                Constraint::Index(i)
                            });
                        }
                    />
                    <label class="inline">
                        <input
                            type="checkbox"
                            prop:checked=index.unique
                            on:change=move |ev| {
                                let mut i = for_unique.clone();
                                i.unique = event_target_checked(&ev);
                                put(state, table_id, Constraint::Index(i), at);
                            }
                        />
                        "unique"
                    </label>
                    {remove_button(state, table_id, index.id, "index-remove")}
                </li>
            }
        })
        .collect_view();
    let add = move |_| {
        let Some(column) = first else {
            return;
        };
        build_and_apply(state, |p| {
            let at = p.model.table_by_id(table_id).map_or(0, |t| t.indexes.len());
            Ok::<_, EditError>(Edit::PutConstraint {
                table: table_id,
                constraint: Constraint::Index(Index {
                    id: p.ids.fresh(),
                    name: None,
                    unique: false,
                    method: None,
                    parts: vec![IndexPart {
                        target: IndexTarget::Column(column),
                        descending: false,
                        opclass: None,
                    }],
                    include: Vec::new(),
                    predicate: None,
                }),
                at,
            })
        });
    };
    view! {
        <section class="inspector-section">
            <h3>"Indexes"</h3>
            <ul class="inspector-list">{rows}</ul>
            <button data-testid="add-index" on:click=add>"+ Index"</button>
        </section>
    }
}

#[component]
pub fn CheckList(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let table_id = table.id;
    let rows = table
        .checks
        .iter()
        .enumerate()
        .map(|(at, check)| {
            let check = check.clone();
            let edited = check.clone();
            view! {
                <li data-testid="inspector-check">
                    <input
                        data-testid="check-expression"
                        prop:value=check.expression.clone()
                        on:change=move |ev| {
                            let mut c = edited.clone();
                            c.expression = event_target_value(&ev).trim().to_string();
                            put(state, table_id, Constraint::Check(c), at);
                        }
                    />
                    {remove_button(state, table_id, check.id, "check-remove")}
                </li>
            }
        })
        .collect_view();
    let add = move |_| {
        build_and_apply(state, |p| {
            let at = p.model.table_by_id(table_id).map_or(0, |t| t.checks.len());
            Ok::<_, EditError>(Edit::PutConstraint {
                table: table_id,
                constraint: Constraint::Check(CheckConstraint {
                    id: p.ids.fresh(),
                    name: None,
                    expression: "1 = 1".into(),
                }),
                at,
            })
        });
    };
    view! {
        <section class="inspector-section">
            <h3>"Checks"</h3>
            <ul class="inspector-list">{rows}</ul>
            <button data-testid="add-check" on:click=add>"+ Check"</button>
        </section>
    }
}

const ACTIONS: [(&str, Option<ReferentialAction>); 6] = [
    ("", None),
    ("no_action", Some(ReferentialAction::NoAction)),
    ("restrict", Some(ReferentialAction::Restrict)),
    ("cascade", Some(ReferentialAction::Cascade)),
    ("set_null", Some(ReferentialAction::SetNull)),
    ("set_default", Some(ReferentialAction::SetDefault)),
];

fn action_select(
    current: Option<ReferentialAction>,
    testid: &'static str,
    on_pick: impl Fn(Option<ReferentialAction>) + 'static,
) -> impl IntoView {
    view! {
        <select
            data-testid=testid
            on:change=move |ev| {
                let picked = event_target_value(&ev);
                if let Some((_, a)) = ACTIONS.iter().find(|(v, _)| *v == picked) {
                    on_pick(*a);
                }
            }
        >
            {ACTIONS
                .iter()
                .map(|(value, action)| {
                    let label = action.map_or("—", |a| a.sql());
                    view! { <option value=*value selected=*action == current>{label}</option> }
                })
                .collect_view()}
        </select>
    }
}

#[component]
pub fn ForeignKeyList(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let table_id = table.id;
    let targets: Vec<(Id, String)> = state.project.with_untracked(|p| {
        p.model
            .tables
            .iter()
            .map(|t| (t.id, t.qualified_name()))
            .collect()
    });
    let referenced_names = |fk: &ForeignKey| {
        state.project.with_untracked(|p| {
            p.model
                .table_by_id(fk.ref_table)
                .map(|t| column_list(t, &fk.ref_columns))
                .unwrap_or_default()
        })
    };
    let rows = table
        .foreign_keys
        .iter()
        .enumerate()
        .map(|(at, fk)| {
            let fk: ForeignKey = fk.clone();
            let options = targets
                .iter()
                .enumerate()
                .map(|(k, (id, label))| {
                    let chosen = *id == fk.ref_table;
                    view! { <option value=k.to_string() selected=chosen>{label.clone()}</option> }
                })
                .collect_view();
            let own_columns = column_list(&table, &fk.columns);
            let ref_columns = referenced_names(&fk);
            let targets = targets.clone();
            let fk_for_target = fk.clone();
            let fk_for_columns = fk.clone();
            let fk_for_refs = fk.clone();
            let fk_for_delete = fk.clone();
            let fk_for_update = fk.clone();
            view! {
                <li data-testid="inspector-fk" class="fk">
                    <input
                        data-testid="fk-columns"
                        title="columns"
                        prop:value=own_columns
                        on:change=move |ev| {
                            let mut f = fk_for_columns.clone();
                            put_with_columns(state, table_id, table_id, event_target_value(&ev), at, |columns| {
                                f.columns = columns;
                                Constraint::ForeignKey(f)
                            });
                        }
                    />
                    "→"
                    <select
                        data-testid="fk-table"
                        on:change=move |ev| {
                            let Ok(k) = event_target_value(&ev).parse::<usize>() else { return };
                            let Some((target, _)) = targets.get(k).cloned() else { return };
                            let mut f = fk_for_target.clone();
                            f.ref_table = target;
                            f.ref_columns.clear();
                            put(state, table_id, Constraint::ForeignKey(f), at);
                        }
                    >
                        {options}
                    </select>
                    <input
                        data-testid="fk-ref-columns"
                        class="short"
                        placeholder="(its key)"
                        prop:value=ref_columns
                        on:change=move |ev| {
                            let mut f = fk_for_refs.clone();
                            let target = f.ref_table;
                            put_with_columns(state, table_id, target, event_target_value(&ev), at, |columns| {
                                f.ref_columns = columns;
                                Constraint::ForeignKey(f)
                            });
                        }
                    />
                    <span class="inline">"on delete"</span>
                    {action_select(fk.on_delete, "fk-on-delete", move |a| {
                        let mut f = fk_for_delete.clone();
                        f.on_delete = a;
                        put(state, table_id, Constraint::ForeignKey(f), at);
                    })}
                    <span class="inline">"on update"</span>
                    {action_select(fk.on_update, "fk-on-update", move |a| {
                        let mut f = fk_for_update.clone();
                        f.on_update = a;
                        put(state, table_id, Constraint::ForeignKey(f), at);
                    })}
                    {remove_button(state, table_id, fk.id, "fk-remove")}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="inspector-section">
            <h3>"Foreign keys"</h3>
            <ul class="inspector-list">{rows}</ul>
            <p class="hint">"Draw one on the diagram: drag a key's ● onto a column or a table's header."</p>
        </section>
    }
}
