//! Turns the changes between two versions into ordered operations and asks the target's
//! [`Planner`] for the statements of each, up and down.
//!
//! A migration runs in three stages, and each operation is printed from the version whose
//! names the database has at that moment: first what goes away (foreign keys, constraints,
//! indexes, tables) under the old names; then the renames; then everything else from the
//! old version under its new names (`renamed`) to the new version. The down migration runs
//! the inverse operations in reverse order, printed from the same pair of versions, so the
//! database has the names each statement expects both ways.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::diff::{diff, Change, ColumnChange};
use super::identifiers::substitute;
use super::planner::planner_for;
use super::step::{Body, Mode, Plan, Safety, Step};
use crate::generate::sql::{dialect_for, DdlOptions, Naming, Pieces};
use crate::model::{Dialect, Id, Model, Shared};

/// How to plan: the target, safe or simple statements, and the generator's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    pub dialect: Dialect,
    pub mode: Mode,
    /// The dialect the models' expressions are written in.
    pub source: Dialect,
    pub naming: Naming,
}

impl PlanOptions {
    pub fn new(dialect: Dialect, mode: Mode) -> PlanOptions {
        PlanOptions {
            dialect,
            mode,
            source: dialect,
            naming: Naming::Keep,
        }
    }
}

/// How a rename goes: at once, or through a temporary name when another object being
/// renamed holds the name it takes (a swap, a chain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Direct,
    /// From the name it has to its temporary name.
    ToTemporary,
    /// From its temporary name to the name it takes.
    FromTemporary,
}

impl Via {
    fn inverse(self) -> Via {
        match self {
            Via::Direct => Via::Direct,
            Via::ToTemporary => Via::FromTemporary,
            Via::FromTemporary => Via::ToTemporary,
        }
    }

    /// The order of the renames: every one to its temporary name first, every one from it
    /// last.
    fn rank(self) -> u8 {
        match self {
            Via::ToTemporary => 0,
            Via::Direct => 1,
            Via::FromTemporary => 2,
        }
    }
}

/// One operation on the database, by the ids of what it concerns. Operations that add
/// read the version migrated to, those that drop the version migrated from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    DropForeignKey {
        table: Id,
        key: Id,
        /// The table goes too (its inverse adds the key to a table just created).
        with_table: bool,
    },
    DropConstraint {
        table: Id,
        constraint: Id,
        with_table: bool,
    },
    DropIndex {
        table: Id,
        index: Id,
        with_table: bool,
    },
    DropTable {
        table: Id,
    },
    RenameTable {
        table: Id,
        via: Via,
    },
    RenameColumn {
        table: Id,
        column: Id,
        via: Via,
    },
    /// The names the engine chose for a renamed table's (or column's) unnamed constraints
    /// and indexes, renamed to what it would choose now.
    RenameDefaultNames {
        table: Id,
    },
    CreateTable {
        table: Id,
        /// Its foreign keys to tables that exist before it, written inside it.
        inline_keys: Vec<Id>,
    },
    AddColumn {
        table: Id,
        column: Id,
    },
    AlterColumn {
        table: Id,
        column: Id,
        changes: Vec<ColumnChange>,
    },
    /// The table is created anew from the version migrated to and its rows copied (SQLite,
    /// for what its `ALTER TABLE` cannot do).
    Rebuild {
        table: Id,
    },
    DropColumn {
        table: Id,
        column: Id,
    },
    /// A primary key, unique or check constraint.
    AddConstraint {
        table: Id,
        constraint: Id,
        /// Added to a table created in the same migration: nothing to lock or validate.
        fresh: bool,
    },
    CreateIndex {
        table: Id,
        index: Id,
        fresh: bool,
    },
    AddForeignKey {
        table: Id,
        key: Id,
        fresh: bool,
    },
    CommentTable {
        table: Id,
    },
    /// Enum types (where the target has them): created before the tables that use them,
    /// changed before columns take their new values, dropped after the columns that used
    /// them are gone.
    CreateEnum {
        id: Id,
    },
    /// A named schema the new version has and the old has not (and the other way round):
    /// created before anything moves into it, dropped once everything has left it.
    CreateSchema {
        id: Id,
    },
    DropSchema {
        id: Id,
    },
    /// Views are dropped before anything they read changes and created again after.
    DropView {
        id: Id,
    },
    CreateView {
        id: Id,
    },
    AlterEnum {
        id: Id,
    },
    DropEnum {
        id: Id,
    },
}

