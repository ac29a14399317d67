//! Rename proposals for two versions that share no ids (two imported files): a table gone
//! and one new with a similar name and similar columns, or in a table a column gone and one
//! new with a similar name and the same kind of type, are proposed as renames with a score.
//! Nothing is renamed until the user accepts a proposal ([`accept`]); until then the plan
//! drops and adds, as the ids say.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::{Id, Model, Table};

/// One proposed rename, by the ids of the object in each version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenameProposal {
    /// The table (in the new version) a proposed column rename is in; `None` for a table.
    pub table: Option<Id>,
    pub old: Id,
    pub new: Id,
    pub from: String,
    pub to: String,
    /// 0 to 1: how alike the two are.
    pub score: f64,
}

/// The least score a pair needs to be proposed.
const THRESHOLD: f64 = 0.5;

/// Bigram similarity (Dice's coefficient) of two names, case and separators ignored.
fn name_similarity(a: &str, b: &str) -> f64 {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return 1.0;
    }
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    let bigrams =
        |s: &[char]| -> Vec<(char, char)> { s.windows(2).map(|w| (w[0], w[1])).collect() };
    let (x, mut y) = (bigrams(&a), bigrams(&b));
    let total = x.len() + y.len();
    let mut shared = 0;
    for g in x {
        if let Some(k) = y.iter().position(|h| *h == g) {
            y.swap_remove(k);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total as f64
}

/// How alike two tables' columns are: shared (name, kind of type) pairs over all of them.
fn column_overlap(a: &Table, b: &Table) -> f64 {
    let shape = |t: &Table| -> FxHashSet<(String, String)> {
        t.columns
            .iter()
            .map(|c| {
                (
                    c.name.to_lowercase(),
                    format!("{:?}", std::mem::discriminant(&c.data_type.kind)),
                )
            })
            .collect()
    };
    let (x, y) = (shape(a), shape(b));
    let union = x.union(&y).count();
    if union == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / union as f64
}

/// Greedy one-to-one matching of candidate pairs, best score first.
fn best_pairs(mut candidates: Vec<(f64, usize, usize)>) -> Vec<(f64, usize, usize)> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut left, mut right) = (FxHashSet::default(), FxHashSet::default());
    candidates
        .into_iter()
        .filter(|(score, i, j)| *score >= THRESHOLD && left.insert(*i) && right.insert(*j))
        .collect()
}

/// The renames the two versions suggest, tables first, best first within each.
pub fn propose(old: &Model, new: &Model) -> Vec<RenameProposal> {
    let old_ids: FxHashSet<Id> = old.tables.iter().map(|t| t.id).collect();
    let new_ids: FxHashSet<Id> = new.tables.iter().map(|t| t.id).collect();
    let gone: Vec<&Table> = old
        .tables
        .iter()
        .filter(|t| !new_ids.contains(&t.id))
        .map(|t| &**t)
        .collect();
    let added: Vec<&Table> = new
        .tables
        .iter()
        .filter(|t| !old_ids.contains(&t.id))
        .map(|t| &**t)
        .collect();
    let mut candidates = Vec::new();
    for (i, a) in gone.iter().enumerate() {
        for (j, b) in added.iter().enumerate() {
            let score = 0.4 * name_similarity(&a.name, &b.name) + 0.6 * column_overlap(a, b);
            candidates.push((score, i, j));
        }
    }
    let mut out: Vec<RenameProposal> = best_pairs(candidates)
        .into_iter()
        .map(|(score, i, j)| RenameProposal {
            table: None,
            old: gone[i].id,
            new: added[j].id,
            from: gone[i].name.clone(),
            to: added[j].name.clone(),
            score,
        })
        .collect();
    let before: FxHashMap<Id, &Table> = old.tables.iter().map(|t| (t.id, &**t)).collect();
    for t in &new.tables {
        let Some(o) = before.get(&t.id) else {
            continue;
        };
        let gone: Vec<_> = o
            .columns
            .iter()
            .filter(|c| t.column_by_id(c.id).is_none())
            .collect();
        let added: Vec<_> = t
            .columns
            .iter()
            .filter(|c| o.column_by_id(c.id).is_none())
            .collect();
        let mut candidates = Vec::new();
        for (i, a) in gone.iter().enumerate() {
            for (j, b) in added.iter().enumerate() {
                let same_kind = std::mem::discriminant(&a.data_type.kind)
                    == std::mem::discriminant(&b.data_type.kind);
                let score =
                    0.6 * name_similarity(&a.name, &b.name) + if same_kind { 0.4 } else { 0.0 };
                candidates.push((score, i, j));
            }
        }
        out.extend(
            best_pairs(candidates)
                .into_iter()
                .map(|(score, i, j)| RenameProposal {
                    table: Some(t.id),
                    old: gone[i].id,
                    new: added[j].id,
                    from: gone[i].name.clone(),
                    to: added[j].name.clone(),
                    score,
                }),
        );
    }
    out
}

