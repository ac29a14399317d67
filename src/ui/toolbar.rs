//! Open, Save and Example, plus messages that are not about the editor's text.

use std::rc::Rc;

use leptos::html::Input as InputElement;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::{download, picked, read_text, read_text_in_steps};
use super::history_buttons::HistoryButtons;
use super::open_timing;
use super::projects_dialog::ProjectsDialog;
use super::save_status::SaveIndicator;
use super::share_dialog::ShareDialog;
use super::state::AppState;
use super::stepwise_import::{after_next_paint, carry_on_in_steps};
use super::theme::ThemeChoice;
use crate::example::example_project;
use crate::import::detect::{detect_kind, TextKind};
use crate::import::dialect_guess::{trials, Trial};
use crate::workspace::{
    check_source, open_text_in_phases, project_from_large_import, Input, OpenPhase, LARGE_INPUT,
};

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let picker = NodeRef::<InputElement>::new();
    let open = move |_| {
        if let Some(input) = picker.get_untracked() {
            input.click();
        }
    };
    let on_pick = move |_| {
        let Some(file) = picked(&picker) else {
            return;
        };
        spawn_local(async move {
            open_file(state, file).await;
            if let Some(input) = picker.get_untracked() {
                input.set_value("");
            }
        });
    };
    let save = move |_| {
        let (name, json) = state
            .project
            .with_untracked(|p| (file_name(&p.name), p.to_json()));
        if download(&name, "application/json", &json).is_err() {
            state
                .notice
                .set(Some("The browser refused the download.".into()));
        }
    };
    let new_project = move |_| {
        let dialect = state.project.with_untracked(|p| p.source.dialect);
        let project = crate::model::Project::new("untitled", dialect);
        state.replace_project(project, Default::default());
    };
    let example = move |_| {
        let project = example_project();
        let report = check_source(&project);
        state.replace_project(project, report);
    };
    let sharing = RwSignal::new(false);
    let listing = RwSignal::new(false);
    // Test-only: forces a panic so the end-to-end test can see the recovery.
    let crash_button = super::crash::test_actions().then(|| {
        view! {
            <button data-testid="test-panic" on:click=|_| panic!("a test asked for a panic")>"Crash (test)"</button>
        }
    });
    view! {
        <Show when=move || sharing.get()>
            <ShareDialog open=sharing />
        </Show>
        <Show when=move || listing.get()>
            <ProjectsDialog open=listing />
        </Show>
        <header class="toolbar">
            <h1 class="brand">"Schemaforge"</h1>
            <span class="project-name" data-testid="project-name">
                {move || state.project.with(|p| p.name.clone())}
            </span>
            <SaveIndicator />
            <HistoryButtons />
            <div class="actions">
                <button data-testid="projects" title="The projects kept in this browser" on:click=move |_| listing.set(true)>"Projects"</button>
                <button data-testid="new-project" title="An empty project (undo brings this one back)" on:click=new_project>"New"</button>
                <button data-testid="import" on:click=move |_| state.importing.set(true)>
                    "Import"
                </button>
                <button
                    data-testid="import-documents"
                    title="Infer a MongoDB collection from sample documents, or read a $jsonSchema validator"
                    on:click=move |_| state.importing_documents.set(true)
                >
                    "Documents"
                </button>
                <button data-testid="open" on:click=open>"Open"</button>
                <input
                    type="file"
                    accept=".sql,.json,.txt"
                    class="hidden"
                    data-testid="open-file"
                    node_ref=picker
                    on:change=on_pick
                />
                <button data-testid="save" on:click=save>"Save"</button>
                <button data-testid="share" title="A link that holds the whole project, and an embed for wikis" on:click=move |_| sharing.set(true)>"Share"</button>
                {crash_button}
                <button data-testid="example" on:click=example>"Example"</button>
                <ThemeChoice />
                <button data-testid="help" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" on:click=move |_| state.help.set(true)>"?"</button>
            </div>
            {move || {
                state
                    .notice
                    .get()
                    .map(|n| {
                        view! {
                            <div class="notice" data-testid="notice" role="alert">
                                {n}
                                <button on:click=move |_| state.notice.set(None)>"×"</button>
                            </div>
                        }
                    })
            }}
        </header>
    }
}

