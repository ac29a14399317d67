//! The last step of every import: whatever would break the model's invariants (a foreign key
//! to a table the script never creates, a key on a missing column, a column or table defined
//! twice) is left out of the model and reported as a warning where it was written, so every
//! imported model passes `Model::validate` and a script from elsewhere still imports. The
//! schemas the objects are in are declared.

use std::collections::BTreeSet;

use crate::diagnostic::{Position, Severity};
use crate::import::sql::{ImportReport, SkippedStatement};
use crate::model::resolve::resolve;
use crate::model::{Id, Model, NamedModel};

/// Removes what does not resolve, with a warning each at `position_of` the object's id,
/// and gives back the model by id.
pub fn make_consistent(
    mut model: NamedModel,
    report: &mut ImportReport,
    position_of: impl Fn(Id) -> Position,
) -> Model {
    let mut left_out: Vec<(Id, String)> = Vec::new();
    unique_names(&mut model, &mut left_out);
    routines_on_relations(&mut model, &mut left_out);
    // The schemas the objects are in are the model's schemas.
    model.declare_schemas();
    let (model, unresolved) = resolve(model);
    left_out.extend(unresolved);
    for (id, reason) in left_out {
        report.skipped.push(SkippedStatement {
            position: position_of(id),
            kind: "consistency".into(),
            reason,
            severity: Severity::Warning,
        });
    }
    model
}

/// Triggers and rules on a table or view the script never creates.
fn routines_on_relations(model: &mut NamedModel, left_out: &mut Vec<(Id, String)>) {
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

fn unique_names(model: &mut NamedModel, left_out: &mut Vec<(Id, String)>) {
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
