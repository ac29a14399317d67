//! SQLite's planner. Its `ALTER TABLE` renames tables and columns and adds plain columns;
//! everything else (a type, a key, a check, a foreign key, a dropped column) takes SQLite's
//! own procedure: create the new table beside the old, copy the rows, drop the old, rename
//! the new, create its indexes, with foreign keys off so that no cascade fires meanwhile.

use rustc_hash::FxHashSet;

use super::plan::{effectively_nullable, nothing, Op, Versions, Via};
use super::planner::{constraint_preflight, ends, in_any_key, Planner};
use super::step::{Body, Mode, Preflight, Safety};
use super::ColumnChange;
use crate::generate::sql::Pieces;
use crate::model::{Dialect, Id};

pub struct Sqlite;

/// The name a table is rebuilt under before it takes the old one's.
fn rebuilt_name(name: &str) -> String {
    format!("_sf_new_{name}")
}

impl Planner for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn adjust(&self, ops: Vec<Op>, _from: &Pieces, to: &Pieces) -> Vec<Op> {
        let mut rebuilt: Vec<Id> = Vec::new();
        let mut mark = |t: Id| {
            if !rebuilt.contains(&t) {
                rebuilt.push(t);
            }
        };
        for op in &ops {
            match op {
                Op::AlterColumn { table, changes, .. }
                    if changes.iter().any(|c| *c != ColumnChange::Comment) =>
                {
                    mark(*table)
                }
                Op::DropColumn { table, .. } => mark(*table),
                Op::DropConstraint {
                    table,
                    with_table: false,
                    ..
                }
                | Op::DropForeignKey {
                    table,
                    with_table: false,
                    ..
                }
                | Op::AddConstraint {
                    table,
                    fresh: false,
                    ..
                }
                | Op::AddForeignKey {
                    table,
                    fresh: false,
                    ..
                } => mark(*table),
                Op::AddColumn { table, column } if !simple_addition(to, *table, *column) => {
                    mark(*table)
                }
                _ => {}
            }
        }
        let set: FxHashSet<Id> = rebuilt.iter().copied().collect();
        let mut out: Vec<Op> = ops
            .into_iter()
            .filter(|op| match op {
                Op::AlterColumn { table, .. }
                | Op::DropColumn { table, .. }
                | Op::AddColumn { table, .. }
                | Op::DropConstraint { table, .. }
                | Op::AddConstraint { table, .. }
                | Op::CreateIndex { table, .. } => !set.contains(table),
                Op::DropForeignKey {
                    table, with_table, ..
                } => *with_table || !set.contains(table),
                Op::AddForeignKey { table, fresh, .. } => *fresh || !set.contains(table),
                _ => true,
            })
            .collect();
        out.extend(rebuilt.into_iter().map(|table| Op::Rebuild { table }));
        // Rebuilds run where column changes run (a stable sort keeps the renames' order).
        out.sort_by_key(Op::phase);
        out
    }

    fn frame(&self, _mode: Mode, ops: &[Op]) -> (Vec<String>, Vec<String>) {
        if ops.iter().any(|o| {
            matches!(
                o,
                Op::Rebuild { .. } | Op::DropTable { .. } | Op::CreateTable { .. }
            )
        }) {
            // Foreign keys cannot be switched off inside a transaction: the migration opens
            // its own, and a tool that already opened one makes BEGIN fail loudly rather
            // than let a dropped table's cascades delete rows.
            (
                vec!["PRAGMA foreign_keys = OFF".into(), "BEGIN".into()],
                vec!["COMMIT".into(), "PRAGMA foreign_keys = ON".into()],
            )
        } else {
            (Vec::new(), Vec::new())
        }
    }

    fn drop_constraint(&self, _v: &Versions, _table: Id, _id: Id, _with_table: bool) -> Body {
        // Dropped with its table, or by rebuilding the table.
        nothing()
    }

    fn drop_index(&self, v: &Versions, table: Id, index: Id, _with_table: bool) -> Body {
        let Some(name) = v.from.table(table).and_then(|t| self.engine_name(t, index)) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "a brief lock");
        body.push(format!("DROP INDEX IF EXISTS {}", v.from.ident(&name)));
        body
    }

    fn rename_table(&self, v: &Versions, table: Id, via: Via) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let (start, end) = ends(via, a.name.clone(), b.name.clone(), table);
        if start == end {
            return nothing();
        }
        let mut body = Body::new(
            Safety::Locks,
            "code that still uses the old name fails until it is deployed",
        );
        body.push(format!(
            "ALTER TABLE {} RENAME TO {}",
            v.from.ident(&start),
            v.to.ident(&end)
        ));
        body
    }

    fn create_table(&self, v: &Versions, table: Id, _inline_keys: &[Id]) -> Body {
        let Some(t) = v.to.table(table) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "a new table");
        if let Some(sql) = v.to.create_table(table, true) {
            body.push(sql);
        }
        for i in &t.indexes {
            if let Some(sql) = v.to.create_index(table, i.id, false, None) {
                body.push(sql);
            }
        }
        body
    }

    fn add_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let Some(pieces) = v.to.column(table, column) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Safe, "catalog only");
        body.push(format!(
            "ALTER TABLE {} ADD COLUMN {}",
            v.to.table_name(table),
            pieces.definition
        ));
        body
    }

    /// Only the way back from a plain `ADD COLUMN` comes here (every other dropped column
    /// is a rebuild): no key, index or check covers the column, so SQLite can drop it.
    fn drop_column(&self, v: &Versions, table: Id, column: Id) -> Body {
        let Some(t) = v.from.table(table) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::LosesData,
            "the column's values are gone; the way back adds it empty",
        );
        body.push(format!(
            "ALTER TABLE {} DROP COLUMN {}",
            v.from.table_name(table),
            v.from.ident(t.column_name(column))
        ));
        body
    }

    fn create_index(&self, v: &Versions, table: Id, index: Id, _fresh: bool) -> Body {
        let Some(sql) = v.to.create_index(table, index, false, None) else {
            return nothing();
        };
        let mut body = Body::new(Safety::Locks, "writes wait while the index is built");
        if let Some(t) = v.to.table(table) {
            body.preflight.extend(constraint_preflight(v.to, t, index));
        }
        body.push(sql);
        body
    }

    fn add_foreign_key(&self, _v: &Versions, _table: Id, _key: Id, _fresh: bool) -> Body {
        // Written inside CREATE TABLE.
        nothing()
    }

    fn comment_table(&self, _v: &Versions, _table: Id) -> Body {
        nothing()
    }

    fn rebuild(&self, v: &Versions, table: Id) -> Body {
        let (Some(a), Some(b)) = (v.from.table(table), v.to.table(table)) else {
            return nothing();
        };
        let mut body = Body::new(
            Safety::Rewrites,
            "SQLite cannot alter this in place: the table is created anew and every row copied",
        );
        let name = v.to.table_name(table);
        let temporary = v.to.ident(&rebuilt_name(&b.name));
        let Some(create) = v.to.create_table_as(table, true, Some(&temporary)) else {
            return nothing();
        };
        let kept: Vec<_> = b
            .columns
            .iter()
            .filter_map(|c| a.column_by_id(c.id).map(|old| (old, c)))
            .collect();
        // What the copy would fail on: a new column rows must fill, a column that can no
        // longer be NULL, a new key, check or foreign key.
        for c in &b.columns {
            match a.column_by_id(c.id) {
                None if !c.nullable && c.default.is_none() && c.identity.is_none() => {
                    body.preflight.push(Preflight {
                        what: format!("rows of {} that would need {}", b.name, c.name),
                        query: format!("SELECT count(*) FROM {}", v.from.table_name(table)),
                    })
                }
                Some(old) if effectively_nullable(a, old) && !effectively_nullable(b, c) => {
                    body.preflight.push(Preflight {
                        what: format!("rows of {} where {} is null", b.name, c.name),
                        query: format!(
                            "SELECT count(*) FROM {} WHERE {} IS NULL",
                            v.from.table_name(table),
                            v.from.ident(&old.name)
                        ),
                    })
                }
                _ => {}
            }
        }
        let before: FxHashSet<Id> = a.constraint_ids().into_iter().collect();
        let definition = |p: &Pieces, id: Id| {
            p.constraint_clause(table, id, None)
                .or_else(|| p.create_index(table, id, false, None))
        };
        for id in b.constraint_ids() {
            let all_there = column_ids_of(b, id)
                .iter()
                .all(|c| a.column_by_id(*c).is_some());
            let changed = !before.contains(&id) || definition(v.from, id) != definition(v.to, id);
            if changed && all_there {
                body.preflight.extend(constraint_preflight(v.to, b, id));
            }
        }
        body.push(create);
        // Columns the copy leaves behind lose their values; with no column left from the old
        // table there is nothing to copy (its rows are lost).
        let dropped: Vec<&str> = a
            .columns
            .iter()
            .filter(|c| b.column_by_id(c.id).is_none())
            .map(|c| c.name.as_str())
            .collect();
        if !dropped.is_empty() {
            body.safety = Some(Safety::LosesData);
            body.why = format!(
                "SQLite cannot drop {} in place: the table is created anew and the rows copied without {}, whose values are gone",
                if dropped.len() == 1 { "a column" } else { "columns" },
                dropped.join(", ")
            );
        }
        if kept.is_empty() {
            body.safety = Some(Safety::LosesData);
            body.why = "no column of the table stays: its rows are not copied".into();
        } else {
            body.push(format!(
                "INSERT INTO {temporary} ({}) SELECT {} FROM {name}",
                kept.iter()
                    .map(|(_, c)| v.to.ident(&c.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                kept.iter()
                    .map(|(old, new)| renamed_values(v, old, new))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        body.push(format!("DROP TABLE {}", v.from.table_name(table)));
        body.push(format!("ALTER TABLE {temporary} RENAME TO {name}"));
        for i in &b.indexes {
            if let Some(sql) = v.to.create_index(table, i.id, false, None) {
                body.push(sql);
            }
        }
        body
    }
}

/// The old column as the copy reads it: its name, or where its enum type renames values, a
/// `CASE` that gives each renamed value its new text.
pub(super) fn renamed_values(
    v: &Versions,
    old: &crate::model::Column,
    new: &crate::model::Column,
) -> String {
    let name = v.from.ident(&old.name);
    let enum_of = |p: &Pieces, c: &crate::model::Column| {
        let crate::model::TypeKind::Other { name } = &c.data_type.kind else {
            return None;
        };
        let bare = name.trim_matches('"');
        p.model()
            .enums
            .iter()
            .find(|e| e.name == bare || bare.ends_with(&format!(".{}", e.name)))
            .cloned()
    };
    let (Some(a), Some(b)) = (enum_of(v.from, old), enum_of(v.to, new)) else {
        return name;
    };
    let d = v.to.dialect();
    let arms: Vec<String> = a
        .values
        .iter()
        .zip(&a.value_ids)
        .filter_map(|(text, id)| {
            let k = b.value_ids.iter().position(|x| x == id)?;
            (b.values[k] != *text).then(|| {
                format!(
                    " WHEN {} THEN {}",
                    d.string_literal(text),
                    d.string_literal(&b.values[k])
                )
            })
        })
        .collect();
    if a.id != b.id || arms.is_empty() {
        return name;
    }
    format!("CASE {name}{} ELSE {name} END", arms.concat())
}

/// Whether SQLite's `ADD COLUMN` can add the column: no key covers it, and it can be
/// NULL or has a constant default.
fn simple_addition(p: &Pieces, table: Id, column: Id) -> bool {
    let (Some(t), Some(pieces)) = (p.table(table), p.column(table, column)) else {
        return false;
    };
    let Some(c) = t.column_by_id(column) else {
        return false;
    };
    let constant = pieces
        .default
        .as_deref()
        .is_none_or(|d| !d.contains('(') && !d.to_ascii_uppercase().starts_with("CURRENT_"));
    !in_any_key(t, column)
        && pieces.identity.is_none()
        && pieces.enum_check.is_none()
        && constant
        && (c.nullable || pieces.default.is_some())
        && !t
            .checks
            .iter()
            .any(|k| super::identifiers::identifiers(&k.expression).contains(&c.name))
}

/// The columns a key, constraint or index covers.
fn column_ids_of(t: &crate::model::Table, id: Id) -> Vec<Id> {
    if let Some(p) = t.primary_key.as_ref().filter(|p| p.id == id) {
        return p.columns.clone();
    }
    if let Some(u) = t.uniques.iter().find(|u| u.id == id) {
        return u.columns.clone();
    }
    if let Some(f) = t.foreign_keys.iter().find(|f| f.id == id) {
        return f.columns.clone();
    }
    if let Some(i) = t.indexes.iter().find(|i| i.id == id) {
        return i
            .parts
            .iter()
            .filter_map(|p| match p.target {
                crate::model::IndexTarget::Column(c) => Some(c),
                _ => None,
            })
            .collect();
    }
    // A check: the columns its expression names.
    t.checks
        .iter()
        .find(|c| c.id == id)
        .map(|c| {
            let words = super::identifiers::identifiers(&c.expression);
            t.columns
                .iter()
                .filter(|col| words.contains(&col.name))
                .map(|col| col.id)
                .collect()
        })
        .unwrap_or_default()
}