impl Op {
    /// The operation that undoes this one, read from the same two versions swapped.
    pub fn inverse(&self) -> Op {
        match self.clone() {
            Op::DropForeignKey {
                table,
                key,
                with_table,
            } => Op::AddForeignKey {
                table,
                key,
                fresh: with_table,
            },
            Op::AddForeignKey { table, key, fresh } => Op::DropForeignKey {
                table,
                key,
                with_table: fresh,
            },
            Op::DropConstraint {
                table,
                constraint,
                with_table,
            } => Op::AddConstraint {
                table,
                constraint,
                fresh: with_table,
            },
            Op::AddConstraint {
                table,
                constraint,
                fresh,
            } => Op::DropConstraint {
                table,
                constraint,
                with_table: fresh,
            },
            Op::DropIndex {
                table,
                index,
                with_table,
            } => Op::CreateIndex {
                table,
                index,
                fresh: with_table,
            },
            Op::CreateIndex {
                table,
                index,
                fresh,
            } => Op::DropIndex {
                table,
                index,
                with_table: fresh,
            },
            Op::DropTable { table } => Op::CreateTable {
                table,
                inline_keys: Vec::new(),
            },
            Op::CreateTable { table, .. } => Op::DropTable { table },
            Op::CreateEnum { id } => Op::DropEnum { id },
            Op::DropView { id } => Op::CreateView { id },
            Op::CreateSchema { id } => Op::DropSchema { id },
            Op::DropSchema { id } => Op::CreateSchema { id },
            Op::CreateView { id } => Op::DropView { id },
            Op::DropEnum { id } => Op::CreateEnum { id },
            Op::AddColumn { table, column } => Op::DropColumn { table, column },
            Op::DropColumn { table, column } => Op::AddColumn { table, column },
            Op::RenameTable { table, via } => Op::RenameTable {
                table,
                via: via.inverse(),
            },
            Op::RenameColumn { table, column, via } => Op::RenameColumn {
                table,
                column,
                via: via.inverse(),
            },
            same => same,
        }
    }

    /// Where the operation runs among the others of an up migration.
    pub fn phase(&self) -> u8 {
        match self {
            Op::DropView { .. } => 0,
            Op::DropForeignKey { .. } => 1,
            Op::DropConstraint { .. } | Op::DropIndex { .. } => 2,
            Op::DropTable { .. } => 3,
            Op::CreateSchema { .. } | Op::RenameTable { .. } => 4,
            Op::RenameColumn { .. } | Op::RenameDefaultNames { .. } => 5,
            Op::CreateEnum { .. } | Op::AlterEnum { .. } | Op::CreateTable { .. } => 6,
            Op::AddColumn { .. } => 7,
            Op::AlterColumn { .. } | Op::Rebuild { .. } => 8,
            Op::DropColumn { .. } | Op::DropEnum { .. } | Op::DropSchema { .. } => 9,
            Op::AddConstraint { .. } => 10,
            Op::CreateIndex { .. } => 11,
            Op::AddForeignKey { .. } => 12,
            Op::CommentTable { .. } => 13,
            Op::CreateView { .. } => 14,
        }
    }

    fn rename_rank(&self) -> u8 {
        match self {
            Op::RenameTable { via, .. } | Op::RenameColumn { via, .. } => via.rank(),
            _ => 1,
        }
    }

    pub fn table(&self) -> Id {
        match self {
            Op::DropForeignKey { table, .. }
            | Op::DropConstraint { table, .. }
            | Op::DropIndex { table, .. }
            | Op::DropTable { table }
            | Op::RenameTable { table, .. }
            | Op::RenameColumn { table, .. }
            | Op::RenameDefaultNames { table }
            | Op::CreateTable { table, .. }
            | Op::AddColumn { table, .. }
            | Op::AlterColumn { table, .. }
            | Op::Rebuild { table }
            | Op::DropColumn { table, .. }
            | Op::AddConstraint { table, .. }
            | Op::CreateIndex { table, .. }
            | Op::AddForeignKey { table, .. }
            | Op::CommentTable { table } => *table,
            Op::CreateEnum { id }
            | Op::AlterEnum { id }
            | Op::DropEnum { id }
            | Op::DropView { id }
            | Op::CreateView { id }
            | Op::CreateSchema { id }
            | Op::DropSchema { id } => *id,
        }
    }
}

/// The versions an operation reads, from and to, and how to write it.
pub struct Versions<'a> {
    pub from: &'a Pieces,
    pub to: &'a Pieces,
    pub mode: Mode,
    /// The old version under the new names: what the database holds while renames of
    /// columns and engine-chosen names run, in either direction (tables are renamed first
    /// on the way up, last on the way down).
    pub renamed: &'a Pieces,
    /// The keys, constraints and indexes the migration drops (in either direction, they
    /// are not there when the renames run).
    pub dropped: &'a FxHashSet<Id>,
}

