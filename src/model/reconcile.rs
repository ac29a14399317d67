//! Re-import reconciliation: a model freshly imported from edited text gets the ids of the
//! objects that still match in the previous model, so positions, table patterns and
//! migrations stay attached; everything new gets a fresh id.
//!
//! Matching is one-to-one: an old id goes to at most one new object, so two objects never
//! share an id even when the text names two tables alike. Renames are recognised where the
//! text leaves no doubt: one table gone and one new with the same columns, or in a table one
//! column gone and one new at the same place with the same type.

use std::collections::BTreeSet;

use super::ids::{Id, IdGen};
use rustc_hash::FxHashMap;

use super::relational::{Column, IndexTarget, Model, Table};

/// Rewrites every id in `fresh` to its match in `previous`, or to a new id from `ids`.
pub fn reconcile(previous: &Model, mut fresh: Model, ids: &mut IdGen) -> Model {
    ids.observe(Id(previous.max_id()));
    let mut claimed = Claimed::default();
    let moved = renamed_schema(previous, &fresh);
    for schema in &mut fresh.schemas {
        let old_name = match &moved {
            Some((old, new)) if *new == schema.name => old.as_str(),
            _ => schema.name.as_str(),
        };
        let id = previous
            .schemas
            .iter()
            .find(|o| o.name == old_name)
            .map(|o| o.id);
        schema.id = claimed.take(id, ids);
    }
    // The same schema: the same name, or the renamed one.
    let same_schema = |old: &Option<String>, new: &Option<String>| {
        old == new
            || moved.as_ref().is_some_and(|(o, n)| {
                old.as_deref() == Some(o.as_str()) && new.as_deref() == Some(n.as_str())
            })
    };
    let pairs = match_tables(previous, &fresh, &same_schema);
    // Tables and columns first; references hold the fresh model's ids until they all have
    // their new ones, then keys and indexes match the old ones by what they refer to.
    let mut renumbered = Renumbered::default();
    for (i, (table, old)) in fresh.tables.iter_mut().zip(&pairs).enumerate() {
        let old = old.map(|k| &*previous.tables[k]);
        renumbered.tables.entry(table.id).or_insert(i);
        let columns = reconcile_columns(table, old, &mut claimed, ids);
        renumbered.columns.push(columns);
    }
    renumbered.apply(&mut fresh);
    for (table, old) in fresh.tables.iter_mut().zip(pairs) {
        let old = old.map(|i| &*previous.tables[i]);
        reconcile_constraints(table, old, &mut claimed, ids);
    }
    // Other objects match by schema and name (and kind, for routines).
    macro_rules! carry_ids {
        ($field:ident, |$o:ident, $n:ident| $same:expr) => {
            // Candidates by name (every match below requires it), in the previous order: a
            // dump can hold a sequence per table, and a scan of them all for each is quadratic.
            let mut by_name: rustc_hash::FxHashMap<&str, Vec<_>> = rustc_hash::FxHashMap::default();
            for o in &previous.$field {
                by_name.entry(o.name.as_str()).or_default().push(o);
            }
            for $n in &mut fresh.$field {
                let id = by_name
                    .get($n.name.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|o| !claimed.contains(o.id))
                    .find(|$o| $same)
                    .map(|o| o.id);
                $n.id = claimed.take(id, ids);
            }
        };
    }
    for e in &mut fresh.enums {
        let old = previous.enums.iter().find(|o| {
            !claimed.contains(o.id) && o.name == e.name && same_schema(&o.schema, &e.schema)
        });
        e.id = claimed.take(old.map(|o| o.id), ids);
        // A value keeps its id by its text; with one value gone and one new at its place, the
        // new one is the old one renamed.
        let mut value_ids = Vec::with_capacity(e.values.len());
        for (k, v) in e.values.iter().enumerate() {
            let by_text = old.and_then(|o| {
                let at = o.values.iter().position(|x| x == v)?;
                o.value_ids.get(at).copied()
            });
            let renamed = old.and_then(|o| {
                let gone: Vec<usize> = (0..o.values.len())
                    .filter(|&i| !e.values.contains(&o.values[i]))
                    .collect();
                let new: Vec<usize> = (0..e.values.len())
                    .filter(|&i| !o.values.contains(&e.values[i]))
                    .collect();
                match (gone.as_slice(), new.as_slice()) {
                    ([g], [n]) if *g == k && *n == k => o.value_ids.get(k).copied(),
                    _ => None,
                }
            });
            value_ids.push(claimed.take(by_text.or(renamed), ids));
        }
        e.value_ids = value_ids;
    }
    carry_ids!(domains, |o, n| o.name == n.name
        && same_schema(&o.schema, &n.schema));
    carry_ids!(sequences, |o, n| o.name == n.name
        && same_schema(&o.schema, &n.schema));
    carry_ids!(routines, |o, n| o.name == n.name
        && same_schema(&o.schema, &n.schema)
        && o.kind == n.kind);
    carry_ids!(table_groups, |o, n| o.name == n.name);
    carry_ids!(notes, |o, n| o.name == n.name);
    for view in &mut fresh.views {
        let old = previous.views.iter().find(|o| {
            !claimed.contains(o.id) && o.name == view.name && same_schema(&o.schema, &view.schema)
        });
        view.id = claimed.take(old.map(|o| o.id), ids);
        for index in &mut view.indexes {
            let id = old.and_then(|o| {
                o.indexes
                    .iter()
                    .find(|i| !claimed.contains(i.id) && i.name == index.name)
                    .map(|i| i.id)
            });
            index.id = claimed.take(id, ids);
        }
    }
    for domain in &mut fresh.domains {
        for check in &mut domain.checks {
            check.id = claimed.take(None, ids);
        }
    }
    fresh
}

