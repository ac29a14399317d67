//! The edits behind the diagram's gestures, built from the project: a new table, a new
//! column, a relationship drawn between columns, and deletes that take what depends on the
//! deleted object with them (listed first, for the confirmation).

use super::rename_routines::trigger_reads_column;
use super::rename_sql::{sites_reading, SqlSite};
use super::{same_name, ColumnChange, Constraint, Edit, EditError, TableChange};
use crate::model::{
    Column, ColumnType, Dialect, ForeignKey, Id, Identity, IndexTarget, Point, PrimaryKey, Project,
    Table, TableLookup,
};

/// What a delete takes with it, one line each, for the confirmation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dependents {
    pub items: Vec<String>,
}

/// The key type a new table gets in each dialect, with identity.
pub fn preferred_key_type(dialect: Dialect) -> &'static str {
    match dialect {
        // SQLite numbers a key only when it is spelled INTEGER (the rowid alias).
        Dialect::Sqlite => "integer",
        _ => "bigint",
    }
}

fn table_of(project: &Project, id: Id) -> Result<&Table, EditError> {
    project
        .model
        .table_by_id(id)
        .ok_or_else(|| EditError::new(format!("there is no table with id {id}")))
}

fn column_of(table: &Table, id: Id) -> Result<&Column, EditError> {
    table
        .columns
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| EditError::new(format!("table {} has no column with id {id}", table.name)))
}

/// The columns of table `table` that `text` names, comma-separated (how the inspector writes
/// a key's or an index's columns), by id; a name the table lacks is refused.
pub fn columns_named(project: &Project, table: Id, text: &str) -> Result<Vec<Id>, EditError> {
    let t = table_of(project, table)?;
    let dialect = project.source.dialect;
    text.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            t.columns
                .iter()
                .find(|c| c.name == n)
                .or_else(|| t.columns.iter().find(|c| same_name(dialect, &c.name, n)))
                .map(|c| c.id)
                .ok_or_else(|| EditError::new(format!("table {} has no column {n}", t.name)))
        })
        .collect()
}

/// `ids` as the inspector writes them: the columns' names, comma-separated.
pub fn column_list(table: &Table, ids: &[Id]) -> String {
    table.column_names(ids).join(", ")
}

/// `base`, or `base_2`, `base_3`, ... whichever `taken` does not hold.
fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_string())
}

/// A new table `name` (or `table_1`, ...) with a numbered key column `id`, at `position`.
pub fn new_table(project: &mut Project, name: Option<&str>, position: Option<Point>) -> Edit {
    let model = &project.model;
    let dialect = project.source.dialect;
    let taken = |n: &str| {
        model
            .tables
            .iter()
            .any(|t| t.schema.is_none() && same_name(dialect, &t.name, n))
            || model.views.iter().any(|v| same_name(dialect, &v.name, n))
    };
    let name = match name {
        Some(n) => free_name(n, taken),
        None => (1..)
            .map(|k| format!("table_{k}"))
            .find(|n| !taken(n))
            .unwrap_or_else(|| "table".into()),
    };
    let dialect = project.source.dialect;
    let column = Column {
        id: project.ids.fresh(),
        name: "id".into(),
        data_type: ColumnType::from_spelling_in(preferred_key_type(dialect), dialect),
        nullable: false,
        default: None,
        identity: Some(Identity::ByDefault),
        comment: None,
    };
    let table = Table {
        id: project.ids.fresh(),
        name,
        primary_key: Some(PrimaryKey {
            id: project.ids.fresh(),
            name: None,
            columns: vec![column.id],
        }),
        columns: vec![column],
        ..Table::default()
    };
    Edit::AddTable {
        at: project.model.tables.len(),
        table: Box::new(table),
        position,
    }
}

