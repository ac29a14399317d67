//! The last step of every import: whatever would break the model's invariants (a foreign key
//! to a table the script never creates, a key on a missing column, a column or table defined
//! twice) is left out of the model and reported as a warning where it was written, so every
//! imported model passes `Model::validate` and a script from elsewhere still imports. The
//! schemas the objects are in are declared.

use std::collections::BTreeSet;

use crate::diagnostic::{Position, Severity};
use crate::import::sql::{ImportReport, SkippedStatement};
use crate::model::validate::find_by_name;
use crate::model::{Id, Model, Table, TableLookup};

/// Removes what does not resolve, with a warning each at `position_of` the object's id.
pub fn make_consistent(
    model: &mut Model,
    report: &mut ImportReport,
    position_of: impl Fn(Id) -> Position,
) {
    let mut left_out: Vec<(Id, String)> = Vec::new();
    unique_names(model, &mut left_out);
    for table in &mut model.tables {
        own_references(table, &mut left_out);
    }
    foreign_keys(model, &mut left_out);
    parents_and_groups(model, &mut left_out);
    routines_on_relations(model, &mut left_out);
    // The schemas the objects are in are the model's schemas.
    model.declare_schemas();
    for (id, reason) in left_out {
        report.skipped.push(SkippedStatement {
            position: position_of(id),
            kind: "consistency".into(),
            reason,
            severity: Severity::Warning,
        });
    }
}

/// Triggers and rules on a table or view the script never creates.
fn routines_on_relations(model: &mut Model, left_out: &mut Vec<(Id, String)>) {
    let missing: Vec<Id> = model
        .routines
        .iter()
        .filter(|r| {
            r.table
                .as_deref()
                .is_some_and(|t| !crate::model::validate::relation_exists(model, t))
        })
        .map(|r| r.id)
        .collect();
    model.routines.retain(|r| {
        if !missing.contains(&r.id) {
            return true;
        }
        left_out.push((
            r.id,
            format!(
                "{} {} is on table {}, which the script does not create: it is left out",
                r.kind.keyword().to_lowercase(),
                r.name,
                r.table.as_deref().unwrap_or_default()
            ),
        ));
        false
    });
}

fn unique_names(model: &mut Model, left_out: &mut Vec<(Id, String)>) {
    let mut relations = BTreeSet::new();
    for v in &model.views {
        relations.insert((v.schema.clone(), v.name.clone()));
    }
    model.tables.retain(|t| {
        let fresh = !t.name.is_empty() && relations.insert((t.schema.clone(), t.name.clone()));
        if !fresh {
            left_out.push((
                t.id,
                format!(
                    "table {} is defined twice or has no name: the second definition is left out",
                    t.qualified_name()
                ),
            ));
        }
        fresh
    });
    for table in &mut model.tables {
        let mut names = BTreeSet::new();
        let name = table.qualified_name();
        table.columns.retain(|c| {
            let fresh = !c.name.is_empty() && names.insert(c.name.clone());
            if !fresh {
                left_out.push((
                    c.id,
                    format!(
                        "column {} of table {name} is defined twice: the second is left out",
                        c.name
                    ),
                ));
            }
            fresh
        });
    }
    let mut types = BTreeSet::new();
    model
        .enums
        .retain(|e| types.insert((e.schema.clone(), e.name.clone())));
    model
        .domains
        .retain(|d| types.insert((d.schema.clone(), d.name.clone())));
    for e in &mut model.enums {
        let mut seen = BTreeSet::new();
        e.values.retain(|v| seen.insert(v.clone()));
        // Value ids are given by reconciling, in the values' order.
        e.value_ids.clear();
    }
    let mut groups = BTreeSet::new();
    model.table_groups.retain(|g| groups.insert(g.name.clone()));
}

