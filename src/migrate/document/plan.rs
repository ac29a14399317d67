//! Two versions of the collections, matched by id, planned into steps: collections created,
//! dropped and renamed; per collection, indexes dropped first, the validator relaxed while
//! documents are reshaped (renames and moves parents first, then additions, then drops
//! children first), the new validator installed, and new indexes built last.

use super::field_steps::{self, At};
use super::places::{places, Paths};
use super::DocumentPlan;
use crate::generate::mongo::collection_script::{coll_mod, create_collection};
use crate::generate::mongo::indexes::{create_index, drop_index, index_name};
use crate::generate::mongo::shell::{collection, string};
use crate::migrate::step::{Body, Safety, Step};
use crate::model::document::Collection;
use crate::model::{Id, Model};

/// The migration from `old` to `new` (versions of one project, so ids match).
pub fn plan_documents(old: &Model, new: &Model) -> DocumentPlan {
    let mut steps = Vec::new();
    for o in &old.collections {
        if !new.collections.iter().any(|n| n.id == o.id) {
            steps.push(drop_collection(o));
        }
    }
    for n in &new.collections {
        match old.collections.iter().find(|o| o.id == n.id) {
            None => steps.push(new_collection(n)),
            Some(o) => steps.extend(changed(o, n)),
        }
    }
    DocumentPlan { steps }
}

fn created(c: &Collection) -> Vec<String> {
    let mut out = vec![create_collection(c)];
    out.extend(c.indexes.iter().map(|i| create_index(c, i)));
    out
}

fn new_collection(c: &Collection) -> Step {
    let mut up = Body::new(Safety::Safe, "");
    up.statements = created(c);
    let mut down = Body::new(
        Safety::LosesData,
        "drops the collection with the documents written to it since",
    );
    down.push(format!("{}.drop();", collection(&c.name)));
    Step {
        title: format!("create collection {}", c.name),
        up,
        down,
    }
}

fn drop_collection(c: &Collection) -> Step {
    let mut up = Body::new(Safety::LosesData, "drops the collection and its documents");
    up.push(format!("{}.drop();", collection(&c.name)));
    let mut down = Body::new(Safety::Safe, "creates it again, empty");
    down.statements = created(c);
    Step {
        title: format!("drop collection {}", c.name),
        up,
        down,
    }
}

/// The steps that turn collection `o` into `n`.
fn changed(o: &Collection, n: &Collection) -> Vec<Step> {
    let mut steps = Vec::new();
    let name = n.name.as_str();
    if o.name != n.name {
        let mut up = Body::new(Safety::Safe, "");
        up.push(format!(
            "{}.renameCollection({});",
            collection(&o.name),
            string(&n.name)
        ));
        let mut down = Body::new(Safety::Safe, "");
        down.push(format!(
            "{}.renameCollection({});",
            collection(&n.name),
            string(&o.name)
        ));
        steps.push(Step {
            title: format!("rename collection {} to {}", o.name, n.name),
            up,
            down,
        });
    }
    // The old version under the collection's new name: what down steps put back.
    let mut o_here = o.clone();
    o_here.name = n.name.clone();
    let same_index = |id: Id| {
        let a = o.indexes.iter().find(|i| i.id == id);
        let b = n.indexes.iter().find(|i| i.id == id);
        a.is_some() && a == b
    };
    for i in o.indexes.iter().filter(|i| !same_index(i.id)) {
        let mut up = Body::new(Safety::Safe, "");
        up.push(drop_index(&o_here, i));
        let mut down = Body::new(Safety::Safe, "builds the index again");
        down.push(create_index(&o_here, i));
        steps.push(Step {
            title: format!("drop index {} on {name}", index_name(i)),
            up,
            down,
        });
    }
    let data = field_changes(o, n);
    let validator_changed = crate::generate::mongo::validator::validator(o)
        != crate::generate::mongo::validator::validator(n)
        || o.validation_level != n.validation_level
        || o.validation_action != n.validation_action;
    if !data.is_empty() {
        let relax = format!(
            "db.runCommand({{ \"collMod\": {}, \"validationLevel\": \"off\" }});",
            string(name)
        );
        let mut up = Body::new(
            Safety::Safe,
            "documents in between versions would fail either validator",
        );
        up.push(relax.clone());
        let mut down = Body::new(Safety::Safe, "");
        down.push(coll_mod(&o_here));
        steps.push(Step {
            title: format!("turn validation off on {name} while documents change"),
            up,
            down,
        });
        steps.extend(data);
        let mut up = Body::new(Safety::Safe, "");
        up.push(coll_mod(n));
        let mut down = Body::new(Safety::Safe, "");
        down.push(relax);
        steps.push(Step {
            title: format!("install the new validator on {name}"),
            up,
            down,
        });
    } else if validator_changed {
        let mut up = Body::new(
            Safety::Safe,
            "existing documents are not checked; the next write to each is",
        );
        up.push(coll_mod(n));
        let mut down = Body::new(Safety::Safe, "");
        down.push(coll_mod(&o_here));
        steps.push(Step {
            title: format!("change the validator of {name}"),
            up,
            down,
        });
    }
    for i in n.indexes.iter().filter(|i| !same_index(i.id)) {
        let mut up = Body::new(
            Safety::Safe,
            "builds without blocking reads and writes but at its start and end (MongoDB 4.2+)",
        );
        up.push(create_index(n, i));
        let mut down = Body::new(Safety::Safe, "");
        down.push(drop_index(n, i));
        steps.push(Step {
            title: format!("create index {} on {name}", index_name(i)),
            up,
            down,
        });
    }
    steps
}

