//! Preparing a model for a target: names made or shortened, table patterns expanded,
//! default schemas dropped, schemas placed where they are databases, and everything removed
//! that cannot be written at all (an empty or repeated name, a key on a column the table does
//! not have, a foreign key to a table that is not generated), each removal an error note.
//! A cache prepares its own copy of the model in place on every generation: each table is
//! read first and written only where something changes, so the copy keeps sharing the
//! model's tables (see [`crate::model::Shared`]).

use std::collections::BTreeSet;

use super::ddl::DdlOptions;
use super::fidelity::{NoteLevel, Notes};
use super::naming;
use super::schema_placement::place_schemas;
use super::SqlDialect;
use crate::model::{Dialect, Id, IndexTarget, Model, Table, TableLookup};

/// The model with names and table patterns applied (and the audit table's name, when one is
/// added) and everything removed that cannot be written at all, each removal an error note: an empty or repeated name, a key on a column that does not exist,
/// a foreign key to a table that does not exist.
pub(super) fn prepare(
    model: &Model,
    dialect: &dyn SqlDialect,
    options: &DdlOptions,
    notes: &mut Notes,
) -> (Model, Option<String>) {
    let mut model = model.clone();
    let audit = prepare_in_place(&mut model, dialect, options, notes);
    (model, audit)
}

/// A `retain` filter that keeps the items whose flag, in order, is true.
fn keeping<T>(flags: Vec<bool>) -> impl FnMut(&T) -> bool {
    let mut flags = flags.into_iter();
    move |_| flags.next().unwrap_or(false)
}