/// A new nullable column `name` (made unique in the table) of type `spelling`, at the end.
pub fn new_column(
    project: &mut Project,
    table: Id,
    name: &str,
    spelling: &str,
) -> Result<Edit, EditError> {
    let t = table_of(project, table)?;
    let dialect = project.source.dialect;
    let name = free_name(name, |n| {
        t.columns.iter().any(|c| same_name(dialect, &c.name, n))
    });
    let at = t.columns.len();
    let column = Column {
        id: project.ids.fresh(),
        name,
        data_type: ColumnType::from_spelling_in(spelling, project.source.dialect),
        nullable: true,
        default: None,
        identity: None,
        comment: None,
    };
    Ok(Edit::AddColumn {
        table,
        column: Box::new(column),
        at,
    })
}

/// A column's type from what the user typed, read in the project's dialect. A default
/// written for another kind of type would not fit the new one, so it goes with the change.
/// Refused when a foreign key joins the column to one of another type.
pub fn set_type(
    project: &Project,
    table: Id,
    column: Id,
    spelling: &str,
) -> Result<Edit, EditError> {
    let t = table_of(project, table)?;
    let c = column_of(t, column)?;
    let data_type = ColumnType::from_spelling_in(spelling.trim(), project.source.dialect);
    let i = project
        .model
        .tables
        .iter()
        .position(|x| x.id == table)
        .unwrap_or_default();
    if let Some(other) = joined_columns(project, i, c.id)
        .into_iter()
        .find(|o| o.1 != data_type.kind)
    {
        return Err(EditError::new(format!(
            "{} is joined by a foreign key to {}, of type {}: a foreign key joins columns of one type",
            c.name, other.0, other.2
        )));
    }
    let mut edits = Vec::new();
    if c.default.is_some() && c.data_type.kind != data_type.kind {
        edits.push(Edit::SetColumn {
            table,
            column,
            change: ColumnChange::Default(None),
        });
    }
    edits.push(Edit::SetColumn {
        table,
        column,
        change: ColumnChange::Type(data_type),
    });
    Ok(Edit::Batch {
        label: format!("type of {}", c.name),
        edits,
    })
}

/// Makes a column part of the primary key or takes it out; a key column becomes NOT NULL.
pub fn toggle_primary_key(project: &mut Project, table: Id, column: Id) -> Result<Edit, EditError> {
    let fresh = project.ids.fresh();
    let t = table_of(project, table)?;
    let c = column_of(t, column)?;
    let mut edits = Vec::new();
    let mut key = t.primary_key.clone();
    if t.is_primary_key_column(&c.id) {
        if let Some(k) = &mut key {
            k.columns.retain(|n| *n != c.id);
        }
        key = key.filter(|k| !k.columns.is_empty());
    } else {
        if c.nullable {
            edits.push(Edit::SetColumn {
                table,
                column,
                change: ColumnChange::Nullable(false),
            });
        }
        match &mut key {
            Some(k) => k.columns.push(c.id),
            None => {
                key = Some(PrimaryKey {
                    id: fresh,
                    name: None,
                    columns: vec![c.id],
                })
            }
        }
    }
    Ok(Edit::Batch {
        label: format!("primary key of {}", t.name),
        edits: {
            edits.push(Edit::SetPrimaryKey { table, key });
            edits
        },
    })
}

/// The columns a foreign key joins to column `column` of table `i`, either way: (where, its
/// type's meaning, its spelling).
pub fn joined_columns(
    project: &Project,
    i: usize,
    column: Id,
) -> Vec<(String, crate::model::TypeKind, String)> {
    let model = &project.model;
    let lookup = TableLookup::new(model);
    let table = &model.tables[i];
    let mut joined = Vec::new();
    let mut push = |t: &Table, column: &Id| {
        if let Some(c) = t.column_by_id(*column) {
            joined.push((
                format!("{}.{}", t.name, c.name),
                c.data_type.kind.clone(),
                c.data_type.spelling.clone(),
            ));
        }
    };
    for fk in &table.foreign_keys {
        let Some(target) = lookup.target(fk).map(|k| &model.tables[k]) else {
            continue;
        };
        for (own, other) in fk.columns.iter().zip(&fk.referenced_columns(target)) {
            if *own == column {
                push(target, other);
            }
        }
    }
    for t in &model.tables {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|fk| lookup.target(fk) == Some(i))
        {
            for (own, other) in fk.columns.iter().zip(&fk.referenced_columns(table)) {
                if *other == column {
                    push(t, own);
                }
            }
        }
    }
    joined
}

