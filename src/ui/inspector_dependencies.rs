//! The inspector's dependencies: what the table's keys and `fd:` lines say (candidate keys,
//! the normal form and the dependency that breaks the next one, the proposed
//! decomposition), and discovery from sample rows (a CSV file, or the rows of the dump the
//! project was imported from). A search runs a level at a time between frames, with
//! progress and a Cancel button; one click declares what it found as `fd:` lines.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::read_text;
use super::state::AppState;
use crate::edit::{Edit, TableChange};
use crate::model::{Id, Table};
use crate::normalize::dependency::list;
use crate::normalize::discover::{Bounds, Discovery, Search};
use crate::normalize::dump_rows::rows_from_dump;
use crate::normalize::normal_form::ViolationKind;
use crate::normalize::sample::{read_csv, Sample};
use crate::rules::normal_form::dependencies_of;
use crate::rules::normal_form::discovered::{declare_discovered, Declaration};

/// The most rows read from a dump for one search.
const DUMP_ROWS: usize = 100_000;

/// A search's bound in the page: one level's partitions hold at most this many row ids
/// (200 MB); the search stops, incomplete, before a level that would hold more.
const MAX_CELLS: usize = 50_000_000;

/// What a finished search found, and what declaring it would change.
#[derive(Clone)]
struct Found {
    names: Vec<String>,
    rows: usize,
    discovery: Discovery,
    declaration: Declaration,
}

/// One discovery's signals; a search that outlives its panel finds them gone and stops.
#[derive(Clone, Copy)]
struct Run {
    table: Id,
    state: AppState,
    /// The search's number: Cancel and a new search step past it.
    ticket: StoredValue<u64>,
    progress: RwSignal<Option<f64>>,
    status: RwSignal<Option<String>>,
    found: RwSignal<Option<Found>>,
    /// Which of the found lines to declare (all, until the user unticks some).
    chosen: RwSignal<Vec<bool>>,
}

impl Run {
    fn start(self, sample: Sample) {
        let Some(mine) = self.ticket.try_update_value(|t| {
            *t += 1;
            *t
        }) else {
            return;
        };
        self.found.set(None);
        self.progress.set(Some(0.0));
        self.status.set(Some(format!(
            "Searching {} rows of {} columns…",
            sample.rows,
            sample.names.len()
        )));
        let names = sample.names.clone();
        let rows = sample.rows;
        let search = Rc::new(RefCell::new(Some(Search::new(
            Cow::Owned(sample),
            Bounds {
                max_cells: Some(MAX_CELLS),
                ..Bounds::default()
            },
        ))));
        self.tick(mine, search, names, rows);
    }

    /// One level, then the browser paints; the next level comes after it.
    fn tick(
        self,
        mine: u64,
        search: Rc<RefCell<Option<Search<'static>>>>,
        names: Vec<String>,
        rows: usize,
    ) {
        set_timeout(
            move || {
                if self.ticket.try_get_value() != Some(mine) {
                    return;
                }
                let step = search.borrow_mut().as_mut().and_then(Search::step);
                match step {
                    Some(p) => {
                        self.progress
                            .try_set(Some(p.level as f64 / p.levels.max(1) as f64));
                        self.status.try_set(Some(format!(
                            "Level {} of {}: {} column sets, {} dependencies so far",
                            p.level, p.levels, p.sets, p.found
                        )));
                        self.tick(mine, search, names, rows);
                    }
                    None => {
                        let Some(done) = search.borrow_mut().take() else {
                            return;
                        };
                        let discovery = done.finish();
                        let declaration = self.state.project.with_untracked(|p| {
                            p.model
                                .table_by_id(self.table)
                                .map(|t| declare_discovered(t, &names, &discovery.dependencies))
                        });
                        let Some(declaration) = declaration else {
                            return;
                        };
                        self.progress.try_set(None);
                        self.status.try_set(None);
                        self.chosen.try_set(vec![true; declaration.added.len()]);
                        self.found.try_set(Some(Found {
                            names,
                            rows,
                            discovery,
                            declaration,
                        }));
                    }
                }
            },
            Duration::ZERO,
        );
    }

    fn cancel(self) {
        self.ticket.update_value(|t| *t += 1);
        self.progress.set(None);
        self.status.set(Some("Search cancelled.".into()));
    }
}

