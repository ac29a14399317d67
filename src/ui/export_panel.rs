//! The export panel: the model's DDL in the chosen dialect and options, what that dialect
//! cannot express (the fidelity report), copy and download, and Verify on PostgreSQL or
//! SQLite, which runs the script in a real engine compiled to wasm.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::download;
use super::engines::{copy, verify_in_browser};
use super::state::AppState;
use crate::edit::{Edit, TableChange};
use crate::generate::highlight::highlight;
use crate::generate::sql::{
    dialect_for, generate_index_script, Ddl, DdlOptions, Naming, NoteLevel, SchemaPlacement,
};
use crate::model::Dialect;

/// Scripts longer than this are shown without highlighting, to keep the page responsive.
const HIGHLIGHT_LIMIT: usize = 200_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ExportSettings {
    dialect: Dialect,
    naming: Naming,
    schemas: SchemaPlacement,
    if_not_exists: bool,
    transaction: bool,
    indexes_only: bool,
    concurrently: bool,
}

/// What the last Verify press found.
#[derive(Clone, Debug, PartialEq)]
enum Verification {
    Running(&'static str),
    Passed(&'static str, usize),
    Failed(&'static str, String),
}

fn ddl_for(state: AppState, settings: ExportSettings, target: Dialect) -> Ddl {
    state.project.with(|p| {
        let options = DdlOptions {
            if_not_exists: settings.if_not_exists,
            transaction: settings.transaction,
            naming: settings.naming,
            source: p.source.dialect,
            schemas: settings.schemas,
        };
        let dialect = dialect_for(target);
        if settings.indexes_only {
            generate_index_script(&p.model, dialect.as_ref(), &options, settings.concurrently)
        } else {
            // The project's cache: with the editor's options, the editor's own statements.
            p.ddl_cache.generate(&p.model, dialect.as_ref(), &options)
        }
    })
}

#[component]
pub fn ExportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let settings = RwSignal::new(ExportSettings {
        dialect: Dialect::Postgres,
        naming: Naming::Keep,
        schemas: SchemaPlacement::Fold,
        if_not_exists: false,
        transaction: false,
        indexes_only: false,
        concurrently: false,
    });
    let ddl = Memo::new(move |_| ddl_for(state, settings.get(), settings.get().dialect));
    let verification = RwSignal::new(None::<Verification>);
    let copied = RwSignal::new(false);

    let verify = move |target: Dialect, engine: &'static str| {
        let script = ddl_for(state, settings.get_untracked(), target).script;
        verification.set(Some(Verification::Running(engine)));
        spawn_local(async move {
            let count = crate::verify::statements(&script, target).len();
            let outcome = match verify_in_browser(target, &script).await {
                Ok(()) => Verification::Passed(engine, count),
                // The engine's message at its statement: `line N: message`, then the statement.
                Err(e) => Verification::Failed(engine, e.to_string()),
            };
            verification.set(Some(outcome));
        });
    };

    let extension = move || settings.get().dialect.name();
    let notes = move || ddl.with(|d| d.notes.clone());
    let update = move |f: fn(&mut ExportSettings, String), value: String| {
        settings.update(|s| f(s, value));
        verification.set(None);
    };
    // A labelled choice bound to one setting: `options` are (value, label) pairs.
    let choice = move |label: &'static str,
                       test_id: &'static str,
                       options: &'static [(&'static str, &'static str)],
                       set: fn(&mut ExportSettings, String)| {
        view! {
            <label>
                {label}
                <select data-testid=test_id on:change=move |ev| update(set, event_target_value(&ev))>
                    {options
                        .iter()
                        .map(|(value, text)| view! { <option value=*value>{*text}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    };
    // A checkbox bound to one flag of the settings.
    let toggle =
        move |label: &'static str, test_id: &'static str, set: fn(&mut ExportSettings, bool)| {
            view! {
                <label>
                    <input
                        type="checkbox"
                        data-testid=test_id
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            settings.update(|s| set(s, on));
                            verification.set(None);
                        }
                    />
                    {label}
                </label>
            }
        };

    view! {
        <section class="panel ddl-panel">
            <header class="panel-header">
                <span>"Export"</span>
                <select
                    data-testid="export-dialect"
                    aria-label="Dialect of the generated DDL"
                    on:change=move |ev| update(
                        |s, v| s.dialect = Dialect::parse(&v).unwrap_or(Dialect::Postgres),
                        event_target_value(&ev),
                    )
                >
                    <option value="postgres">"PostgreSQL"</option>
                    <option value="mysql">"MySQL / MariaDB"</option>
                    <option value="sqlite">"SQLite"</option>
                    <option value="mssql">"SQL Server"</option>
                </select>
            </header>
            <div class="export-options">
                {choice(
                    "Names ",
                    "export-naming",
                    &[("keep", "as modelled"), ("seed", "pk_/fk_/uq_/ck_/idx_")],
                    |s, v| s.naming = Naming::parse(&v).unwrap_or_default(),
                )}
                // Where a schema is a database, the user says what a schema becomes.
                <Show when=move || dialect_for(settings.get().dialect).schemas_are_databases()>
                    {choice(
                        "Schemas ",
                        "export-schemas",
                        &[
                            ("fold", "folded into one database"),
                            ("prefix", "as table name prefixes"),
                            ("databases", "a database each"),
                        ],
                        |s, v| s.schemas = SchemaPlacement::parse(&v).unwrap_or_default(),
                    )}
                </Show>
                {toggle("IF NOT EXISTS", "export-if-not-exists", |s, on| s.if_not_exists = on)}
                {toggle("one transaction", "export-transaction", |s, on| s.transaction = on)}
                {toggle("indexes only", "export-indexes-only", |s, on| s.indexes_only = on)}
                <Show when=move || {
                    let s = settings.get();
                    s.indexes_only && s.dialect == Dialect::Postgres
                }>
                    {toggle("CONCURRENTLY", "export-concurrently", |s, on| s.concurrently = on)}
                </Show>
            </div>
            <div class="export-actions">
                <button
                    data-testid="export-copy"
                    on:click=move |_| {
                        let script = ddl.with(|d| d.script.clone());
                        spawn_local(async move {
                            match copy(&script).await {
                                Ok(()) => copied.set(true),
                                Err(message) => state.notice.set(Some(message)),
                            }
                        });
                    }
                >
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
                <button
                    data-testid="export-download"
                    on:click=move |_| {
                        let name = state.project.with(|p| p.name.clone());
                        let file = format!("{}.{}.sql", name, extension());
                        let script = ddl.with(|d| d.script.clone());
                        if let Err(e) = download(&file, "application/sql", &script) {
                            state.notice.set(Some(format!("cannot download: {e:?}")));
                        }
                    }
                >
                    "Download .sql"
                </button>
                <button
                    data-testid="verify-postgres"
                    title="Runs the PostgreSQL DDL in PGlite, PostgreSQL compiled to wasm"
                    on:click=move |_| verify(Dialect::Postgres, "PostgreSQL")
                >
                    "Verify on PostgreSQL"
                </button>
                <button
                    data-testid="verify-sqlite"
                    title="Runs the SQLite DDL in sql.js, SQLite compiled to wasm"
                    on:click=move |_| verify(Dialect::Sqlite, "SQLite")
                >
                    "Verify on SQLite"
                </button>
            </div>
            {move || {
                verification
                    .get()
                    .map(|v| {
                        let (class, text) = match v {
                            Verification::Running(engine) => {
                                ("verify-running", format!("Starting {engine} in the browser…"))
                            }
                            Verification::Passed(engine, n) => {
                                ("verify-ok", format!("{engine} applied all {n} statements."))
                            }
                            Verification::Failed(engine, message) => {
                                ("verify-error", format!("{engine} rejected the script at {message}"))
                            }
                        };
                        view! {
                            <div class=format!("verify-result {class}") data-testid="verify-result">
                                {text}
                            </div>
                        }
                    })
            }}
            <PatternChoices />
            <Show when=move || !notes().is_empty()>
                <details class="fidelity" data-testid="fidelity-report">
                    <summary>
                        {move || {
                            let n = notes();
                            let warnings = n.iter().filter(|x| x.level != NoteLevel::Info).count();
                            format!(
                                "{} cannot express {} thing{} as modelled ({} warning{})",
                                settings.get().dialect,
                                n.len(),
                                if n.len() == 1 { "" } else { "s" },
                                warnings,
                                if warnings == 1 { "" } else { "s" },
                            )
                        }}
                    </summary>
                    <ul>
                        {move || {
                            notes()
                                .into_iter()
                                .map(|n| {
                                    let class = match n.level {
                                        NoteLevel::Info => "note-info",
                                        NoteLevel::Warning => "note-warning",
                                        NoteLevel::Error => "note-error",
                                    };
                                    view! {
                                        <li class=class>
                                            <b>{n.object}</b>
                                            ": "
                                            {n.message}
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </details>
            </Show>
            <pre class="ddl-output" data-testid="ddl-output" tabindex="0" aria-label="Generated DDL">
                {move || {
                    ddl.with(|d| {
                        if d.script.len() > HIGHLIGHT_LIMIT {
                            return vec![view! { <span>{d.script.clone()}</span> }.into_any()];
                        }
                        highlight(&d.script)
                            .into_iter()
                            .map(|(class, text)| {
                                let text = text.to_string();
                                if class.css().is_empty() {
                                    text.into_any()
                                } else {
                                    view! { <span class=class.css()>{text}</span> }.into_any()
                                }
                            })
                            .collect::<Vec<_>>()
                    })
                }}
            </pre>
        </section>
    }
}

/// Which table patterns each table uses: `updated_at`, soft delete, audit log.
#[component]
fn PatternChoices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tables = Memo::new(move |_| {
        state.project.with(|p| {
            p.model
                .tables
                .iter()
                .map(|t| (t.name.clone(), t.patterns))
                .collect::<Vec<_>>()
        })
    });
    let set = move |table: String, kind: &'static str, on: bool| {
        let found = state.project.with_untracked(|p| {
            p.model
                .tables
                .iter()
                .find(|t| t.name == table)
                .map(|t| (t.id, t.patterns))
        });
        if let Some((id, mut patterns)) = found {
            match kind {
                "updated_at" => patterns.updated_at = on,
                "soft_delete" => patterns.soft_delete = on,
                _ => patterns.audit = on,
            }
            state.edit(Edit::SetTable {
                table: id,
                change: TableChange::Patterns(patterns),
            });
        }
    };
    view! {
        <details class="patterns" data-testid="patterns">
            <summary>
                {move || {
                    let used = tables.with(|t| t.iter().filter(|(_, p)| !p.is_empty()).count());
                    format!("Table patterns ({used} table{} using them)", if used == 1 { "" } else { "s" })
                }}
            </summary>
            <table>
                <thead>
                    <tr>
                        <th>"table"</th>
                        <th title="kept current on every update">"updated_at"</th>
                        <th title="deleted_at, unique among live rows">"soft delete"</th>
                        <th title="changes written to an audit log by triggers">"audit"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        tables
                            .get()
                            .into_iter()
                            .map(|(name, p)| {
                                let box_for = |kind: &'static str, checked: bool| {
                                    let table = name.clone();
                                    view! {
                                        <td>
                                            <input
                                                type="checkbox"
                                                data-testid=format!("pattern-{name}-{kind}")
                                                prop:checked=checked
                                                on:change=move |ev| {
                                                    set(table.clone(), kind, event_target_checked(&ev))
                                                }
                                            />
                                        </td>
                                    }
                                };
                                view! {
                                    <tr>
                                        <td>{name.clone()}</td>
                                        {box_for("updated_at", p.updated_at)}
                                        {box_for("soft_delete", p.soft_delete)}
                                        {box_for("audit", p.audit)}
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </details>
    }
}