/// A relationship drawn on the diagram: from a referenced column (a key) to the column that
/// will refer to it, or to a table that gets a new `{singular}_id` column for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relationship {
    pub referenced_table: Id,
    pub referenced_column: Id,
    pub referencing_table: Id,
    /// `None` when dropped on the table's header.
    pub referencing_column: Option<Id>,
}

/// The foreign key (and, dropped on a header, its new column) a drawn relationship makes.
pub fn relationship(project: &mut Project, r: Relationship) -> Result<Edit, EditError> {
    let target = table_of(project, r.referenced_table)?;
    let key = column_of(target, r.referenced_column)?.clone();
    let is_key = target
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns == [key.id])
        || target.is_unique_column(&key.id);
    if !is_key {
        return Err(EditError::new(format!(
            "{}.{} is not a primary key or unique: a foreign key must reference one",
            target.name, key.name
        )));
    }
    let target_name = target.name.clone();
    let child = table_of(project, r.referencing_table)?;
    let mut edits = Vec::new();
    let (column_id, column_name) = match r.referencing_column {
        Some(c) => {
            let column = column_of(child, c)?;
            if column.data_type.kind != key.data_type.kind {
                return Err(EditError::new(format!(
                    "{}.{} is {} but {target_name}.{} is {}: a foreign key joins columns of one type",
                    child.name, column.name, column.data_type.spelling, key.name, key.data_type.spelling
                )));
            }
            (column.id, column.name.clone())
        }
        None => {
            let base = format!("{}_{}", singular(&target_name), key.name);
            let dialect = project.source.dialect;
            let name = free_name(&base, |n| {
                child.columns.iter().any(|c| same_name(dialect, &c.name, n))
            });
            let at = child.columns.len();
            let id = project.ids.fresh();
            edits.push(Edit::AddColumn {
                table: r.referencing_table,
                column: Box::new(Column {
                    id,
                    name: name.clone(),
                    data_type: key.data_type.clone(),
                    nullable: true,
                    default: None,
                    identity: None,
                    comment: None,
                }),
                at,
            });
            (id, name)
        }
    };
    let at = table_of(project, r.referencing_table)?.foreign_keys.len();
    edits.push(Edit::PutConstraint {
        table: r.referencing_table,
        constraint: Constraint::ForeignKey(ForeignKey {
            id: project.ids.fresh(),
            name: None,
            columns: vec![column_id],
            ref_table: r.referenced_table,
            ref_columns: vec![key.id],
            on_delete: None,
            on_update: None,
            deferrable: false,
        }),
        at,
    });
    Ok(Edit::Batch {
        label: format!("relationship {column_name} → {target_name}"),
        edits,
    })
}

/// The singular of an English table name, for `{singular}_id`: `categories` → `category`.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", &name[..name.len() - n]);
    if lower == "people" {
        return cut(4, "rson");
    }
    if lower.ends_with("ies") && name.len() > 3 {
        cut(3, "y")
    } else if ["sses", "xes", "ches", "shes", "zzes"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        cut(2, "")
    } else if lower.ends_with('s')
        && !["ss", "us", "is"].iter().any(|e| lower.ends_with(e))
        && name.len() > 1
    {
        cut(1, "")
    } else {
        name.to_string()
    }
}

