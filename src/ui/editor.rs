//! The schema editor: a real code editor (CodeMirror, see code_editor.rs) with highlighting
//! for SQL and DBML, line numbers, find and replace and bracket matching. Typing re-imports
//! (debounced); findings and import errors show as gutter markers and underlines; a parse
//! error shows its line and column and a click puts the cursor there, while the diagram
//! keeps the last good model.

use leptos::html::Div;
use leptos::prelude::*;

use super::code_editor::{language_name, load, mount, MountedEditor};
use super::findings_panel::FindingsPanel;
use super::state::AppState;
use crate::model::{Dialect, SourceFormat};
use crate::rules::Finding;

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let host = NodeRef::<Div>::new();
    let mounted = StoredValue::new_local(None::<MountedEditor>);
    let failed = RwSignal::new(None::<String>);
    let language = move || {
        state
            .project
            .with(|p| language_name(p.source.format, p.source.dialect))
    };
    // The editor's script is loaded when an editor is first shown, not with the app: the
    // diagram is drawn first. `mounts` counts mounts, for the effects that feed the editor.
    let loaded = RwSignal::new(false);
    let mounts = RwSignal::new(0u32);
    leptos::task::spawn_local(async move {
        match load().await {
            Ok(()) => {
                loaded.try_set(true);
            }
            Err(e) => {
                failed.try_set(Some(format!("The code editor did not load: {e}.")));
            }
        }
    });
    // Mounts once the script is loaded and the host is in the page, with the project's text.
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if !loaded.get() || mounted.with_value(Option::is_some) {
            return;
        }
        let (text, lang) = state.project.with_untracked(|p| {
            (
                p.source.text.clone(),
                language_name(p.source.format, p.source.dialect),
            )
        });
        match mount(&el, &text, &lang, move |typed| state.edit_text(typed)) {
            Ok(editor) => {
                mounted.set_value(Some(editor));
                mounts.update(|n| *n += 1);
            }
            Err(e) => failed.set(Some(format!("The code editor did not load: {e}."))),
        }
    });
    on_cleanup(move || {
        if let Some(m) = mounted.try_update_value(Option::take).flatten() {
            m.editor.destroy();
        }
    });
    // The text is replaced from outside (undo, a view switch, an edit on the diagram), never
    // while the user types.
    Effect::new(move |_| {
        state.editor_epoch.track();
        let text = state.project.with_untracked(|p| p.source.text.clone());
        mounted.with_value(|m| {
            if let Some(m) = m {
                m.editor.set_text(&text);
            }
        });
    });
    Effect::new(move |_| {
        mounts.track();
        let lang = language();
        mounted.with_value(|m| {
            if let Some(m) = m {
                m.editor.set_language(&lang);
            }
        });
    });
    // Import errors and skips, then the rules' findings, in the gutter and underlined.
    Effect::new(move |_| {
        mounts.track();
        let skipped: Vec<Finding> = state
            .report
            .with(|r| r.skipped.iter().map(Finding::from_skipped).collect());
        state.findings.with(|found| {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.editor.show_findings(skipped.iter().chain(found.iter()));
                }
            });
        });
    });
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
        if let Some(error) = first_error.get_untracked() {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.editor.go_to_position(error.position, false);
                }
            });
        }
    };
    // A clicked finding selects the name where the text writes its object.
    Effect::new(move |_| {
        if let Some(at) = state.goto.get() {
            mounted.with_value(|m| {
                if let Some(m) = m {
                    m.editor.go_to_position(at, true);
                }
            });
            state.goto.update_untracked(|g| *g = None);
        }
    });
    let dialect = move || state.project.with(|p| p.source.dialect.name());
    let format = move || state.project.with(|p| p.source.format);
    view! {
        <section class="panel editor-panel">
            <header class="panel-header">
                <div class="view-switch" role="tablist" aria-label="The editor's language">
                    <button
                        data-testid="view-sql"
                        role="tab"
                        aria-selected=move || (format() == SourceFormat::Sql).to_string()
                        class:active=move || format() == SourceFormat::Sql
                        on:click=move |_| state.set_view(SourceFormat::Sql)
                    >
                        "SQL"
                    </button>
                    <button
                        data-testid="view-dbml"
                        role="tab"
                        aria-selected=move || (format() == SourceFormat::Dbml).to_string()
                        class:active=move || format() == SourceFormat::Dbml
                        on:click=move |_| state.set_view(SourceFormat::Dbml)
                    >
                        "DBML"
                    </button>
                </div>
                <select
                    class:hidden=move || format() == SourceFormat::Dbml
                    data-testid="dialect"
                    aria-label="SQL dialect"
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
            <div class="code-editor" data-testid="sql-editor" node_ref=host></div>
            {move || {
                failed.get().map(|message| view! { <div class="editor-error" role="alert">{message}</div> })
            }}
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
