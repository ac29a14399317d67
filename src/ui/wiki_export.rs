//! The exports for wikis and design reviews in the export panel: Mermaid, Markdown (the
//! diagram and a table per table), the self-contained review page, DBML and the project
//! file. Each is made when its button is pressed, never while the user types.

use leptos::prelude::*;

use super::browser_file::download;
use super::state::AppState;
use crate::generate::markdown::project_markdown;
use crate::generate::mermaid::{mermaid_diagrams, mermaid_er, MERMAID_LIMIT};
use crate::generate::review_page::review_page;
use crate::layout::view::{part_of, project_of_view};
use crate::model::{DiagramView, Project};

/// One export: its button's label and test id, the file's extension and type, and the text.
struct WikiExport {
    label: &'static str,
    testid: &'static str,
    extension: &'static str,
    mime: &'static str,
    /// The text, of the view shown when there is one and the export takes it.
    make: fn(&Project, Option<&DiagramView>) -> Result<String, String>,
    /// What to tell the user about the file made, if anything.
    warning: fn(&Project, Option<&DiagramView>) -> Option<String>,
}

fn no_warning(_: &Project, _: Option<&DiagramView>) -> Option<String> {
    None
}

/// Past Mermaid's default limit a single diagram does not render until its reader raises it.
fn mermaid_warning(p: &Project, view: Option<&DiagramView>) -> Option<String> {
    let parts = match view {
        Some(view) => mermaid_diagrams(&part_of(&p.model, &view.members), MERMAID_LIMIT).len(),
        None => mermaid_diagrams(&p.model, MERMAID_LIMIT).len(),
    };
    (parts > 1).then(|| format!(
        "The Mermaid diagram is longer than Mermaid's default limit of {MERMAID_LIMIT} characters: raise its maxTextSize, or export Markdown, which splits it in {parts} diagrams."
    ))
}

const EXPORTS: [WikiExport; 5] = [
    WikiExport {
        label: "Review page",
        testid: "export-review",
        extension: "review.html",
        mime: "text/html",
        make: |p, view| review_page(p, None, view),
        warning: no_warning,
    },
    WikiExport {
        label: "Markdown",
        testid: "export-markdown",
        extension: "md",
        mime: "text/markdown",
        make: |p, view| {
            Ok(match view {
                Some(view) => project_markdown(&project_of_view(p, view)),
                None => project_markdown(p),
            })
        },
        warning: no_warning,
    },
    WikiExport {
        label: "Mermaid",
        testid: "export-mermaid",
        extension: "mmd",
        mime: "text/plain",
        make: |p, view| {
            Ok(match view {
                Some(view) => mermaid_er(&part_of(&p.model, &view.members)),
                None => mermaid_er(&p.model),
            })
        },
        warning: mermaid_warning,
    },
    WikiExport {
        label: "DBML",
        testid: "export-dbml",
        extension: "dbml",
        mime: "text/plain",
        make: |p, _| Ok(crate::generate::dbml::print_dbml(&p.model)),
        warning: no_warning,
    },
    WikiExport {
        label: "Project file",
        testid: "export-project",
        extension: "schemaforge.json",
        mime: "application/json",
        make: |p, _| Ok(p.to_json()),
        warning: no_warning,
    },
];

#[component]
pub fn WikiExports() -> impl IntoView {
    let state = expect_context::<AppState>();
    let buttons = EXPORTS
        .iter()
        .map(|export| {
            let press = move |_| {
                let view = untrack(|| state.shown_view());
                let made = state.project.with_untracked(|p| {
                    let stem = match &view {
                        Some(v) => crate::ui::toolbar::file_stem(&format!("{} {}", p.name, v.name)),
                        None => crate::ui::toolbar::file_stem(&p.name),
                    };
                    (export.make)(p, view.as_ref())
                        .map(|text| (format!("{stem}.{}", export.extension), text))
                });
                match made {
                    Ok((name, text)) => {
                        if download(&name, export.mime, &text).is_err() {
                            state
                                .notice
                                .set(Some("The browser refused the download.".into()));
                        }
                    }
                    Err(e) => state.notice.set(Some(format!("Cannot export: {e}."))),
                }
                if let Some(warning) = state
                    .project
                    .with_untracked(|p| (export.warning)(p, view.as_ref()))
                {
                    state.notice.set(Some(warning));
                }
            };
            view! { <button data-testid=export.testid on:click=press>{export.label}</button> }
        })
        .collect_view();
    view! {
        <details class="panel wiki-panel" data-testid="wiki-export">
            <summary>"Wiki and review"</summary>
            <p class="hint">
                "The review page is one HTML file with the diagram, the findings and the migration from the newest saved version; it runs no script. With a view shown, the review page, Markdown and Mermaid show that view."
            </p>
            <div class="wiki-buttons">{buttons}</div>
        </details>
    }
}
