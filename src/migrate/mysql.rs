//! MySQL and MariaDB's planner.
//!
//! Policy: the statements are MariaDB's (10.5 and later; proven on 10.11). Steps are
//! re-runnable where MariaDB can say so (`ADD COLUMN IF NOT EXISTS`, `DROP COLUMN IF
//! EXISTS`, `DROP INDEX IF EXISTS`, `CREATE INDEX IF NOT EXISTS`, `DROP FOREIGN KEY IF
//! EXISTS`, `FOREIGN KEY IF NOT EXISTS`, `ADD CONSTRAINT IF NOT EXISTS … CHECK`, `DROP
//! CONSTRAINT IF EXISTS`, `RENAME TABLE IF EXISTS`); MySQL 8 rejects those words, so a
//! MySQL 8 team removes them (everything else, `RENAME COLUMN` included, is MySQL 8 too).
//!
//! MySQL's DDL is not transactional: each statement commits on its own, so a failed
//! migration stops half-way and the plan's files say to run without a transaction.
//!
//! Safe mode names the algorithm and lock (`ALGORITHM=INPLACE, LOCK=NONE`) where the engine
//! really changes the table without blocking writes (secondary indexes, renames, nullable
//! columns added at the end, foreign keys dropped, foreign keys added with their rows left
//! to the pre-flight query), so that the statement fails instead of quietly falling back to a
//! copy under a lock; a type change says `ALGORITHM=COPY, LOCK=SHARED`. Simple mode leaves
//! the choice to the engine, which picks the same algorithms when it can.
//!
//! Enums are column types here: a changed enum is a `MODIFY COLUMN` of each column of it.
//! Unnamed keys, checks and foreign keys are addressed by the names MariaDB gives them
//! ([`super::mysql_names`]), and every one a migration adds is added under that name.

use std::collections::BTreeSet;

use super::mysql_names::{default_names, key_indexes, serves};
use super::plan::{add_op, alter_column, drop_op, kind, nothing, Kind, Op, Versions, Via};
use super::planner::{constraint_preflight, ends, Planner};
use super::step::{Body, Mode, Preflight, Safety};
use super::ColumnChange;
use crate::generate::sql::Pieces;
use crate::model::{Column, Dialect, Id, Table, TypeKind};

pub struct MySql;

/// What safe mode appends to a statement the engine runs in place without locking.
const ONLINE: &str = ", ALGORITHM=INPLACE, LOCK=NONE";

/// The names of `t`'s keys, constraints and indexes as the engine knows them in version `p`.
fn names(p: &Pieces, t: &Table) -> Vec<(Id, String)> {
    default_names(t, &p.foreign_keys_in_creation_order(t.id))
}

fn name_in(p: &Pieces, t: &Table, id: Id) -> Option<String> {
    names(p, t)
        .into_iter()
        .find(|(k, _)| *k == id)
        .map(|(_, n)| n)
}

/// The indexes the engine made for `t`'s foreign keys in version `p`.
fn key_indexes_in(p: &Pieces, t: &Table) -> Vec<(Id, String, Vec<Id>)> {
    let generated = |i: Id| p.create_index(t.id, i, false, None).is_some();
    key_indexes(t, &p.foreign_keys_in_creation_order(t.id), &generated)
}

/// A key, constraint or index as written (under one name, so only the definition counts).
fn definition(p: &Pieces, t: Id, id: Id) -> Option<String> {
    p.constraint_clause(t, id, Some("n"))
        .or_else(|| p.create_index(t, id, false, Some("n")))
}