/// Foreign keys (table index, key) anywhere that reference table `target`.
fn references_to(project: &Project, target: usize) -> Vec<(Id, ForeignKey)> {
    let model = &project.model;
    TableLookup::new(model)
        .references_into(model, target)
        .into_iter()
        .map(|(t, f)| (model.tables[t].id, model.tables[t].foreign_keys[f].clone()))
        .collect()
}

fn describe_fk(project: &Project, table: Id, fk: &ForeignKey) -> String {
    let model = &project.model;
    let (from, columns) = model.table_by_id(table).map_or_else(
        || (String::new(), Vec::new()),
        |t| (t.name.clone(), t.column_names(&fk.columns)),
    );
    let to = model
        .table_by_id(fk.ref_table)
        .map_or_else(String::new, |t| t.name.clone());
    format!("foreign key {from}({}) → {to}", columns.join(", "))
}

/// Deletes tables with what depends on them: foreign keys into them from other tables,
/// their places in groups, partition or inheritance links to them, and views that read them.
pub fn delete_tables(project: &Project, ids: &[Id]) -> Result<(Edit, Dependents), EditError> {
    let mut edits = Vec::new();
    let mut dependents = Dependents::default();
    let indexes: Vec<usize> = ids
        .iter()
        .map(|id| {
            project
                .model
                .tables
                .iter()
                .position(|t| t.id == *id)
                .ok_or_else(|| EditError::new(format!("there is no table with id {id}")))
        })
        .collect::<Result<_, _>>()?;
    for &i in &indexes {
        let t = &project.model.tables[i];
        for (from, fk) in references_to(project, i) {
            if ids.contains(&from) {
                continue;
            }
            dependents.items.push(describe_fk(project, from, &fk));
            edits.push(Edit::RemoveConstraint {
                table: from,
                constraint: fk.id,
            });
        }
        for index in &t.indexes {
            dependents.items.push(format!(
                "index {} on {}",
                index.name.as_deref().unwrap_or("(unnamed)"),
                t.name
            ));
        }
    }
    let gone = |table: &Id| ids.contains(table);
    edits.extend(owners_released(project, |t, _| gone(&t), &mut dependents));
    for (at, g) in project.model.table_groups.iter().enumerate() {
        if g.tables.iter().any(gone) {
            dependents
                .items
                .push(format!("membership in group {}", g.name));
            let mut group = g.clone();
            group.tables.retain(|m| !gone(m));
            edits.push(Edit::PutGroup { group, at });
        }
    }
    for t in project.model.tables.iter().filter(|t| !ids.contains(&t.id)) {
        if t.partition_of.as_ref().is_some_and(|p| gone(&p.parent)) {
            dependents
                .items
                .push(format!("table {} stops being a partition", t.name));
            edits.push(Edit::SetTable {
                table: t.id,
                change: TableChange::PartitionOf(None),
            });
        }
        if t.inherits.iter().any(gone) {
            dependents
                .items
                .push(format!("table {} stops inheriting", t.name));
            edits.push(Edit::SetTable {
                table: t.id,
                change: TableChange::Inherits(
                    t.inherits.iter().filter(|n| !gone(n)).copied().collect(),
                ),
            });
        }
    }
    let mut views = Vec::new();
    for &i in &indexes {
        for site in sites_reading(&project.model, project.source.dialect, i, None) {
            if let SqlSite::View(view) = site {
                if !views.contains(&view) {
                    views.push(view);
                }
            }
        }
    }
    // Triggers and rules on a deleted table, or on a view the delete takes along.
    let on_tables = |written: &str| {
        crate::model::validate::find_by_name(&project.model, written)
            .is_some_and(|t| ids.contains(&t.id))
    };
    edits.splice(
        0..0,
        routines_removed(project, &views, on_tables, &mut dependents),
    );
    edits.splice(0..0, views_removed(project, &views, &mut dependents));
    edits.extend(ids.iter().map(|&table| Edit::RemoveTable { table }));
    let label = match indexes.as_slice() {
        [i] => format!("delete table {}", project.model.tables[*i].qualified_name()),
        _ => format!("delete {} tables", indexes.len()),
    };
    Ok((Edit::Batch { label, edits }, dependents))
}

