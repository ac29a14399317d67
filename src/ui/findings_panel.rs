//! The findings panel: what the rules found, grouped by severity with a filter; a click
//! selects the object on the diagram and puts the editor's cursor where the text writes it;
//! a fix applies as one undoable step (an unsafe one asks first). The rules page lists every
//! rule's documentation from the registry.

use leptos::prelude::*;

use super::state::AppState;
use crate::diagnostic::Severity;
use crate::rules::{Finding, Fix, Safety, REGISTRY};

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // None shows every severity.
    let filter = RwSignal::new(None::<Severity>);
    let showing_rules = RwSignal::new(false);
    let count = move |s: Severity| {
        state
            .findings
            .with(|f| f.iter().filter(|x| x.severity == s).count())
    };
    let shown = move || {
        let only = filter.get();
        state.findings.with(|all| {
            // Errors first, then warnings, then info; in text order within each.
            let mut list: Vec<Finding> = all
                .iter()
                .filter(|f| only.is_none_or(|s| s == f.severity))
                .cloned()
                .collect();
            list.sort_by_key(|f| std::cmp::Reverse(f.severity.rank()));
            list
        })
    };
    let filter_button = move |label: &'static str, test_id: &'static str, to: Option<Severity>| {
        let text = move || match to {
            Some(s) => format!("{label} {}", count(s)),
            None => format!("{label} {}", state.findings.with(Vec::len)),
        };
        view! {
            <button
                data-testid=test_id
                class:active=move || filter.get() == to
                on:click=move |_| filter.set(to)
            >
                {text}
            </button>
        }
    };
    view! {
        <section class="findings" data-testid="findings">
            <header class="findings-header">
                <span class="findings-title">"Findings"</span>
                {filter_button("All", "findings-all", None)}
                {filter_button("Errors", "findings-errors", Some(Severity::Error))}
                {filter_button("Warnings", "findings-warnings", Some(Severity::Warning))}
                {filter_button("Info", "findings-info", Some(Severity::Info))}
                <button class="rules-button" data-testid="rules" on:click=move |_| showing_rules.update(|s| *s = !*s)>
                    "Rules"
                </button>
            </header>
            <ul class="findings-list">
                <For
                    each=shown
                    key=|f: &Finding| {
                        // The position too: the same finding moves when the view or the
                        // text around it changes, and its row must say where it is now.
                        (f.code.clone(), f.path.label.clone(), f.message.clone(), f.position.map(|p| (p.line, p.column)))
                    }
                    children=move |f| finding_view(state, f)
                />
            </ul>
            <Show when=move || showing_rules.get()>
                <RulesPage close=move || showing_rules.set(false) />
            </Show>
        </section>
    }
}

fn finding_view(state: AppState, f: Finding) -> impl IntoView {
    let severity = f.severity.word();
    let table = f.path.table;
    let position = f.position;
    let select = move |_| {
        if let Some(t) = table {
            state.selected.set([t].into_iter().collect());
        }
        if position.is_some() {
            state.goto.set(position);
        }
    };
    let fixes = f
        .fixes
        .into_iter()
        .map(|fix| {
            let title = fix.title.clone();
            let safe = fix.safety == Safety::Safe;
            view! {
                <button
                    class="fix"
                    class:unsafe=!safe
                    data-testid="fix"
                    title=if safe { "Safe: the schema keeps its meaning" } else { "Unsafe: asks before it changes the schema" }
                    on:click=move |ev| {
                        ev.stop_propagation();
                        apply(state, &fix);
                    }
                >
                    {format!("Fix: {title}")}
                </button>
            }
        })
        .collect_view();
    let at = position
        .map(|p| format!("{}:{}", p.line, p.column))
        .unwrap_or_default();
    view! {
        <li class=format!("finding {severity}") data-testid="finding" data-code=f.code.clone() on:click=select>
            <span class="finding-severity">{severity}</span>
            <span class="finding-code" title=f.name.clone()>{f.code.clone()}</span>
            <span class="finding-at">{at}</span>
            <span class="finding-message">{format!("{}: {}", f.path.label, f.message)}</span>
            {fixes}
        </li>
    }
}

/// Applies a fix; an unsafe one only after the user agrees.
fn apply(state: AppState, fix: &Fix) {
    if fix.safety == Safety::Unsafe {
        let asked = format!(
            "{}?\n\nThis fix changes what the schema means or breaks queries that name it.",
            fix.title
        );
        let agreed = window().confirm_with_message(&asked).unwrap_or(false);
        if !agreed {
            return;
        }
    }
    state.apply_fix(fix);
}

/// Every rule's code, name, severity and documentation, from the registry.
#[component]
fn RulesPage(close: impl Fn() + 'static) -> impl IntoView {
    let rules = REGISTRY
        .iter()
        .map(|r| {
            let docs = r
                .docs()
                .lines()
                .map(str::trim_start)
                .map(|line| match line.strip_prefix("## ") {
                    Some(heading) => view! { <h4>{heading.to_string()}</h4> }.into_any(),
                    None => view! { <p>{line.to_string()}</p> }.into_any(),
                })
                .collect_view();
            view! {
                <article class="rule" data-testid="rule" data-code=r.code()>
                    <h3>{format!("{} {} ({})", r.code(), r.name(), r.default_severity().word())}</h3>
                    {docs}
                </article>
            }
        })
        .collect_view();
    view! {
        <div class="rules-page" data-testid="rules-page" role="dialog" aria-label="Rules">
            <header>
                <h2>"Rules"</h2>
                <button data-testid="rules-close" on:click=move |_| close()>"Close"</button>
            </header>
            {rules}
        </div>
    }
}