/// The steps that turn `old` into `new` in `options.dialect`, each with its way back.
pub fn plan(old: &Model, new: &Model, options: &PlanOptions) -> Result<Plan, String> {
    let Some(planner) = planner_for(options.dialect) else {
        return Err(format!(
            "migrations for {} are not planned yet",
            options.dialect
        ));
    };
    let ddl = DdlOptions {
        if_not_exists: true,
        transaction: false,
        naming: options.naming,
        source: options.source,
        ..DdlOptions::default()
    };
    let pieces = |m: &Model| Pieces::new(m, dialect_for(options.dialect), &ddl);
    let renamed_model = renamed(old, new, options.source);
    let [old, new, renamed_model] = placed([old, new, &renamed_model], options);
    let (old_p, new_p) = (pieces(&old), pieces(&new));
    let renamed_p = pieces(&renamed_model);
    let ops = operations(
        old_p.model(),
        new_p.model(),
        planner.expands_type_changes(options.mode),
    );
    let ops = planner.adjust(ops, &renamed_p, &new_p);
    let dropped: FxHashSet<Id> = ops
        .iter()
        .filter_map(|o| match o {
            Op::DropForeignKey { key: id, .. }
            | Op::DropConstraint { constraint: id, .. }
            | Op::DropIndex { index: id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    let transactional_ddl = dialect_for(options.dialect).supports_transactional_ddl();
    let mut steps = Vec::new();
    for op in &ops {
        // Drops and renames read the old names; the rest the new.
        let (from, to) = if op.phase() <= 5 {
            (&old_p, &renamed_p)
        } else {
            (&renamed_p, &new_p)
        };
        let up = planner.body(
            op,
            &Versions {
                from,
                to,
                mode: options.mode,
                renamed: &renamed_p,
                dropped: &dropped,
            },
        );
        let down = planner.body(
            &op.inverse(),
            &Versions {
                from: to,
                to: from,
                mode: options.mode,
                renamed: &renamed_p,
                dropped: &dropped,
            },
        );
        // A step with nothing to run either way is left out, unless it says what cannot be
        // done.
        let silent = |b: &Body| b.statements.is_empty() && b.safety() < Safety::Irreversible;
        if silent(&up) && silent(&down) {
            continue;
        }
        // Where DDL commits as it goes (MySQL), no step runs inside a transaction.
        let (mut up, mut down) = (up, down);
        if !transactional_ddl {
            up.transactional = false;
            down.transactional = false;
        }
        steps.push(Step {
            title: planner.title(op, from, to),
            up,
            down,
        });
    }
    let mut notes = new_p.notes();
    for n in old_p.notes() {
        if !notes.contains(&n) {
            notes.push(n);
        }
    }
    notes.extend(not_planned(old_p.model(), new_p.model()));
    let (prelude, epilogue) = planner.frame(options.mode, &ops);
    let mut verify = Vec::new();
    let mut verified = FxHashSet::default();
    for op in ops.iter().filter(|o| (6..=12).contains(&o.phase())) {
        let id = op.table();
        let Some(t) = new_p.table(id) else {
            continue;
        };
        if verified.insert(id) && !t.columns.is_empty() {
            let columns: Vec<Id> = t.columns.iter().map(|c| c.id).collect();
            verify.push(format!(
                "SELECT {} FROM {} WHERE 1 = 0",
                new_p.column_list(id, &columns),
                new_p.table_name(id)
            ));
        }
    }
    Ok(Plan {
        dialect: options.dialect,
        mode: options.mode,
        prelude: if steps.is_empty() {
            Vec::new()
        } else {
            prelude
        },
        epilogue: if steps.is_empty() {
            Vec::new()
        } else {
            epilogue
        },
        steps,
        verify,
        notes,
    })
}

/// The versions with the engines' default schemas (`public`, `dbo`, `main`) left out where
/// the target's DDL leaves them out, as its preparation would, but with one copy per table
/// the versions share: tables they share stay shared, so the diff passes over them by
/// pointer instead of comparing every column of a big schema.
fn placed(models: [&Model; 3], options: &PlanOptions) -> [Model; 3] {
    let target = options.dialect;
    let strips = options.source != target || !matches!(target, Dialect::Postgres | Dialect::Mssql);
    let default_schema = |s: &Option<String>| {
        s.as_deref()
            .is_some_and(|s| ["public", "dbo", "main"].contains(&s))
    };
    let mut copies: FxHashMap<*const crate::model::Table, Shared<crate::model::Table>> =
        FxHashMap::default();
    models.map(|m| {
        let mut m = m.clone();
        if strips {
            for t in &mut m.tables {
                if default_schema(&t.schema) {
                    let copy = copies.entry(Shared::address(t)).or_insert_with(|| {
                        let mut c = t.clone();
                        c.schema = None;
                        c
                    });
                    *t = copy.clone();
                }
            }
        }
        m
    })
}

/// What changed that no planner writes yet (domains, sequences, routines, extensions),
/// said as warnings rather than left out in silence.
fn not_planned(old: &Model, new: &Model) -> Vec<crate::generate::sql::FidelityNote> {
    fn changed<T: PartialEq>(
        kind: &str,
        old: &[T],
        new: &[T],
        key: impl Fn(&T) -> (Id, String),
    ) -> Vec<crate::generate::sql::FidelityNote> {
        let mut out = Vec::new();
        for n in new {
            let (id, name) = key(n);
            let what = match old.iter().find(|o| key(o).0 == id) {
                None => "added",
                Some(o) if o != n => "changed",
                Some(_) => continue,
            };
            out.push(note(kind, &name, what));
        }
        for o in old {
            let (id, name) = key(o);
            if !new.iter().any(|n| key(n).0 == id) {
                out.push(note(kind, &name, "dropped"));
            }
        }
        out
    }
    fn note(kind: &str, name: &str, what: &str) -> crate::generate::sql::FidelityNote {
        crate::generate::sql::FidelityNote {
            level: crate::generate::sql::NoteLevel::Warning,
            object: format!("{kind} {name}"),
            message: format!(
                "{what}; migrations do not plan {kind}s yet: write this change by hand"
            ),
        }
    }
    let mut out = changed("domain", &old.domains, &new.domains, |d| {
        (d.id, d.name.clone())
    });
    out.extend(changed("sequence", &old.sequences, &new.sequences, |s| {
        (s.id, s.name.clone())
    }));
    out.extend(changed("routine", &old.routines, &new.routines, |r| {
        (r.id, r.name.clone())
    }));
    let ext_key = |e: &crate::model::Extension| (Id(0), e.name.clone());
    for e in &new.extensions {
        if !old.extensions.iter().any(|o| o.name == e.name) {
            out.push(note("extension", &ext_key(e).1, "added"));
        }
    }
    for e in &old.extensions {
        if !new.extensions.iter().any(|n| n.name == e.name) {
            out.push(note("extension", &ext_key(e).1, "dropped"));
        }
    }
    out
}

/// `old` with the names of `new`: every table and column that is in both named as in
/// `new`, everything else as it was. What the database holds once the renames have run.
fn renamed(old: &Model, new: &Model, source: Dialect) -> Model {
    let dialect = dialect_for(source);
    let after: FxHashMap<Id, &Shared<crate::model::Table>> =
        new.tables.iter().map(|t| (t.id, t)).collect();
    let mut model = old.clone();
    // Once the renames have run, the new schemas are there and the old still are.
    for s in &new.schemas {
        if !model.schemas.iter().any(|o| o.name == s.name) {
            model.schemas.push(s.clone());
        }
    }
    for t in &mut model.tables {
        let Some(n) = after.get(&t.id) else {
            continue;
        };
        let names_differ = t.schema != n.schema
            || t.name != n.name
            || t.columns
                .iter()
                .any(|c| n.column_by_id(c.id).is_some_and(|nc| nc.name != c.name));
        if !names_differ {
            continue;
        }
        let t = &mut **t;
        t.schema = n.schema.clone();
        t.name = n.name.clone();
        let mut renames: FxHashMap<String, String> = FxHashMap::default();
        for c in &mut t.columns {
            if let Some(nc) = n.column_by_id(c.id) {
                if nc.name != c.name {
                    renames.insert(c.name.clone(), nc.name.clone());
                }
                c.name = nc.name.clone();
            }
        }
        if renames.is_empty() {
            continue;
        }
        // The expressions the table keeps as text name its columns.
        let d = dialect.as_ref();
        for k in &mut t.checks {
            k.expression = substitute(&k.expression, &renames, d);
        }
        for c in &mut t.columns {
            if let Some(default) = &mut c.default {
                *default = substitute(default, &renames, d);
            }
        }
        for i in &mut t.indexes {
            for part in &mut i.parts {
                if let crate::model::IndexTarget::Expression(e) = &mut part.target {
                    *e = substitute(e, &renames, d);
                }
            }
            if let Some(p) = &mut i.predicate {
                *p = substitute(p, &renames, d);
            }
        }
    }
    model
}

/// The operations of the changes from `old` to `new` (both prepared), in the order they run.
pub fn operations(old: &Model, new: &Model, expand: bool) -> Vec<Op> {
    let changes = diff(old, new);
    let added: FxHashSet<Id> = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddTable { table } => Some(*table),
            _ => None,
        })
        .collect();
    let dropped: FxHashSet<Id> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropTable { table } => Some(*table),
            _ => None,
        })
        .collect();
    let old_tables: FxHashMap<Id, &crate::model::Table> =
        old.tables.iter().map(|t| (t.id, &**t)).collect();
    let new_tables: FxHashMap<Id, &crate::model::Table> =
        new.tables.iter().map(|t| (t.id, &**t)).collect();
    let mut ops = Vec::new();
    // Schemas by name: one created first, one dropped last (pushed after everything below).
    let default_schema = |name: &str| ["public", "dbo", "main"].contains(&name);
    for s in new.schemas.iter().filter(|s| !default_schema(&s.name)) {
        if !old.schemas.iter().any(|o| o.name == s.name) {
            ops.push(Op::CreateSchema { id: s.id });
        }
    }
    let dropped_schemas: Vec<Op> = old
        .schemas
        .iter()
        .filter(|o| !default_schema(&o.name) && !new.schemas.iter().any(|s| s.name == o.name))
        .map(|o| Op::DropSchema { id: o.id })
        .collect();
    // Enum types first (their creation precedes the tables in the same phase); a changed
    // enum changes every column of its type where the target writes it into the column
    // (an inline ENUM, a CHECK).
    let mut changed_enums: Vec<&crate::model::EnumType> = Vec::new();
    for change in &changes {
        match change {
            Change::AddEnum { id } => ops.push(Op::CreateEnum { id: *id }),
            Change::AlterEnum { id } => {
                ops.push(Op::AlterEnum { id: *id });
                changed_enums.extend(old.enums.iter().filter(|e| e.id == *id));
            }
            _ => {}
        }
    }
    let mut enum_columns: Vec<(Id, Id)> = Vec::new();
    for t in &new.tables {
        for c in &t.columns {
            let typed = |e: &&crate::model::EnumType| {
                matches!(&c.data_type.kind, crate::model::TypeKind::Other { name }
                    if name.trim_matches('"') == e.name
                        || name.ends_with(&format!(".{}", e.name)))
            };
            if changed_enums.iter().any(typed)
                && old_tables
                    .get(&t.id)
                    .is_some_and(|o| o.column_by_id(c.id).is_some())
            {
                enum_columns.push((t.id, c.id));
            }
        }
    }
    // Columns whose type changes: the foreign keys on either end are dropped and added
    // again around the change (an engine checks the key's types on every statement).
    let mut retyped: BTreeSet<(Id, Id)> = BTreeSet::new();
    // Tables whose keys or unique indexes are dropped: the foreign keys that rely on them
    // go first and come back after.
    let mut unkeyed: BTreeSet<Id> = BTreeSet::new();
    for change in &changes {
        match change {
            Change::AddTable { table } => {
                // Its keys, checks, indexes and foreign keys to tables that exist already are
                // part of creating it; its foreign keys to tables created with it follow
                // once they all exist.
                let mut inline_keys = Vec::new();
                if let Some(t) = new_tables.get(table) {
                    for fk in &t.foreign_keys {
                        if added.contains(&fk.ref_table) {
                            ops.push(add_op(*table, fk.id, Kind::ForeignKey, true));
                        } else {
                            inline_keys.push(fk.id);
                        }
                    }
                }
                ops.push(Op::CreateTable {
                    table: *table,
                    inline_keys,
                });
            }
            Change::DropTable { table } => {
                ops.push(Op::DropTable { table: *table });
                if let Some(t) = old_tables.get(table) {
                    for fk in &t.foreign_keys {
                        ops.push(drop_op(*table, fk.id, Kind::ForeignKey, true));
                    }
                }
            }
            Change::RenameTable { table, .. } => ops.push(Op::RenameTable {
                table: *table,
                via: Via::Direct,
            }),
            Change::RenameColumn { table, column, .. } => ops.push(Op::RenameColumn {
                table: *table,
                column: *column,
                via: Via::Direct,
            }),
            Change::AddColumn { table, column } => ops.push(Op::AddColumn {
                table: *table,
                column: *column,
            }),
            Change::DropColumn { table, column } => ops.push(Op::DropColumn {
                table: *table,
                column: *column,
            }),
            Change::AlterColumn {
                table,
                column,
                changes,
            } => {
                if changes.contains(&ColumnChange::Type) {
                    retyped.insert((*table, *column));
                }
                ops.push(Op::AlterColumn {
                    table: *table,
                    column: *column,
                    changes: changes.clone(),
                });
            }
            Change::AddConstraint { table, constraint } => {
                if let Some(t) = new_tables.get(table) {
                    ops.push(add_op(*table, *constraint, kind(t, *constraint), false));
                }
            }
            Change::DropConstraint { table, constraint } => {
                if let Some(t) = old_tables.get(table) {
                    if is_key(t, *constraint) {
                        unkeyed.insert(*table);
                    }
                    ops.push(drop_op(*table, *constraint, kind(t, *constraint), false));
                }
            }
            Change::AlterConstraint { table, constraint } => {
                if let (Some(o), Some(n)) = (old_tables.get(table), new_tables.get(table)) {
                    if is_key(o, *constraint) {
                        unkeyed.insert(*table);
                    }
                    ops.push(drop_op(*table, *constraint, kind(o, *constraint), false));
                    ops.push(add_op(*table, *constraint, kind(n, *constraint), false));
                }
            }
            Change::CommentTable { table } => ops.push(Op::CommentTable { table: *table }),
            Change::DropEnum { id } => ops.push(Op::DropEnum { id: *id }),
            Change::AddEnum { .. } | Change::AlterEnum { .. } => {}
        }
    }
    // A default that names an enum value the change renames is the same default: the
    // engine carries it with the rename (PostgreSQL stores the value, not its text).
    let renamed_value = |table: Id, column: Id| -> bool {
        let (Some(o), Some(n)) = (old_tables.get(&table), new_tables.get(&table)) else {
            return false;
        };
        let (Some(a), Some(b)) = (o.column_by_id(column), n.column_by_id(column)) else {
            return false;
        };
        let literal = |d: &Option<String>| {
            d.as_deref().map(|d| {
                d.split("::")
                    .next()
                    .unwrap_or(d)
                    .trim()
                    .trim_matches('\'')
                    .to_string()
            })
        };
        let (Some(before), Some(after)) = (literal(&a.default), literal(&b.default)) else {
            return false;
        };
        changed_enums.iter().any(|e| {
            let Some(n) = new.enums.iter().find(|n| n.id == e.id) else {
                return false;
            };
            e.values.iter().zip(&e.value_ids).any(|(text, id)| {
                *text == before
                    && n.values
                        .iter()
                        .zip(&n.value_ids)
                        .any(|(t, i)| i == id && *t == after)
            })
        })
    };
    for (table, column) in &enum_columns {
        if !renamed_value(*table, *column) {
            continue;
        }
        for op in &mut ops {
            if let Op::AlterColumn {
                table: t,
                column: c,
                changes,
            } = op
            {
                if t == table && c == column {
                    changes.retain(|x| *x != ColumnChange::Default);
                }
            }
        }
    }
    ops.retain(|op| !matches!(op, Op::AlterColumn { changes, .. } if changes.is_empty()));
    for (table, column) in enum_columns {
        alter_column(&mut ops, table, column, ColumnChange::Type);
    }
    // A type changed through a new column takes the column's keys, checks and indexes
    // with the old column: they are dropped first and made again on the new one.
    if expand {
        let mut extra = Vec::new();
        for op in &ops {
            let Op::AlterColumn { table, column, .. } = op else {
                continue;
            };
            let (Some(o), Some(n)) = (old_tables.get(table), new_tables.get(table)) else {
                continue;
            };
            let (Some(a), Some(b)) = (o.column_by_id(*column), n.column_by_id(*column)) else {
                continue;
            };
            if !expands(a, b) {
                continue;
            }
            for id in covering(o, a) {
                if covering(n, b).contains(&id) {
                    if is_key(o, id) {
                        unkeyed.insert(*table);
                    }
                    extra.push(drop_op(*table, id, kind(o, id), false));
                    extra.push(add_op(*table, id, kind(n, id), false));
                }
            }
        }
        for op in extra {
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
    }
    // Foreign keys that stay but depend on what changes under them.
    let mut rebuilt: FxHashSet<Id> = ops
        .iter()
        .filter_map(|o| match o {
            Op::DropForeignKey { key, .. } | Op::AddForeignKey { key, .. } => Some(*key),
            _ => None,
        })
        .collect();
    for t in &old.tables {
        if dropped.contains(&t.id) || added.contains(&t.id) {
            continue;
        }
        for fk in &t.foreign_keys {
            let in_new = new_tables
                .get(&t.id)
                .is_some_and(|n| n.foreign_keys.iter().any(|f| f.id == fk.id));
            let target_columns = old_tables
                .get(&fk.ref_table)
                .map(|target| fk.referenced_columns(target))
                .unwrap_or_default();
            let depends = unkeyed.contains(&fk.ref_table)
                || fk.columns.iter().any(|c| retyped.contains(&(t.id, *c)))
                || target_columns
                    .iter()
                    .any(|c| retyped.contains(&(fk.ref_table, *c)));
            if in_new && depends && rebuilt.insert(fk.id) {
                ops.push(drop_op(t.id, fk.id, Kind::ForeignKey, false));
                ops.push(add_op(t.id, fk.id, Kind::ForeignKey, false));
            }
        }
    }
    // Renamed tables and columns: the names the engine chose for what they hold follow.
    let renamed_tables: Vec<Id> = changes
        .iter()
        .filter_map(|c| match c {
            Change::RenameTable { table, .. } | Change::RenameColumn { table, .. } => Some(*table),
            _ => None,
        })
        .collect();
    let mut seen = FxHashSet::default();
    for t in renamed_tables {
        if seen.insert(t) {
            ops.push(Op::RenameDefaultNames { table: t });
        }
    }
    // A column a primary key covers cannot hold NULL whatever the model says: leaving or
    // joining a key changes whether it can.
    for n in &new.tables {
        let Some(o) = old_tables.get(&n.id) else {
            continue;
        };
        for c in &n.columns {
            let Some(oc) = o.column_by_id(c.id) else {
                continue;
            };
            if effectively_nullable(o, oc) == effectively_nullable(n, c) {
                continue;
            }
            let existing = ops.iter_mut().find_map(|op| match op {
                Op::AlterColumn {
                    table,
                    column,
                    changes,
                } if *table == n.id && *column == c.id => Some(changes),
                _ => None,
            });
            match existing {
                Some(changes) if changes.contains(&ColumnChange::Nullability) => {}
                Some(changes) => changes.push(ColumnChange::Nullability),
                None => ops.push(Op::AlterColumn {
                    table: n.id,
                    column: c.id,
                    changes: vec![ColumnChange::Nullability],
                }),
            }
        }
    }
    ops.extend(dropped_schemas);
    let mut ops = through_temporary_names(ops, old, new);
    views(&mut ops, old, new);
    // Stable: within a phase, the order of the changes (tables in model order).
    ops.sort_by_key(|o| (o.phase(), o.rename_rank()));
    ops
}