/// Old ids already given out.
#[derive(Default)]
struct Claimed(BTreeSet<Id>);

impl Claimed {
    fn contains(&self, id: Id) -> bool {
        self.0.contains(&id)
    }

    /// `old` when it is still free, else a fresh id.
    fn take(&mut self, old: Option<Id>, ids: &mut IdGen) -> Id {
        match old {
            Some(id) if self.0.insert(id) => id,
            _ => ids.fresh(),
        }
    }
}

/// The one schema renamed in the text, as (old name, new name): one schema gone and one new,
/// with the same tables in it. Two candidates are never guessed.
fn renamed_schema(previous: &Model, fresh: &Model) -> Option<(String, String)> {
    let old: BTreeSet<&str> = previous.schemas.iter().map(|s| s.name.as_str()).collect();
    let new: BTreeSet<&str> = fresh.schemas.iter().map(|s| s.name.as_str()).collect();
    let (gone, added): (Vec<&&str>, Vec<&&str>) = (
        old.difference(&new).collect(),
        new.difference(&old).collect(),
    );
    let ([gone], [added]) = (gone.as_slice(), added.as_slice()) else {
        return None;
    };
    let tables_in = |model: &Model, schema: &str| -> BTreeSet<String> {
        model
            .tables
            .iter()
            .filter(|t| t.schema.as_deref() == Some(schema))
            .map(|t| t.name.clone())
            .collect()
    };
    let before = tables_in(previous, gone);
    (!before.is_empty() && before == tables_in(fresh, added))
        .then(|| (gone.to_string(), added.to_string()))
}