/// [`prepare`] done to `model` itself: a cache that keeps a copy of the model prepares that
/// copy instead of cloning the model on every generation.
pub(super) fn prepare_in_place(
    model: &mut Model,
    dialect: &dyn SqlDialect,
    options: &DdlOptions,
    notes: &mut Notes,
) -> Option<String> {
    naming::apply(model, options.naming, dialect, notes);
    let audit = super::patterns::expand(model, dialect, notes);
    // Each engine's default schema is the other's; MySQL and SQLite name none.
    if options.source != dialect.dialect()
        || !matches!(dialect.dialect(), Dialect::Postgres | Dialect::Mssql)
    {
        let default_schema = |s: &Option<String>| {
            s.as_deref()
                .is_some_and(|s| ["public", "dbo", "main"].contains(&s))
        };
        for t in &mut model.tables {
            if default_schema(&t.schema) {
                t.schema = None;
            }
        }
        for e in &mut model.enums {
            if default_schema(&e.schema) {
                e.schema = None;
            }
        }
        for d in &mut model.domains {
            if default_schema(&d.schema) {
                d.schema = None;
            }
        }
    }
    if dialect.schemas_are_databases() {
        place_schemas(model, options.schemas, dialect.dialect(), notes);
    }
    let case_blind = dialect.dialect() != Dialect::Postgres;
    // Borrowed where the target compares names as written: every column of every table is
    // looked at on every generation.
    let schemas = dialect.supports_schemas();
    // The tables that repeat an earlier one's name in one namespace (the first stays).
    let repeated: Vec<bool> = {
        let mut seen = rustc_hash::FxHashSet::default();
        model
            .tables
            .iter()
            .map(|t| {
                let schema = if schemas { t.schema.as_deref() } else { None };
                !t.name.trim().is_empty()
                    && !seen.insert((
                        schema.map(|s| compared_name(s, case_blind)),
                        compared_name(&t.name, case_blind),
                    ))
            })
            .collect()
    };
    let mut repeated = repeated.into_iter();
    // Each table is read first and written only where something is left out: the
    // prepared copy shares every table it does not change with the model.
    model.tables.retain_mut(|shared| {
        let t: &Table = shared;
        let repeats = repeated.next().unwrap_or(false);
        if !repeats && is_whole(t, case_blind, dialect.dialect()) {
            return true;
        }
        let label = || format!("table {}", t.name);
        if t.name.trim().is_empty() {
            notes.add(NoteLevel::Error, "a table", "has no name; not generated");
            return false;
        }
        if repeats {
            notes.add(
                NoteLevel::Error,
                label(),
                format!(
                    "defined twice in one {} namespace; the second is not generated",
                    dialect.dialect()
                ),
            );
            return false;
        }
        // The columns kept: named, and not a repeat of an earlier one.
        let kept: Vec<bool> = {
            let mut seen = BTreeSet::new();
            t.columns
                .iter()
                .map(|c| {
                    if c.name.trim().is_empty() {
                        notes.add(
                            NoteLevel::Error,
                            label(),
                            "a column has no name; not generated",
                        );
                        false
                    } else if !seen.insert(compared_name(&c.name, case_blind)) {
                        notes.add(
                            NoteLevel::Error,
                            format!("column {}.{}", t.name, c.name),
                            "defined twice; the second is not generated",
                        );
                        false
                    } else {
                        true
                    }
                })
                .collect()
        };
        if !kept.contains(&true) && dialect.dialect() != Dialect::Postgres {
            notes.add(
                NoteLevel::Error,
                label(),
                format!(
                    "has no columns, which {} does not allow; not generated",
                    dialect.dialect()
                ),
            );
            return false;
        }
        let seen_columns: rustc_hash::FxHashSet<Id> = t
            .columns
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.id)
            .collect();
        let known = |c: &Id| seen_columns.contains(c);
        let mut drop = |what: &str, name: &Option<String>| {
            notes.add(
                NoteLevel::Error,
                format!("{what} {}", name.as_deref().unwrap_or(&t.name)),
                "names a column the table does not have; not generated",
            );
        };
        let primary_key_kept = !t
            .primary_key
            .as_ref()
            .is_some_and(|p| p.columns.is_empty() || !p.columns.iter().all(known));
        if !primary_key_kept {
            drop(
                "primary key",
                &t.primary_key.as_ref().and_then(|p| p.name.clone()),
            );
        }
        let mut flags = |items: Vec<(bool, &Option<String>)>, what: &str| -> Vec<bool> {
            items
                .into_iter()
                .map(|(ok, name)| {
                    if !ok {
                        drop(what, name);
                    }
                    ok
                })
                .collect()
        };
        let uniques = flags(
            t.uniques
                .iter()
                .map(|u| {
                    (
                        !u.columns.is_empty() && u.columns.iter().all(known),
                        &u.name,
                    )
                })
                .collect(),
            "unique",
        );
        let foreign_keys = flags(
            t.foreign_keys
                .iter()
                .map(|f| {
                    (
                        !f.columns.is_empty() && f.columns.iter().all(known),
                        &f.name,
                    )
                })
                .collect(),
            "foreign key",
        );
        let indexes = flags(
            t.indexes
                .iter()
                .map(|i| {
                    let ok = !i.parts.is_empty()
                        && i.parts.iter().all(|p| match &p.target {
                            crate::model::IndexTarget::Column(c) => known(c),
                            crate::model::IndexTarget::Expression(e) => !e.trim().is_empty(),
                        });
                    (ok, &i.name)
                })
                .collect(),
            "index",
        );
        let all = |flags: &[bool]| !flags.contains(&false);
        if all(&kept) && primary_key_kept && all(&uniques) && all(&foreign_keys) && all(&indexes) {
            return true;
        }
        let t = &mut **shared;
        t.columns.retain(keeping(kept));
        if !primary_key_kept {
            t.primary_key = None;
        }
        t.uniques.retain(keeping(uniques));
        t.foreign_keys.retain(keeping(foreign_keys));
        t.indexes.retain(keeping(indexes));
        true
    });
    // Foreign keys must point at a table that is generated, with as many columns.
    let valid: Vec<Vec<bool>> = {
        let lookup = TableLookup::new(model);
        model
            .tables
            .iter()
            .map(|t| {
                t.foreign_keys
                    .iter()
                    .map(|f| {
                        lookup
                            .target(f)
                            .map(|i| &model.tables[i])
                            .is_some_and(|target| {
                                f.ref_columns.is_empty()
                                    && target
                                        .primary_key
                                        .as_ref()
                                        .is_some_and(|p| p.columns.len() == f.columns.len())
                                    || f.ref_columns.len() == f.columns.len()
                                        && f.ref_columns
                                            .iter()
                                            .all(|c| target.column_by_id(*c).is_some())
                            })
                    })
                    .collect()
            })
            .collect()
    };
    for (t, valid) in model.tables.iter_mut().zip(valid) {
        if !valid.contains(&false) {
            continue;
        }
        let t = &mut **t;
        let mut flags = valid.into_iter();
        let table = t.name.clone();
        t.foreign_keys.retain(|f| {
            let ok = flags.next().unwrap_or(false);
            if !ok {
                notes.add(
                    NoteLevel::Error,
                    format!("foreign key {}", f.name.as_deref().unwrap_or(&table)),
                    "references a table or key that is not generated; not generated",
                );
            }
            ok
        });
    }
    // Where index names share one namespace, a repeated name is made unique.
    // Most models repeat none: a look without allocating says so first.
    let repeats_an_index_name = || {
        let mut names = rustc_hash::FxHashSet::default();
        model
            .tables
            .iter()
            .flat_map(|t| t.indexes.iter().filter_map(|i| i.name.as_deref()))
            .any(|n| !names.insert(compared_name(n, case_blind)))
    };
    if !dialect.index_names_per_table() && repeats_an_index_name() {
        let mut seen = BTreeSet::new();
        for t in &mut model.tables {
            for j in 0..t.indexes.len() {
                // Read first: a table whose index names are all new stays shared.
                let fresh = t.indexes[j]
                    .name
                    .as_deref()
                    .is_none_or(|n| seen.insert(compared_name(n, case_blind).into_owned()));
                if fresh {
                    continue;
                }
                let i = &mut t.indexes[j];
                if let Some(n) = &i.name {
                    let mut candidate = n.clone();
                    let mut k = 2;
                    while !seen.insert(compared_name(&candidate, case_blind).into_owned()) {
                        candidate =
                            naming::fit(&format!("{n}_{k}"), dialect.max_identifier_length());
                        k += 1;
                    }
                    if &candidate != n {
                        notes.add(
                            NoteLevel::Info,
                            format!("index {n}"),
                            format!(
                                "index names are shared by all tables in {}; named {candidate}",
                                dialect.dialect()
                            ),
                        );
                        i.name = Some(candidate);
                    }
                }
            }
        }
    }
    audit
}

