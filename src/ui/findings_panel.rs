//! The findings panel: what the rules found, grouped by severity with a filter; a click
//! selects the object on the diagram and puts the editor's cursor where the text writes it;
//! a fix applies as one undoable step (an unsafe one asks first); "Ignore" tells the rule to
//! leave that object alone (the project keeps it; the rules page lists and takes it back).

use leptos::prelude::*;

use super::fix_preview::{previewable, show_preview};
use super::rules_page::{change_settings, RulesPage};
use super::state::AppState;
use crate::diagnostic::Severity;
use crate::rules::{rule, Finding, Fix, Safety, Suppression};

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
                        // text around it changes, and its row must say where it is now; and
                        // the severity, which the rules page changes.
                        (f.code.clone(), f.path.label.clone(), f.message.clone(), f.position.map(|p| (p.line, p.column)), f.severity.rank())
                    }
                    children=move |f| finding_view(state, f)
                />
            </ul>
            <Show when=move || showing_rules.get()>
                <RulesPage close=move |()| showing_rules.set(false) />
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
            let preview = previewable(&fix).then(|| fix.clone());
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
                {preview.map(|fix| view! {
                    <button
                        class="fix-preview-button"
                        data-testid="preview-fix"
                        title="Draw the tables this fix touches, before and after, on the diagram"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            show_preview(state, fix.clone());
                        }
                    >
                        "Preview"
                    </button>
                })}
            }
        })
        .collect_view();
    // Only a rule's finding on an object can be ignored (not an import note, not a setting).
    let ignore = (rule(&f.code).is_some() && !f.path.label.is_empty()).then(|| {
        let suppression = Suppression::of(&f.code, &f.path);
        let label = format!("ignore {} on {}", f.code, f.path.label);
        view! {
            <button
                class="ignore"
                data-testid="ignore"
                title="Tell this rule to leave this object alone (undoable; the rules page lists what is ignored)"
                on:click=move |ev| {
                    ev.stop_propagation();
                    let suppression = suppression.clone();
                    change_settings(state, label.clone(), |s| s.suppress.push(suppression));
                }
            >
                "Ignore"
            </button>
        }
    });
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
            {ignore}
        </li>
    }
}

/// Applies a fix; an unsafe one only after the user agrees.
pub fn apply(state: AppState, fix: &Fix) {
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