/// Files larger than this say that they are being opened before the import starts.
const SAY_OPENING: usize = 256 * 1024;

/// Opens a chosen or dropped file: a project, SQL (a big dump in steps, its rows kept for
/// dependency discovery) or DBML, as one undoable step; what cannot be read is a message.
pub async fn open_file(state: AppState, file: web_sys::File) {
    open_timing::mark("start");
    let name = file.name();
    let text = if file.size() > LARGE_INPUT as f64 {
        let reading = name.clone();
        read_text_in_steps(&file, move |f| {
            state
                .notice
                .set(Some(format!("Reading {reading}: {:.0} %", f * 100.0)))
        })
        .await
    } else {
        read_text(&file).await
    };
    open_timing::mark("read");
    if let Ok(text) = &text {
        if text.len() > SAY_OPENING {
            // Importing and laying out a big schema takes a while: say so before it starts.
            state.notice.set(Some(format!(
                "Opening {name} ({:.0} KB): importing and laying out…",
                text.len() as f64 / 1e3
            )));
            after_next_paint().await;
            open_timing::mark("shown");
        }
        if text.len() > LARGE_INPUT && detect_kind(text) == TextKind::Sql {
            // The winning dialect's trial import is carried on, not started again.
            let (guess, trial) = trials(text);
            let dialect = guess.chosen();
            open_large(state, &name, text.len(), dialect, trial).await;
            // Its rows stay at hand for discovering dependencies.
            state.keep_dump(Rc::new(text.clone()), dialect);
            return;
        }
    }
    let opened = text.and_then(|text| {
        // The dialect comes from the file itself, not from the current project.
        open_text_in_phases(&name, &text, None, |phase| {
            open_timing::mark(match phase {
                OpenPhase::Imported => "import",
                OpenPhase::LaidOut => "layout",
            })
        })
        .map(|input| (input, text))
        .map_err(|d| format!("{name}: {d}"))
    });
    match opened {
        Ok((Input::Project(project), _)) => {
            let report = check_source(&project);
            state.replace_project(*project, report);
            open_timing::mark_when_painted();
        }
        Ok((Input::Sql { project, report }, text)) => {
            let sql = (project.source.format == crate::model::SourceFormat::Sql)
                .then_some(project.source.dialect);
            state.replace_project(*project, report);
            open_timing::mark_when_painted();
            // Its rows stay at hand for discovering dependencies.
            if let Some(dialect) = sql {
                state.keep_dump(Rc::new(text), dialect);
            }
        }
        Err(message) => state.notice.set(Some(message)),
    }
}

/// A file name for the project: its name with unsafe characters replaced.
fn file_name(project: &str) -> String {
    format!("{}.schemaforge.json", file_stem(project))
}

/// The project's name as a file name stem: unsafe characters replaced.
pub fn file_stem(project: &str) -> String {
    let stem: String = project
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() { "project" } else { stem }.to_string()
}

/// Opens a large SQL file in steps from where the dialect guess's winning `trial` stopped,
/// with its progress in the notice line.
async fn open_large(
    state: AppState,
    name: &str,
    bytes: usize,
    dialect: crate::model::Dialect,
    trial: Trial<'_>,
) {
    let label = format!("{name}: {:.1} MB", bytes as f64 / 1e6);
    let shown = label.clone();
    let progress = move |f: f64| {
        state
            .notice
            .set(Some(format!("Opening {shown}: {:.0} %", f * 100.0)))
    };
    if let Some(import) = carry_on_in_steps(trial, progress, || false).await {
        let project = project_from_large_import(name, import, dialect);
        let report = check_source(&project);
        state.replace_project(project, report);
        state.notice.set(Some(format!(
            "{label} opened; the editor shows the schema generated from it"
        )));
    }
}
