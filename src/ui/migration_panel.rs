//! The migrations panel: the project's saved versions (save one, delete one), a comparison
//! of two of them, or of one or of a file (SQL, DBML, a project; its renames proposed and
//! taken one by one) with the current model, marked on the diagram; the planned
//! steps with a safety badge each, the migration safety findings, the files of a chosen
//! tool downloaded as a .zip (after a confirmation when a step destroys data), and Verify,
//! which runs the round trip on PGlite or sql.js in the browser.

use leptos::prelude::*;
use leptos::task::spawn_local;

use leptos::html::Input as InputElement;

use super::browser_file::{download_bytes, picked, read_text};
use super::engines::verify_migration_in_browser;
use super::state::AppState;
use crate::migrate::archive::zip_files;
use crate::migrate::formats::{timestamp_version, Format};
use crate::migrate::review::{
    file_version, review, review_models, save_version, FileVersion, Review, ReviewRequest, CURRENT,
};
use crate::migrate::{Body, Mode, Safety};
use crate::model::{Dialect, Id, Model};
use crate::verify::Scripts;
use crate::workspace::{open_text, Input};

/// What the last Verify press found.
#[derive(Clone, Debug, PartialEq)]
enum Verification {
    Running(&'static str),
    Held(&'static str, usize),
    Differs(&'static str, String),
    Failed(&'static str, String),
}

fn engine_of(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Postgres => Some("PGlite"),
        Dialect::Sqlite => Some("sql.js"),
        _ => None,
    }
}

fn badge_class(s: Safety) -> &'static str {
    match s {
        Safety::Safe => "safety-badge safe",
        Safety::Locks => "safety-badge locks",
        Safety::Rewrites => "safety-badge rewrites",
        Safety::LosesData => "safety-badge loses-data",
        Safety::Irreversible => "safety-badge irreversible",
    }
}

#[component]
pub fn MigrationPanel(
    /// Whether the panel is the one shown: the diagram marks the changes only then.
    #[prop(into)]
    active: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(CURRENT.to_string());
    let dialect = RwSignal::new(Dialect::Postgres);
    let simple = RwSignal::new(false);
    let format = RwSignal::new(Format::Plain);
    let name = RwSignal::new(String::new());
    let migration_name = RwSignal::new(String::from("migration"));
    let verification = RwSignal::new(None::<Verification>);
    // A file compared with the model: its name and model, and the renames the user took.
    let file = RwSignal::new(None::<(String, Model)>);
    let taken = RwSignal::new(Vec::<(Id, Id)>::new());
    let picker = NodeRef::<InputElement>::new();
    let file_key = move || file.with(|f| f.as_ref().map(|(n, _)| format!("file: {n}")));
    let matched = Memo::new(move |_| {
        file.with(|f| {
            f.as_ref().map(|(_, m)| {
                state
                    .project
                    .with(|p| file_version(&p.model, m.clone(), &taken.get()))
            })
        })
    });

    let versions = Memo::new(move |_| {
        state.project.with(|p| {
            p.versions
                .iter()
                .map(|v| (v.name.clone(), v.model.tables.len()))
                .collect::<Vec<_>>()
        })
    });
    // Compared from the chosen version, or the newest one saved.
    let from_name = Memo::new(move |_| {
        let chosen = from.get();
        if file_key().is_some_and(|k| k == chosen) {
            return Some(chosen);
        }
        versions
            .with(|v| {
                if v.iter().any(|(n, _)| *n == chosen) {
                    Some(chosen)
                } else {
                    v.last().map(|(n, _)| n.clone())
                }
            })
            .or_else(file_key)
    });
    let to_name = Memo::new(move |_| {
        let chosen = to.get();
        let known = chosen == CURRENT || versions.with(|v| v.iter().any(|(n, _)| *n == chosen));
        if known {
            chosen
        } else {
            CURRENT.to_string()
        }
    });
    let request = Memo::new(move |_| {
        from_name.get().map(|from| ReviewRequest {
            from,
            to: to_name.get(),
            dialect: dialect.get(),
            mode: if simple.get() {
                Mode::Simple
            } else {
                Mode::Safe
            },
        })
    });
    let reviewed = Memo::new(move |_| {
        let r = request.get()?;
        if file_key().is_some_and(|k| k == r.from) {
            // A file goes to the current model, whatever `to` says.
            let to_model = ReviewRequest {
                to: CURRENT.into(),
                ..r
            };
            return matched.with(|m| {
                m.as_ref().map(|FileVersion { model, .. }| {
                    state
                        .project
                        .with(|p| review_models(model, &p.model, p.source.dialect, &to_model, true))
                })
            });
        }
        Some(state.project.with(|p| review(p, &r)))
    });
    // The diagram marks the changes while this panel is shown and compares with the model.
    Effect::new(move |_| {
        let marks = if active.get() {
            reviewed.with(|r| match r {
                Some(Ok(Review { marks: Some(m), .. })) => from_name.get().map(|f| (f, m.clone())),
                _ => None,
            })
        } else {
            None
        };
        state.diff_marks.set(marks);
    });
    Effect::new(move |_| {
        request.track();
        verification.set(None);
    });

    let save = move || {
        let wanted = name.get_untracked();
        let mut outcome = Ok(());
        state.project.update(|p| outcome = save_version(p, &wanted));
        match outcome {
            Ok(()) => {
                name.set(String::new());
                from.set(wanted.trim().to_string());
                to.set(CURRENT.to_string());
            }
            Err(e) => state.notice.set(Some(e)),
        }
    };
    let delete = move |version: String| {
        let question = format!("Delete the saved version {version}? The current model stays.");
        let confirmed = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if confirmed {
            state
                .project
                .update(|p| p.versions.retain(|v| v.name != version));
        }
    };
    let on_pick = move |_| {
        let Some(chosen) = picked(&picker) else {
            return;
        };
        spawn_local(async move {
            let name = chosen.name();
            let opened = read_text(&chosen)
                .await
                .and_then(|text| open_text(&name, &text, None).map_err(|d| format!("{name}: {d}")));
            match opened {
                Ok(Input::Project(p)) => file.set(Some((name.clone(), p.model))),
                Ok(Input::Sql { project, report }) => {
                    if let Some(e) = report.errors().next() {
                        state.notice.set(Some(format!(
                            "{name}, line {}: {}; compared with what was read",
                            e.position.line, e.reason
                        )));
                    }
                    file.set(Some((name.clone(), project.model)))
                }
                Err(e) => state.notice.set(Some(e)),
            }
            taken.set(Vec::new());
            if let Some(k) = file_key() {
                from.set(k);
                to.set(CURRENT.to_string());
            }
            if let Some(input) = picker.get_untracked() {
                input.set_value("");
            }
        });
    };
    let toggle = move |pair: (Id, Id), on: bool| {
        taken.update(|t| {
            t.retain(|x| *x != pair);
            if on {
                t.push(pair);
            }
        })
    };
    let download = move || {
        let Some(Ok(r)) = reviewed.get_untracked() else {
            return;
        };
        let loss = r.plan.data_loss();
        if !loss.is_empty() {
            let question = format!(
                "These steps destroy data:\n\n{}\n\nDownload the migration anyway?",
                loss.join("\n")
            );
            let confirmed = web_sys::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        let version = timestamp_version((js_sys::Date::now() / 1000.0) as u64);
        let f = format.get_untracked();
        let files = r.files(f, &version, &migration_name.get_untracked(), "schemaforge");
        let file = format!(
            "{}-{}-{version}.zip",
            state.project.with_untracked(|p| p.name.clone()),
            f.name()
        );
        match zip_files(&files, &version) {
            Ok(bytes) => {
                if let Err(e) = download_bytes(&file, "application/zip", &bytes) {
                    state.notice.set(Some(format!("cannot download: {e:?}")));
                }
            }
            Err(e) => state.notice.set(Some(e)),
        }
    };
    let verify = move || {
        let Some(Ok(r)) = reviewed.get_untracked() else {
            return;
        };
        let d = r.plan.dialect;
        let Some(engine) = engine_of(d) else {
            return;
        };
        verification.set(Some(Verification::Running(engine)));
        let steps = r.plan.steps.len();
        spawn_local(async move {
            let (up, down) = (r.plan.up_script(), r.plan.down_script());
            let scripts = Scripts {
                old_ddl: &r.old_ddl,
                new_ddl: &r.new_ddl,
                up: &up,
                down: &down,
            };
            let outcome = match verify_migration_in_browser(d, &scripts).await {
                Ok(trip) if trip.holds() => Verification::Held(engine, steps),
                Ok(trip) => Verification::Differs(
                    engine,
                    trip.after_up
                        .iter()
                        .map(|t| format!("after up, {t}"))
                        .chain(trip.after_down.iter().map(|t| format!("after down, {t}")))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                // The engine's message at its statement (line, message, the statement).
                Err(e) => Verification::Failed(engine, e.to_string()),
            };
            verification.set(Some(outcome));
        });
    };

    let version_options = move |with_current: bool, chosen: Memo<String>| {
        let mut names: Vec<String> = versions.with(|v| v.iter().map(|(n, _)| n.clone()).collect());
        if with_current {
            names.push(CURRENT.to_string());
        } else if let Some(k) = file_key() {
            names.push(k);
        }
        names
            .into_iter()
            .map(|n| {
                let selected = n == chosen.get();
                let label = if n == CURRENT {
                    "current model".to_string()
                } else {
                    n.clone()
                };
                view! { <option value=n selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let from_chosen = Memo::new(move |_| from_name.get().unwrap_or_default());

    view! {
        <section class="panel migration-panel" data-testid="migration-panel">
            <div class="versions">
                <ul class="version-list" data-testid="version-list">
                    {move || {
                        versions
                            .get()
                            .into_iter()
                            .map(|(n, tables)| {
                                let gone = n.clone();
                                view! {
                                    <li data-testid="version" data-name=n.clone()>
                                        <span class="version-name">{n.clone()}</span>
                                        <span class="version-size">{format!("{tables} tables")}</span>
                                        <button
                                            class="version-delete"
                                            title="Delete this saved version"
                                            data-testid="version-delete"
                                            on:click=move |_| delete(gone.clone())
                                        >
                                            "×"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                    <li class="version-current">
                        <span class="version-name">"current model"</span>
                        <span class="version-size">
                            {move || format!("{} tables", state.project.with(|p| p.model.tables.len()))}
                        </span>
                    </li>
                </ul>
                <div class="version-save">
                    <input
                        data-testid="version-name"
                        placeholder="Name this version…"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                save();
                            }
                        }
                    />
                    <button data-testid="save-version" on:click=move |_| save()>"Save version"</button>
                </div>
                <div class="version-file">
                    <input
                        type="file"
                        accept=".sql,.dbml,.json,.schemaforge,text/plain"
                        style="display:none"
                        data-testid="compare-file-input"
                        node_ref=picker
                        on:change=on_pick
                    />
                    <button
                        data-testid="compare-file"
                        title="Compare a SQL dump, a DBML file or a project file with the current model"
                        on:click=move |_| {
                            if let Some(input) = picker.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        "Compare with a file…"
                    </button>
                </div>
            </div>
            <Show
                when=move || from_name.get().is_some()
                fallback=|| view! {
                    <p class="migration-hint" data-testid="migration-hint">
                        "Save a version and change the model, or compare with a file: the migration to the current model appears here."
                    </p>
                }
            >
                <div class="export-options">
                    <label>
                        "From "
                        <select data-testid="migration-from" on:change=move |ev| from.set(event_target_value(&ev))>
                            {move || version_options(false, from_chosen)}
                        </select>
                    </label>
                    <label>
                        "to "
                        <select data-testid="migration-to" on:change=move |ev| to.set(event_target_value(&ev))>
                            {move || version_options(true, to_name)}
                        </select>
                    </label>
                    <label>
                        "for "
                        <select
                            data-testid="migration-dialect"
                            on:change=move |ev| {
                                dialect.set(Dialect::parse(&event_target_value(&ev)).unwrap_or(Dialect::Postgres))
                            }
                        >
                            <option value="postgres">"PostgreSQL"</option>
                            <option value="sqlite">"SQLite"</option>
                            <option value="mysql">"MySQL / MariaDB"</option>
                            <option value="mssql">"SQL Server"</option>
                        </select>
                    </label>
                    <label title="Plain statements instead of the safe way (concurrent indexes, NOT VALID, timeouts)">
                        <input
                            type="checkbox"
                            data-testid="migration-simple"
                            on:change=move |ev| simple.set(event_target_checked(&ev))
                        />
                        "simple mode"
                    </label>
                </div>
                <div class="export-actions">
                    <select
                        data-testid="migration-format"
                        title="The migration tool the files are written for"
                        on:change=move |ev| {
                            format.set(Format::parse(&event_target_value(&ev)).unwrap_or(Format::Plain))
                        }
                    >
                        {Format::ALL
                            .into_iter()
                            .map(|f| view! { <option value=f.name()>{f.name()}</option> })
                            .collect_view()}
                    </select>
                    <input
                        class="migration-name"
                        data-testid="migration-name"
                        title="The migration's name, in its file names"
                        prop:value=move || migration_name.get()
                        on:input=move |ev| migration_name.set(event_target_value(&ev))
                    />
                    <button
                        data-testid="migration-download"
                        disabled=move || !reviewed.with(|r| matches!(r, Some(Ok(r)) if !r.plan.is_empty()))
                        on:click=move |_| download()
                    >
                        "Download .zip"
                    </button>
                    <Show when=move || engine_of(dialect.get()).is_some()>
                        <button
                            data-testid="verify-migration"
                            title="Applies the old version, runs up and compares with the new version, runs down and compares with the old, in a real engine compiled to wasm"
                            disabled=move || !reviewed.with(|r| matches!(r, Some(Ok(r)) if !r.plan.is_empty()))
                            on:click=move |_| verify()
                        >
                            {move || format!("Verify on {}", engine_of(dialect.get()).unwrap_or_default())}
                        </button>
                    </Show>
                </div>
                {move || verification.get().map(|v| {
                    let (class, text) = match v {
                        Verification::Running(e) => ("verify-running", format!("Running the migration on {e}…")),
                        Verification::Held(e, n) => ("verify-ok", format!(
                            "{e}: up ({n} step{}) gives the new version's catalog, down gives the old one's again.",
                            if n == 1 { "" } else { "s" }
                        )),
                        Verification::Differs(e, d) => ("verify-error", format!("{e}: the round trip differs:\n{d}")),
                        Verification::Failed(e, m) => ("verify-error", format!("{e} rejected {m}")),
                    };
                    view! { <div class=format!("verify-result {class}") data-testid="migration-verify-result">{text}</div> }
                })}
                {move || {
                    let comparing_file = file_key().is_some_and(|k| Some(k) == from_name.get());
                    let proposals = matched
                        .with(|m| m.as_ref().map(|m| m.proposals.clone()))
                        .filter(|p| comparing_file && !p.is_empty())?;
                    Some(view! {
                        <div class="rename-proposals" data-testid="rename-proposals">
                            <b>"Possible renames (file → model): tick each one that is a rename"</b>
                            <ul>
                                {proposals
                                    .into_iter()
                                    .map(|(p, took)| {
                                        let pair = (p.old, p.new);
                                        let kind = if p.table.is_some() { "column" } else { "table" };
                                        view! {
                                            <li>
                                                <label>
                                                    <input
                                                        type="checkbox"
                                                        data-testid="rename-proposal"
                                                        data-from=p.to.clone()
                                                        data-to=p.from.clone()
                                                        prop:checked=took
                                                        on:change=move |ev| toggle(pair, event_target_checked(&ev))
                                                    />
                                                    {format!("{kind} {} → {} ({:.0} % alike)", p.to, p.from, p.score * 100.0)}
                                                </label>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    })
                }}
                <div class="migration-body">
                    {move || reviewed.get().map(|r| match r {
                        Err(message) => view! {
                            <p class="migration-error" data-testid="migration-error">{message}</p>
                        }.into_any(),
                        Ok(r) => plan_view(r).into_any(),
                    })}
                </div>
            </Show>
        </section>
    }
}

/// The plan: a summary, what cannot be planned, the safety findings, then each step with
/// its badge, why, pre-flight queries and both directions' statements.
fn plan_view(r: Review) -> impl IntoView {
    let plan = r.plan;
    if plan.is_empty() {
        return view! {
            <p class="migration-summary" data-testid="migration-summary">"The two versions have the same schema: nothing to migrate."</p>
        }
        .into_any();
    }
    let n = plan.steps.len();
    let summary = format!(
        "{n} step{}, at worst {}{}",
        if n == 1 { "" } else { "s" },
        plan.up_safety().label(),
        if plan.transactional(true) {
            ""
        } else {
            "; some statements run outside a transaction"
        }
    );
    let loss = plan.data_loss();
    let notes = plan.notes.clone();
    let findings = r.findings;
    let steps = plan
        .steps
        .into_iter()
        .map(|s| {
            let up = s.up.safety();
            view! {
                <li class="migration-step" data-testid="migration-step" data-safety=up.label()>
                    <div class="step-head">
                        <span class=badge_class(up) data-testid="safety-badge">{up.label()}</span>
                        <span class="step-title">{s.title.clone()}</span>
                    </div>
                    <div class="step-why">{s.up.why.clone()}</div>
                    {direction("up", &s.up)}
                    {direction("down", &s.down)}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="migration-summary" data-testid="migration-summary">{summary}</p>
        {(!loss.is_empty()).then(|| view! {
            <ul class="migration-loss" data-testid="migration-loss">
                {loss.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        })}
        {(!notes.is_empty()).then(|| view! {
            <ul class="migration-notes">
                {notes.into_iter().map(|n| view! { <li><b>{n.object}</b>": "{n.message}</li> }).collect_view()}
            </ul>
        })}
        {(!findings.is_empty()).then(|| view! {
            <ul class="migration-findings" data-testid="migration-findings">
                {findings.into_iter().map(|f| view! {
                    <li><span class="finding-code">{f.code}</span>" "{f.message}</li>
                }).collect_view()}
            </ul>
        })}
        <ol class="migration-steps" data-testid="migration-steps">{steps}</ol>
    }
    .into_any()
}

/// One direction of a step, folded: its safety when it differs from the step's, its
/// pre-flight queries and its statements.
fn direction(word: &'static str, body: &Body) -> impl IntoView {
    let mut text = String::new();
    for p in &body.preflight {
        text.push_str(&format!(
            "-- pre-flight, {} (expect 0):\n{};\n",
            p.what, p.query
        ));
    }
    for s in &body.statements {
        text.push_str(s);
        text.push_str(";\n");
    }
    if body.statements.is_empty() {
        text.push_str(if body.safety() == Safety::Irreversible {
            "-- cannot be undone\n"
        } else {
            "-- nothing to run\n"
        });
    }
    let safety = body.safety();
    view! {
        <details class="step-direction">
            <summary>
                {word}
                " "
                <span class=badge_class(safety)>{safety.label()}</span>
            </summary>
            <pre>{text}</pre>
        </details>
    }
}