/// Views to drop first and create again last: every view added, dropped or changed, and
/// every view whose text names a table the migration touches (an engine refuses to drop or
/// change what a view reads, and a view reads by name).
fn views(ops: &mut Vec<Op>, old: &Model, new: &Model) {
    if old.views.is_empty() && new.views.is_empty() {
        return;
    }
    let mut touched: FxHashSet<String> = FxHashSet::default();
    for op in ops.iter() {
        let t = op.table();
        for m in [old, new] {
            if let Some(table) = m.table_by_id(t) {
                touched.insert(table.name.clone());
            }
        }
    }
    let reads_touched = |definition: &str| {
        super::identifiers::identifiers(definition)
            .iter()
            .any(|w| touched.contains(w) || touched.iter().any(|t| t.eq_ignore_ascii_case(w)))
    };
    let mut drops = Vec::new();
    for v in &old.views {
        let same = new
            .views
            .iter()
            .find(|n| n.id == v.id)
            .is_some_and(|n| n == v);
        if !same || reads_touched(&v.definition) {
            drops.push(Op::DropView { id: v.id });
        }
    }
    let mut creates = Vec::new();
    for v in &new.views {
        let same = old
            .views
            .iter()
            .find(|o| o.id == v.id)
            .is_some_and(|o| o == v);
        if !same || reads_touched(&v.definition) {
            creates.push(Op::CreateView { id: v.id });
        }
    }
    // Dropped in the reverse of the order they were created (a view may read another).
    drops.reverse();
    ops.extend(drops);
    ops.extend(creates);
}