fn own_references(table: &mut Table, left_out: &mut Vec<(Id, String)>) {
    let columns: BTreeSet<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let name = table.qualified_name();
    let missing = |cols: &[String]| cols.iter().find(|c| !columns.contains(*c)).cloned();
    if let Some(pk) = &table.primary_key {
        if let Some(c) = missing(&pk.columns) {
            left_out.push((
                table.id,
                format!("the primary key of table {name} names missing column {c}: left out"),
            ));
            table.primary_key = None;
        }
    }
    table.uniques.retain(|u| match missing(&u.columns) {
        Some(c) => {
            left_out.push((
                table.id,
                format!("a unique constraint of table {name} names missing column {c}: left out"),
            ));
            false
        }
        None => true,
    });
    table.indexes.retain(|i| {
        let cols = i.column_names();
        match missing(&cols) {
            Some(c) => {
                left_out.push((
                    i.id,
                    format!(
                        "index {} of table {name} names missing column {c}: left out",
                        i.name.as_deref().unwrap_or("(unnamed)")
                    ),
                ));
                false
            }
            None => true,
        }
    });
    table.foreign_keys.retain(|fk| match missing(&fk.columns) {
        Some(c) => {
            left_out.push((
                fk.id,
                format!("a foreign key of table {name} names missing column {c}: left out"),
            ));
            false
        }
        None => true,
    });
}

fn foreign_keys(model: &mut Model, left_out: &mut Vec<(Id, String)>) {
    let mut dangling: Vec<(usize, Id)> = Vec::new();
    {
        let lookup = TableLookup::new(model);
        for (i, table) in model.tables.iter().enumerate() {
            for fk in &table.foreign_keys {
                let problem = match lookup.target(fk).map(|t| &model.tables[t]) {
                    None => Some(format!(
                        "references table {}, which the script does not create",
                        fk.ref_table
                    )),
                    Some(target) => {
                        let referenced = fk.referenced_columns(target);
                        if let Some(c) = referenced.iter().find(|c| target.column(c).is_none()) {
                            Some(format!("references missing column {}.{c}", target.name))
                        } else if referenced.len() != fk.columns.len() {
                            Some(format!(
                                "has {} columns but references {}",
                                fk.columns.len(),
                                referenced.len()
                            ))
                        } else {
                            None
                        }
                    }
                };
                if let Some(problem) = problem {
                    left_out.push((
                        fk.id,
                        format!(
                            "the foreign key ({}) of table {} {problem}: left out of the model",
                            fk.columns.join(", "),
                            table.qualified_name()
                        ),
                    ));
                    dangling.push((i, fk.id));
                }
            }
        }
    }
    for (i, id) in dangling {
        model.tables[i].foreign_keys.retain(|fk| fk.id != id);
    }
}

fn parents_and_groups(model: &mut Model, left_out: &mut Vec<(Id, String)>) {
    let names: Vec<(Option<String>, Vec<String>)> = model
        .tables
        .iter()
        .map(|t| {
            (
                t.partition_of.as_ref().map(|p| p.parent.clone()),
                t.inherits.clone(),
            )
        })
        .collect();
    for (i, (parent, inherits)) in names.into_iter().enumerate() {
        let known = |n: &str| find_by_name(model, n).is_some();
        let parent_missing = parent.as_deref().is_some_and(|p| !known(p));
        let kept: Vec<String> = inherits.iter().filter(|n| known(n)).cloned().collect();
        let table = &mut model.tables[i];
        if parent_missing {
            left_out.push((
                table.id,
                format!(
                    "table {} is a partition of a table the script does not create: it is kept as a plain table",
                    table.qualified_name()
                ),
            ));
            table.partition_of = None;
        }
        if kept.len() != table.inherits.len() {
            table.inherits = kept;
        }
    }
    let known: Vec<Vec<bool>> = model
        .table_groups
        .iter()
        .map(|g| {
            g.tables
                .iter()
                .map(|n| find_by_name(model, n).is_some())
                .collect()
        })
        .collect();
    for (g, known) in model.table_groups.iter_mut().zip(known) {
        let mut k = known.into_iter();
        let id = g.id;
        let group = g.name.clone();
        g.tables.retain(|member| {
            let keep = k.next().unwrap_or(true);
            if !keep {
                left_out.push((
                    id,
                    format!("table group {group} lists unknown table {member}: left out"),
                ));
            }
            keep
        });
    }
}