/// Whether `t` holds nothing the preparation leaves out (most tables): a name, columns with
/// names and no name twice, and keys, foreign keys and indexes on columns it has. Read
/// without allocating, since every table is checked on every generation.
fn is_whole(t: &Table, case_blind: bool, dialect: Dialect) -> bool {
    let has = |c: &Id| t.columns.iter().any(|col| col.id == *c);
    let on_columns = |cols: &[Id]| !cols.is_empty() && cols.iter().all(has);
    let blank = |s: &str| s.chars().all(char::is_whitespace);
    !blank(&t.name)
        && (!t.columns.is_empty() || dialect == Dialect::Postgres)
        && t.columns.iter().enumerate().all(|(i, c)| {
            !blank(&c.name)
                && t.columns[..i]
                    .iter()
                    .all(|o| !same_compared(&o.name, &c.name, case_blind))
        })
        && t.primary_key
            .as_ref()
            .is_none_or(|p| on_columns(&p.columns))
        && t.uniques.iter().all(|u| on_columns(&u.columns))
        && t.foreign_keys.iter().all(|f| on_columns(&f.columns))
        && t.indexes.iter().all(|i| {
            !i.parts.is_empty()
                && i.parts.iter().all(|p| match &p.target {
                    IndexTarget::Column(c) => has(c),
                    IndexTarget::Expression(e) => !blank(e),
                })
        })
}

/// Whether the target takes `a` and `b` for one name, as [`compared_name`] compares them.
fn same_compared(a: &str, b: &str, case_blind: bool) -> bool {
    if !case_blind {
        a == b
    } else if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// A name as the target compares it: lower-cased where case does not count, else borrowed.
fn compared_name(name: &str, case_blind: bool) -> std::borrow::Cow<'_, str> {
    if case_blind {
        name.to_lowercase().into()
    } else {
        name.into()
    }
}