/// Renames that take a name another rename gives up (or give up one another takes) go
/// through a temporary name, both ways: a swap of two names, a chain of renames.
fn through_temporary_names(ops: Vec<Op>, old: &Model, new: &Model) -> Vec<Op> {
    let renamed: Vec<Id> = ops
        .iter()
        .filter_map(|o| match o {
            Op::RenameTable { table, .. } => Some(*table),
            _ => None,
        })
        .collect();
    let involved: FxHashSet<Id> = ops
        .iter()
        .filter_map(|o| match o {
            Op::RenameTable { table, .. } | Op::RenameColumn { table, .. } => Some(*table),
            _ => None,
        })
        .collect();
    // The tables renamed or whose columns are, looked up once (a big schema has thousands).
    let (old_tables, new_tables) = (tables_among(old, &involved), tables_among(new, &involved));
    let name = |m: &FxHashMap<Id, &crate::model::Table>, t: Id| {
        m.get(&t).map(|t| (t.schema.clone(), t.name.clone()))
    };
    let clashes_table = |t: Id| {
        let (before, after) = (name(&old_tables, t), name(&new_tables, t));
        renamed.iter().any(|other| {
            *other != t
                && (name(&old_tables, *other) == after || name(&new_tables, *other) == before)
        })
    };
    let column_name = |m: &FxHashMap<Id, &crate::model::Table>, t: Id, c: Id| {
        m.get(&t)
            .and_then(|t| t.column_by_id(c))
            .map(|c| c.name.clone())
    };
    let (old, new) = (&old_tables, &new_tables);
    let renamed_columns: Vec<(Id, Id)> = ops
        .iter()
        .filter_map(|o| match o {
            Op::RenameColumn { table, column, .. } => Some((*table, *column)),
            _ => None,
        })
        .collect();
    let clashes_column = |t: Id, c: Id| {
        let (before, after) = (column_name(old, t, c), column_name(new, t, c));
        renamed_columns.iter().any(|(ot, oc)| {
            *ot == t
                && *oc != c
                && (column_name(old, t, *oc) == after || column_name(new, t, *oc) == before)
        })
    };
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        match op {
            Op::RenameTable { table, .. } if clashes_table(table) => {
                for via in [Via::ToTemporary, Via::FromTemporary] {
                    out.push(Op::RenameTable { table, via });
                }
            }
            Op::RenameColumn { table, column, .. } if clashes_column(table, column) => {
                for via in [Via::ToTemporary, Via::FromTemporary] {
                    out.push(Op::RenameColumn { table, column, via });
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The tables of `m` whose ids are in `ids`, by id.
fn tables_among<'a>(m: &'a Model, ids: &FxHashSet<Id>) -> FxHashMap<Id, &'a crate::model::Table> {
    m.tables
        .iter()
        .filter(|t| ids.contains(&t.id))
        .map(|t| (t.id, &**t))
        .collect()
}

/// The temporary name of a table or column on its way to a name another one gives up.
pub fn temporary_name(id: Id) -> String {
    format!("_sf_tmp_{}", id.0)
}

/// What a table's key, constraint or index is, for the operations that drop and add it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ForeignKey,
    Index,
    Constraint,
}

pub(super) fn kind(t: &crate::model::Table, id: Id) -> Kind {
    if t.foreign_keys.iter().any(|f| f.id == id) {
        Kind::ForeignKey
    } else if t.indexes.iter().any(|i| i.id == id) {
        Kind::Index
    } else {
        Kind::Constraint
    }
}

pub(super) fn drop_op(table: Id, id: Id, k: Kind, with_table: bool) -> Op {
    match k {
        Kind::ForeignKey => Op::DropForeignKey {
            table,
            key: id,
            with_table,
        },
        Kind::Index => Op::DropIndex {
            table,
            index: id,
            with_table,
        },
        Kind::Constraint => Op::DropConstraint {
            table,
            constraint: id,
            with_table,
        },
    }
}

pub(super) fn add_op(table: Id, id: Id, k: Kind, fresh: bool) -> Op {
    match k {
        Kind::ForeignKey => Op::AddForeignKey {
            table,
            key: id,
            fresh,
        },
        Kind::Index => Op::CreateIndex {
            table,
            index: id,
            fresh,
        },
        Kind::Constraint => Op::AddConstraint {
            table,
            constraint: id,
            fresh,
        },
    }
}

/// Whether a safe plan changes the column's type through a new column (expand, backfill,
/// swap) instead of `ALTER COLUMN … TYPE`, which rewrites the table under an exclusive lock:
/// any change but a widening the engine makes in its catalog, on a column no identity numbers.
pub fn expands(a: &crate::model::Column, b: &crate::model::Column) -> bool {
    a.data_type.kind != b.data_type.kind
        && !super::planner::is_widening(&a.data_type.kind, &b.data_type.kind)
        && a.identity.is_none()
        && b.identity.is_none()
}

/// The keys, checks, foreign keys and indexes of `t` that cover column `c` (by id, or by
/// name in an expression).
pub(super) fn covering(t: &crate::model::Table, c: &crate::model::Column) -> Vec<Id> {
    let names = |text: &str| super::identifiers::identifiers(text).contains(&c.name);
    let mut out = Vec::new();
    out.extend(
        t.primary_key
            .iter()
            .filter(|p| p.columns.contains(&c.id))
            .map(|p| p.id),
    );
    out.extend(
        t.uniques
            .iter()
            .filter(|u| u.columns.contains(&c.id))
            .map(|u| u.id),
    );
    out.extend(
        t.checks
            .iter()
            .filter(|k| names(&k.expression))
            .map(|k| k.id),
    );
    out.extend(
        t.foreign_keys
            .iter()
            .filter(|f| f.columns.contains(&c.id))
            .map(|f| f.id),
    );
    out.extend(
        t.indexes
            .iter()
            .filter(|i| {
                i.parts.iter().any(|p| match &p.target {
                    crate::model::IndexTarget::Column(x) => *x == c.id,
                    crate::model::IndexTarget::Expression(e) => names(e),
                }) || i.predicate.as_deref().is_some_and(names)
            })
            .map(|i| i.id),
    );
    out
}

/// Whether `id` is a key of the table a foreign key can rely on: its primary key, a unique
/// constraint or a unique index.
pub(super) fn is_key(t: &crate::model::Table, id: Id) -> bool {
    t.primary_key.as_ref().is_some_and(|p| p.id == id)
        || t.uniques.iter().any(|u| u.id == id)
        || t.indexes.iter().any(|i| i.id == id && i.unique)
}

/// Whether the column can hold NULL: nullable, not numbered, and in no primary key.
pub fn effectively_nullable(t: &crate::model::Table, c: &crate::model::Column) -> bool {
    c.nullable
        && c.identity.is_none()
        && !t
            .primary_key
            .as_ref()
            .is_some_and(|p| p.columns.contains(&c.id))
}

/// A body with nothing to run (a change the target does not store, such as a comment in
/// SQLite).
pub fn nothing() -> Body {
    Body::new(super::step::Safety::Safe, "")
}

/// Adds `change` to the column's `AlterColumn`, or a new one.
pub(super) fn alter_column(ops: &mut Vec<Op>, table: Id, column: Id, change: ColumnChange) {
    let existing = ops.iter_mut().find_map(|op| match op {
        Op::AlterColumn {
            table: t,
            column: c,
            changes,
        } if *t == table && *c == column => Some(changes),
        _ => None,
    });
    match existing {
        Some(changes) if changes.contains(&change) => {}
        Some(changes) => changes.push(change),
        None => ops.push(Op::AlterColumn {
            table,
            column,
            changes: vec![change],
        }),
    }
}
