//! The one place edits change a project: each primitive checks that what it names exists,
//! changes the project and returns its inverse; the result is validated and rolled back when
//! it breaks an invariant; after a change to the model the editor's text is regenerated.

use super::rename::{rename_column, rename_schema, rename_table};
use super::rename_routines::{
    routines_a_rename_cannot_follow, routines_a_schema_rename_cannot_follow,
};
use super::rename_sql::{follow_rename, put_back, views_a_rename_cannot_follow, Renamed};
use super::text;
use super::type_check::check_type;
use super::{same_name, Applied, ColumnChange, Constraint, Edit, EditError, TableChange};
use crate::model::Id;
use crate::model::{Model, Project, Table};

pub(super) fn apply(project: &mut Project, edit: Edit) -> Result<Applied, EditError> {
    let applied = |inverse| Applied {
        inverse,
        report: None,
    };
    match edit {
        // Edits that may replace the model whole: the DDL cache compares all of it next time.
        Edit::ReplaceText { text } => {
            project.ddl_cache.changed(None);
            Ok(text::replace_text(project, text))
        }
        Edit::SetView { format } => {
            project.ddl_cache.changed(Some(&[]));
            Ok(applied(text::set_view(project, format)))
        }
        Edit::SetDialect { dialect } => {
            project.ddl_cache.changed(None);
            Ok(text::set_dialect(project, dialect))
        }
        Edit::Restore { state } => {
            project.ddl_cache.changed(None);
            Ok(applied(text::restore(project, *state)))
        }
        Edit::WithText { edit, text } => {
            let inverse = model_edit(project, *edit)?;
            let old_text = std::mem::replace(&mut project.source.text, text);
            let was_generated = std::mem::replace(&mut project.source.generated, false);
            // The typed text put back: where it writes each table is read from it.
            project.source.spans = text::spans_of_text(
                &project.model,
                &project.source.text,
                project.source.dialect,
                project.source.format,
            );
            Ok(applied(with_text(inverse, old_text, was_generated)))
        }
        edit => {
            let changes_model = edit.changes_model();
            let inverse = model_edit(project, edit)?;
            if !changes_model {
                return Ok(applied(inverse));
            }
            let was_generated = project.source.generated;
            let old_text = text::regenerate(project);
            Ok(applied(with_text(inverse, old_text, was_generated)))
        }
    }
}

/// The inverse of a visual edit: plain when the text before was generated from the model
/// (regenerating gives it back), else carrying the typed text to put back.
fn with_text(inverse: Edit, old_text: String, was_generated: bool) -> Edit {
    let inner = match inverse {
        Edit::WithText { edit, .. } => *edit,
        other => other,
    };
    if was_generated {
        inner
    } else {
        Edit::WithText {
            edit: Box::new(inner),
            text: old_text,
        }
    }
}

/// Applies a model or layout edit, validated: when the result breaks an invariant the edit
/// is undone and refused with what broke. The project's DDL cache is told which tables the
/// edit may have changed.
fn model_edit(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    let scope = scope(&edit);
    let inverse = checked_edit(project, edit, &scope)?;
    let changed = changed_tables(&project.model, &scope);
    project.ddl_cache.changed(changed.as_deref());
    Ok(inverse)
}

/// The tables an edit of `scope` may have changed, `None` when it may have changed any: its
/// own, those whose foreign keys point at them (a rename rewrites their references) and
/// those that name a parent (partitions and inheritance follow a table's rename).
fn changed_tables(model: &crate::model::Model, scope: &Scope) -> Option<Vec<Id>> {
    match scope {
        Scope::Layout => Some(Vec::new()),
        Scope::Model => None,
        Scope::Tables(ids) => {
            let lookup = crate::model::TableLookup::new(model);
            let mut changed = ids.clone();
            for t in &model.tables {
                let points_in = t.foreign_keys.iter().any(|fk| {
                    lookup
                        .target(fk)
                        .is_some_and(|i| ids.contains(&model.tables[i].id))
                });
                if points_in || t.partition_of.is_some() || !t.inherits.is_empty() {
                    changed.push(t.id);
                }
            }
            Some(changed)
        }
    }
}

fn checked_edit(project: &mut Project, edit: Edit, scope: &Scope) -> Result<Edit, EditError> {
    let touched = match scope {
        Scope::Tables(ids) => Some(ids.clone()),
        _ => None,
    };
    let keyed_before = match scope {
        Scope::Layout => Vec::new(),
        _ if !may_unkey(&edit) => Vec::new(),
        _ => keyed_references(&project.model, touched.as_deref()),
    };
    let inverse = primitive(project, edit)?;
    let mut checked = match scope {
        Scope::Layout => Ok(()),
        Scope::Tables(ids) => project.model.validate_tables(ids),
        Scope::Model => project.model.validate(),
    };
    if checked.is_ok() && !keyed_before.is_empty() {
        let keyed_after = keyed_references(&project.model, touched.as_deref());
        let lost: Vec<String> = project
            .model
            .tables
            .iter()
            .flat_map(|t| t.foreign_keys.iter().map(move |f| (t, f)))
            .filter(|(_, f)| keyed_before.contains(&f.id) && !keyed_after.contains(&f.id))
            .map(|(t, f)| {
                format!(
                    "the foreign key {}({}) → {} would reference columns that are no longer a key",
                    t.name,
                    t.column_names(&f.columns).join(", "),
                    project
                        .model
                        .table_by_id(f.ref_table)
                        .map_or("", |t| t.name.as_str())
                )
            })
            .collect();
        if !lost.is_empty() {
            checked = Err(crate::model::Invalid { problems: lost });
        }
    }
    if let Err(invalid) = checked {
        // The inverse of what was just applied always applies.
        let _ = primitive(project, inverse);
        return Err(EditError::new(named_ids(
            &project.model,
            &invalid.to_string(),
        )));
    }
    Ok(inverse)
}

