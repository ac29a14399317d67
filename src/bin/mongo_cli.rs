//! `schemaforge infer SAMPLES...`: collections' document models inferred from sample
//! documents, with references proposed between them, printed as `$jsonSchema` validators and
//! written into a project;
//! `schemaforge validate VALIDATOR DOCUMENTS`: documents checked against a validator.

use schemaforge::generate::mongo::collection_script::create_collection;
use schemaforge::generate::mongo::indexes::indexes_script;
use schemaforge::generate::mongo::json_schema::json_schema;
use schemaforge::generate::mongo::validator::validator;
use schemaforge::import::extended_json::{documents, Bson, ReadError};
use schemaforge::import::references::propose;
use schemaforge::import::samples::Inference;
use schemaforge::migrate::document::plan_documents;
use schemaforge::migrate::Safety;
use schemaforge::model::document::{Cardinality, Collection};
use schemaforge::model::{Dialect, Project};
use schemaforge::transform::to_documents::to_documents;
use schemaforge::transform::to_tables::to_tables;
use schemaforge::validate::Validator;

/// Infers a collection per file, proposes references between them, prints a field summary
/// to standard error and the validators to standard output, and writes the project (with
/// the collections) to `output` when given.
pub fn infer(
    paths: &[String],
    collection: Option<&str>,
    output: Option<&str>,
) -> Result<(), String> {
    if collection.is_some() && paths.len() > 1 {
        return Err("--collection names one file's collection; with several files each is named after its file".into());
    }
    let mut project = Project::new("collections", Dialect::Postgres);
    let mut collections = Vec::new();
    let mut seen = Vec::new();
    for path in paths {
        let name = collection.map(str::to_string).unwrap_or_else(|| {
            let file = std::path::Path::new(path);
            file.file_stem()
                .map_or_else(|| path.clone(), |s| s.to_string_lossy().to_string())
        });
        let text = read_text(path)?;
        let mut inference = Inference::default();
        inference
            .read_all(&text)
            .map_err(|e| format!("{path}: {e}"))?;
        let (c, ids) = inference.collection_and_ids(&name, &mut project.ids);
        collections.push(c);
        seen.push(ids);
    }
    propose(&mut collections, &seen, &mut project.ids);
    for c in &collections {
        if collections.len() > 1 {
            eprintln!("collection {}:", c.name);
        }
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
        for r in &c.references {
            let path: Vec<&str> = {
                let mut fields = &c.fields;
                let mut names = Vec::new();
                for id in &r.path {
                    let Some(f) = fields.iter().find(|f| f.id == *id) else {
                        break;
                    };
                    names.push(f.name.as_str());
                    fields = &f.fields;
                }
                names
            };
            let to = collections
                .iter()
                .find(|t| t.id == r.to)
                .map_or("", |t| t.name.as_str());
            eprintln!(
                "reference proposed: {}.{} -> {to} ({})",
                c.name,
                path.join("."),
                match r.cardinality {
                    Cardinality::One => "one",
                    Cardinality::Many => "many",
                }
            );
        }
    }
    let printed = match collections.as_slice() {
        [one] => validator(one),
        all => {
            serde_json::Value::Object(all.iter().map(|c| (c.name.clone(), validator(c))).collect())
        }
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&printed).map_err(|e| e.to_string())?
    );
    if let Some(out) = output {
        if let [one] = collections.as_slice() {
            project.name = one.name.clone();
        }
        project.model.collections = collections;
        project.layout = schemaforge::layout::auto_layout::layered_layout(&project.model);
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

/// What `schemaforge export --to mongo-…|json-schema` writes.
pub struct ExportTarget<'a> {
    pub to: &'a str,
    pub collection: Option<&'a str>,
    pub from_version: Option<&'a str>,
}

