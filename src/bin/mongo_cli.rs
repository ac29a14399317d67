//! `schemaforge infer SAMPLES --collection NAME`: a collection's document model inferred
//! from sample documents, printed as its `$jsonSchema` validator and written into a project;
//! `schemaforge validate VALIDATOR DOCUMENTS`: documents checked against a validator.

use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::{documents, Bson, ReadError};
use schemaforge::import::samples::Inference;
use schemaforge::model::{Dialect, Project};
use schemaforge::validate::Validator;

/// Infers the collection, prints a field summary to standard error and the validator to
/// standard output, and writes the project (with the collection) to `output` when given.
pub fn infer(path: &str, collection: &str, output: Option<&str>) -> Result<(), String> {
    let text = read_text(path)?;
    let mut inference = Inference::default();
    for (k, document) in documents(&text).enumerate() {
        let document = document.map_err(|e| located(path, k, &e))?;
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

/// Checks each document of `documents` against the `$jsonSchema` validator in
/// `validator_path`: prints each failing document's number, `_id` and every failing path and
/// keyword. `Ok(false)` when one failed.
pub fn validate(validator_path: &str, documents_path: &str) -> Result<bool, String> {
    let text = std::fs::read_to_string(validator_path)
        .map_err(|e| format!("cannot read {validator_path}: {e}"))?;
    let validator = Validator::from_text(&text).map_err(|e| format!("{validator_path}: {e}"))?;
    let samples = read_text(documents_path)?;
    let (mut checked, mut failed) = (0usize, 0usize);
    for (k, document) in documents(&samples).enumerate() {
        let document = document.map_err(|e| located(documents_path, k, &e))?;
        checked += 1;
        let failures = validator.validate(&document);
        if failures.is_empty() {
            continue;
        }
        failed += 1;
        let id = match &document {
            Bson::Object(fields) => fields
                .iter()
                .find(|(name, _)| name == "_id")
                .map(|(_, v)| format!(" (_id {})", shown(v))),
            _ => None,
        };
        println!("document {}{}:", k + 1, id.unwrap_or_default());
        for f in failures {
            println!("  {f}");
        }
    }
    println!("{checked} documents, {failed} failed");
    Ok(failed == 0)
}

fn read_text(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A read error with the file, and the document's number when it has no line.
fn located(path: &str, k: usize, e: &ReadError) -> String {
    if e.line == 0 {
        format!("{path}: document {}: {}", k + 1, e.message)
    } else {
        format!("{path}: {e}")
    }
}

fn shown(v: &Bson) -> String {
    match v {
        Bson::String(s) => format!("{s:?}"),
        Bson::ObjectId(s) => format!("ObjectId({s})"),
        Bson::Int(i) => i.to_string(),
        Bson::Long(i) => i.to_string(),
        Bson::Double(x) => x.to_string(),
        other => other.bson_type().name().to_string(),
    }
}