/// What the table's keys and declarations say, in words.
fn analysis_lines(table: &Table) -> Vec<String> {
    let declared = dependencies_of(table);
    if declared.universe.is_empty() {
        return declared.problems;
    }
    let a = declared.analysis();
    let keys = a
        .keys
        .keys
        .iter()
        .map(|k| format!("({})", declared.show(*k)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut lines = vec![
        format!(
            "Candidate keys: {}{}",
            if keys.is_empty() { "none".into() } else { keys },
            if a.keys.complete { "" } else { " (and more)" }
        ),
        format!(
            "Prime columns: {}",
            if a.prime.is_empty() {
                "none".into()
            } else {
                declared.show(a.prime)
            }
        ),
    ];
    let form = format!("Normal form: {}", a.form.label());
    match a.violation {
        Some(v) => {
            let why = match v.kind {
                ViolationKind::Partial { key } => {
                    format!("depends on part of the key ({})", declared.show(key))
                }
                ViolationKind::Transitive => "a non-key column depends on a non-key".into(),
                ViolationKind::NonKeyDeterminant => "its left side is not a key".into(),
            };
            lines.push(format!(
                "{form}; {} breaks the next form: {why}",
                v.fd.display(&declared.names)
            ));
            lines.push(format!("Proposal: {}", declared.proposal()));
        }
        None => lines.push(form),
    }
    lines
}

#[component]
pub fn DependencyPanel(table: Table) -> impl IntoView {
    let state = expect_context::<AppState>();
    let run = Run {
        table: table.id,
        state,
        ticket: StoredValue::new(0),
        progress: RwSignal::new(None),
        status: RwSignal::new(None),
        found: RwSignal::new(None),
        chosen: RwSignal::new(Vec::new()),
    };
    let lines = analysis_lines(&table)
        .into_iter()
        .map(|l| view! { <li>{l}</li> })
        .collect_view();
    let on_csv = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let name = file.name();
            match read_text(&file)
                .await
                .and_then(|text| read_csv(&text).map_err(|e| format!("{name}: {e}")))
            {
                Ok(sample) => run.start(sample),
                Err(message) => {
                    run.status.try_set(Some(message));
                }
            }
        });
    };
    let dump_table = table.clone();
    let from_dump = move |_| {
        let Some((text, dialect)) = state.dump.get_value() else {
            return;
        };
        match rows_from_dump(&text, dialect, &dump_table, DUMP_ROWS) {
            Ok(found) if found.sample.rows > 0 => run.start(found.sample),
            Ok(found) => run.status.set(Some(format!(
                "The dump holds no rows of {} ({} INSERT or COPY statements for it).",
                dump_table.name, found.statements
            ))),
            Err(e) => run.status.set(Some(e.to_string())),
        }
    };
    let has_dump = state.dump.with_value(Option::is_some);
    let declare = move |_| {
        let Some(found) = run.found.get_untracked() else {
            return;
        };
        let chosen = run.chosen.get_untracked();
        let comment = found
            .declaration
            .comment_with(|i| chosen.get(i).copied().unwrap_or(false));
        if let Some(comment) = comment {
            state.edit(Edit::SetTable {
                table: run.table,
                change: TableChange::Comment(Some(comment)),
            });
        }
    };
    let result = move || {
        run.found.get().map(|f| {
            let keys = if f.discovery.duplicate_rows {
                "none: two rows are equal".to_string()
            } else {
                f.discovery
                    .candidate_keys
                    .iter()
                    .map(|k| format!("({})", list(*k, &f.names)))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let d = &f.declaration;
            let added = d
                .added
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    view! {
                        <li>
                            <label class="inline">
                                <input
                                    type="checkbox"
                                    data-testid="discovered-line"
                                    data-line=l.clone()
                                    prop:checked=move || run.chosen.with(|c| c.get(i).copied().unwrap_or(false))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        run.chosen.update(|c| {
                                            if let Some(x) = c.get_mut(i) {
                                                *x = on;
                                            }
                                        });
                                    }
                                />
                                <code>{l.clone()}</code>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            let unknown = (!d.unknown.is_empty()).then(|| {
                format!(
                    "Columns not in the table, left out: {}.",
                    d.unknown.join(", ")
                )
            });
            let count = move || run.chosen.with(|c| c.iter().filter(|x| **x).count());
            view! {
                <div class="discovery-result" data-testid="discovery-result">
                    <p>{format!(
                        "{} rows: {} minimal dependencies{}, {} already implied by the keys and declarations. Keys in the rows: {keys}.",
                        f.rows,
                        f.discovery.dependencies.len(),
                        if f.discovery.complete { "" } else { " (the search stopped at its memory bound; larger left sides were not looked at)" },
                        d.implied,
                    )}</p>
                    {unknown.map(|u| view! { <p>{u}</p> })}
                    <ul>{added}</ul>
                    <button
                        data-testid="declare-dependencies"
                        disabled=move || count() == 0
                        on:click=declare
                    >
                        {move || match count() {
                            0 => "Nothing chosen to declare".to_string(),
                            n => format!("Declare {n} in the comment"),
                        }}
                    </button>
                </div>
            }
        })
    };
    view! {
        <section class="inspector-section" data-testid="dependencies">
            <h3>"Dependencies"</h3>
            <ul class="dependency-analysis" data-testid="dependency-analysis">{lines}</ul>
            <div class="inspector-row">
                <label class="file-button" title="Find the dependencies that hold in a CSV file's rows (a header line names the columns)">
                    "Discover from CSV…"
                    <input type="file" accept=".csv,text/csv" data-testid="discover-csv" on:change=on_csv />
                </label>
                {has_dump.then(|| view! {
                    <button data-testid="discover-dump" on:click=from_dump title="Find the dependencies that hold in the INSERT and COPY rows of the imported dump">
                        "Discover from the dump's rows"
                    </button>
                })}
            </div>
            {move || run.progress.get().map(|p| view! {
                <div class="inspector-row">
                    <progress data-testid="discovery-progress" max="1" value=p></progress>
                    <button data-testid="discovery-cancel" on:click=move |_| run.cancel()>"Cancel"</button>
                </div>
            })}
            {move || run.status.get().map(|s| view! { <p class="discovery-status" data-testid="discovery-status">{s}</p> })}
            {result}
        </section>
    }
}
