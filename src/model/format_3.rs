//! Reading a project saved before format 4, when references named their targets: the
//! model is read by name ([`super::refs::ByName`]) and resolved to ids, as an import is. A
//! reference that names nothing makes the file inconsistent; it is refused, not guessed at.

use serde_json::{json, Map, Value};

use super::project::Project;
use super::relational::NamedModel;
use crate::diagnostic::Diagnostic;

/// The project a format 1 to 3 file holds, its references by id.
pub fn read(file: Project<Value>) -> Result<Project, Diagnostic> {
    let Project {
        format,
        name,
        source,
        model,
        layout,
        ids,
        lint,
        versions,
        views,
        ddl_cache,
        scene_cache,
    } = file;
    let named: NamedModel = serde_json::from_value(named_references(model))
        .map_err(|e| Diagnostic::error(format!("invalid project file: in the model: {e}"), None))?;
    // Nothing checked a sequence's owner before format 4: one that names nothing is let go
    // (as an import does), not refused.
    let sequences: Vec<super::ids::Id> = named.sequences.iter().map(|s| s.id).collect();
    let (model, mut unresolved) = super::resolve::resolve(named);
    unresolved.retain(|(id, _)| !sequences.contains(id));
    if !unresolved.is_empty() {
        let reasons: Vec<String> = unresolved.into_iter().map(|(_, why)| why).collect();
        return Err(Diagnostic::error(
            format!(
                "the project's model is inconsistent: {}",
                super::validate::Invalid { problems: reasons }
            ),
            None,
        ));
    }
    Ok(Project {
        format,
        name,
        source,
        model,
        layout,
        ids,
        lint,
        versions,
        views,
        ddl_cache,
        scene_cache,
    })
}

/// The old file's references in the shape [`NamedModel`] reads: a table as
/// `{"schema", "name"}` where it was a string (`schema.name` or `name` for group members,
/// a bare name for parents and sequence owners) or a `ref_schema` beside a `ref_table`.
/// Each names the table the version that wrote the file found: a foreign key without a
/// schema the first table of that name, anything else the table of that qualified name,
/// else the first of that name.
fn named_references(mut model: Value) -> Value {
    let tables: Vec<(Option<String>, String)> = model
        .get("tables")
        .and_then(Value::as_array)
        .map(|tables| {
            tables
                .iter()
                .map(|t| {
                    (
                        t["schema"].as_str().map(str::to_string),
                        t["name"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // As the old files found a member: by its qualified name, else by its name.
    let member = |written: &Value| -> Value {
        let written = written.as_str().unwrap_or_default();
        let qualified = tables.iter().find(|(s, n)| match s {
            Some(s) => format!("{s}.{n}") == written,
            None => n == written,
        });
        match qualified.or_else(|| tables.iter().find(|(_, n)| n == written)) {
            Some((schema, name)) => table_name(schema.as_deref(), name),
            None => table_name(None, written),
        }
    };
    // A foreign key's target without a schema: the first table of that name.
    let first_named = |name: &str| -> Value {
        match tables.iter().find(|(_, n)| n == name) {
            Some((schema, name)) => table_name(schema.as_deref(), name),
            None => table_name(None, name),
        }
    };
    if let Some(tables) = model.get_mut("tables").and_then(Value::as_array_mut) {
        for t in tables {
            if let Some(fks) = t.get_mut("foreign_keys").and_then(Value::as_array_mut) {
                for fk in fks {
                    let Some(fk) = fk.as_object_mut() else {
                        continue;
                    };
                    let schema = fk.remove("ref_schema");
                    let name = fk.remove("ref_table").unwrap_or_default();
                    let name = name.as_str().unwrap_or_default();
                    let target = match schema.as_ref().and_then(Value::as_str) {
                        Some(schema) => table_name(Some(schema), name),
                        None => first_named(name),
                    };
                    fk.insert("ref_table".into(), target);
                }
            }
            if let Some(parents) = t.get_mut("inherits").and_then(Value::as_array_mut) {
                for p in parents {
                    *p = member(p);
                }
            }
            if let Some(parent) = t.get_mut("partition_of").and_then(|p| p.get_mut("parent")) {
                *parent = member(parent);
            }
        }
    }
    if let Some(sequences) = model.get_mut("sequences").and_then(Value::as_array_mut) {
        for s in sequences {
            if let Some(owner) = s.get_mut("owned_by").and_then(|o| o.get_mut(0)) {
                *owner = member(owner);
            }
        }
    }
    if let Some(groups) = model.get_mut("table_groups").and_then(Value::as_array_mut) {
        for g in groups {
            if let Some(members) = g.get_mut("tables").and_then(Value::as_array_mut) {
                for m in members {
                    *m = member(m);
                }
            }
        }
    }
    model
}

fn table_name(schema: Option<&str>, name: &str) -> Value {
    let mut object = Map::new();
    if let Some(s) = schema {
        object.insert("schema".into(), json!(s));
    }
    object.insert("name".into(), json!(name));
    Value::Object(object)
}