/// `new` with the accepted proposals made renames: each proposed object takes the old id,
/// and the keys, constraints and indexes of the tables concerned that are defined alike in
/// both versions take their old ids too.
pub fn accept(old: &Model, mut new: Model, accepted: &[RenameProposal]) -> Model {
    let mut map: FxHashMap<Id, Id> = accepted.iter().map(|p| (p.new, p.old)).collect();
    // A renamed table's columns of the same name are the same columns.
    for p in accepted.iter().filter(|p| p.table.is_none()) {
        let (Some(o), Some(n)) = (old.table_by_id(p.old), new.table_by_id(p.new)) else {
            continue;
        };
        for c in &n.columns {
            if let Some(oc) = o
                .columns
                .iter()
                .find(|x| x.name.eq_ignore_ascii_case(&c.name))
            {
                map.entry(c.id).or_insert(oc.id);
            }
        }
    }
    let remap = |map: &FxHashMap<Id, Id>, new: &mut Model| {
        new.ids_mut(|_, id| {
            if let Some(o) = map.get(id) {
                *id = *o;
            }
        });
        new.references_mut(|id| {
            if let Some(o) = map.get(id) {
                *id = *o;
            }
        });
    };
    remap(&map, &mut new);
    // Keys, constraints and indexes that refer to what was matched: the same when defined
    // alike (in any table, since a foreign key elsewhere may reference a renamed table).
    map.clear();
    for t in &new.tables {
        let Some(o) = old.table_by_id(t.id) else {
            continue;
        };
        if let (Some(a), Some(b)) = (&o.primary_key, &t.primary_key) {
            if a.columns == b.columns {
                map.insert(b.id, a.id);
            }
        }
        for b in &t.uniques {
            if let Some(a) = o.uniques.iter().find(|a| a.columns == b.columns) {
                map.insert(b.id, a.id);
            }
        }
        for b in &t.foreign_keys {
            if let Some(a) = o.foreign_keys.iter().find(|a| {
                a.columns == b.columns
                    && a.ref_table == b.ref_table
                    && a.ref_columns == b.ref_columns
            }) {
                map.insert(b.id, a.id);
            }
        }
        for b in &t.indexes {
            if let Some(a) = o
                .indexes
                .iter()
                .find(|a| a.parts == b.parts && a.unique == b.unique)
            {
                map.insert(b.id, a.id);
            }
        }
        for b in &t.checks {
            if let Some(a) = o
                .checks
                .iter()
                .find(|a| a.name.is_some() && a.name == b.name)
            {
                map.insert(b.id, a.id);
            }
        }
    }
    remap(&map, &mut new);
    new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::reconcile::reconcile;
    use crate::model::{Dialect, IdGen};

    fn model(sql: &str) -> Model {
        crate::workspace::project_from_sql("m", sql, Dialect::Postgres)
            .0
            .model
    }

    #[test]
    fn a_similar_table_and_column_are_proposed_and_accepting_makes_them_renames() {
        let old = model(
            "CREATE TABLE customers (id bigint PRIMARY KEY, full_name text, email text);\n\
             CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), placed date);",
        );
        let fresh = model(
            "CREATE TABLE customer (id bigint PRIMARY KEY, full_name text, email text, phone text);\n\
             CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customer (id), placed_on date, total numeric);",
        );
        let mut ids = IdGen::after(old.max_id());
        let new = reconcile(&old, fresh, &mut ids);
        let proposals = propose(&old, &new);
        let names: Vec<(&str, &str)> = proposals
            .iter()
            .map(|p| (p.from.as_str(), p.to.as_str()))
            .collect();
        assert_eq!(names, [("customers", "customer"), ("placed", "placed_on")]);
        // Before accepting: a drop and an add. After: renames, and the key and foreign key
        // are the same objects.
        let dropped = |changes: &[crate::migrate::Change]| {
            changes
                .iter()
                .filter(|c| {
                    matches!(
                        c,
                        crate::migrate::Change::DropTable { .. }
                            | crate::migrate::Change::DropColumn { .. }
                    )
                })
                .count()
        };
        assert_eq!(dropped(&crate::migrate::diff(&old, &new)), 2);
        let accepted = accept(&old, new, &proposals);
        let changes = crate::migrate::diff(&old, &accepted);
        assert_eq!(dropped(&changes), 0, "{changes:?}");
        assert!(changes
            .iter()
            .any(|c| matches!(c, crate::migrate::Change::RenameTable { .. })));
        assert!(changes
            .iter()
            .any(|c| matches!(c, crate::migrate::Change::RenameColumn { .. })));
        assert!(
            !changes.iter().any(|c| matches!(
                c,
                crate::migrate::Change::AlterConstraint { .. }
                    | crate::migrate::Change::DropConstraint { .. }
            )),
            "{changes:?}"
        );
        assert!(accepted.validate().is_ok());
    }

    #[test]
    fn unrelated_schemas_propose_nothing() {
        let old = model("CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric);");
        let fresh = model("CREATE TABLE sensors (serial text PRIMARY KEY, reading double precision, at timestamptz);");
        let mut ids = IdGen::after(old.max_id());
        let new = reconcile(&old, fresh, &mut ids);
        assert!(propose(&old, &new).is_empty());
    }
}
