//! The examples of document rules, written as sample documents rather than SQL: a line
//! `collection NAME` starts a collection, the JSON lines after it are its documents (or one
//! line `validator {...}` gives its `$jsonSchema`), and `index NAME PATH[,PATH]` adds an
//! ascending index. References are proposed between the collections as inference does.

use crate::import::extended_json::documents;
use crate::import::json_schema::collection_from_validator;
use crate::import::references::propose;
use crate::import::samples::{Inference, SampledIds};
use crate::model::document::{Collection, DocumentIndex, IndexKey, KeyKind};
use crate::model::{Dialect, Project};

/// Whether a rule example is written this way.
pub fn is_document_example(text: &str) -> bool {
    text.trim_start().starts_with("collection ")
}

/// The project an example describes.
pub fn project_from_example(text: &str) -> Result<Project, String> {
    let mut project = Project::new("example", Dialect::Postgres);
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    let mut indexes: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("collection ") {
            blocks.push((name.trim().to_string(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("index ") {
            let (name, paths) = rest
                .split_once(' ')
                .ok_or_else(|| format!("`{line}`: index NAME PATH[,PATH]"))?;
            indexes.push((
                name.to_string(),
                paths.split(',').map(|p| p.trim().to_string()).collect(),
            ));
        } else {
            blocks
                .last_mut()
                .ok_or_else(|| format!("`{line}` comes before any `collection NAME`"))?
                .1
                .push(line);
        }
    }
    let mut collections: Vec<Collection> = Vec::new();
    let mut seen: Vec<SampledIds> = Vec::new();
    for (name, lines) in blocks {
        if let [one] = lines.as_slice() {
            if let Some(v) = one.strip_prefix("validator ") {
                let value: serde_json::Value =
                    serde_json::from_str(v).map_err(|e| format!("{name}: {e}"))?;
                let mut notes = Vec::new();
                let c = collection_from_validator(&name, &value, &mut project.ids, &mut notes)
                    .map_err(|e| format!("{name}: {e}"))?;
                collections.push(c);
                continue;
            }
        }
        let mut inference = Inference::default();
        for d in documents(&lines.join("\n")) {
            inference.add(&d.map_err(|e| format!("{name}: {e}"))?);
        }
        let (c, ids) = inference.collection_and_ids(&name, &mut project.ids);
        collections.push(c);
        seen.push(ids);
    }
    for (name, paths) in indexes {
        let c = collections
            .iter_mut()
            .find(|c| c.name == name)
            .ok_or_else(|| format!("index on {name}: no such collection"))?;
        c.indexes.push(DocumentIndex {
            id: project.ids.fresh(),
            keys: paths
                .into_iter()
                .map(|path| IndexKey {
                    path,
                    kind: KeyKind::Ascending,
                })
                .collect(),
            ..DocumentIndex::default()
        });
    }
    propose(&mut collections, &seen, &mut project.ids);
    project.model.collections = collections;
    Ok(project)
}