/// Deletes a column with what depends on it: its place in the primary key, unique
/// constraints, indexes and checks over it, foreign keys from or to it, and views that read
/// it.
pub fn delete_column(
    project: &Project,
    table: Id,
    column: Id,
) -> Result<(Edit, Dependents), EditError> {
    let i = project
        .model
        .tables
        .iter()
        .position(|t| t.id == table)
        .ok_or_else(|| EditError::new(format!("there is no table with id {table}")))?;
    let t = &project.model.tables[i];
    let name = column_of(t, column)?.name.clone();
    let mut edits = Vec::new();
    let mut dependents = Dependents::default();
    let in_key = t.is_primary_key_column(&column);
    for (from, fk) in references_to(project, i) {
        let named = if fk.ref_columns.is_empty() {
            in_key
        } else {
            fk.ref_columns.contains(&column)
        };
        if named && !(from == table && fk.columns.contains(&column)) {
            dependents.items.push(describe_fk(project, from, &fk));
            edits.push(Edit::RemoveConstraint {
                table: from,
                constraint: fk.id,
            });
        }
    }
    for fk in t
        .foreign_keys
        .iter()
        .filter(|f| f.columns.contains(&column))
    {
        dependents.items.push(describe_fk(project, table, fk));
        edits.push(Edit::RemoveConstraint {
            table,
            constraint: fk.id,
        });
    }
    for u in t.uniques.iter().filter(|u| u.columns.contains(&column)) {
        dependents.items.push(format!(
            "unique constraint {}",
            u.name
                .clone()
                .unwrap_or_else(|| t.column_names(&u.columns).join(", "))
        ));
        edits.push(Edit::RemoveConstraint {
            table,
            constraint: u.id,
        });
    }
    for index in &t.indexes {
        let uses = index
            .parts
            .iter()
            .any(|p| matches!(&p.target, IndexTarget::Column(c) if *c == column))
            || index.include.contains(&column);
        if uses {
            dependents.items.push(format!(
                "index {}",
                index.name.as_deref().unwrap_or("(unnamed)")
            ));
            edits.push(Edit::RemoveConstraint {
                table,
                constraint: index.id,
            });
        }
    }
    // A trigger on the table that names the column (its `UPDATE OF`, a `WHEN` clause, an
    // inline body) cannot be created without it.
    for r in &project.model.routines {
        if trigger_reads_column(r, t, &name, project.source.dialect) {
            dependents.items.push(format!("trigger {}", r.name));
            edits.push(Edit::RemoveRoutine { routine: r.id });
        }
    }
    let mut views = Vec::new();
    for site in sites_reading(&project.model, project.source.dialect, i, Some(&name)) {
        match site {
            SqlSite::Check(id) => {
                let check = t.checks.iter().find(|c| c.id == id);
                dependents.items.push(format!(
                    "check {}",
                    check
                        .and_then(|c| c.name.clone())
                        .or_else(|| check.map(|c| c.expression.clone()))
                        .unwrap_or_default()
                ));
                edits.push(Edit::RemoveConstraint {
                    table,
                    constraint: id,
                });
            }
            SqlSite::IndexPart { index: id, .. } | SqlSite::IndexPredicate(id) => {
                let removed = Edit::RemoveConstraint {
                    table,
                    constraint: id,
                };
                if !edits.contains(&removed) {
                    let index = t.indexes.iter().find(|x| x.id == id);
                    dependents.items.push(format!(
                        "index {}",
                        index.and_then(|x| x.name.as_deref()).unwrap_or("(unnamed)")
                    ));
                    edits.push(removed);
                }
            }
            // A default cannot read a column; one that names it goes with the column.
            SqlSite::Default(_) | SqlSite::ColumnType(_) => {}
            SqlSite::View(id) => views.push(id),
            // Routines are not among the sites a deletion reads (they are kept as written).
            SqlSite::Routine(_) => {}
        }
    }
    let removed_views = views_removed(project, &views, &mut dependents);
    let on_views = routines_removed(project, &views, |_| false, &mut dependents);
    edits.splice(0..0, removed_views.into_iter().chain(on_views));
    edits.extend(owners_released(
        project,
        |t, c| t == table && c == column,
        &mut dependents,
    ));
    if let Some(pk) = t.primary_key.as_ref().filter(|_| in_key) {
        dependents.items.push("its place in the primary key".into());
        let rest: Vec<Id> = pk
            .columns
            .iter()
            .filter(|c| **c != column)
            .copied()
            .collect();
        let key = (!rest.is_empty()).then(|| PrimaryKey {
            columns: rest,
            ..pk.clone()
        });
        edits.push(Edit::SetPrimaryKey { table, key });
    }
    edits.push(Edit::RemoveColumn { table, column });
    Ok((
        Edit::Batch {
            label: format!("delete column {name}"),
            edits,
        },
        dependents,
    ))
}

