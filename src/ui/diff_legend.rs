//! The legend of the changes marked on the diagram: which version the model is compared
//! with, the colour of each kind of change, and what was removed (no longer drawn).

use leptos::prelude::*;

use super::state::AppState;

/// How many removed objects the legend names before it only counts the rest.
const LISTED: usize = 8;

#[component]
pub fn DiffLegend() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.diff_marks.get().map(|(version, m)| {
            let count = |mark: &str| {
                m.tables.values().filter(|t| t.class() == mark).count()
                    + m.columns
                        .values()
                        .flat_map(|c| c.values())
                        .filter(|c| c.class() == mark)
                        .count()
            };
            let removed: Vec<String> = m
                .removed_tables
                .iter()
                .cloned()
                .chain(m.removed_columns.iter().cloned())
                .collect();
            let removed_text = if removed.len() > LISTED {
                format!(
                    "{} and {} more",
                    removed[..LISTED].join(", "),
                    removed.len() - LISTED
                )
            } else {
                removed.join(", ")
            };
            let item = |class: &'static str, word: &'static str| {
                let n = count(class);
                view! {
                    <span class=format!("diff-key {class}") data-testid=class data-count=n.to_string()>
                        <i></i>
                        {format!("{word} {n}")}
                    </span>
                }
            };
            view! {
                <div class="diff-legend" data-testid="diff-legend">
                    <b>{format!("Changes since {version}")}</b>
                    {if m.is_empty() {
                        view! { <span>"none"</span> }.into_any()
                    } else {
                        view! {
                            {item("diff-added", "added")}
                            {item("diff-changed", "changed")}
                            {item("diff-renamed", "renamed")}
                        }
                        .into_any()
                    }}
                    {(!removed.is_empty()).then(|| view! {
                        <span class="diff-key diff-removed" data-testid="diff-removed">
                            <i></i>
                            {format!("removed: {removed_text}")}
                        </span>
                    })}
                </div>
            }
        })
    }
}