/// `message` with each `(id N)` that validation wrote for a reference the edit left
/// dangling replaced by the name of what it referred to, in the model as it was before.
fn named_ids(model: &crate::model::Model, message: &str) -> String {
    let name_of = |id: Id| {
        model.tables.iter().find_map(|t| {
            if t.id == id {
                Some(t.qualified_name())
            } else {
                t.column_by_id(id).map(|c| format!("{}.{}", t.name, c.name))
            }
        })
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("(id ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let digits = after.find(')').map(|end| &after[..end]);
        match digits
            .and_then(|d| d.parse::<u64>().ok().map(|n| (d.len(), n)))
            .and_then(|(len, n)| Some((len, name_of(Id(n))?)))
        {
            Some((len, name)) => {
                out.push_str(&name);
                rest = &after[len + 1..];
            }
            None => {
                out.push_str("(id ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The foreign keys whose referenced columns are a key of their table (its primary key, a
/// unique constraint or a unique index), as an engine requires; an edit may not take that
/// away from one (a script from a lenient engine may hold others, which stay as they are).
/// Only foreign keys into the `touched` tables, when given.
fn keyed_references(model: &crate::model::Model, touched: Option<&[Id]>) -> Vec<Id> {
    use crate::model::IndexTarget;
    let lookup = crate::model::TableLookup::new(model);
    let mut keyed = Vec::new();
    for table in &model.tables {
        for fk in &table.foreign_keys {
            let Some(target) = lookup.target(fk).map(|i| &model.tables[i]) else {
                continue;
            };
            if touched.is_some_and(|ids| !ids.contains(&target.id)) {
                continue;
            }
            let owned = fk.referenced_columns(target);
            let mut referenced: Vec<&Id> = owned.iter().collect();
            referenced.sort();
            let same = |cols: Vec<&Id>| {
                let mut cols = cols;
                cols.sort();
                cols == referenced
            };
            let is_key = target
                .primary_key
                .as_ref()
                .is_some_and(|k| same(k.columns.iter().collect()))
                || target
                    .uniques
                    .iter()
                    .any(|u| same(u.columns.iter().collect()))
                || target.indexes.iter().any(|i| {
                    i.unique
                        && i.predicate.is_none()
                        && same(
                            i.parts
                                .iter()
                                .filter_map(|p| match &p.target {
                                    IndexTarget::Column(c) => Some(c),
                                    IndexTarget::Expression(_) => None,
                                })
                                .collect(),
                        )
                });
            if is_key {
                keyed.push(fk.id);
            }
        }
    }
    keyed
}

/// What an edit can break, so that validating after it checks only that: the model held
/// every invariant before.
enum Scope {
    Layout,
    Tables(Vec<Id>),
    Model,
}

/// Whether `edit` can take away the key a foreign key references (a key, a unique
/// constraint or index, a column): renames, moves and a column's other properties cannot.
fn may_unkey(edit: &Edit) -> bool {
    match edit {
        Edit::RenameTable { .. }
        | Edit::RenameColumn { .. }
        | Edit::SetTable { .. }
        | Edit::AddTable { .. }
        | Edit::AddColumn { .. }
        | Edit::MoveColumn { .. }
        | Edit::SetColumn { .. } => false,
        Edit::Batch { edits, .. } => edits.iter().any(may_unkey),
        Edit::WithText { edit, .. } => may_unkey(edit),
        _ => true,
    }
}

fn scope(edit: &Edit) -> Scope {
    match edit {
        // Rule settings hold no invariant of the model either.
        Edit::MoveBoxes { .. }
        | Edit::SetLayout { .. }
        | Edit::SetLintSettings { .. }
        | Edit::PutDiagramView { .. }
        | Edit::RemoveDiagramView { .. } => Scope::Layout,
        Edit::AddTable { table, .. } => Scope::Tables(vec![table.id]),
        Edit::RenameTable { table, .. }
        | Edit::SetTable { table, .. }
        | Edit::AddColumn { table, .. }
        | Edit::RemoveColumn { table, .. }
        | Edit::RenameColumn { table, .. }
        | Edit::MoveColumn { table, .. }
        | Edit::SetColumn { table, .. }
        | Edit::SetPrimaryKey { table, .. }
        | Edit::PutConstraint { table, .. }
        | Edit::RemoveConstraint { table, .. } => Scope::Tables(vec![*table]),
        Edit::Batch { edits, .. } => {
            let mut tables = Vec::new();
            for e in edits {
                match scope(e) {
                    Scope::Layout => {}
                    Scope::Tables(ids) => tables.extend(ids),
                    Scope::Model => return Scope::Model,
                }
            }
            Scope::Tables(tables)
        }
        _ => Scope::Model,
    }
}

/// Why renaming table `i` (to `name`, in `schema`), or its column `column` (to `name`),
/// would leave a view or a routine that cannot follow; `None` when nothing stands in the way.
fn rename_refusal(
    model: &crate::model::Model,
    dialect: crate::model::Dialect,
    i: usize,
    (schema, name): (&Option<String>, &str),
    column: Option<&str>,
) -> Option<String> {
    let t = model.tables.get(i)?;
    let blocked = match column {
        Some(old) if old != name => {
            let mut blocked = views_a_rename_cannot_follow(model, dialect, i, old);
            blocked.extend(routines_a_rename_cannot_follow(
                model,
                dialect,
                i,
                Some(old),
            ));
            blocked
        }
        // A move to another schema renames the table as much as a new name does.
        None if t.name != name || t.schema != *schema => {
            routines_a_rename_cannot_follow(model, dialect, i, None)
        }
        _ => Vec::new(),
    };
    let what = match column {
        Some(old) => format!("{}.{old}", t.name),
        None => t.name.clone(),
    };
    (!blocked.is_empty()).then(|| {
        format!(
            "{what} cannot be renamed while {}; change or delete it first",
            blocked.join(", and ")
        )
    })
}

/// Why a rename among `edit`'s would be refused because a view or a routine could not
/// follow it, when one would: a fix offers only renames that apply.
pub fn rename_refused(
    model: &crate::model::Model,
    dialect: crate::model::Dialect,
    edit: &Edit,
) -> Option<String> {
    if model.views.is_empty() && model.routines.is_empty() {
        return None;
    }
    match edit {
        Edit::RenameTable {
            table,
            schema,
            name,
            ..
        } => {
            let i = model.tables.iter().position(|t| t.id == *table)?;
            rename_refusal(model, dialect, i, (schema, name), None)
        }
        Edit::RenameColumn {
            table,
            column,
            name,
            ..
        } => {
            let i = model.tables.iter().position(|t| t.id == *table)?;
            let old = &model.tables[i]
                .columns
                .iter()
                .find(|c| c.id == *column)?
                .name;
            let schema = &model.tables[i].schema;
            rename_refusal(model, dialect, i, (schema, name), Some(old))
        }
        Edit::Batch { edits, .. } => edits.iter().find_map(|e| rename_refused(model, dialect, e)),
        _ => None,
    }
}

fn table_index(project: &Project, id: Id) -> Result<usize, EditError> {
    project
        .model
        .tables
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| EditError::new(format!("there is no table with id {id}")))
}

fn schema_index(project: &Project, id: Id) -> Result<usize, EditError> {
    project
        .model
        .schemas
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| EditError::new(format!("there is no schema with id {id}")))
}

fn column_index(table: &Table, id: Id) -> Result<usize, EditError> {
    table
        .columns
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| EditError::new(format!("table {} has no column with id {id}", table.name)))
}

/// An id among `candidate`'s that is unset or that the project already uses (a new object
/// must bring new ids). One pass over the model's ids, without building a set of them.
fn ids_in_use(project: &Project, mut candidate: impl FnMut(&mut dyn FnMut(Id))) -> Option<Id> {
    let mut wanted = Vec::new();
    candidate(&mut |id| wanted.push(id));
    if let Some(unset) = wanted.iter().find(|id| **id == Id::default()) {
        return Some(*unset);
    }
    let mut clash = None;
    project.model.ids(|_, id| {
        if clash.is_none() && wanted.contains(&id) {
            clash = Some(id);
        }
    });
    clash
}

fn primitive(project: &mut Project, edit: Edit) -> Result<Edit, EditError> {
    let dialect = project.source.dialect;
    match edit {
        Edit::AddTable {
            table,
            at,
            position,
        } => {
            let clash = ids_in_use(project, |f| {
                let mut copy = (*table).clone();
                crate::model::visit::table_ids_mut(&mut copy, &mut |_, id| f(*id));
            });
            if let Some(id) = clash {
                return Err(EditError::new(format!(
                    "a new table needs ids of its own; {id} is unset or taken"
                )));
            }
            for c in &table.columns {
                check_type(&c.data_type.spelling, dialect, &project.model)
                    .map_err(|m| EditError::new(format!("column {}: {m}", c.name)))?;
            }
            let model = &project.model;
            let alike = |other: &str| same_name(dialect, other, &table.name);
            if model
                .tables
                .iter()
                .any(|t| t.schema == table.schema && alike(&t.name))
                || model
                    .views
                    .iter()
                    .any(|v| v.schema == table.schema && alike(&v.name))
            {
                return Err(EditError::new(format!(
                    "a table or view named {} exists already",
                    table.name
                )));
            }
            let id = table.id;
            let at = at.min(project.model.tables.len());
            project.model.tables.insert(at, (*table).into());
            let position = position.unwrap_or_else(|| text::free_spot(project));
            project.layout.positions.insert(id, position);
            Ok(Edit::RemoveTable { table: id })
        }
        Edit::RemoveTable { table } => {
            let i = table_index(project, table)?;
            let removed = project.model.tables.remove(i);
            let position = project.layout.positions.remove(&table);
            Ok(Edit::AddTable {
                table: Box::new(removed.into_inner()),
                at: i,
                position,
            })
        }
        Edit::RenameTable {
            table,
            schema,
            name,
            restore,
        } => {
            let i = table_index(project, table)?;
            if name.trim().is_empty() {
                return Err(EditError::new("a table needs a name"));
            }
            let model = &project.model;
            let alike = |other: &str| same_name(dialect, other, &name);
            let taken = model
                .tables
                .iter()
                .any(|t| t.id != table && t.schema == schema && alike(&t.name))
                || model
                    .views
                    .iter()
                    .any(|v| v.schema == schema && alike(&v.name));
            if taken {
                return Err(EditError::new(format!(
                    "a table or view named {name} exists already"
                )));
            }
            // A user's rename, not its undo or redo, must leave every routine readable.
            if restore.is_none() {
                if let Some(why) =
                    rename_refusal(&project.model, dialect, i, (&schema, &name), None)
                {
                    return Err(EditError::new(why));
                }
            }
            let inverse = rename_table(&mut project.model, i, schema, name);
            let Edit::RenameTable {
                table,
                schema: old_schema,
                name: old_name,
                ..
            } = inverse
            else {
                return Ok(inverse);
            };
            let texts = match restore {
                Some(texts) => put_back(&mut project.model, texts),
                None => follow_rename(
                    &mut project.model,
                    dialect,
                    Renamed::Table {
                        table: i,
                        old_schema: old_schema.as_deref(),
                        old_name: &old_name,
                    },
                ),
            };
            Ok(Edit::RenameTable {
                table,
                schema: old_schema,
                name: old_name,
                restore: Some(texts),
            })
        }
        Edit::SetTable { table, change } => {
            let i = table_index(project, table)?;
            let t = &mut project.model.tables[i];
            let old = match change {
                TableChange::Comment(v) => {
                    TableChange::Comment(std::mem::replace(&mut t.comment, v))
                }
                TableChange::Color(v) => {
                    if let Some(c) = &v {
                        if crate::generate::svg::safe_color(c).is_none() {
                            return Err(EditError::new(format!("{c} is not a colour (#rrggbb)")));
                        }
                    }
                    TableChange::Color(std::mem::replace(&mut t.color, v))
                }
                TableChange::Alias(v) => TableChange::Alias(std::mem::replace(&mut t.alias, v)),
                TableChange::Patterns(v) => {
                    TableChange::Patterns(std::mem::replace(&mut t.patterns, v))
                }
                TableChange::PartitionOf(v) => {
                    TableChange::PartitionOf(std::mem::replace(&mut t.partition_of, v))
                }
                TableChange::Inherits(v) => {
                    TableChange::Inherits(std::mem::replace(&mut t.inherits, v))
                }
            };
            Ok(Edit::SetTable { table, change: old })
        }
        Edit::AddColumn { table, column, at } => {
            let i = table_index(project, table)?;
            if let Some(id) = ids_in_use(project, |f| f(column.id)) {
                return Err(EditError::new(format!(
                    "a new column needs an id of its own; {id} is unset or taken"
                )));
            }
            check_type(&column.data_type.spelling, dialect, &project.model)
                .map_err(|m| EditError::new(format!("column {}: {m}", column.name)))?;
            let t = &project.model.tables[i];
            if let Some(other) = t
                .columns
                .iter()
                .find(|x| same_name(dialect, &x.name, &column.name))
            {
                return Err(EditError::new(format!(
                    "table {} has a column named {} already",
                    t.name, other.name
                )));
            }
            let t = &mut project.model.tables[i];
            let id = column.id;
            let at = at.min(t.columns.len());
            t.columns.insert(at, *column);
            Ok(Edit::RemoveColumn { table, column: id })
        }
        Edit::RemoveColumn { table, column } => {
            let i = table_index(project, table)?;
            let t = &mut project.model.tables[i];
            let c = column_index(t, column)?;
            if t.columns.len() == 1 {
                return Err(EditError::new(format!(
                    "table {} needs at least one column; delete the table instead",
                    t.name
                )));
            }
            let removed = t.columns.remove(c);
            Ok(Edit::AddColumn {
                table,
                column: Box::new(removed),
                at: c,
            })
        }
        Edit::RenameColumn {
            table,
            column,
            name,
            restore,
        } => {
            let i = table_index(project, table)?;
            let c = column_index(&project.model.tables[i], column)?;
            if name.trim().is_empty() {
                return Err(EditError::new("a column needs a name"));
            }
            let t = &project.model.tables[i];
            if t.columns
                .iter()
                .any(|x| x.id != column && same_name(dialect, &x.name, &name))
            {
                return Err(EditError::new(format!(
                    "table {} has a column named {name} already",
                    t.name
                )));
            }
            // A user's rename, not its undo or redo, must leave every view readable.
            if restore.is_none() {
                let old = &t.columns[c].name;
                let schema = &project.model.tables[i].schema;
                if let Some(why) =
                    rename_refusal(&project.model, dialect, i, (schema, &name), Some(old))
                {
                    return Err(EditError::new(why));
                }
            }
            let old = rename_column(&mut project.model, i, c, name.clone());
            let texts = match restore {
                Some(texts) => put_back(&mut project.model, texts),
                None => follow_rename(
                    &mut project.model,
                    dialect,
                    Renamed::Column {
                        table: i,
                        old: &old,
                        new: &name,
                    },
                ),
            };
            Ok(Edit::RenameColumn {
                table,
                column,
                name: old,
                restore: Some(texts),
            })
        }
        Edit::MoveColumn { table, column, to } => {
            let i = table_index(project, table)?;
            let t = &mut project.model.tables[i];
            let from = column_index(t, column)?;
            let moved = t.columns.remove(from);
            let to = to.min(t.columns.len());
            t.columns.insert(to, moved);
            Ok(Edit::MoveColumn {
                table,
                column,
                to: from,
            })
        }
        Edit::SetColumn {
            table,
            column,
            change,
        } => {
            let i = table_index(project, table)?;
            let c = column_index(&project.model.tables[i], column)?;
            check_column_change(project, i, c, &change)?;
            let col = &mut project.model.tables[i].columns[c];
            let old = match change {
                ColumnChange::Type(v) => {
                    ColumnChange::Type(std::mem::replace(&mut col.data_type, v))
                }
                ColumnChange::Nullable(v) => {
                    ColumnChange::Nullable(std::mem::replace(&mut col.nullable, v))
                }
                ColumnChange::Default(v) => {
                    ColumnChange::Default(std::mem::replace(&mut col.default, v))
                }
                ColumnChange::Identity(v) => {
                    ColumnChange::Identity(std::mem::replace(&mut col.identity, v))
                }
                ColumnChange::Comment(v) => {
                    ColumnChange::Comment(std::mem::replace(&mut col.comment, v))
                }
            };
            Ok(Edit::SetColumn {
                table,
                column,
                change: old,
            })
        }
        Edit::SetPrimaryKey { table, key } => {
            let i = table_index(project, table)?;
            if let Some(k) = &key {
                let current = project.model.tables[i].primary_key.as_ref().map(|p| p.id);
                if current != Some(k.id) {
                    if let Some(id) = ids_in_use(project, |f| f(k.id)) {
                        return Err(EditError::new(format!(
                            "a new primary key needs an id of its own; {id} is unset or taken"
                        )));
                    }
                }
                if k.columns.is_empty() {
                    return Err(EditError::new("a primary key needs at least one column"));
                }
                let t = &project.model.tables[i];
                if let Some(c) = k
                    .columns
                    .iter()
                    .find_map(|c| t.column_by_id(*c).filter(|c| c.nullable))
                {
                    return Err(EditError::new(format!(
                        "{} may be null: a primary key column must be NOT NULL",
                        c.name
                    )));
                }
            }
            let old = std::mem::replace(&mut project.model.tables[i].primary_key, key);
            Ok(Edit::SetPrimaryKey { table, key: old })
        }
        Edit::PutConstraint {
            table,
            constraint,
            at,
        } => {
            let i = table_index(project, table)?;
            if let Constraint::Check(c) = &constraint {
                super::type_check::check_condition(&c.expression, dialect)
                    .map_err(EditError::new)?;
            }
            let id = constraint.id();
            let exists = find_constraint(&project.model.tables[i], id).is_some();
            if !exists {
                if let Some(clash) = ids_in_use(project, |f| f(id)) {
                    return Err(EditError::new(format!(
                        "a new constraint needs an id of its own; {clash} is unset or taken"
                    )));
                }
            }
            Ok(put_constraint(&mut project.model.tables[i], constraint, at))
        }
        Edit::RemoveConstraint { table, constraint } => {
            let i = table_index(project, table)?;
            remove_constraint(&mut project.model.tables[i], constraint)
        }
        Edit::MoveBoxes { moves } => {
            let mut old = Vec::with_capacity(moves.len());
            for (id, _) in &moves {
                match project.layout.positions.get(id) {
                    Some(p) => old.push((*id, *p)),
                    None => return Err(EditError::new(format!("nothing with id {id} is placed"))),
                }
            }
            for (id, p) in moves {
                if !(p.x.is_finite() && p.y.is_finite()) {
                    return Err(EditError::new("a box cannot move off the page"));
                }
                project.layout.positions.insert(id, p);
            }
            old.reverse();
            Ok(Edit::MoveBoxes { moves: old })
        }
        Edit::SetLayout { layout } => {
            let old = std::mem::replace(&mut project.layout, *layout);
            Ok(Edit::SetLayout {
                layout: Box::new(old),
            })
        }
        Edit::SetLintSettings { settings } => {
            let old = std::mem::replace(&mut project.lint, *settings);
            Ok(Edit::SetLintSettings {
                settings: Box::new(old),
            })
        }
        Edit::PutDiagramView { view, at } => {
            let views = &mut project.views;
            match views.iter().position(|v| v.name == view.name) {
                Some(k) => {
                    let old = std::mem::replace(&mut views[k], *view);
                    Ok(Edit::PutDiagramView {
                        view: Box::new(old),
                        at: k,
                    })
                }
                None => {
                    if view.name.trim().is_empty() {
                        return Err(EditError::new("a view needs a name"));
                    }
                    let name = view.name.clone();
                    views.insert(at.min(views.len()), *view);
                    Ok(Edit::RemoveDiagramView { name })
                }
            }
        }
        Edit::RemoveDiagramView { name } => {
            let views = &mut project.views;
            let k = views
                .iter()
                .position(|v| v.name == name)
                .ok_or_else(|| EditError::new(format!("there is no view called {name:?}")))?;
            let old = views.remove(k);
            Ok(Edit::PutDiagramView {
                view: Box::new(old),
                at: k,
            })
        }
        Edit::PutGroup { group, at } => {
            let groups = &mut project.model.table_groups;
            match groups.iter().position(|g| g.id == group.id) {
                Some(k) => {
                    let old = std::mem::replace(&mut groups[k], group);
                    Ok(Edit::PutGroup { group: old, at: k })
                }
                None => {
                    let id = group.id;
                    if let Some(clash) = ids_in_use(project, |f| f(id)) {
                        return Err(EditError::new(format!(
                            "a new group needs an id of its own; {clash} is unset or taken"
                        )));
                    }
                    let groups = &mut project.model.table_groups;
                    groups.insert(at.min(groups.len()), group);
                    Ok(Edit::RemoveGroup { group: id })
                }
            }
        }
        Edit::RemoveGroup { group } => {
            let groups = &mut project.model.table_groups;
            let k = groups
                .iter()
                .position(|g| g.id == group)
                .ok_or_else(|| EditError::new(format!("there is no group with id {group}")))?;
            let old = groups.remove(k);
            Ok(Edit::PutGroup { group: old, at: k })
        }
        Edit::PutNote { note, at, position } => {
            let id = note.id;
            let notes = &mut project.model.notes;
            match notes.iter().position(|n| n.id == id) {
                Some(k) => {
                    let old = std::mem::replace(&mut notes[k], note);
                    Ok(Edit::PutNote {
                        note: old,
                        at: k,
                        position: None,
                    })
                }
                None => {
                    if let Some(clash) = ids_in_use(project, |f| f(id)) {
                        return Err(EditError::new(format!(
                            "a new note needs an id of its own; {clash} is unset or taken"
                        )));
                    }
                    let notes = &mut project.model.notes;
                    notes.insert(at.min(notes.len()), note);
                    if let Some(p) = position {
                        project.layout.positions.insert(id, p);
                    }
                    Ok(Edit::RemoveNote { note: id })
                }
            }
        }
        Edit::RemoveNote { note } => {
            let notes = &mut project.model.notes;
            let k = notes
                .iter()
                .position(|n| n.id == note)
                .ok_or_else(|| EditError::new(format!("there is no note with id {note}")))?;
            let old = notes.remove(k);
            let position = project.layout.positions.remove(&note);
            Ok(Edit::PutNote {
                note: old,
                at: k,
                position,
            })
        }
        Edit::PutSchema { schema, at } => {
            if schema.name.trim().is_empty() {
                return Err(EditError::new("a schema needs a name"));
            }
            if project.model.declares_schema(&schema.name) {
                return Err(EditError::new(format!(
                    "a schema named {} exists already",
                    schema.name
                )));
            }
            if let Some(clash) = ids_in_use(project, |f| f(schema.id)) {
                return Err(EditError::new(format!(
                    "a new schema needs an id of its own; {clash} is unset or taken"
                )));
            }
            let id = schema.id;
            let schemas = &mut project.model.schemas;
            schemas.insert(at.min(schemas.len()), schema);
            Ok(Edit::RemoveSchema { schema: id })
        }
        Edit::RemoveSchema { schema } => {
            let k = schema_index(project, schema)?;
            let name = &project.model.schemas[k].name;
            if project.model.schema_names_used().contains(name.as_str()) {
                return Err(EditError::new(format!(
                    "schema {name} still holds objects; move or delete them first"
                )));
            }
            Ok(Edit::PutSchema {
                schema: project.model.schemas.remove(k),
                at: k,
            })
        }
        Edit::RenameSchema {
            schema,
            name,
            restore,
        } => {
            let k = schema_index(project, schema)?;
            if name.trim().is_empty() {
                return Err(EditError::new("a schema needs a name"));
            }
            if project
                .model
                .schemas
                .iter()
                .any(|s| s.id != schema && same_name(dialect, &s.name, &name))
            {
                return Err(EditError::new(format!(
                    "a schema named {name} exists already"
                )));
            }
            // A user's rename, not its undo or redo, must leave every routine readable.
            if restore.is_none() {
                let old = &project.model.schemas[k].name;
                let blocked = routines_a_schema_rename_cannot_follow(&project.model, dialect, old);
                if !blocked.is_empty() && *old != name {
                    return Err(EditError::new(format!(
                        "schema {old} cannot be renamed while {}; change or delete it first",
                        blocked.join(", and ")
                    )));
                }
            }
            let (old, texts) = rename_schema(&mut project.model, dialect, k, name, restore);
            Ok(Edit::RenameSchema {
                schema,
                name: old,
                restore: Some(texts),
            })
        }
        Edit::PutView { view, at } => {
            let id = view.id;
            let model = &project.model;
            let alike = |other: &str| same_name(dialect, other, &view.name);
            if model
                .tables
                .iter()
                .any(|t| t.schema == view.schema && alike(&t.name))
                || model
                    .views
                    .iter()
                    .any(|v| v.id != id && v.schema == view.schema && alike(&v.name))
            {
                return Err(EditError::new(format!(
                    "a table or view named {} exists already",
                    view.name
                )));
            }
            match project.model.views.iter().position(|v| v.id == id) {
                Some(k) => {
                    let old = std::mem::replace(&mut project.model.views[k], *view);
                    Ok(Edit::PutView {
                        view: Box::new(old),
                        at: k,
                    })
                }
                None => {
                    if let Some(clash) = ids_in_use(project, |f| {
                        f(id);
                        view.indexes.iter().for_each(|i| f(i.id));
                    }) {
                        return Err(EditError::new(format!(
                            "a new view needs ids of its own; {clash} is unset or taken"
                        )));
                    }
                    let views = &mut project.model.views;
                    views.insert(at.min(views.len()), *view);
                    Ok(Edit::RemoveView { view: id })
                }
            }
        }
        Edit::PutCollection { collection, at } => {
            // Ids the collection brings (inferred or read apart from the project) are never
            // handed out again.
            let mut highest = collection.id;
            let mut copy: Model = Model::default();
            copy.collections.push((*collection).clone());
            copy.ids(|_, id| highest = highest.max(id));
            project.ids.observe(highest);
            let collections = &mut project.model.collections;
            match collections.iter().position(|c| c.id == collection.id) {
                Some(k) => {
                    let old = std::mem::replace(&mut collections[k], *collection);
                    Ok(Edit::PutCollection {
                        collection: Box::new(old),
                        at: k,
                    })
                }
                None => {
                    let id = collection.id;
                    collections.insert(at.min(collections.len()), *collection);
                    if !project.layout.positions.contains_key(&id) {
                        let spot =
                            crate::layout::free_spot::free_spot(&project.model, &project.layout);
                        project.layout.positions.insert(id, spot);
                    }
                    Ok(Edit::RemoveCollection { collection: id })
                }
            }
        }
        Edit::RemoveCollection { collection } => {
            let collections = &mut project.model.collections;
            let k = collections
                .iter()
                .position(|c| c.id == collection)
                .ok_or_else(|| {
                    EditError::new(format!("there is no collection with id {collection}"))
                })?;
            Ok(Edit::PutCollection {
                collection: Box::new(collections.remove(k)),
                at: k,
            })
        }
        Edit::RemoveView { view } => {
            let views = &mut project.model.views;
            let k = views
                .iter()
                .position(|v| v.id == view)
                .ok_or_else(|| EditError::new(format!("there is no view with id {view}")))?;
            Ok(Edit::PutView {
                view: Box::new(views.remove(k)),
                at: k,
            })
        }
        Edit::PutRoutine { routine, at } => {
            let id = routine.id;
            match project.model.routines.iter().position(|r| r.id == id) {
                Some(k) => {
                    let old = std::mem::replace(&mut project.model.routines[k], *routine);
                    Ok(Edit::PutRoutine {
                        routine: Box::new(old),
                        at: k,
                    })
                }
                None => {
                    if let Some(clash) = ids_in_use(project, |f| f(id)) {
                        return Err(EditError::new(format!(
                            "a new routine needs an id of its own; {clash} is unset or taken"
                        )));
                    }
                    let routines = &mut project.model.routines;
                    routines.insert(at.min(routines.len()), *routine);
                    Ok(Edit::RemoveRoutine { routine: id })
                }
            }
        }
        Edit::RemoveRoutine { routine } => {
            let routines = &mut project.model.routines;
            let k = routines
                .iter()
                .position(|r| r.id == routine)
                .ok_or_else(|| EditError::new(format!("there is no routine with id {routine}")))?;
            Ok(Edit::PutRoutine {
                routine: Box::new(routines.remove(k)),
                at: k,
            })
        }
        Edit::SetSequenceOwner { sequence, owner } => {
            let found = project
                .model
                .sequences
                .iter_mut()
                .find(|s| s.id == sequence)
                .ok_or_else(|| {
                    EditError::new(format!("there is no sequence with id {sequence}"))
                })?;
            let old = std::mem::replace(&mut found.owned_by, owner);
            Ok(Edit::SetSequenceOwner {
                sequence,
                owner: old,
            })
        }
        Edit::Batch { label, edits } => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match primitive(project, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        for inverse in inverses.into_iter().rev() {
                            let _ = primitive(project, inverse);
                        }
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch {
                label,
                edits: inverses,
            })
        }
        Edit::ReplaceText { .. }
        | Edit::SetView { .. }
        | Edit::SetDialect { .. }
        | Edit::Restore { .. }
        | Edit::WithText { .. } => Err(EditError::new(
            "text edits cannot be part of a batch of model edits",
        )),
    }
}

/// What a column property may be set to: a type the dialect reads (that it matches the
/// other side of a foreign key is asked by [`super::compose::set_type`], the user's change:
/// an inverse must be able to put back a mismatch an import brought in), a default that is one expression, identity on
/// an integer, never null in a primary key.
fn check_column_change(
    project: &Project,
    i: usize,
    c: usize,
    change: &ColumnChange,
) -> Result<(), EditError> {
    let dialect = project.source.dialect;
    let table = &project.model.tables[i];
    let column = &table.columns[c];
    match change {
        ColumnChange::Type(t) => {
            check_type(&t.spelling, dialect, &project.model).map_err(EditError::new)?;
        }
        ColumnChange::Default(Some(e)) => {
            super::type_check::check_default(e, &column.data_type.spelling, dialect)
                .map_err(EditError::new)?;
        }
        ColumnChange::Nullable(true) if table.is_primary_key_column(&column.id) => {
            return Err(EditError::new(format!(
                "{} is in the primary key, which is never null",
                column.name
            )));
        }
        ColumnChange::Identity(Some(_)) => {
            use crate::model::TypeKind;
            let integer = matches!(
                column.data_type.kind,
                TypeKind::SmallInt | TypeKind::Integer | TypeKind::BigInt | TypeKind::TinyInt
            );
            if !integer {
                return Err(EditError::new(format!(
                    "{} is {}: only an integer column numbers itself",
                    column.name, column.data_type.spelling
                )));
            }
            let sole_key = table
                .primary_key
                .as_ref()
                .is_some_and(|k| k.columns == [column.id]);
            if dialect != crate::model::Dialect::Postgres && !sole_key {
                return Err(EditError::new(format!(
                    "in {} only a table's sole primary key column numbers itself",
                    dialect.name()
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

fn find_constraint(table: &Table, id: Id) -> Option<(u8, usize)> {
    (table
        .uniques
        .iter()
        .position(|u| u.id == id)
        .map(|k| (0, k)))
    .or_else(|| table.checks.iter().position(|c| c.id == id).map(|k| (1, k)))
    .or_else(|| {
        table
            .indexes
            .iter()
            .position(|i| i.id == id)
            .map(|k| (2, k))
    })
    .or_else(|| {
        table
            .foreign_keys
            .iter()
            .position(|f| f.id == id)
            .map(|k| (3, k))
    })
}

fn put_constraint(table: &mut Table, constraint: Constraint, at: usize) -> Edit {
    let table_id = table.id;
    let id = constraint.id();
    macro_rules! put {
        ($list:expr, $value:expr, $variant:ident) => {{
            let list = &mut $list;
            match list.iter().position(|x| x.id == id) {
                Some(k) => {
                    let old = std::mem::replace(&mut list[k], $value);
                    Edit::PutConstraint {
                        table: table_id,
                        constraint: Constraint::$variant(old),
                        at: k,
                    }
                }
                None => {
                    list.insert(at.min(list.len()), $value);
                    Edit::RemoveConstraint {
                        table: table_id,
                        constraint: id,
                    }
                }
            }
        }};
    }
    match constraint {
        Constraint::Unique(u) => put!(table.uniques, u, Unique),
        Constraint::Check(c) => put!(table.checks, c, Check),
        Constraint::Index(i) => put!(table.indexes, i, Index),
        Constraint::ForeignKey(f) => put!(table.foreign_keys, f, ForeignKey),
    }
}

fn remove_constraint(table: &mut Table, id: Id) -> Result<Edit, EditError> {
    let (kind, k) = find_constraint(table, id).ok_or_else(|| {
        EditError::new(format!(
            "table {} has no constraint with id {id}",
            table.name
        ))
    })?;
    let constraint = match kind {
        0 => Constraint::Unique(table.uniques.remove(k)),
        1 => Constraint::Check(table.checks.remove(k)),
        2 => Constraint::Index(table.indexes.remove(k)),
        _ => Constraint::ForeignKey(table.foreign_keys.remove(k)),
    };
    Ok(Edit::PutConstraint {
        table: table.id,
        constraint,
        at: k,
    })
}