/// For each fresh table, the index of its previous table: the same schema and name, else the
/// one unambiguous rename.
fn match_tables(
    previous: &Model,
    fresh: &Model,
    same_schema: &dyn Fn(&Option<String>, &Option<String>) -> bool,
) -> Vec<Option<usize>> {
    let mut taken = vec![false; previous.tables.len()];
    let mut pairs: Vec<Option<usize>> = fresh
        .tables
        .iter()
        .map(|t| {
            let i = previous.tables.iter().enumerate().position(|(i, o)| {
                !taken[i] && o.name == t.name && same_schema(&o.schema, &t.schema)
            })?;
            taken[i] = true;
            Some(i)
        })
        .collect();
    let gone: Vec<usize> = (0..previous.tables.len()).filter(|&i| !taken[i]).collect();
    let new: Vec<usize> = (0..fresh.tables.len())
        .filter(|&i| pairs[i].is_none())
        .collect();
    // A rename: the only new table with these columns, and the only gone one.
    for &n in &new {
        let signature = columns_signature(&fresh.tables[n].columns);
        let olds: Vec<usize> = gone
            .iter()
            .copied()
            .filter(|&o| columns_signature(&previous.tables[o].columns) == signature)
            .collect();
        let news = new
            .iter()
            .filter(|&&m| columns_signature(&fresh.tables[m].columns) == signature)
            .count();
        if let ([o], 1) = (olds.as_slice(), news) {
            pairs[n] = Some(*o);
        }
    }
    pairs
}

fn columns_signature(columns: &[Column]) -> Vec<(&str, &str)> {
    columns
        .iter()
        .map(|c| (c.name.as_str(), c.data_type.spelling.as_str()))
        .collect()
}

/// What reconciling gave the fresh model's tables and columns, by their fresh ids.
#[derive(Default)]
struct Renumbered {
    /// A fresh table id: the table's position (the first, should two share it).
    tables: FxHashMap<Id, usize>,
    /// Per table position: each fresh column id and its new id.
    columns: Vec<FxHashMap<Id, Id>>,
}

impl Renumbered {
    /// Rewrites every reference in `model` (whose tables and columns have their new ids)
    /// from the fresh ids to the new ones.
    fn apply(&self, model: &mut Model) {
        let new_ids: Vec<Id> = model.tables.iter().map(|t| t.id).collect();
        let table = |id: &mut Id| {
            if let Some(&i) = self.tables.get(id) {
                *id = new_ids[i];
            }
        };
        let column_in = |i: Option<usize>, id: &mut Id| {
            if let Some(new) = i.and_then(|i| self.columns[i].get(id)) {
                *id = *new;
            }
        };
        for (i, t) in model.tables.iter_mut().enumerate() {
            let own = |id: &mut Id| column_in(Some(i), id);
            if let Some(pk) = &mut t.primary_key {
                pk.columns.iter_mut().for_each(own);
            }
            for u in &mut t.uniques {
                u.columns.iter_mut().for_each(own);
            }
            for index in &mut t.indexes {
                for part in &mut index.parts {
                    if let IndexTarget::Column(c) = &mut part.target {
                        own(c);
                    }
                }
                index.include.iter_mut().for_each(own);
            }
            for fk in &mut t.foreign_keys {
                fk.columns.iter_mut().for_each(own);
                let target = self.tables.get(&fk.ref_table).copied();
                fk.ref_columns.iter_mut().for_each(|c| column_in(target, c));
                table(&mut fk.ref_table);
            }
            t.inherits.iter_mut().for_each(table);
            if let Some(p) = &mut t.partition_of {
                table(&mut p.parent);
            }
        }
        for s in &mut model.sequences {
            if let Some((t, c)) = &mut s.owned_by {
                column_in(self.tables.get(t).copied(), c);
                table(t);
            }
        }
        for g in &mut model.table_groups {
            g.tables.iter_mut().for_each(table);
        }
    }
}