/// The project's collections as the target asks.
pub fn export(project: &Project, target: &ExportTarget<'_>) -> Result<String, String> {
    let collections = &project.model.collections;
    let one = || -> Result<&Collection, String> {
        let names: Vec<&str> = collections.iter().map(|c| c.name.as_str()).collect();
        match (target.collection, collections.as_slice()) {
            (Some(name), _) => collections.iter().find(|c| c.name == name).ok_or_else(|| {
                format!("no collection {name}; the project has {}", names.join(", "))
            }),
            (None, [c]) => Ok(c),
            (None, []) => Err("the project has no collections".into()),
            (None, _) => Err(format!(
                "the project has several collections ({}): choose one with --collection",
                names.join(", ")
            )),
        }
    };
    let json = |v: serde_json::Value| -> Result<String, String> {
        serde_json::to_string_pretty(&v)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string())
    };
    match target.to {
        "mongo-validator" => json(validator(one()?)),
        "json-schema" => json(json_schema(one()?)),
        "mongo-create" => Ok(collections
            .iter()
            .map(|c| format!("{}{}", create_collection(c), indexes_script(c)))
            .collect::<Vec<_>>()
            .join("\n")),
        "mongo-indexes" => Ok(collections.iter().map(indexes_script).collect()),
        "mongo-migration" => {
            let Some(name) = target.from_version else {
                return Err("mongo-migration needs --from-version V (a saved version)".into());
            };
            let from = project.version(name).ok_or_else(|| {
                let known: Vec<&str> = project.versions.iter().map(|v| v.name.as_str()).collect();
                format!("no saved version {name}; the project has {}", known.join(", "))
            })?;
            let plan = plan_documents(&from.model, &project.model);
            if plan.is_empty() {
                eprintln!("no change to the collections since {name}");
            }
            for s in &plan.steps {
                if s.up.safety() >= Safety::LosesData || s.down.safety() >= Safety::LosesData {
                    eprintln!("note: {} (up: {}; down: {})", s.title, s.up.why, s.down.why);
                }
            }
            Ok(format!("{}\n{}", plan.up_script(), plan.down_script()))
        }
        other => Err(format!(
            "unknown target {other}; use mongo-validator, json-schema, mongo-create, mongo-indexes or mongo-migration"
        )),
    }
}

/// `schemaforge convert`: the project's tables proposed as collections, or its collections
/// flattened into tables; the decisions to standard error, the result returned for
/// standard output, and the project (with the result added) written to `output`.
pub fn convert(mut project: Project, to: &str, output: Option<&str>) -> Result<String, String> {
    let mut ids = project.ids.clone();
    ids.observe(schemaforge::model::Id(project.model.max_id()));
    let printed = match to {
        "documents" => {
            if project.model.tables.is_empty() {
                return Err("the project has no tables to propose collections for".into());
            }
            let proposal = to_documents(&project.model, &mut ids);
            for n in &proposal.notes {
                eprintln!("{n}");
            }
            let taken: Vec<String> = project
                .model
                .collections
                .iter()
                .map(|c| c.name.clone())
                .collect();
            if let Some(c) = proposal
                .collections
                .iter()
                .find(|c| taken.contains(&c.name))
            {
                return Err(format!(
                    "the project has a collection named {} already",
                    c.name
                ));
            }
            let text = proposal
                .collections
                .iter()
                .map(create_collection)
                .collect::<Vec<_>>()
                .join("\n");
            project.model.collections.extend(proposal.collections);
            text
        }
        _ => {
            if project.model.collections.is_empty() {
                return Err("the project has no collections to flatten".into());
            }
            let flat = to_tables(&project.model.collections, &mut ids);
            for n in &flat.notes {
                eprintln!("{n}");
            }
            let dialect = project.source.dialect;
            let text = schemaforge::generate::sql::generate_ddl(
                &flat.model,
                &*schemaforge::generate::sql::dialect_for(dialect),
                &schemaforge::generate::sql::DdlOptions::default(),
            );
            let taken: Vec<String> = project
                .model
                .tables
                .iter()
                .map(|t| t.name.clone())
                .collect();
            if let Some(t) = flat.model.tables.iter().find(|t| taken.contains(&t.name)) {
                return Err(format!("the project has a table named {} already", t.name));
            }
            project.model.tables.extend(flat.model.tables);
            text
        }
    };
    project.ids = ids;
    if let Some(out) = output {
        project
            .model
            .validate()
            .map_err(|e| format!("the result is not a valid model: {e}"))?;
        project.layout = schemaforge::layout::auto_layout::layered_layout(&project.model);
        std::fs::write(out, project.to_json()).map_err(|e| format!("cannot write {out}: {e}"))?;
    }
    Ok(printed)
}
