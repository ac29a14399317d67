//! The generated PostgreSQL DDL, recomputed from the model.

use leptos::prelude::*;

use super::state::AppState;
use crate::generate::sql::{dialect_for, generate_ddl, DdlOptions};
use crate::model::Dialect;

#[component]
pub fn DdlPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ddl = Memo::new(move |_| {
        state.project.with(|p| {
            let options = DdlOptions {
                source: p.source.dialect,
                ..DdlOptions::default()
            };
            generate_ddl(&p.model, dialect_for(Dialect::Postgres).as_ref(), &options)
        })
    });
    view! {
        <section class="panel ddl-panel">
            <header class="panel-header">
                <span>"PostgreSQL DDL"</span>
            </header>
            <pre class="ddl-output" data-testid="ddl-output">{ddl}</pre>
        </section>
    }
}