/// The leading columns of a key or index of `t`.
fn key_columns(t: &Table, id: Id) -> Vec<Id> {
    if let Some(p) = t.primary_key.as_ref().filter(|p| p.id == id) {
        return p.columns.clone();
    }
    if let Some(u) = t.uniques.iter().find(|u| u.id == id) {
        return u.columns.clone();
    }
    t.indexes
        .iter()
        .find(|i| i.id == id)
        .map(|i| {
            i.parts
                .iter()
                .map_while(|p| match p.target {
                    crate::model::IndexTarget::Column(c) => Some(c),
                    crate::model::IndexTarget::Expression(_) => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn again(table: Id, id: Id, k: Kind) -> [Op; 2] {
    [drop_op(table, id, k, false), add_op(table, id, k, false)]
}

/// Whether `ops` drops the key, constraint or index `id` already.
fn drops(ops: &[Op], id: Id) -> bool {
    ops.iter().any(|o| {
        matches!(o,
            Op::DropForeignKey { key, .. }
            | Op::DropConstraint { constraint: key, .. }
            | Op::DropIndex { index: key, .. } if *key == id)
    })
}

impl Planner for MySql {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    /// What MySQL needs beyond the model's changes: columns whose written type changes
    /// though the model's does not (a text column that joins a key is `varchar(255)`);
    /// foreign keys made again around what they rely on (a changed column, an index that
    /// served them); and keys whose engine name or definition moves (`_ibfk_` numbers
    /// follow the order of creation).
    fn adjust(&self, mut ops: Vec<Op>, from: &Pieces, to: &Pieces) -> Vec<Op> {
        let mut retyped: BTreeSet<(Id, Id)> = BTreeSet::new();
        let mut extra: Vec<Op> = Vec::new();
        // A table that is the same in both versions, as are the tables its keys reference,
        // prints the same and keeps its keys' names, unless an ENUM it may use changed or its
        // keys are added in another order: it is passed over (most of a big schema).
        let enums_changed = from.model().enums != to.model().enums;
        // Each table compared once (a version read from a file shares none by pointer).
        let same: rustc_hash::FxHashSet<Id> = to
            .model()
            .tables
            .iter()
            .filter(|y| {
                from.table(y.id)
                    .is_some_and(|x| std::ptr::eq(x, &***y) || *x == ***y)
            })
            .map(|y| y.id)
            .collect();
        let unchanged = |a: &Table, b: &Table| {
            !enums_changed
                && same.contains(&a.id)
                && b.foreign_keys.iter().all(|f| same.contains(&f.ref_table))
                && from.foreign_keys_in_creation_order(a.id)
                    == to.foreign_keys_in_creation_order(b.id)
        };
        for b in &to.model().tables {
            let Some(a) = from.table(b.id) else {
                continue;
            };
            if unchanged(a, b) {
                continue;
            }
            let before = from.columns(a.id);
            for (c, pb) in to.columns(b.id) {
                let Some((_, pa)) = before.iter().find(|(k, _)| *k == c) else {
                    continue;
                };
                if pa.type_sql != pb.type_sql {
                    retyped.insert((b.id, c));
                    alter_column(&mut ops, b.id, c, ColumnChange::Type);
                }
                if pa.identity != pb.identity {
                    alter_column(&mut ops, b.id, c, ColumnChange::Identity);
                }
            }
            let (na, nb) = (names(from, a), names(to, b));
            let before = a.constraint_ids();
            for id in b.constraint_ids() {
                if !before.contains(&id) || drops(&ops, id) {
                    continue;
                }
                let name = |n: &[(Id, String)]| n.iter().find(|(k, _)| *k == id).cloned();
                let moved = name(&na) != name(&nb)
                    || definition(from, a.id, id) != definition(to, b.id, id);
                if moved {
                    extra.extend(again(b.id, id, kind(b, id)));
                }
            }
        }
        // The foreign keys on either end of a column whose written type changes.
        for t in &to.model().tables {
            let Some(a) = from.table(t.id) else {
                continue;
            };
            for f in &t.foreign_keys {
                if !a.foreign_keys.iter().any(|g| g.id == f.id) {
                    continue;
                }
                let target = to.table(f.ref_table);
                let refs = target.map(|x| f.referenced_columns(x)).unwrap_or_default();
                let touched = f.columns.iter().any(|c| retyped.contains(&(t.id, *c)))
                    || refs.iter().any(|c| retyped.contains(&(f.ref_table, *c)));
                if touched {
                    extra.extend(again(t.id, f.id, Kind::ForeignKey));
                }
            }
        }
        for op in extra {
            if !ops.contains(&op) {
                ops.push(op);
            }
        }
        // Stable: the renames keep their order within their phase.
        ops.sort_by_key(Op::phase);
        ops
    }

    fn frame(&self, mode: Mode, _ops: &[Op]) -> (Vec<String>, Vec<String>) {
        match mode {
            // A statement waits at most 5 s for the table's metadata lock instead of
            // queueing every query behind it.
            Mode::Safe => (vec!["SET SESSION lock_wait_timeout = 5".into()], Vec::new()),
            Mode::Simple => (Vec::new(), Vec::new()),
        }
    }

    /// For titles: foreign keys numbered in model order (the statements use the order the
    /// DDL creates them in, which a cycle can change).
    fn engine_name(&self, table: &Table, id: Id) -> Option<String> {
        let order: Vec<Id> = table.foreign_keys.iter().map(|f| f.id).collect();
        default_names(table, &order)
            .into_iter()
            .find(|(k, _)| *k == id)
            .map(|(_, n)| n)
    }

    fn renames_default_names(&self) -> bool {
        true
    }

    /// Unique keys and the indexes of foreign keys are named after a column: when it is
    /// renamed, so is the index (`_ibfk_` names follow `RENAME TABLE` by themselves).
    fn rename_default_names(&self, v: &Versions, table: Id) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "catalog only");
        let name = v.renamed.table_name(table);
        let mut renames: Vec<(String, String)> = Vec::new();
        let (na, nb) = (names(v.from, a), names(v.to, b));
        for u in a.uniques.iter().filter(|u| u.name.is_none()) {
            if v.dropped.contains(&u.id) {
                continue;
            }
            let old = na.iter().find(|(k, _)| *k == u.id).map(|(_, n)| n.clone());
            let new = nb.iter().find(|(k, _)| *k == u.id).map(|(_, n)| n.clone());
            if let (Some(old), Some(new)) = (old, new) {
                renames.push((old, new));
            }
        }
        let (ka, kb) = (key_indexes_in(v.from, a), key_indexes_in(v.to, b));
        for (key, old, _) in &ka {
            if v.dropped.contains(key) {
                continue;
            }
            if let Some((_, new, _)) = kb.iter().find(|(k, _, _)| k == key) {
                renames.push((old.clone(), new.clone()));
            }
        }
        for (old, new) in renames {
            if old != new {
                body.push(format!(
                    "ALTER TABLE {name} RENAME INDEX {} TO {}{}",
                    v.to.ident(&old),
                    v.to.ident(&new),
                    online(v.mode)
                ));
            }
        }
        body
    }

    fn drop_constraint(&self, v: &Versions, table: Id, id: Id, with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let name = v.from.table_name(table);
        let is_key = t.foreign_keys.iter().any(|f| f.id == id);
        if with_table && !is_key {
            return nothing();
        }
        let Some(engine_name) = name_in(v.from, t, id) else {
            return nothing();
        };
        let ident = v.from.ident(&engine_name);
        if let Some(pk) = t.primary_key.as_ref().filter(|p| p.id == id) {
            let mut body = Body::new(
                Safety::Rewrites,
                "MySQL drops a primary key only by copying the table; writes wait",
            );
            // An AUTO_INCREMENT column must lead a key: it stops numbering first.
            for c in &pk.columns {
                if let Some(pieces) = v.from.column(table, *c).filter(|p| p.identity.is_some()) {
                    body.push(format!(
                        "ALTER TABLE {name} MODIFY COLUMN {}",
                        pieces.definition.replacen(" AUTO_INCREMENT", "", 1)
                    ));
                }
            }
            body.statements.extend(serve_keys_without(v, t, id));
            body.push(format!("ALTER TABLE {name} DROP PRIMARY KEY"));
            return body;
        }
        if t.uniques.iter().any(|u| u.id == id) {
            return drop_unique(v, t, id, &engine_name);
        }
        if !is_key {
            let mut body = Body::new(Safety::Safe, "catalog only");
            body.push(format!(
                "ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {ident}"
            ));
            return body;
        }
        let mut body = if with_table {
            Body::new(Safety::Safe, "the table goes next")
        } else {
            Body::new(Safety::Safe, "catalog only, in place")
        };
        body.push(format!(
            "ALTER TABLE {name} DROP FOREIGN KEY IF EXISTS {ident}{}",
            if with_table { "" } else { online(v.mode) }
        ));
        // The index the engine made for the key outlives it; another key may still use it.
        if !with_table {
            let made = key_indexes_in(v.from, t);
            if let Some((_, index, columns)) = made.iter().find(|(k, _, _)| *k == id) {
                let shared = t
                    .foreign_keys
                    .iter()
                    .any(|f| f.id != id && serves(columns, &f.columns));
                if !shared {
                    body.push(format!(
                        "ALTER TABLE {name} DROP INDEX IF EXISTS {}{}",
                        v.from.ident(index),
                        online(v.mode)
                    ));
                }
            }
        }
        body
    }

    fn drop_index(&self, v: &Versions, table: Id, index: Id, with_table: bool) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        if with_table {
            return nothing();
        }
        let Some(name) = name_in(v.from, t, index) else {
            return nothing();
        };
        drop_unique(v, t, index, &name)
    }

    fn rename_table(&self, v: &Versions, table: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let (start, end) = ends(via, a.name.clone(), b.name.clone(), table);
        let (start, end) = (
            v.from.qualified(a.schema.as_deref(), &start),
            v.to.qualified(b.schema.as_deref(), &end),
        );
        if start == end {
            return nothing();
        }
        let mut body = Body::new(
            Safety::Locks,
            "a brief metadata lock; code that still uses the old name fails until it is deployed",
        );
        body.push(format!("RENAME TABLE IF EXISTS {start} TO {end}"));
        body
    }

    fn rename_column(&self, v: &Versions, table: Id, column: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let (start, end) = ends(
            via,
            a.column_name(column).to_string(),
            b.column_name(column).to_string(),
            column,
        );
        let mut body = Body::new(
            Safety::Locks,
            "in place, catalog only; code that still uses the old name fails until it is deployed",
        );
        body.push(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}{}",
            v.renamed.table_name(table),
            v.from.ident(&start),
            v.to.ident(&end),
            online(v.mode)
        ));
        body
    }

    fn create_table(&self, v: &Versions, table: Id, inline_keys: &[Id]) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "a new table");
        if let Some(sql) = v.to.create_table_with_keys(table, &[], None) {
            body.push(sql);
        }
        for i in &t.indexes {
            if let Some(sql) = create_index_sql(v.to, t, i.id, "") {
                body.push(sql);
            }
        }
        // Its keys to tables that exist already, each under the name the DDL gives it.
        for key in inline_keys {
            let added = self.add_foreign_key(v, table, *key, true);
            body.statements.extend(added.statements);
        }
        body
    }

    fn add_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let (Some(t), Some(pieces)) = (v.to.table(table), v.to.column(table, column)) else {
            return nothing();
        };
        let Some(c) = t.column_by_id(column) else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let required = !c.nullable && pieces.default.is_none() && pieces.identity.is_none();
        let constant = pieces
            .default
            .as_deref()
            .is_none_or(|d| !d.starts_with('(') && !d.to_ascii_uppercase().starts_with("CURRENT"));
        if pieces.identity.is_some() {
            // A new column leads no key yet: the key's step that follows numbers it.
            let mut body = Body::new(
                Safety::Rewrites,
                "every existing row is numbered once its key is added: the table is copied while writes wait",
            );
            body.push(format!(
                "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {}",
                pieces.definition.replacen(" AUTO_INCREMENT", "", 1)
            ));
            return body;
        }
        if required && v.mode == Mode::Safe {
            // Added nullable, filled, then NOT NULL (which fails while a row has none).
            let col = v.to.ident(&c.name);
            let mut body = Body::new(
                Safety::Rewrites,
                "added nullable in place, backfilled, then NOT NULL by rebuilding the table in place (reads and writes go on)",
            );
            body.preflight.push(Preflight {
                what: format!("rows of {} that need a value for {}", t.name, c.name),
                query: format!("SELECT count(*) FROM {name}"),
            });
            let nullable = pieces.definition.replacen(" NOT NULL", "", 1);
            body.push(format!(
                "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {nullable}{ONLINE}"
            ));
            body.push(format!(
                "UPDATE {name} SET {col} = NULL /* BACKFILL: the value of existing rows; the next statement fails while any is NULL */ WHERE {col} IS NULL"
            ));
            body.push(format!(
                "ALTER TABLE {name} MODIFY COLUMN {}{ONLINE}",
                pieces.definition
            ));
            return body;
        }
        let mut body = if required {
            Body::new(
                Safety::Locks,
                "NOT NULL without a default: MySQL gives existing rows the type's zero value",
            )
        } else {
            Body::new(Safety::Safe, "added at the end in place, catalog only")
        };
        if required {
            body.preflight.push(Preflight {
                what: format!("rows of {} that would need {}", t.name, c.name),
                query: format!("SELECT count(*) FROM {name}"),
            });
        }
        body.push(format!(
            "ALTER TABLE {name} ADD COLUMN IF NOT EXISTS {}{}",
            pieces.definition,
            if constant && !required {
                online(v.mode)
            } else {
                ""
            }
        ));
        body
    }

    /// One `MODIFY COLUMN` with the column's whole new definition for a type, nullability,
    /// identity or comment; `ALTER COLUMN … SET/DROP DEFAULT` for a default alone.
    fn alter_column(&self, v: &Versions, table: Id, column: Id, changes: &[ColumnChange]) -> Body {
        let (Some(t), Some(a), Some(b)) = (
            v.to.table(table),
            v.from.table(table).and_then(|t| t.column_by_id(column)),
            v.to.table(table).and_then(|t| t.column_by_id(column)),
        ) else {
            return nothing();
        };
        let (Some(pa), Some(pb)) = (v.from.column(table, column), v.to.column(table, column))
        else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let col = v.to.ident(&b.name);
        let nullable_before = v
            .from
            .table(table)
            .is_some_and(|ft| super::plan::effectively_nullable(ft, a));
        let nullable_after = super::plan::effectively_nullable(t, b);
        let retyped = pa.type_sql != pb.type_sql;
        let renulled = nullable_before != nullable_after || a.nullable != b.nullable;
        let identity = pa.identity != pb.identity;
        let modify = retyped
            || renulled
            || identity
            || changes.contains(&ColumnChange::Comment)
            || pa.definition.contains(" ON UPDATE ") != pb.definition.contains(" ON UPDATE ");
        let mut body = Body::new(Safety::Safe, "catalog only");
        if !modify {
            if pa.default != pb.default {
                body.push(match &pb.default {
                    Some(d) => format!("ALTER TABLE {name} ALTER COLUMN {col} SET DEFAULT {d}"),
                    None => format!("ALTER TABLE {name} ALTER COLUMN {col} DROP DEFAULT"),
                });
            }
            return body;
        }
        let mut clause = "";
        let longer = matches!(
            (&a.data_type.kind, &b.data_type.kind),
            (TypeKind::Varchar { length: Some(x) }, TypeKind::Varchar { length: Some(y) }) if x <= y
        );
        // Values added at the end of an ENUM change only the catalog.
        let appended = |x: &str, y: &str| {
            x.starts_with("enum(") && y.starts_with("enum(") && {
                let head = x.trim_end_matches(')');
                y.starts_with(head) && y[head.len()..].starts_with(", ")
            }
        };
        if retyped && appended(&pa.type_sql, &pb.type_sql) && !renulled && !identity {
            body.why = "values added at the end of the ENUM: catalog only, in place".into();
            clause = online(v.mode);
        } else if retyped && !longer {
            body.safety = Some(Safety::Rewrites);
            body.why = "every row is converted into a copy of the table; writes wait".into();
            if v.mode == Mode::Safe {
                clause = ", ALGORITHM=COPY, LOCK=SHARED";
            }
            if let Some(query) = narrowing_rows(v.from, t, a, &b.data_type.kind) {
                body.preflight.push(Preflight {
                    what: format!(
                        "rows of {} whose {} does not fit {}",
                        t.name, b.name, pb.type_sql
                    ),
                    query,
                });
            }
        } else if retyped {
            body.safety = Some(Safety::Locks);
            body.why =
                "a longer varchar: in place while its length takes as many bytes, else a copy"
                    .into();
        } else if identity {
            body.safety = Some(Safety::Rewrites);
            body.why = "AUTO_INCREMENT changes by copying the table; writes wait".into();
        } else if renulled {
            body.safety = Some(Safety::Rewrites);
            // Without a primary key InnoDB clusters the table on a unique key of NOT NULL
            // columns, which a column that becomes nullable can take away: then it copies.
            // A primary key that changes is dropped before this step and added after it.
            let keyed = t.primary_key.is_some()
                && v.from
                    .table(table)
                    .is_some_and(|ft| ft.primary_key == t.primary_key);
            if keyed {
                body.why = "the table is rebuilt in place; reads and writes go on".into();
                clause = online(v.mode);
            } else {
                body.why = "the table is rebuilt, in place where the engine can".into();
            }
        }
        if nullable_before && !nullable_after {
            body.preflight.push(Preflight {
                what: format!("rows of {} where {} is null", t.name, b.name),
                query: format!("SELECT count(*) FROM {name} WHERE {col} IS NULL"),
            });
        }
        // AUTO_INCREMENT needs a key the column leads: where the key comes later in the
        // migration, adding it gives the numbering (see `add_constraint`).
        let keyed = v
            .from
            .table(table)
            .is_some_and(|ft| leads_a_key(ft, column));
        let definition = if pb.identity.is_some() && !keyed {
            pb.definition.replacen(" AUTO_INCREMENT", "", 1)
        } else {
            pb.definition.clone()
        };
        body.push(format!(
            "ALTER TABLE {name} MODIFY COLUMN {definition}{clause}"
        ));
        body
    }

    fn add_constraint(&self, v: &Versions, table: Id, constraint: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let name = v.to.table_name(table);
        let mut body = Body::new(Safety::Safe, "a new table's");
        if !fresh {
            body.preflight
                .extend(constraint_preflight(v.to, t, constraint));
        }
        if let Some(pk) = t.primary_key.as_ref().filter(|p| p.id == constraint) {
            if !fresh {
                body.safety = Some(Safety::Rewrites);
                body.why = "the table is rebuilt in place around its new key".into();
            }
            body.push(format!(
                "ALTER TABLE {name} ADD PRIMARY KEY ({})",
                v.to.column_list(table, &pk.columns)
            ));
            // A column numbered by AUTO_INCREMENT needs the key first.
            for c in &pk.columns {
                if let Some(pieces) = v.to.column(table, *c).filter(|p| p.identity.is_some()) {
                    body.push(format!(
                        "ALTER TABLE {name} MODIFY COLUMN {}",
                        pieces.definition
                    ));
                }
            }
            return body;
        }
        let engine_name = name_in(v.to, t, constraint).unwrap_or_default();
        let Some(clause) =
            v.to.constraint_clause(table, constraint, Some(&engine_name))
        else {
            return nothing();
        };
        if let Some(u) = t.uniques.iter().find(|u| u.id == constraint) {
            if !fresh {
                body.why = "its index is built in place without blocking writes".into();
            }
            body.push(format!("ALTER TABLE {name} ADD {clause}{}", online(v.mode)));
            if let Some(pieces) = u
                .columns
                .first()
                .and_then(|c| v.to.column(table, *c))
                .filter(|p| p.identity.is_some())
            {
                body.push(format!(
                    "ALTER TABLE {name} MODIFY COLUMN {}",
                    pieces.definition
                ));
            }
        } else {
            if !fresh {
                body.safety = Some(Safety::Rewrites);
                body.why =
                    "MariaDB adds a check by copying the table and checking every row; writes wait"
                        .into();
            }
            body.push(format!(
                "ALTER TABLE {name} ADD {}",
                clause.replacen("CONSTRAINT ", "CONSTRAINT IF NOT EXISTS ", 1)
            ));
        }
        body
    }

    fn create_index(&self, v: &Versions, table: Id, index: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let clause = if fresh { "" } else { online_words(v.mode) };
        let Some(sql) = create_index_sql(v.to, t, index, clause) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "built in place without blocking writes");
        if t.indexes.iter().any(|i| i.id == index && i.unique) {
            body.preflight.extend(constraint_preflight(v.to, t, index));
        }
        body.push(sql);
        body
    }

    /// Under the name the DDL gives it, after the index the engine would have made for it
    /// (created here under the engine's name, which `ADD CONSTRAINT` would not give it).
    fn add_foreign_key(&self, v: &Versions, table: Id, key: Id, fresh: bool) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let engine_name = name_in(v.to, t, key).unwrap_or_default();
        let Some(clause) = v.to.constraint_clause(table, key, Some(&engine_name)) else {
            return nothing();
        };
        let clause = clause.replacen("FOREIGN KEY (", "FOREIGN KEY IF NOT EXISTS (", 1);
        let name = v.to.table_name(table);
        let online_mode = v.mode == Mode::Safe && !fresh;
        let mut body = Body::new(Safety::Safe, "a new table's");
        if !fresh {
            body.preflight.extend(constraint_preflight(v.to, t, key));
        }
        if let Some((_, index, columns)) = key_indexes_in(v.to, t).into_iter().find(|k| k.0 == key)
        {
            body.push(format!(
                "CREATE INDEX IF NOT EXISTS {} ON {name} ({}){}",
                v.to.ident(&index),
                v.to.column_list(table, &columns),
                if online_mode {
                    " ALGORITHM=INPLACE LOCK=NONE"
                } else {
                    ""
                }
            ));
        }
        if online_mode {
            body.why = "added in place without reading the rows (foreign_key_checks off): the pre-flight query is the check".into();
            body.push("SET SESSION foreign_key_checks = 0");
            body.push(format!("ALTER TABLE {name} ADD {clause}{ONLINE}"));
            body.push("SET SESSION foreign_key_checks = 1");
        } else {
            if !fresh {
                body.safety = Some(Safety::Rewrites);
                body.why = "the table is copied to check every row; writes wait".into();
            }
            body.push(format!("ALTER TABLE {name} ADD {clause}"));
        }
        body
    }

    fn comment_table(&self, v: &Versions, table: Id) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "catalog only");
        body.push(format!(
            "ALTER TABLE {} COMMENT = {}",
            v.to.table_name(table),
            v.to.dialect()
                .string_literal(t.comment.as_deref().unwrap_or(""))
        ));
        body
    }
}