/// The document-reshaping steps of one collection.
fn field_changes(o: &Collection, n: &Collection) -> Vec<Step> {
    let (op, np) = (places(o), places(n));
    let name = n.name.as_str();
    let order = |c: &Collection| -> Vec<Id> {
        let mut ids = Vec::new();
        fn walk(fields: &[crate::model::document::Field], ids: &mut Vec<Id>) {
            for f in fields {
                ids.push(f.id);
                walk(&f.fields, ids);
            }
        }
        walk(&c.fields, &mut ids);
        ids
    };
    let mut paths = Paths::new(&op, &np);
    let here = |paths: &Paths, id: Id| {
        let (names, through_array) = paths.at(id);
        At {
            names,
            through_array,
        }
    };
    // Parents before children: each field's enclosing fields are already where the new
    // version has them when its own step runs.
    let mut shape = Vec::new();
    let (mut requires, mut narrows) = (vec![], vec![]);
    for id in order(n) {
        let to = &np[&id];
        let Some(from) = op.get(&id) else {
            paths.place(id, to.parent(), &to.field.name);
            shape.extend(field_steps::add(name, &here(&paths, id), to.field));
            continue;
        };
        let before = here(&paths, id);
        paths.place(id, to.parent(), &to.field.name);
        let after = here(&paths, id);
        if from.parent() != to.parent() {
            shape.push(field_steps::move_field(name, &before, &after));
        } else if from.field.name != to.field.name {
            shape.push(field_steps::rename(name, &before, &after));
        }
        if to.field.required && !from.field.required {
            requires.push(field_steps::require(name, &after, to.field));
        }
        if from.field.types.iter().any(|t| !to.field.types.contains(t)) {
            narrows.push(field_steps::narrow(name, &after, from.field, to.field));
        }
    }
    let dropped: Vec<Id> = order(o)
        .into_iter()
        .rev()
        .filter(|id| !np.contains_key(id))
        .collect();
    let mut drops = Vec::new();
    for id in &dropped {
        // Dropping the enclosing field drops this one with it.
        if op[id].ancestors.iter().any(|a| dropped.contains(&a.id)) {
            continue;
        }
        drops.push(field_steps::drop(name, &here(&paths, *id), op[id].field));
    }
    let mut out = shape;
    out.extend(requires);
    out.extend(narrows);
    out.extend(drops);
    out
}
