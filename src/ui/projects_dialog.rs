//! The projects kept in this browser: open one, rename, duplicate or delete it. Opening
//! another stores the open one first, so switching never loses work.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::library::{self, Entry};
use super::modal::Modal;
use super::state::AppState;
use crate::edit::{Edit, Snapshot};

#[component]
pub fn ProjectsDialog(open: RwSignal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let listed = RwSignal::new(state.project.with_untracked(library::index));
    let refresh = move || listed.set(state.project.with_untracked(library::index));
    // Runs a library step; on success the list is read again, or the page reloads.
    let run =
        move |step: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>>>>,
              reload: bool| {
            spawn_local(async move {
                match step.await {
                    Ok(()) if reload => {
                        state.detached.set(true);
                        let _ = window().location().reload();
                    }
                    Ok(()) => refresh(),
                    Err(e) => state.notice.set(Some(format!("Projects: {e}."))),
                }
            });
        };
    let row = move |entry: Entry| {
        let active = move || listed.with(|(_, a)| *a == entry.id);
        let id = entry.id;
        let stored_name = entry.name.clone();
        let name = move || {
            if active() {
                state.project.with(|p| p.name.clone())
            } else {
                stored_name.clone()
            }
        };
        let name_for_prompt = name.clone();
        let open_it = move |_| {
            let project = state.project.get_untracked();
            state.flush_typing();
            run(
                Box::pin(async move { library::switch_to(&project, id).await }),
                true,
            );
        };
        let rename = move |_| {
            let current = name_for_prompt();
            let Ok(Some(new)) =
                window().prompt_with_message_and_default("Rename the project to:", &current)
            else {
                return;
            };
            let new = new.trim().to_string();
            if new.is_empty() || new == current {
                return;
            }
            if active() {
                let source = state.project.with_untracked(|p| p.source.clone());
                state.edit(Edit::Restore {
                    state: Box::new(Snapshot {
                        name: Some(new),
                        source,
                        model: None,
                        layout: None,
                        lint: None,
                    }),
                });
                refresh();
            } else {
                let project = state.project.get_untracked();
                run(
                    Box::pin(async move { library::rename(&project, id, &new).await }),
                    false,
                );
            }
        };
        let duplicate = move |_| {
            let project = state.project.get_untracked();
            run(
                Box::pin(async move { library::duplicate(&project, id).await }),
                false,
            );
        };
        let delete = {
            let name = name.clone();
            move |_| {
                let sure = window()
                    .confirm_with_message(&format!("Delete the project \u{201c}{}\u{201d} from this browser? This cannot be undone.", name()))
                    .unwrap_or(false);
                if sure {
                    let project = state.project.get_untracked();
                    run(
                        Box::pin(async move { library::delete(&project, id).await }),
                        false,
                    );
                }
            }
        };
        view! {
            <li class="project-entry" class:active=active data-testid="project-entry" data-active=move || active().to_string()>
                <span class="project-entry-name">{name}</span>
                {move || active().then(|| view! { <span class="open-mark">"open"</span> })}
                <span class="project-entry-actions">
                    <button data-testid="project-open" disabled=active on:click=open_it>"Open"</button>
                    <button data-testid="project-rename" on:click=rename>"Rename"</button>
                    <button data-testid="project-duplicate" on:click=duplicate>"Duplicate"</button>
                    <button data-testid="project-delete" disabled=active on:click=delete>"Delete"</button>
                </span>
            </li>
        }
    };
    view! {
        <Modal
            class="modal projects-dialog"
            test_id="projects-dialog"
            heading="projects-title"
            on_close=move |()| open.set(false)
        >
            <h2 id="projects-title">"Projects in this browser"</h2>
            <ul class="project-list">
                <For each=move || listed.get().0 key=|e: &Entry| (e.id, e.name.clone()) children=row />
            </ul>
            <div class="dialog-actions">
                <button data-testid="projects-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Modal>
    }
}