/// The sequences owned by a column `gone` says is deleted stop being owned (a sequence
/// outlives its owner in the model: the script that numbers rows still creates it).
fn owners_released(
    project: &Project,
    gone: impl Fn(Id, Id) -> bool,
    dependents: &mut Dependents,
) -> Vec<Edit> {
    let mut edits = Vec::new();
    for s in &project.model.sequences {
        if s.owned_by.is_some_and(|(t, c)| gone(t, c)) {
            dependents.items.push(format!(
                "sequence {} stops being owned by the column",
                s.name
            ));
            edits.push(Edit::SetSequenceOwner {
                sequence: s.id,
                owner: None,
            });
        }
    }
    edits
}

/// Removing views `ids`, each listed among the dependents.
/// Removes the triggers and rules on the views `views` or on a relation `on` says is gone:
/// they could not be created without it.
fn routines_removed(
    project: &Project,
    views: &[Id],
    on: impl Fn(&str) -> bool,
    dependents: &mut Dependents,
) -> Vec<Edit> {
    let removed: Vec<&crate::model::View> = project
        .model
        .views
        .iter()
        .filter(|v| views.contains(&v.id))
        .collect();
    let on_view = |t: &str| {
        removed.iter().any(|v| {
            t == v.name
                || v.schema
                    .as_ref()
                    .is_some_and(|s| t == format!("{s}.{}", v.name))
        })
    };
    let mut edits = Vec::new();
    for r in &project.model.routines {
        if r.table.as_deref().is_some_and(|t| on(t) || on_view(t)) {
            dependents
                .items
                .push(format!("{} {}", r.kind.keyword().to_lowercase(), r.name));
            edits.push(Edit::RemoveRoutine { routine: r.id });
        }
    }
    edits
}

fn views_removed(project: &Project, ids: &[Id], dependents: &mut Dependents) -> Vec<Edit> {
    let mut edits = Vec::new();
    for view in project.model.views.iter().filter(|v| ids.contains(&v.id)) {
        dependents.items.push(format!("view {}", view.name));
        edits.push(Edit::RemoveView { view: view.id });
    }
    edits
}

/// Makes a column unique on its own, or takes its single-column unique constraint away.
pub fn toggle_unique(project: &mut Project, table: Id, column: Id) -> Result<Edit, EditError> {
    let fresh = project.ids.fresh();
    let t = table_of(project, table)?;
    column_of(t, column)?;
    match t.uniques.iter().find(|u| u.columns == [column]) {
        Some(u) => Ok(Edit::RemoveConstraint {
            table,
            constraint: u.id,
        }),
        None => Ok(Edit::PutConstraint {
            table,
            constraint: Constraint::Unique(crate::model::UniqueConstraint {
                id: fresh,
                name: None,
                columns: vec![column],
            }),
            at: t.uniques.len(),
        }),
    }
}