/// Drops an index (a unique key's or not) in place, except the one InnoDB clusters a table
/// without a primary key on (a unique key of NOT NULL columns), which it drops only by
/// copying the table.
fn drop_unique(v: &Versions, t: &Table, id: Id, name: &str) -> Body {
    let columns = key_columns(t, id);
    let unique =
        t.uniques.iter().any(|u| u.id == id) || t.indexes.iter().any(|i| i.id == id && i.unique);
    let clustered = unique
        && t.primary_key.is_none()
        && !columns.is_empty()
        && columns
            .iter()
            .all(|c| t.column_by_id(*c).is_some_and(|c| !c.nullable));
    let mut body = if clustered {
        Body::new(
            Safety::Rewrites,
            "InnoDB clusters the table on this key (it has no primary key): dropping it copies the table",
        )
    } else {
        Body::new(Safety::Safe, "dropped in place without blocking writes")
    };
    body.statements.extend(serve_keys_without(v, t, id));
    body.push(format!(
        "ALTER TABLE {} DROP INDEX IF EXISTS {}{}",
        v.from.table_name(t.id),
        v.from.ident(name),
        if clustered { "" } else { online(v.mode) }
    ));
    body
}

/// MariaDB refuses to drop the index a foreign key relies on: before the key or index `id`
/// of `t` goes, each foreign key that stays and that it served gets the index the engine
/// would have made for it (the one the new version's DDL leaves it).
fn serve_keys_without(v: &Versions, t: &Table, id: Id) -> Vec<String> {
    let mut without = t.clone();
    if without.primary_key.as_ref().is_some_and(|p| p.id == id) {
        without.primary_key = None;
    }
    without.uniques.retain(|u| u.id != id);
    without.indexes.retain(|i| i.id != id);
    let before = key_indexes_in(v.from, t);
    let generated = |i: Id| v.from.create_index(t.id, i, false, None).is_some();
    let after = key_indexes(
        &without,
        &v.from.foreign_keys_in_creation_order(t.id),
        &generated,
    );
    after
        .into_iter()
        .filter(|(key, _, _)| {
            // A key that stays through the migration (one only this version has, or one
            // made again, is not there while this step runs).
            let stays =
                v.to.table(t.id)
                    .is_some_and(|o| o.foreign_keys.iter().any(|f| f.id == *key));
            stays && !v.dropped.contains(key) && !before.iter().any(|(k, _, _)| k == key)
        })
        .map(|(_, index, columns)| {
            format!(
                "CREATE INDEX IF NOT EXISTS {} ON {} ({}){}",
                v.from.ident(&index),
                v.from.table_name(t.id),
                v.from.column_list(t.id, &columns),
                online_words(v.mode)
            )
        })
        .collect()
}

