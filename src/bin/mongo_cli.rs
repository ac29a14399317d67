//! `schemaforge infer SAMPLES --collection NAME`: a collection's document model inferred
//! from sample documents, printed as its `$jsonSchema` validator and written into a project.

use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::documents;
use schemaforge::import::samples::Inference;
use schemaforge::model::{Dialect, Project};

/// Infers the collection, prints a field summary to standard error and the validator to
/// standard output, and writes the project (with the collection) to `output` when given.
pub fn infer(path: &str, collection: &str, output: Option<&str>) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut inference = Inference::default();
    for (k, document) in documents(&text).enumerate() {
        let document = document.map_err(|e| {
            if e.line == 0 {
                format!("{path}: document {}: {}", k + 1, e.message)
            } else {
                format!("{path}: {e}")
            }
        })?;
        inference.add(&document);
    }
    let mut project = Project::new(collection, Dialect::Postgres);
    let c = inference.collection(collection, &mut project.ids);
    for (path, f) in c.paths() {
        let seen = f
            .observed
            .as_ref()
            .map_or(String::new(), |o| format!(" ({} of {})", o.present, o.of));
        let types: Vec<&str> = f.types.iter().map(|t| t.name()).collect();
        eprintln!(
            "{path}: {}{}{seen}",
            types.join(" | "),
            if f.required { ", required" } else { "" }
        );
    }
    eprintln!("{} documents", c.sampled.unwrap_or(0));
    println!(
        "{}",
        serde_json::to_string_pretty(&validator(&c)).map_err(|e| e.to_string())?
    );
    if let Some(out) = output {
        project.model.collections.push(c);
        std::fs::write(out, project.to_json()).map_err(|e| format!("cannot write {out}: {e}"))?;
    }
    Ok(())
}