/// A new sticky note `note_1`, `note_2`, ... with `text`, at `position`.
pub fn new_note(project: &mut Project, text: &str, position: Option<Point>) -> Edit {
    let name = free_name("note", |n| project.model.notes.iter().any(|x| x.name == n));
    let name = if name == "note" {
        "note_1".to_string()
    } else {
        name
    };
    Edit::PutNote {
        note: crate::model::StickyNote {
            id: project.ids.fresh(),
            name,
            text: text.to_string(),
        },
        at: project.model.notes.len(),
        position,
    }
}

/// A note's text replaced.
pub fn edit_note(project: &Project, note: Id, text: &str) -> Result<Edit, EditError> {
    let (at, old) = project
        .model
        .notes
        .iter()
        .enumerate()
        .find(|(_, n)| n.id == note)
        .ok_or_else(|| EditError::new(format!("there is no note with id {note}")))?;
    Ok(Edit::PutNote {
        note: crate::model::StickyNote {
            text: text.to_string(),
            ..old.clone()
        },
        at,
        position: None,
    })
}

/// Where a table goes in [`regroup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupTarget {
    None,
    /// A new group around the table alone.
    New,
    Existing(Id),
}

/// Moves a table out of its group (a group left empty goes) and into `target`.
pub fn regroup(project: &mut Project, table: Id, target: GroupTarget) -> Result<Edit, EditError> {
    let t = table_of(project, table)?;
    let bare = t.name.clone();
    let groups = project.model.table_groups.clone();
    let is_member = |m: &Id| *m == table;
    let mut edits = Vec::new();
    for (at, g) in groups.iter().enumerate() {
        if g.tables.iter().any(is_member) && target != GroupTarget::Existing(g.id) {
            let mut left = g.clone();
            left.tables.retain(|m| !is_member(m));
            edits.push(if left.tables.is_empty() {
                Edit::RemoveGroup { group: g.id }
            } else {
                Edit::PutGroup { group: left, at }
            });
        }
    }
    match target {
        GroupTarget::None => {}
        GroupTarget::New => {
            let name = free_name("group", |n| groups.iter().any(|g| g.name == n));
            edits.push(Edit::PutGroup {
                group: crate::model::TableGroup {
                    id: project.ids.fresh(),
                    name,
                    tables: vec![table],
                    color: None,
                    note: None,
                },
                at: groups.len(),
            });
        }
        GroupTarget::Existing(id) => {
            let (at, g) = groups
                .iter()
                .enumerate()
                .find(|(_, g)| g.id == id)
                .ok_or_else(|| EditError::new(format!("there is no group with id {id}")))?;
            if !g.tables.iter().any(is_member) {
                let mut joined = g.clone();
                joined.tables.push(table);
                edits.push(Edit::PutGroup { group: joined, at });
            }
        }
    }
    Ok(Edit::Batch {
        label: format!("group {bare}"),
        edits,
    })
}

/// Renames table `table` to `schema.name`, adding the schema to the model's list first when
/// it is a new one (the inspector's name and schema fields).
pub fn rename_table_to(
    project: &mut Project,
    table: Id,
    schema: Option<String>,
    name: String,
) -> Edit {
    let rename = Edit::rename_table(table, schema.clone(), name.clone());
    match schema.filter(|s| !project.model.declares_schema(s)) {
        None => rename,
        Some(s) => Edit::Batch {
            label: format!("move {name} to schema {s}"),
            edits: vec![
                Edit::PutSchema {
                    schema: crate::model::Schema {
                        id: project.ids.fresh(),
                        name: s,
                    },
                    at: project.model.schemas.len(),
                },
                rename,
            ],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars_of_common_table_names() {
        for (plural, one) in [
            ("users", "user"),
            ("categories", "category"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("status", "status"),
            ("people", "person"),
            ("staff", "staff"),
            ("Orders", "Order"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
