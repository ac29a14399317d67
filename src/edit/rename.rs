//! Renames. Keys, foreign keys, index parts, groups, partitions, inheritance and sequence
//! owners refer by id, so a rename changes one name; what text writes (views, routines,
//! column types written with a schema) follows through [`super::rename_sql`], and the
//! inverse puts it back exactly.

use super::rename_sql::{follow_rename, put_back, Renamed, SqlSite, SqlText};
use super::Edit;
use crate::model::{Dialect, Model};

/// Renames table `i` (or moves it to `schema`). Keys, foreign keys, groups, partitions
/// and sequence owners refer to it by id and need nothing; the triggers and rules written
/// `ON` it name it, and follow.
pub(super) fn rename_table(
    model: &mut Model,
    i: usize,
    schema: Option<String>,
    name: String,
) -> Edit {
    let (id, old_schema, old_name, old_qualified) = {
        let t = &model.tables[i];
        (t.id, t.schema.clone(), t.name.clone(), t.qualified_name())
    };
    let table = &mut model.tables[i];
    table.schema = schema;
    table.name = name;
    let new_qualified = table.qualified_name();
    let new_name = table.name.clone();
    // Names written `schema.name` follow the qualified name, bare names the bare one.
    for r in &mut model.routines {
        if let Some(written) = &mut r.table {
            if *written == old_qualified {
                *written = new_qualified.clone();
            } else if *written == old_name {
                *written = new_name.clone();
            }
        }
    }
    Edit::RenameTable {
        table: id,
        schema: old_schema,
        name: old_name,
        restore: None,
    }
}

/// Renames column `c` of table `i`; returns the old name. Keys, indexes and foreign keys
/// refer to it by id and need nothing.
pub(super) fn rename_column(model: &mut Model, i: usize, c: usize, name: String) -> String {
    std::mem::replace(&mut model.tables[i].columns[c].name, name)
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
    let mut rewritten: Vec<Vec<SqlText>> = Vec::new();
    for i in 0..model.tables.len() {
        if !in_old(&model.tables[i].schema) {
            continue;
        }
        let table = model.tables[i].name.clone();
        rename_table(model, i, Some(name.clone()), table.clone());
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
