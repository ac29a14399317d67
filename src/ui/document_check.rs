//! Validate a document in the browser: paste one and see whether the collection's
//! validator accepts it, or each failing path and keyword, by the engine with MongoDB's
//! `$jsonSchema` semantics.

use leptos::prelude::*;

use crate::generate::mongo::validator::validator;
use crate::import::extended_json::documents;
use crate::model::document::Collection;
use crate::validate::Validator;

/// What the check says: accepted, or the reasons.
fn verdict(c: &Collection, text: &str) -> Result<Vec<String>, String> {
    let v = Validator::from_value(&validator(c)).map_err(|e| format!("the validator: {e}"))?;
    let mut reader = documents(text);
    let document = match reader.next() {
        Some(Ok(d)) => d,
        Some(Err(e)) => return Err(e.to_string()),
        None => return Ok(Vec::new()),
    };
    Ok(v.validate(&document)
        .iter()
        .map(ToString::to_string)
        .collect())
}

#[component]
pub fn DocumentCheck(collection: Collection) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let result = move || {
        let t = text.get();
        if t.trim().is_empty() {
            return None;
        }
        Some(match verdict(&collection, &t) {
            Err(e) => view! { <p class="import-error" data-testid="check-error">{e}</p> }.into_any(),
            Ok(failures) if failures.is_empty() => {
                view! { <p class="check-ok" data-testid="check-accepted">"The validator accepts it."</p> }.into_any()
            }
            Ok(failures) => {
                let n = failures.len();
                let items = failures
                    .into_iter()
                    .map(|f| view! { <li data-testid="check-failure">{f}</li> })
                    .collect_view();
                view! {
                    <div class="check-failures">
                        <p>{format!("Rejected: {n} failure{}", if n == 1 { "" } else { "s" })}</p>
                        <ul>{items}</ul>
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <label>
            "Check a document"
            <textarea
                data-testid="check-document"
                rows="4"
                spellcheck="false"
                placeholder="{\"_id\": 1, …}"
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
        </label>
        {result}
    }
}