/// Gives a fresh table and its columns their old ids (or new ones); returns each column's
/// fresh id with its new one.
fn reconcile_columns(
    table: &mut Table,
    old: Option<&Table>,
    claimed: &mut Claimed,
    ids: &mut IdGen,
) -> FxHashMap<Id, Id> {
    table.id = claimed.take(old.map(|o| o.id), ids);
    let column_ids = match old {
        Some(old) => {
            // Patterns live in the project, not in the text: they stay with the table.
            if table.patterns.is_empty() {
                table.patterns = old.patterns;
            }
            match_columns(&old.columns, &table.columns)
        }
        None => vec![None; table.columns.len()],
    };
    let mut renumbered = FxHashMap::default();
    for (column, id) in table.columns.iter_mut().zip(column_ids) {
        let new = claimed.take(id, ids);
        renumbered.entry(column.id).or_insert(new);
        column.id = new;
    }
    renumbered
}

/// Gives a table's keys, checks, foreign keys and indexes the ids of the old ones they are
/// (by name, or by what they refer to), or new ones.
fn reconcile_constraints(
    table: &mut Table,
    old: Option<&Table>,
    claimed: &mut Claimed,
    ids: &mut IdGen,
) {
    let Some(old) = old else {
        let mut fresh = |id: &mut Id| *id = ids.fresh();
        if let Some(pk) = &mut table.primary_key {
            fresh(&mut pk.id);
        }
        table.uniques.iter_mut().for_each(|u| fresh(&mut u.id));
        table.checks.iter_mut().for_each(|c| fresh(&mut c.id));
        table.foreign_keys.iter_mut().for_each(|f| fresh(&mut f.id));
        table.indexes.iter_mut().for_each(|i| fresh(&mut i.id));
        return;
    };
    if let Some(pk) = &mut table.primary_key {
        pk.id = claimed.take(old.primary_key.as_ref().map(|k| k.id), ids);
    }
    for u in &mut table.uniques {
        let id = old
            .uniques
            .iter()
            .find(|o| {
                !claimed.contains(o.id)
                    && (o.name == u.name && u.name.is_some() || o.columns == u.columns)
            })
            .map(|o| o.id);
        u.id = claimed.take(id, ids);
    }
    for c in &mut table.checks {
        let id = old
            .checks
            .iter()
            .find(|o| {
                !claimed.contains(o.id)
                    && (o.name == c.name && c.name.is_some() || o.expression == c.expression)
            })
            .map(|o| o.id);
        c.id = claimed.take(id, ids);
    }
    for fk in &mut table.foreign_keys {
        let id = old
            .foreign_keys
            .iter()
            .find(|f| {
                !claimed.contains(f.id)
                    && match (&f.name, &fk.name) {
                        (Some(a), Some(b)) => a == b,
                        _ => f.columns == fk.columns && f.ref_table == fk.ref_table,
                    }
            })
            .map(|f| f.id);
        fk.id = claimed.take(id, ids);
    }
    for index in &mut table.indexes {
        let id = old
            .indexes
            .iter()
            .find(|i| {
                !claimed.contains(i.id)
                    && match (&i.name, &index.name) {
                        (Some(a), Some(b)) => a == b,
                        _ => i.parts == index.parts,
                    }
            })
            .map(|i| i.id);
        index.id = claimed.take(id, ids);
    }
}

