//! Import: paste text, pick a file or drop one; the format and dialect are detected (and can
//! be chosen); a report shows what will be imported and every statement skipped, each one
//! selecting its line; only then does the diagram change.

use std::rc::Rc;
use std::time::Duration;

use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::{read_text, read_text_in_steps};
use super::modal::Modal;
use super::state::AppState;
use super::stepwise_import::import_in_steps;
use super::text_position::utf16_line;
use crate::diagnostic::Severity;
use crate::import::detect::{detect_format, detect_kind, Format, TextKind};
use crate::import::dialect_guess::{try_dialects, DialectGuess};
use crate::import::sql::{ImportReport, SqlImport};
use crate::model::{Dialect, Project};
use crate::workspace::{
    check_source, open_text, project_from_import, project_from_large_import, Input, LARGE_INPUT,
};

/// What the dialog would import: the project and the report, or why it cannot.
type Preview = Option<Result<(Project, Option<ImportReport>), String>>;

/// The part of the progress bar that stands for reading a large file.
const READING_SHARE: f64 = 0.1;

/// A file too large for the text box: imported in steps, with progress.
#[derive(Clone)]
struct LargeFile {
    name: String,
    text: Rc<String>,
    detected: Dialect,
}

#[component]
pub fn ImportDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let area = NodeRef::<Textarea>::new();
    let text = RwSignal::new(String::new());
    let name = RwSignal::new("pasted".to_string());
    // None: detect from the text.
    let chosen = RwSignal::new(None::<Dialect>);
    let ticket = RwSignal::new(0u64);
    let large = StoredValue::new_local(None::<LargeFile>);
    let large_label = RwSignal::new(None::<String>);
    let large_preview = RwSignal::new(None::<Result<(Project, Option<ImportReport>), String>>);
    let progress = RwSignal::new(None::<f64>);
    let run = RwSignal::new(0u64);
    let start_large = move || {
        let Some(file) = large.get_value() else {
            return;
        };
        let mine = run.get_untracked() + 1;
        run.set(mine);
        large_preview.set(None);
        progress.set(Some(READING_SHARE));
        let dialect = chosen.get_untracked().unwrap_or(file.detected);
        spawn_local(async move {
            let import = import_in_steps(
                &file.text,
                dialect,
                move |f| progress.set(Some(READING_SHARE + f * (1.0 - READING_SHARE))),
                move || run.get_untracked() != mine,
            )
            .await;
            if let Some(import) = import {
                let report = import.report.clone();
                let project = project_from_large_import(&file.name, import, dialect);
                large_preview.set(Some(Ok((project, Some(report)))));
                progress.set(None);
            }
        });
    };
    // How each dialect reads the pasted SQL: the best one is used unless the user chooses.
    // The winner's import comes with it, so the preview does not import the text again.
    let guess: Memo<Option<(DialectGuess, SqlImport)>> = Memo::new(move |_| {
        text.with(|t| {
            (!t.trim().is_empty() && detect_kind(t) == TextKind::Sql).then(|| try_dialects(t))
        })
    });
    let guessed = move || guess.with(|g| g.as_ref().map(|(g, _)| g.chosen()));
    let preview: Memo<Preview> = Memo::new(move |_| {
        let (text, name, chosen) = (text.get(), name.get(), chosen.get());
        if text.trim().is_empty() {
            return None;
        }
        if chosen.is_none() {
            if let Some((dialect, import)) =
                guess.with(|g| g.as_ref().map(|(g, i)| (g.chosen(), i.clone())))
            {
                let (project, report) = project_from_import(&name, &text, import, dialect);
                return Some(Ok((project, Some(report))));
            }
        }
        let dialect = chosen.or_else(guessed);
        Some(match open_text(&name, &text, dialect) {
            Ok(Input::Project(p)) => Ok((*p, None)),
            Ok(Input::Sql { project, report }) => Ok((*project, Some(report))),
            Err(d) => Err(d.to_string()),
        })
    });
    let detected = move || {
        if large_label.with(Option::is_some) {
            if let Some(d) = large.with_value(|l| l.as_ref().map(|f| f.detected)) {
                return format!("SQL, {d}");
            }
        }
        if let Some(d) = guessed() {
            return format!("SQL, {d}");
        }
        text.with(|t| match detect_kind(t) {
            TextKind::Project => "project file".to_string(),
            TextKind::Dbml => "DBML".to_string(),
            TextKind::Sql => "SQL".to_string(),
        })
    };
    let dialect_select = NodeRef::<leptos::html::Select>::new();
    let choose = move |dialect: Dialect| {
        chosen.set(Some(dialect));
        if let Some(select) = dialect_select.get_untracked() {
            select.set_value(dialect.name());
        }
    };
    // When two dialects read the text about equally well, say so and let the user pick.
    let close_call = move || {
        if chosen.with(Option::is_some) {
            return None;
        }
        let trials = guess.with(|g| {
            g.as_ref()
                .filter(|(g, _)| g.is_close())
                .map(|(g, _)| g.trials.clone())
        })?;
        let rows = trials
            .into_iter()
            .map(|t| {
                let label = format!(
                    "{}: {} tables, {} foreign keys, {} errors",
                    t.dialect, t.tables, t.foreign_keys, t.errors
                );
                view! {
                    <li>
                        <button data-testid="import-dialect-choice" on:click=move |_| choose(t.dialect)>
                            {label}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="import-close-call" data-testid="import-dialect-close">
                <p>"These dialects read the text about equally well; choose the one it is written in:"</p>
                <ul>{rows}</ul>
            </div>
        })
    };
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        large.set_value(None);
        large_label.set(None);
        large_preview.set(None);
        run.update(|r| *r += 1);
        let mine = ticket.get_untracked() + 1;
        ticket.set(mine);
        set_timeout(
            move || {
                if ticket.get_untracked() == mine {
                    text.set(value);
                }
            },
            Duration::from_millis(300),
        );
    };
    let load_file = move |file: web_sys::File| {
        spawn_local(async move {
            let content = if file.size() > LARGE_INPUT as f64 {
                progress.set(Some(0.0));
                read_text_in_steps(&file, move |f| progress.set(Some(f * READING_SHARE))).await
            } else {
                read_text(&file).await
            };
            match content {
                Ok(content) => {
                    name.set(file.name());
                    let sql = match detect_format(&content) {
                        Format::Sql(d) if content.len() > LARGE_INPUT => Some(d),
                        _ => None,
                    };
                    if let Some(detected) = sql {
                        if let Some(a) = area.get_untracked() {
                            a.set_value("");
                        }
                        text.set(String::new());
                        large_label.set(Some(format!(
                            "{}: {:.1} MB, imported in steps; the editor will show the schema generated from it",
                            file.name(),
                            content.len() as f64 / 1e6
                        )));
                        large.set_value(Some(LargeFile {
                            name: file.name(),
                            text: Rc::new(content),
                            detected,
                        }));
                        start_large();
                        return;
                    }
                    large.set_value(None);
                    large_label.set(None);
                    large_preview.set(None);
                    if let Some(a) = area.get_untracked() {
                        a.set_value(&content);
                    }
                    text.set(content);
                }
                Err(message) => {
                    progress.set(None);
                    state.notice.set(Some(message));
                }
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load_file(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            load_file(file);
        }
    };
    let select_line = move |line: u32| {
        if let Some(a) = area.get_untracked() {
            let (start, end) = text.with_untracked(|t| utf16_line(t, line));
            let _ = a.focus();
            let _ = a.set_selection_range(start, end);
        }
    };
    let current = move || large_preview.get().or_else(|| preview.get());
    let confirm = move |_| {
        if let Some(Ok((project, _))) = large_preview.get_untracked() {
            // The editor holds the generated schema, so its report is of that text.
            let notice = large_label.get_untracked();
            let report = check_source(&project);
            let dialect = project.source.dialect;
            state.replace_project(project, report);
            if let Some(file) = large.get_value() {
                state.keep_dump(file.text, dialect);
            }
            state.notice.set(notice);
            state.importing.set(false);
        } else if let Some(Ok((project, report))) = preview.get_untracked() {
            let report = report.unwrap_or_else(|| check_source(&project));
            let sql = (project.source.format == crate::model::SourceFormat::Sql)
                .then_some(project.source.dialect);
            state.replace_project(project, report);
            if let Some(dialect) = sql {
                state.keep_dump(Rc::new(text.get_untracked()), dialect);
            }
            state.importing.set(false);
        }
    };
    let progress_view = move || {
        progress.get().map(|f| {
            view! {
                <div class="import-progress">
                    <progress data-testid="import-progress" max="1" value=f></progress>
                    <span>{format!("{:.0} %", f * 100.0)}</span>
                </div>
            }
        })
    };
    let report_view = move || {
        current().map(|result| match result {
            Err(message) => view! { <p class="import-error" data-testid="import-error">{message}</p> }.into_any(),
            Ok((project, report)) => {
                let m = &project.model;
                let counts = format!(
                    "{} tables · {} columns · {} foreign keys · {} indexes · {} views · {} enums",
                    m.tables.len(),
                    m.column_count(),
                    m.foreign_key_count(),
                    m.index_count(),
                    m.views.len(),
                    m.enums.len()
                );
                let skipped = report.map(|r| r.skipped).unwrap_or_default();
                let rows = skipped
                    .into_iter()
                    .map(|s| {
                        let line = s.position.line;
                        let class = match s.severity {
                            Severity::Error => "skipped error",
                            Severity::Warning => "skipped warning",
                            Severity::Info => "skipped info",
                        };
                        view! {
                            <li class=class data-testid="import-skipped" on:click=move |_| select_line(line)>
                                <span class="where">{format!("{}:{}", s.position.line, s.position.column)}</span>
                                <span class="kind">{s.kind}</span>
                                <span class="reason">{s.reason}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="import-report" data-testid="import-report">
                        <p class="counts" data-testid="import-counts">{counts}</p>
                        <ul class="skipped-list">{rows}</ul>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <Modal
            class="modal import-dialog"
            test_id="import-dialog"
            heading="import-title"
            on_close=move |()| state.importing.set(false)
            backdrop_closes=false
            on_drop=on_drop
        >
                <header class="panel-header">
                    <h2 id="import-title">"Import SQL, DBML or a project file"</h2>
                    <button class="close" data-testid="import-close" on:click=move |_| state.importing.set(false)>"×"</button>
                </header>
                <div class="import-body">
                    <textarea
                        node_ref=area
                        class="import-text"
                        data-testid="import-text"
                        spellcheck="false"
                        placeholder="Paste a schema here, or drop a .sql, .dbml or project .json file"
                        on:input=on_input
                    ></textarea>
                    <div class="import-controls">
                        <label class="file-button">
                            "Choose a file…"
                            <input type="file" accept=".sql,.dbml,.json,.txt" class="hidden" data-testid="import-file" on:change=on_pick />
                        </label>
                        <span class="detected" data-testid="import-detected">"Detected: " {detected}</span>
                        <select
                            node_ref=dialect_select
                            data-testid="import-dialect"
                            aria-label="Dialect of the text"
                            on:change=move |ev| {
                                chosen.set(Dialect::parse(&event_target_value(&ev)));
                                start_large();
                            }
                        >
                            <option value="auto">"dialect: as detected"</option>
                            {Dialect::ALL.iter().map(|d| view! { <option value=d.name()>{d.name()}</option> }).collect_view()}
                        </select>
                        <button
                            class="primary"
                            data-testid="import-confirm"
                            disabled=move || !matches!(current(), Some(Ok(_)))
                            on:click=confirm
                        >
                            "Import"
                        </button>
                    </div>
                    {move || large_label.get().map(|l| view! { <p class="import-large" data-testid="import-large">{l}</p> })}
                    {close_call}
                    {progress_view}
                    {report_view}
                </div>
        </Modal>
    }
}
