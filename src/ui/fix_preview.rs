//! A fix previewed on the diagram: the tables it touches drawn as they are and as they would
//! be (a decomposition's new table, the moved columns, the foreign key between them), with
//! Apply and Close. The project does not change until Apply.

use leptos::prelude::*;

use super::findings_panel::apply;
use super::state::AppState;
use crate::edit::Edit;
use crate::rules::fix_preview::preview_fix;
use crate::rules::Fix;

/// Whether a fix is worth drawing first: one that adds tables (a decomposition).
pub fn previewable(fix: &Fix) -> bool {
    fix.edits.iter().any(|e| matches!(e, Edit::AddTable { .. }))
}

/// Computes the preview of `fix` and shows it; a fix that no longer applies says why.
pub fn show_preview(state: AppState, fix: Fix) {
    match state.project.with_untracked(|p| preview_fix(p, &fix)) {
        Ok(preview) => state.preview.set(Some((fix, preview))),
        Err(e) => state.notice.set(Some(format!("No preview: {e}."))),
    }
}

#[component]
pub fn FixPreviewPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A preview belongs to the project it was drawn from: any change closes it.
    Effect::new(move |first: Option<()>| {
        state.project.track();
        if first.is_some() {
            state.preview.set(None);
        }
    });
    move || {
        state.preview.get().map(|(fix, p)| {
            let caption = format!(
                "Adds {}; changes {}.",
                if p.added.is_empty() { "nothing".into() } else { p.added.join(", ") },
                if p.changed.is_empty() { "nothing".into() } else { p.changed.join(", ") }
            );
            view! {
                <div class="fix-preview" data-testid="fix-preview" role="dialog" aria-label="Fix preview">
                    <header>
                        <strong>{format!("Preview: {}", p.title)}</strong>
                        <span class="fix-preview-caption">{caption}</span>
                    </header>
                    <div class="fix-preview-sides">
                        <figure data-testid="fix-preview-before">
                            <figcaption>"Now"</figcaption>
                            <div class="fix-preview-drawing" inner_html=p.before.clone()></div>
                        </figure>
                        <figure data-testid="fix-preview-after">
                            <figcaption>"After the fix"</figcaption>
                            <div class="fix-preview-drawing" inner_html=p.after.clone()></div>
                        </figure>
                    </div>
                    <footer>
                        <button
                            data-testid="fix-preview-apply"
                            on:click=move |_| {
                                state.preview.set(None);
                                apply(state, &fix);
                            }
                        >
                            "Apply"
                        </button>
                        <button data-testid="fix-preview-close" on:click=move |_| state.preview.set(None)>
                            "Close"
                        </button>
                    </footer>
                </div>
            }
        })
    }
}
