//! Where the schemas of a model go in an engine whose schemas are databases (MySQL and
//! MariaDB: `CREATE TABLE musicbrainz.artist` needs a database `musicbrainz`). By default the
//! script stays in the one database it is run in: a schema folds into nothing, and where two
//! schemas hold tables of one name, those tables take their schema as a name prefix. As an
//! option each schema becomes a database of its own.

use std::collections::{BTreeMap, BTreeSet};

use super::fidelity::{NoteLevel, Notes};
use crate::model::{Dialect, Model};

/// What a schema becomes where schemas are databases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SchemaPlacement {
    /// One database: tables unqualified, prefixed by their schema only where names collide.
    #[default]
    Fold,
    /// One database: every table of a named schema prefixed `{schema}_`.
    Prefix,
    /// `CREATE DATABASE` per schema, tables qualified by it.
    Databases,
}

impl SchemaPlacement {
    pub fn parse(name: &str) -> Option<SchemaPlacement> {
        match name {
            "fold" => Some(SchemaPlacement::Fold),
            "prefix" => Some(SchemaPlacement::Prefix),
            "databases" => Some(SchemaPlacement::Databases),
            _ => None,
        }
    }
}

/// Applies `placement` to the named schemas left in `model` (default schemas are already
/// gone), noting for each schema what became of it.
pub(super) fn place_schemas(
    model: &mut Model,
    placement: SchemaPlacement,
    target: Dialect,
    notes: &mut Notes,
) {
    let schemas: BTreeSet<String> = model
        .tables
        .iter()
        .filter_map(|t| t.schema.clone())
        .chain(model.enums.iter().filter_map(|e| e.schema.clone()))
        .chain(model.views.iter().filter_map(|v| v.schema.clone()))
        .collect();
    if placement == SchemaPlacement::Databases {
        for s in &schemas {
            notes.add(
                NoteLevel::Info,
                format!("schema {s}"),
                format!("created as a {target} database of its own (CREATE DATABASE {s})"),
            );
        }
        return;
    }
    // The schemas each table name is used in; names compare as the engine may fold them.
    let mut homes: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    for t in &model.tables {
        homes
            .entry(t.name.to_lowercase())
            .or_default()
            .insert(t.schema.clone());
    }
    let mut renamed: BTreeMap<(String, String), String> = BTreeMap::new();
    for t in &mut model.tables {
        if t.schema.is_none() {
            continue;
        }
        let Some(schema) = t.schema.take() else {
            continue;
        };
        let collides = homes
            .get(&t.name.to_lowercase())
            .is_some_and(|h| h.len() > 1);
        if placement == SchemaPlacement::Prefix || collides {
            let name = format!("{schema}_{}", t.name);
            renamed.insert((schema.clone(), t.name.clone()), name.clone());
            t.name = name;
        }
    }
    for e in &mut model.enums {
        e.schema = None;
    }
    for v in &mut model.views {
        v.schema = None;
    }
    for s in &schemas {
        let moved: Vec<String> = renamed
            .iter()
            .filter(|((schema, _), _)| schema == s)
            .map(|((_, old), new)| format!("{s}.{old} is created as {new}"))
            .collect();
        let message = if moved.is_empty() {
            "folded into the one database; its tables are created unqualified".to_string()
        } else if placement == SchemaPlacement::Prefix {
            format!(
                "folded into the one database with its name as a prefix: {}",
                moved.join(", ")
            )
        } else {
            format!(
                "folded into the one database; tables whose names another schema also uses take it as a prefix: {}",
                moved.join(", ")
            )
        };
        notes.add(NoteLevel::Info, format!("schema {s}"), message);
    }
}
