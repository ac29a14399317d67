//! The changes from one version of a model to another, matched by id: an object whose id is
//! in both versions under another name is renamed, not dropped and added, and one whose
//! definition differs is changed. Tables first, then within each table its columns and its
//! constraints and indexes, each list in the order the objects appear.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{
    CheckConstraint, Column, ForeignKey, Id, Index, Model, PrimaryKey, Shared, Table,
    UniqueConstraint,
};

/// One difference between two versions, by the ids of what it concerns.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    AddTable {
        table: Id,
    },
    DropTable {
        table: Id,
    },
    /// Another name or schema; `from`/`to` are (schema, name).
    RenameTable {
        table: Id,
        from: (Option<String>, String),
        to: (Option<String>, String),
    },
    AddColumn {
        table: Id,
        column: Id,
    },
    DropColumn {
        table: Id,
        column: Id,
    },
    RenameColumn {
        table: Id,
        column: Id,
        from: String,
        to: String,
    },
    /// The column's definition changed in the listed ways (a rename is its own change).
    AlterColumn {
        table: Id,
        column: Id,
        changes: Vec<ColumnChange>,
    },
    /// The primary key, a unique or check constraint, a foreign key or an index was added,
    /// dropped, or changed (a changed one is dropped and added again by a planner).
    AddConstraint {
        table: Id,
        constraint: Id,
    },
    DropConstraint {
        table: Id,
        constraint: Id,
    },
    AlterConstraint {
        table: Id,
        constraint: Id,
    },
    /// The table's comment.
    CommentTable {
        table: Id,
    },
    /// An enum type was added, dropped, or its values changed (added, renamed, removed,
    /// told apart by their ids).
    AddEnum {
        id: Id,
    },
    DropEnum {
        id: Id,
    },
    AlterEnum {
        id: Id,
    },
}

/// What about a column changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnChange {
    Type,
    Nullability,
    Default,
    Identity,
    Comment,
}

/// The changes that turn `old` into `new`.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut changes = Vec::new();
    for e in &old.enums {
        if !new.enums.iter().any(|n| n.id == e.id) {
            changes.push(Change::DropEnum { id: e.id });
        }
    }
    for e in &new.enums {
        match old.enums.iter().find(|o| o.id == e.id) {
            None => changes.push(Change::AddEnum { id: e.id }),
            Some(o) if (&o.schema, &o.name, &o.values) != (&e.schema, &e.name, &e.values) => {
                changes.push(Change::AlterEnum { id: e.id })
            }
            Some(_) => {}
        }
    }
    let after: FxHashSet<Id> = new.tables.iter().map(|t| t.id).collect();
    for t in &old.tables {
        if !after.contains(&t.id) {
            changes.push(Change::DropTable { table: t.id });
        }
    }
    let before: FxHashMap<Id, &Shared<Table>> = old.tables.iter().map(|t| (t.id, t)).collect();
    for t in &new.tables {
        match before.get(&t.id) {
            None => changes.push(Change::AddTable { table: t.id }),
            // A table still shared with the old version has not been written since.
            Some(was) if Shared::same(was, t) => {}
            Some(was) => diff_table(was, t, &mut changes),
        }
    }
    changes
}

fn diff_table(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = new.id;
    if (&old.schema, &old.name) != (&new.schema, &new.name) {
        changes.push(Change::RenameTable {
            table,
            from: (old.schema.clone(), old.name.clone()),
            to: (new.schema.clone(), new.name.clone()),
        });
    }
    let column = |t: &Table, id: Id| t.columns.iter().find(|c| c.id == id).cloned();
    for c in &old.columns {
        if column(new, c.id).is_none() {
            changes.push(Change::DropColumn {
                table,
                column: c.id,
            });
        }
    }
    for c in &new.columns {
        let Some(before) = column(old, c.id) else {
            changes.push(Change::AddColumn {
                table,
                column: c.id,
            });
            continue;
        };
        if before.name != c.name {
            changes.push(Change::RenameColumn {
                table,
                column: c.id,
                from: before.name.clone(),
                to: c.name.clone(),
            });
        }
        let altered = column_changes(&before, c);
        if !altered.is_empty() {
            changes.push(Change::AlterColumn {
                table,
                column: c.id,
                changes: altered,
            });
        }
    }
    let (before, after) = (constraints(old), constraints(new));
    for (id, _) in &before {
        if !after.iter().any(|(other, _)| other == id) {
            changes.push(Change::DropConstraint {
                table,
                constraint: *id,
            });
        }
    }
    for (id, definition) in &after {
        match before.iter().find(|(other, _)| other == id) {
            None => changes.push(Change::AddConstraint {
                table,
                constraint: *id,
            }),
            Some((_, was)) if was != definition => changes.push(Change::AlterConstraint {
                table,
                constraint: *id,
            }),
            Some(_) => {}
        }
    }
    if old.comment != new.comment {
        changes.push(Change::CommentTable { table });
    }
}

fn column_changes(old: &Column, new: &Column) -> Vec<ColumnChange> {
    [
        (old.data_type != new.data_type, ColumnChange::Type),
        (old.nullable != new.nullable, ColumnChange::Nullability),
        (old.default != new.default, ColumnChange::Default),
        (old.identity != new.identity, ColumnChange::Identity),
        (old.comment != new.comment, ColumnChange::Comment),
    ]
    .into_iter()
    .filter_map(|(differs, what)| differs.then_some(what))
    .collect()
}

/// A key, constraint or index, for comparing two versions of it.
#[derive(PartialEq)]
enum Constraint<'a> {
    PrimaryKey(&'a PrimaryKey),
    Unique(&'a UniqueConstraint),
    Check(&'a CheckConstraint),
    ForeignKey(&'a ForeignKey),
    Index(&'a Index),
}

/// A table's keys, constraints and indexes by id (their references are ids, so a renamed
/// column or target does not make one differ).
fn constraints(table: &Table) -> Vec<(Id, Constraint<'_>)> {
    let mut all = Vec::new();
    if let Some(pk) = &table.primary_key {
        all.push((pk.id, Constraint::PrimaryKey(pk)));
    }
    all.extend(table.uniques.iter().map(|u| (u.id, Constraint::Unique(u))));
    all.extend(table.checks.iter().map(|c| (c.id, Constraint::Check(c))));
    all.extend(
        table
            .foreign_keys
            .iter()
            .map(|f| (f.id, Constraint::ForeignKey(f))),
    );
    all.extend(table.indexes.iter().map(|i| (i.id, Constraint::Index(i))));
    all
}
