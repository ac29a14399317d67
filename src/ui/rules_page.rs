//! The rules page: every rule's documentation from the registry, and the project's rule
//! settings beside it (each rule's level, the naming profile, the objects a rule ignores).
//! A change is one undoable edit of the project, saved with it.

use leptos::prelude::*;

use super::modal::Modal;
use super::state::AppState;
use crate::edit::Edit;
use crate::rules::{
    CaseStyle, LintSettings, PrimaryKeyName, Profile, RuleLevel, TableNames, REGISTRY,
};

/// Applies a change to the project's rule settings as one step named `label`.
pub fn change_settings(state: AppState, label: String, change: impl FnOnce(&mut LintSettings)) {
    let mut settings = state.project.with_untracked(|p| p.lint.clone());
    change(&mut settings);
    if state.project.with_untracked(|p| p.lint == settings) {
        return;
    }
    state.edit(Edit::Batch {
        label,
        edits: vec![Edit::SetLintSettings {
            settings: Box::new(settings),
        }],
    });
}

#[component]
pub fn RulesPage(#[prop(into)] close: Callback<()>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rules = REGISTRY
        .iter()
        .map(|r| {
            let (code, name) = (r.code(), r.name());
            let default = RuleLevel::of(r.default_severity());
            let level = move || {
                state
                    .project
                    .with(|p| p.lint.level(code, name))
                    .unwrap_or(default)
            };
            let docs = r
                .docs()
                .lines()
                .map(str::trim_start)
                .map(|line| match line.strip_prefix("## ") {
                    Some(heading) => view! { <h4>{heading.to_string()}</h4> }.into_any(),
                    None => view! { <p>{line.to_string()}</p> }.into_any(),
                })
                .collect_view();
            let options = RuleLevel::ALL
                .into_iter()
                .map(|l| {
                    let text = if l == default {
                        format!("{} (default)", l.word())
                    } else {
                        l.word().to_string()
                    };
                    view! { <option value=l.word() selected=move || level() == l>{text}</option> }
                })
                .collect_view();
            view! {
                <article class="rule" data-testid="rule" data-code=code class:off=move || level() == RuleLevel::Off>
                    <div class="rule-head">
                        <h3>{format!("{code} {name}")}</h3>
                        <select
                            data-testid="rule-level"
                            title="How this project reports the rule"
                            on:change=move |ev| {
                                if let Some(l) = RuleLevel::parse(&event_target_value(&ev)) {
                                    change_settings(state, format!("{code} {}", l.word()), |s| {
                                        s.set_level(code, name, l, default)
                                    });
                                }
                            }
                        >
                            {options}
                        </select>
                    </div>
                    {docs}
                </article>
            }
        })
        .collect_view();
    view! {
        <Modal class="rules-page" test_id="rules-page" heading="rules-title" on_close=close>
            <header>
                <h2 id="rules-title">"Rules"</h2>
                <button data-testid="rules-close" on:click=move |_| close.run(())>"Close"</button>
            </header>
            <ProfileSettings />
            <Suppressions />
            {rules}
        </Modal>
    }
}

/// One select of the naming profile.
fn profile_select<T: Copy + PartialEq + Send + Sync + 'static>(
    state: AppState,
    label: &'static str,
    test_id: &'static str,
    choices: Vec<(T, &'static str)>,
    get: fn(&Profile) -> T,
    set: fn(&mut Profile, T),
) -> impl IntoView {
    let current = move || state.project.with(|p| get(&p.lint.profile));
    let options = choices
        .iter()
        .enumerate()
        .map(|(k, (value, text))| {
            let value = *value;
            view! { <option value=k.to_string() selected=move || current() == value>{*text}</option> }
        })
        .collect_view();
    view! {
        <label class="profile-setting">
            {label}
            <select
                data-testid=test_id
                on:change=move |ev| {
                    let chosen = event_target_value(&ev)
                        .parse::<usize>()
                        .ok()
                        .and_then(|k| choices.get(k).copied());
                    if let Some((value, text)) = chosen {
                        change_settings(state, format!("{label} {text}"), |s| set(&mut s.profile, value));
                    }
                }
            >
                {options}
            </select>
        </label>
    }
}

/// The team's naming profile: what the naming rules check and the names their fixes propose.
#[component]
fn ProfileSettings() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="rules-profile" data-testid="rules-profile">
            <h3>"Naming profile"</h3>
            {profile_select(
                state,
                "Table names",
                "profile-table-names",
                vec![
                    (TableNames::Consistent, "as most tables"),
                    (TableNames::Plural, "plural (users)"),
                    (TableNames::Singular, "singular (user)"),
                ],
                |p| p.table_names,
                |p, v| p.table_names = v,
            )}
            {profile_select(
                state,
                "Primary key",
                "profile-primary-key",
                vec![
                    (PrimaryKeyName::Consistent, "as most tables"),
                    (PrimaryKeyName::Id, "id"),
                    (PrimaryKeyName::TableId, "{table}_id"),
                ],
                |p| p.primary_key,
                |p, v| p.primary_key = v,
            )}
            {profile_select(
                state,
                "Case",
                "profile-case",
                CaseStyle::ALL
                    .into_iter()
                    .map(|c| {
                        (
                            c,
                            match c {
                                CaseStyle::Snake => "snake_case",
                                CaseStyle::Camel => "camelCase",
                                CaseStyle::Pascal => "PascalCase",
                            },
                        )
                    })
                    .collect(),
                |p| p.case,
                |p, v| p.case = v,
            )}
        </section>
    }
}

/// The objects a rule is told to ignore, each with a button that takes it back.
#[component]
fn Suppressions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = move || state.project.with(|p| p.lint.suppress.clone());
    view! {
        <Show when=move || state.project.with(|p| !p.lint.suppress.is_empty())>
            <section class="rules-suppressed" data-testid="rules-suppressed">
                <h3>"Ignored"</h3>
                <ul>
                    {move || {
                        list()
                            .into_iter()
                            .enumerate()
                            .map(|(k, s)| {
                                let label = format!("{} on {}", s.rule, s.object);
                                let undo = format!("stop ignoring {label}");
                                view! {
                                    <li data-testid="suppression">
                                        <span>{label}</span>
                                        <button
                                            data-testid="unsuppress"
                                            on:click=move |_| {
                                                change_settings(state, undo.clone(), |s| {
                                                    if k < s.suppress.len() {
                                                        s.suppress.remove(k);
                                                    }
                                                })
                                            }
                                        >
                                            "Stop ignoring"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </Show>
    }
}