/// The old id of each new column: by name, one to one; then, when exactly one old column is
/// gone and one new one appeared, at the same place and of the same type, a rename.
fn match_columns(old: &[Column], new: &[Column]) -> Vec<Option<Id>> {
    let mut taken = vec![false; old.len()];
    let mut matched: Vec<Option<Id>> = new
        .iter()
        .map(|c| {
            let i = old
                .iter()
                .enumerate()
                .position(|(i, o)| !taken[i] && o.name == c.name)?;
            taken[i] = true;
            Some(old[i].id)
        })
        .collect();
    let gone: Vec<usize> = (0..old.len()).filter(|&i| !taken[i]).collect();
    let appeared: Vec<usize> = (0..new.len()).filter(|&i| matched[i].is_none()).collect();
    if let ([o], [n]) = (gone.as_slice(), appeared.as_slice()) {
        if o == n && old[*o].data_type.spelling == new[*n].data_type.spelling {
            matched[*n] = Some(old[*o].id);
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::model::Dialect;

    fn model(sql: &str) -> Model {
        let import = import_sql(sql, Dialect::Postgres);
        assert!(!import.report.has_errors(), "{:?}", import.report);
        import.model
    }

    fn project_model(sql: &str, ids: &mut IdGen) -> Model {
        reconcile(&Model::default(), model(sql), ids)
    }

    #[test]
    fn a_renamed_table_with_the_same_columns_keeps_its_ids() {
        let mut ids = IdGen::default();
        let before = project_model(
            "CREATE TABLE a (id int PRIMARY KEY, name text); CREATE TABLE b (id int);",
            &mut ids,
        );
        let after = reconcile(
            &before,
            model("CREATE TABLE renamed (id int PRIMARY KEY, name text); CREATE TABLE b (id int);"),
            &mut ids,
        );
        assert_eq!(after.tables[0].id, before.tables[0].id);
        assert_eq!(
            after.tables[0].columns[1].id,
            before.tables[0].columns[1].id
        );
        assert_eq!(after.tables[1].id, before.tables[1].id);
        assert!(after.validate().is_ok(), "{:?}", after.validate());
    }

    #[test]
    fn a_renamed_schema_keeps_its_id_and_its_objects_theirs() {
        let mut ids = IdGen::default();
        let script = |schema: &str| {
            format!(
                "CREATE TYPE {schema}.mood AS ENUM ('a');\n\
                 CREATE TABLE {schema}.a (id int PRIMARY KEY, m {schema}.mood);\n\
                 CREATE TABLE {schema}.b (id int, a_id int REFERENCES {schema}.a);\n\
                 CREATE TABLE other.c (id int);"
            )
        };
        let before = project_model(&script("sales"), &mut ids);
        let after = reconcile(&before, model(&script("shop")), &mut ids);
        let schema_id =
            |m: &Model, name: &str| m.schemas.iter().find(|s| s.name == name).map(|s| s.id);
        assert_eq!(schema_id(&after, "shop"), schema_id(&before, "sales"));
        assert_eq!(schema_id(&after, "other"), schema_id(&before, "other"));
        for (a, b) in after.tables.iter().zip(&before.tables) {
            assert_eq!(a.id, b.id, "{} keeps its id", a.name);
        }
        assert_eq!(after.enums[0].id, before.enums[0].id);
        assert!(after.validate().is_ok(), "{:?}", after.validate());
        // A schema gone and a new one with other tables is not a rename.
        let unrelated = reconcile(
            &before,
            model("CREATE TABLE shop.z (id int); CREATE TABLE other.c (id int);"),
            &mut ids,
        );
        assert_ne!(schema_id(&unrelated, "shop"), schema_id(&before, "sales"));
    }

    #[test]
    fn two_candidates_for_a_rename_are_not_guessed() {
        let mut ids = IdGen::default();
        let before = project_model(
            "CREATE TABLE a (id int); CREATE TABLE b (id int);",
            &mut ids,
        );
        let after = reconcile(
            &before,
            model("CREATE TABLE c (id int); CREATE TABLE d (id int);"),
            &mut ids,
        );
        let old: BTreeSet<Id> = before.tables.iter().map(|t| t.id).collect();
        assert!(after.tables.iter().all(|t| !old.contains(&t.id)));
    }

    #[test]
    fn a_renamed_column_in_place_with_the_same_type_keeps_its_id() {
        let mut ids = IdGen::default();
        let before = project_model("CREATE TABLE a (id int, nmae text, age int);", &mut ids);
        let after = reconcile(
            &before,
            model("CREATE TABLE a (id int, name text, age int);"),
            &mut ids,
        );
        let (old, new) = (&before.tables[0].columns, &after.tables[0].columns);
        assert_eq!(new[1].id, old[1].id);
        // A different type, or another place, is a new column.
        let retyped = reconcile(
            &after,
            model("CREATE TABLE a (id int, title int, age int);"),
            &mut ids,
        );
        assert_ne!(retyped.tables[0].columns[1].id, new[1].id);
        let moved = reconcile(
            &after,
            model("CREATE TABLE a (id int, age int, title text);"),
            &mut ids,
        );
        assert_ne!(moved.tables[0].columns[2].id, new[1].id);
        assert_eq!(moved.tables[0].columns[1].id, new[2].id);
    }

    #[test]
    fn enum_values_keep_their_ids_by_text_and_through_an_unambiguous_rename() {
        let mut ids = IdGen::default();
        let before = project_model("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');", &mut ids);
        let old = &before.enums[0].value_ids;
        assert_eq!(old.len(), 3);
        let after = reconcile(
            &before,
            model("CREATE TYPE mood AS ENUM ('happy', 'fine', 'sad', 'ecstatic');"),
            &mut ids,
        );
        let new = &after.enums[0].value_ids;
        assert_eq!(
            (new[0], new[2]),
            (old[2], old[0]),
            "moved values keep their ids"
        );
        assert!(
            !old.contains(&new[1]) && !old.contains(&new[3]),
            "two new values: no rename guessed"
        );
        let renamed = reconcile(
            &before,
            model("CREATE TYPE mood AS ENUM ('sad', 'okay', 'happy');"),
            &mut ids,
        );
        assert_eq!(
            renamed.enums[0].value_ids, *old,
            "ok renamed to okay in place"
        );
        assert!(renamed.validate().is_ok(), "{:?}", renamed.validate());
    }

    #[test]
    fn duplicate_names_never_share_an_id() {
        let mut ids = IdGen::default();
        let before = project_model("CREATE TABLE a (id int PRIMARY KEY);", &mut ids);
        // Importers leave out a second definition, but reconcile must not rely on it: two
        // tables alike, each with the same column twice.
        let mut fresh = model("CREATE TABLE a (id int PRIMARY KEY);");
        let column = fresh.tables[0].columns[0].clone();
        fresh.tables[0].columns.push(column);
        fresh.tables.push(fresh.tables[0].clone());
        let after = reconcile(&before, fresh, &mut ids);
        let mut all = Vec::new();
        after.ids(|_, id| all.push(id));
        let distinct: BTreeSet<Id> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "{all:?}");
        assert!(all.iter().all(|id| id.0 > 0));
        assert_eq!(after.tables[0].id, before.tables[0].id);
        assert_eq!(
            after.tables[0].columns[0].id,
            before.tables[0].columns[0].id
        );
        // The model still names things alike: validate says so.
        let problems = after.validate().unwrap_err().problems;
        assert!(
            problems
                .iter()
                .any(|p| p.contains("two tables or views are named a"))
                && problems
                    .iter()
                    .any(|p| p.contains("table a has two columns named id")),
            "{problems:?}"
        );
    }

    #[test]
    fn an_import_leaves_out_what_does_not_resolve_and_says_where() {
        let import = import_sql(
            "CREATE TABLE a (id int, id int);\nCREATE TABLE b (a_id int REFERENCES nowhere (id));",
            Dialect::Postgres,
        );
        let mut ids = IdGen::default();
        let project = reconcile(&Model::default(), import.model.clone(), &mut ids);
        assert!(project.validate().is_ok(), "{:?}", project.validate());
        let warnings: Vec<_> = import
            .report
            .skipped
            .iter()
            .map(|s| (s.position.line, s.reason.as_str()))
            .collect();
        assert!(
            warnings
                .iter()
                .any(|(line, r)| *line == 1 && r.contains("column id of table a is defined twice")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|(line, r)| *line == 2 && r.contains("references table nowhere")),
            "{warnings:?}"
        );
        assert!(import.model.tables[1].foreign_keys.is_empty());
    }
}
