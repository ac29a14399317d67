//! Renames carry to every reference: foreign keys (a table's own and those pointing at it),
//! keys, indexes, groups, partitions, inheritance and sequence ownership name their targets,
//! so a rename rewrites each of them, and its inverse rewrites them back exactly.

use super::rename_sql::{follow_rename, put_back, Renamed, SqlSite, SqlText};
use super::{Edit, EditError};
use crate::model::{Dialect, IndexTarget, Model, TableLookup};

/// Renames table `i` (or moves it to `schema`) and everything that names it.
pub(super) fn rename_table(
    model: &mut Model,
    i: usize,
    schema: Option<String>,
    name: String,
    unqualified: &[crate::model::Id],
) -> Result<Edit, EditError> {
    let (id, old_schema, old_name, old_qualified) = {
        let t = &model.tables[i];
        (t.id, t.schema.clone(), t.name.clone(), t.qualified_name())
    };
    // A bare reference to the new name would find another table after the rename.
    let bare_clash = model
        .tables
        .iter()
        .enumerate()
        .any(|(k, t)| k != i && t.name == name)
        && model
            .tables
            .iter()
            .flat_map(|t| &t.foreign_keys)
            .any(|fk| fk.ref_schema.is_none() && fk.ref_table == name);
    if bare_clash && name != old_name {
        return Err(EditError::new(format!(
            "another table is named {name} and foreign keys name it without a schema: \
             renaming this one to {name} would make them ambiguous"
        )));
    }
    let referencing = TableLookup::new(model).references_into(model, i);
    let mut was_unqualified = Vec::new();
    for &(k, f) in &referencing {
        let fk = &mut model.tables[k].foreign_keys[f];
        if fk.ref_schema.is_none() {
            was_unqualified.push(fk.id);
        }
        fk.ref_table = name.clone();
        fk.ref_schema = if unqualified.contains(&fk.id) {
            None
        } else {
            schema.clone()
        };
    }
    let table = &mut model.tables[i];
    table.schema = schema;
    table.name = name;
    let new_qualified = table.qualified_name();
    let new_name = table.name.clone();
    // Names written `schema.name` follow the qualified name, bare names the bare one.
    let follow = |written: &mut String| {
        if *written == old_qualified {
            *written = new_qualified.clone();
        } else if *written == old_name {
            *written = new_name.clone();
        }
    };
    for g in &mut model.table_groups {
        g.tables.iter_mut().for_each(follow);
    }
    for t in &mut model.tables {
        if let Some(p) = &mut t.partition_of {
            follow(&mut p.parent);
        }
        t.inherits.iter_mut().for_each(follow);
    }
    for s in &mut model.sequences {
        if let Some((t, _)) = &mut s.owned_by {
            follow(t);
        }
    }
    for r in &mut model.routines {
        if let Some(t) = &mut r.table {
            follow(t);
        }
    }
    Ok(Edit::RenameTable {
        table: id,
        schema: old_schema,
        name: old_name,
        unqualified: was_unqualified,
        restore: None,
    })
}

/// Renames column `c` of table `i` and every key, index and foreign key that names it;
/// returns the old name.
pub(super) fn rename_column(model: &mut Model, i: usize, c: usize, name: String) -> String {
    let old = std::mem::replace(&mut model.tables[i].columns[c].name, name.clone());
    let follow = |list: &mut Vec<String>| {
        for n in list.iter_mut().filter(|n| **n == old) {
            *n = name.clone();
        }
    };
    let incoming = TableLookup::new(model).references_into(model, i);
    for (k, f) in incoming {
        follow(&mut model.tables[k].foreign_keys[f].ref_columns);
    }
    let table = &mut model.tables[i];
    if let Some(pk) = &mut table.primary_key {
        follow(&mut pk.columns);
    }
    table
        .uniques
        .iter_mut()
        .for_each(|u| follow(&mut u.columns));
    table
        .foreign_keys
        .iter_mut()
        .for_each(|fk| follow(&mut fk.columns));
    for index in &mut table.indexes {
        follow(&mut index.include);
        for part in &mut index.parts {
            if let IndexTarget::Column(n) = &mut part.target {
                if *n == old {
                    *n = name.clone();
                }
            }
        }
    }
    let (qualified, bare) = (table.qualified_name(), table.name.clone());
    for s in &mut model.sequences {
        if let Some((t, col)) = &mut s.owned_by {
            if (*t == qualified || *t == bare) && *col == old {
                *col = name.clone();
            }
        }
    }
    old
}

/// Renames schema `k` and moves everything in it along: tables (with every reference to
/// them), types, sequences, views, routines and extensions, column types written with the
/// schema, and views that name its tables. Returns the old name and the texts replaced
/// (`restore`, when given, is put back instead of rewriting).
pub(super) fn rename_schema(
    model: &mut Model,
    dialect: Dialect,
    k: usize,
    name: String,
    restore: Option<Vec<SqlText>>,
) -> (String, Vec<SqlText>) {
    let old = std::mem::replace(&mut model.schemas[k].name, name.clone());
    let in_old = |s: &Option<String>| s.as_deref() == Some(old.as_str());
    // Foreign keys that name their table without a schema keep doing so.
    let unqualified: Vec<crate::model::Id> = model
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .filter(|fk| fk.ref_schema.is_none())
        .map(|fk| fk.id)
        .collect();
    let mut rewritten: Vec<Vec<SqlText>> = Vec::new();
    for i in 0..model.tables.len() {
        if !in_old(&model.tables[i].schema) {
            continue;
        }
        let table = model.tables[i].name.clone();
        // Only a clash of bare names refuses a table rename, and the name stays.
        let _ = rename_table(model, i, Some(name.clone()), table.clone(), &unqualified);
        if restore.is_none() {
            rewritten.push(follow_rename(
                model,
                dialect,
                Renamed::Table {
                    table: i,
                    old_schema: Some(&old),
                    old_name: &table,
                },
            ));
        }
    }
    let renamed = Some(name.clone());
    let objects = model
        .enums
        .iter_mut()
        .map(|e| &mut e.schema)
        .chain(model.domains.iter_mut().map(|d| &mut d.schema))
        .chain(model.sequences.iter_mut().map(|s| &mut s.schema))
        .chain(model.views.iter_mut().map(|v| &mut v.schema))
        .chain(model.routines.iter_mut().map(|r| &mut r.schema))
        .chain(model.extensions.iter_mut().map(|e| &mut e.schema));
    for schema in objects.filter(|s| in_old(s)) {
        *schema = renamed.clone();
    }
    let texts = match restore {
        Some(texts) => put_back(model, texts),
        None => {
            // Column types written `schema.type`.
            let d = crate::generate::sql::dialect_for(dialect);
            let spelled = |schema: &str| {
                if d.needs_quoting(schema) {
                    d.quote(schema)
                } else {
                    schema.to_string()
                }
            };
            let prefixes = [format!("{old}."), format!("{}.", d.quote(&old))];
            let mut types = Vec::new();
            for c in model.tables.iter().flat_map(|t| &t.columns) {
                let spelling = &c.data_type.spelling;
                if let Some(rest) = prefixes
                    .iter()
                    .find_map(|p| spelling.strip_prefix(p.as_str()))
                {
                    types.push(SqlText {
                        site: SqlSite::ColumnType(c.id),
                        text: format!("{}.{rest}", spelled(&name)),
                    });
                }
            }
            let mut texts = put_back(model, types);
            // Later rewrites first, so that undoing puts a text rewritten twice back to its first.
            for t in rewritten.into_iter().rev() {
                texts.extend(t);
            }
            texts
        }
    };
    (old, texts)
}
