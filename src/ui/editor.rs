//! The SQL editor: typing re-imports (debounced); a parse error shows its line and column
//! and a click puts the cursor there, while the diagram keeps the last good model.

use leptos::html::Textarea;
use leptos::prelude::*;

use super::findings_panel::FindingsPanel;
use super::state::AppState;
use super::text_position::utf16_offset;
use crate::model::{Dialect, SourceFormat};

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let textarea = NodeRef::<Textarea>::new();
    // Re-read only when the text is replaced from outside, never while the user types.
    let text = move || {
        state.editor_epoch.track();
        state.project.with_untracked(|p| p.source.text.clone())
    };
    let first_error = Memo::new(move |_| state.report.with(|r| r.errors().next().cloned()));
    let summary = move || {
        state.report.with(|r| {
            let errors = r.errors().count();
            let mut line = format!(
                "{} statements · {} imported · {} skipped",
                r.statements,
                r.imported,
                r.skipped.len() - errors
            );
            if errors > 0 {
                line.push_str(&format!(" · {errors} with errors"));
            }
            line
        })
    };
    let jump_to_error = move |_| {
        if let (Some(error), Some(area)) = (first_error.get_untracked(), textarea.get_untracked()) {
            let offset = utf16_offset(&area.value(), error.position);
            let _ = area.focus();
            let _ = area.set_selection_range(offset, offset);
        }
    };
    // A clicked finding puts the cursor where the text writes its object.
    Effect::new(move |_| {
        if let (Some(at), Some(area)) = (state.goto.get(), textarea.get_untracked()) {
            let offset = utf16_offset(&area.value(), at);
            let _ = area.focus();
            let _ = area.set_selection_range(offset, offset);
            state.goto.update_untracked(|g| *g = None);
        }
    });
    let dialect = move || state.project.with(|p| p.source.dialect.name());
    let format = move || state.project.with(|p| p.source.format);
    view! {
        <section class="panel editor-panel">
            <header class="panel-header">
                <div class="view-switch" role="tablist">
                    <button
                        data-testid="view-sql"
                        class:active=move || format() == SourceFormat::Sql
                        on:click=move |_| state.set_view(SourceFormat::Sql)
                    >
                        "SQL"
                    </button>
                    <button
                        data-testid="view-dbml"
                        class:active=move || format() == SourceFormat::Dbml
                        on:click=move |_| state.set_view(SourceFormat::Dbml)
                    >
                        "DBML"
                    </button>
                </div>
                <select
                    class:hidden=move || format() == SourceFormat::Dbml
                    data-testid="dialect"
                    prop:value=dialect
                    on:change=move |ev| {
                        if let Some(d) = Dialect::parse(&event_target_value(&ev)) {
                            state.set_dialect(d);
                        }
                    }
                >
                    {Dialect::ALL
                        .iter()
                        .map(|d| view! { <option value=d.name()>{d.name()}</option> })
                        .collect_view()}
                </select>
            </header>
            <textarea
                class="sql-editor"
                data-testid="sql-editor"
                spellcheck="false"
                node_ref=textarea
                prop:value=text
                on:input=move |ev| state.edit_text(event_target_value(&ev))
            ></textarea>
            {move || {
                first_error
                    .get()
                    .map(|e| {
                        view! {
                            <button
                                class="editor-error"
                                data-testid="editor-error"
                                title="Go to the error"
                                on:click=jump_to_error
                            >
                                {format!(
                                    "Line {}, column {}: {}",
                                    e.position.line,
                                    e.position.column,
                                    e.reason,
                                )}
                            </button>
                        }
                    })
            }}
            <div class="import-summary" data-testid="import-summary">{summary}</div>
            <FindingsPanel />
        </section>
    }
}