/// Whether column `c` leads the primary key or a unique key of `t`.
fn leads_a_key(t: &Table, c: Id) -> bool {
    t.primary_key
        .iter()
        .map(|p| &p.columns)
        .chain(t.uniques.iter().map(|u| &u.columns))
        .any(|cols| cols.first() == Some(&c))
}

/// `, ALGORITHM=INPLACE, LOCK=NONE` in safe mode.
fn online(mode: Mode) -> &'static str {
    match mode {
        Mode::Safe => ONLINE,
        Mode::Simple => "",
    }
}

/// The same for `CREATE INDEX`, whose options take no commas.
fn online_words(mode: Mode) -> &'static str {
    match mode {
        Mode::Safe => " ALGORITHM=INPLACE LOCK=NONE",
        Mode::Simple => "",
    }
}

/// `CREATE INDEX IF NOT EXISTS` of an index of `t` under its engine name, with `options`.
fn create_index_sql(p: &Pieces, t: &Table, index: Id, options: &str) -> Option<String> {
    let name = name_in(p, t, index);
    let sql = p.create_index(t.id, index, false, name.as_deref())?;
    let sql = sql.replacen(" INDEX ", " INDEX IF NOT EXISTS ", 1);
    Some(format!("{sql}{options}"))
}

/// A query counting the rows of `t` whose column `c` would not fit `to`, in MySQL's
/// words (`char_length`, `REGEXP`).
fn narrowing_rows(p: &Pieces, t: &Table, c: &Column, to: &TypeKind) -> Option<String> {
    let name = p.table_name(t.id);
    let col = p.ident(&c.name);
    let length = |k: &TypeKind| match k {
        TypeKind::Varchar { length } | TypeKind::Char { length } => *length,
        _ => None,
    };
    let range = |k: &TypeKind| match k {
        TypeKind::TinyInt => Some((-128i64, 127i64)),
        TypeKind::SmallInt => Some((-32768, 32767)),
        TypeKind::Integer => Some((-2147483648, 2147483647)),
        _ => None,
    };
    let textual = |k: &TypeKind| {
        matches!(
            k,
            TypeKind::Text | TypeKind::Varchar { .. } | TypeKind::Char { .. }
        )
    };
    let from = &c.data_type.kind;
    if let Some(n) = length(to) {
        if textual(from) && length(from).is_none_or(|m| m > n) {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE char_length({col}) > {n}"
            ));
        }
    }
    if textual(from)
        && matches!(
            to,
            TypeKind::Integer | TypeKind::BigInt | TypeKind::SmallInt
        )
    {
        return Some(format!(
            "SELECT count(*) FROM {name} WHERE {col} IS NOT NULL AND trim({col}) NOT REGEXP '^[-+]?[0-9]+$'"
        ));
    }
    if let Some((lo, hi)) = range(to) {
        let wider = matches!(
            from,
            TypeKind::BigInt | TypeKind::Decimal { .. } | TypeKind::Integer | TypeKind::SmallInt
        ) && from != to;
        if wider {
            return Some(format!(
                "SELECT count(*) FROM {name} WHERE {col} NOT BETWEEN {lo} AND {hi}"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::{plan, PlanOptions};
    use crate::workspace::project_from_sql;

    fn planned(old: &str, new: &str, mode: Mode) -> crate::migrate::Plan {
        let (a, _) = project_from_sql("a", old, Dialect::Mysql);
        // The new text typed over the old: the ids of what stays are kept.
        let mut b = a.clone();
        let report = crate::workspace::apply_source(&mut b, new.to_string());
        assert!(!report.has_errors());
        plan(&a.model, &b.model, &PlanOptions::new(Dialect::Mysql, mode)).expect("a planner")
    }

    #[test]
    fn safe_mode_names_the_algorithm_only_where_it_holds() {
        let old = "CREATE TABLE t (id bigint PRIMARY KEY, a int, b varchar(20));";
        let new = "CREATE TABLE t (id bigint PRIMARY KEY, a bigint, b varchar(20), c int);\nCREATE INDEX t_b ON t (b);";
        let up = planned(old, new, Mode::Safe).up_script();
        assert!(
            up.contains("ADD COLUMN IF NOT EXISTS c int, ALGORITHM=INPLACE, LOCK=NONE"),
            "{up}"
        );
        assert!(
            up.contains("MODIFY COLUMN a bigint, ALGORITHM=COPY, LOCK=SHARED"),
            "{up}"
        );
        assert!(
            up.contains("CREATE INDEX IF NOT EXISTS t_b ON t (b) ALGORITHM=INPLACE LOCK=NONE"),
            "{up}"
        );
        assert!(!up.contains("PRIMARY"), "the key stays: {up}");
        let simple = planned(old, new, Mode::Simple).up_script();
        assert!(!simple.contains("ALGORITHM"), "{simple}");
    }

    #[test]
    fn an_added_foreign_key_takes_the_name_and_index_the_ddl_gives_it() {
        let old = "CREATE TABLE u (id bigint PRIMARY KEY);\nCREATE TABLE o (id bigint PRIMARY KEY, uid bigint);";
        let new = "CREATE TABLE u (id bigint PRIMARY KEY);\nCREATE TABLE o (id bigint PRIMARY KEY, uid bigint REFERENCES u (id));";
        let p = planned(old, new, Mode::Safe);
        let up = p.up_script();
        assert!(
            up.contains("CREATE INDEX IF NOT EXISTS uid ON o (uid)"),
            "{up}"
        );
        assert!(
            up.contains("CONSTRAINT o_ibfk_1 FOREIGN KEY IF NOT EXISTS"),
            "{up}"
        );
        assert!(up.contains("foreign_key_checks = 0"), "{up}");
        let down = p.down_script();
        assert!(
            down.contains("DROP FOREIGN KEY IF EXISTS o_ibfk_1"),
            "{down}"
        );
        assert!(down.contains("DROP INDEX IF EXISTS uid"), "{down}");
        assert!(!p.transactional(true), "MySQL DDL commits as it goes");
    }
}
