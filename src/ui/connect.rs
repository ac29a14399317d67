//! What the diagram's elements stand for (a table, a column's row, a connector), drawing a
//! relationship by dropping a connector on a column or a header, and deleting the selection
//! after a confirmation that lists what goes with it.

use leptos::prelude::*;
use web_sys::Element;

use super::state::AppState;
use crate::edit::compose::{delete_tables, relationship};
use crate::edit::{Edit, Relationship};
use crate::model::Id;

/// The id on the nearest element around `el` that `selector` matches.
fn id_around(el: &Element, selector: &str) -> Option<Id> {
    el.closest(selector)
        .ok()
        .flatten()?
        .get_attribute("data-id")?
        .parse::<u64>()
        .ok()
        .map(Id)
}

/// The table (or note: both carry `data-id`) an element of the diagram belongs to.
pub fn table_id_of(el: &Element) -> Option<Id> {
    id_around(el, "[data-id]")
}

/// The note an element of the diagram belongs to.
pub fn note_id_of(el: &Element) -> Option<Id> {
    id_around(el, "[data-note]")
}

/// The column whose connector `el` is.
pub fn connector_column(el: &Element) -> Option<String> {
    el.closest("[data-connector]")
        .ok()
        .flatten()?
        .get_attribute("data-connector")
}

/// The column whose row `el` is in.
pub fn row_column(el: &Element) -> Option<String> {
    el.closest("[data-column]")
        .ok()
        .flatten()?
        .get_attribute("data-column")
}

/// Ends a relationship drawn from `table.column` where the pointer was let go: on another
/// table's column, that column references it; on a header, the table gets a new column.
pub fn connect(state: AppState, table: Id, column: &str, client_x: i32, client_y: i32) {
    let Some(target) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.element_from_point(client_x as f32, client_y as f32))
    else {
        return;
    };
    let Some(referencing_table) = table_id_of(&target) else {
        return;
    };
    let on_header = target.closest("[data-header]").ok().flatten().is_some();
    let dropped_column = row_column(&target).filter(|_| !on_header);
    if referencing_table == table && dropped_column.as_deref() == Some(column) {
        return;
    }
    let ids = state.project.with_untracked(|p| {
        let find = |t: Id, c: &str| {
            p.model
                .table_by_id(t)
                .and_then(|t| t.column(c))
                .map(|c| c.id)
        };
        let referenced = find(table, column)?;
        let referencing = match &dropped_column {
            Some(c) => Some(find(referencing_table, c)?),
            None => None,
        };
        Some((referenced, referencing))
    });
    let Some((referenced_column, referencing_column)) = ids else {
        return;
    };
    let built = state.project.try_update_untracked(|p| {
        relationship(
            p,
            Relationship {
                referenced_table: table,
                referenced_column,
                referencing_table,
                referencing_column,
            },
        )
    });
    match built {
        Some(Ok(edit)) => {
            state.edit(edit);
        }
        Some(Err(e)) => state.notice.set(Some(format!("No relationship: {e}."))),
        None => {}
    }
}

/// Deletes the selected tables and notes once the user confirms, naming what depends on
/// them.
pub fn delete_selection(state: AppState) {
    let (tables, notes): (Vec<Id>, Vec<Id>) = state.selected.with_untracked(|s| {
        state.project.with_untracked(|p| {
            let tables = s
                .iter()
                .copied()
                .filter(|id| p.model.table_by_id(*id).is_some())
                .collect();
            let notes = s
                .iter()
                .copied()
                .filter(|id| p.model.notes.iter().any(|n| n.id == *id))
                .collect();
            (tables, notes)
        })
    });
    if tables.is_empty() && notes.is_empty() {
        return;
    }
    let built = state.project.with_untracked(|p| delete_tables(p, &tables));
    let (edit, dependents) = match built {
        Ok(b) => b,
        Err(e) => {
            state.notice.set(Some(format!("Not deleted: {e}.")));
            return;
        }
    };
    let (label, mut edits) = match edit {
        Edit::Batch { label, edits } => (label, edits),
        other => (String::new(), vec![other]),
    };
    edits.extend(notes.iter().map(|&note| Edit::RemoveNote { note }));
    let label = match (tables.is_empty(), notes.len()) {
        (true, 1) => "delete note".to_string(),
        (true, n) => format!("delete {n} notes"),
        (false, 0) => label,
        (false, n) => format!("{label} and {n} note{}", if n == 1 { "" } else { "s" }),
    };
    let mut question = format!("{}?", capitalised(&label));
    if !dependents.items.is_empty() {
        question.push_str("\n\nThis also removes:\n");
        for item in &dependents.items {
            question.push_str(&format!("• {item}\n"));
        }
    }
    let confirmed = web_sys::window()
        .and_then(|w| w.confirm_with_message(&question).ok())
        .unwrap_or(false);
    if confirmed && state.edit(Edit::Batch { label, edits }) {
        state.selected.set(Default::default());
    }
}

/// Asks for a note's text (the browser's prompt); `None` when cancelled.
pub fn ask_note_text(current: &str) -> Option<String> {
    web_sys::window()?
        .prompt_with_message_and_default("Note", current)
        .ok()
        .flatten()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
