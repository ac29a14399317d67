//! A copy of a model kept up to date by cloning only what differs: a cache that must know
//! whether the model changed since it last looked (the DDL cache) keeps one, and after an
//! edit that touched one table of 2,000 it clones that table, not the model.

use rustc_hash::{FxHashMap, FxHashSet};

use super::ids::Id;

use super::relational::{Model, Table};
use super::shared::Shared;

impl Model {
    /// Makes `self` equal to `other`, cloning only the tables and the other parts that
    /// differ; returns whether anything did.
    pub fn mirror(&mut self, other: &Model) -> bool {
        let tables = mirror_tables(&mut self.tables, &other.tables);
        self.mirror_parts(other) | tables
    }

    /// [`Model::mirror`] when only the tables `changed` (by id) may differ from `self`'s,
    /// besides the other parts: the rest are not compared (an edit said what it changed).
    /// Tables added, removed or moved are mirrored as [`Model::mirror`] does.
    pub fn mirror_changed(&mut self, other: &Model, changed: &FxHashSet<Id>) -> bool {
        let same_ids = self.tables.len() == other.tables.len()
            && self
                .tables
                .iter()
                .zip(&other.tables)
                .all(|(a, b)| a.id == b.id);
        if !same_ids {
            return self.mirror(other);
        }
        let mut tables = false;
        for (a, b) in self.tables.iter_mut().zip(&other.tables) {
            if changed.contains(&b.id) {
                tables |= take_table(a, b);
            }
        }
        self.mirror_parts(other) | tables
    }

    /// Mirrors every part but the tables; returns whether one differed.
    fn mirror_parts(&mut self, other: &Model) -> bool {
        // The pattern names every field, so a new one cannot be forgotten here.
        macro_rules! mirror_parts {
            ($($field:ident),*) => {{
                let Model { tables: _, $($field),* } = other;
                let mut changed = false;
                $(
                    if self.$field != *$field {
                        self.$field = $field.clone();
                        changed = true;
                    }
                )*
                changed
            }};
        }
        mirror_parts!(
            schemas,
            extensions,
            enums,
            domains,
            sequences,
            views,
            routines,
            table_groups,
            notes,
            project,
            collections
        )
    }
}

/// Makes `a` the table `b` (shared, so the next comparison is a pointer's); returns whether
/// they differed.
fn take_table(a: &mut Shared<Table>, b: &Shared<Table>) -> bool {
    if Shared::same(a, b) {
        return false;
    }
    let changed = a != b;
    *a = b.clone();
    changed
}

/// Makes `mine` equal to `theirs`, reusing by id the tables that are equal.
fn mirror_tables(mine: &mut Vec<Shared<Table>>, theirs: &[Shared<Table>]) -> bool {
    let same_ids = mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(a, b)| a.id == b.id);
    if same_ids {
        let mut changed = false;
        for (a, b) in mine.iter_mut().zip(theirs) {
            changed |= take_table(a, b);
        }
        return changed;
    }
    // Tables added, removed or moved: keep each one that is still equal, wherever it is now.
    // A fixed hasher: the fuzz gate explores the same way on every run.
    let mut old: FxHashMap<_, Vec<Shared<Table>>> = FxHashMap::default();
    for t in mine.drain(..) {
        old.entry(t.id).or_default().push(t);
    }
    for b in theirs {
        let reused = old.get_mut(&b.id).and_then(|kept| {
            kept.iter()
                .position(|t| t == b)
                .map(|at| kept.swap_remove(at))
        });
        mine.push(reused.unwrap_or_else(|| b.clone()));
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::import::sql::import_sql;
    use crate::model::{Dialect, Model};

    fn model(sql: &str) -> Model {
        import_sql(sql, Dialect::Postgres).model
    }

    #[test]
    fn a_mirror_becomes_equal_and_says_whether_anything_changed() {
        let a =
            model("CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TYPE m AS ENUM ('x');");
        let mut copy = Model::default();
        assert!(copy.mirror(&a));
        assert_eq!(copy, a);
        assert!(!copy.mirror(&a), "nothing changed");
        // One table changed, one removed, one added, tables reordered, an enum changed.
        let mut b = a.clone();
        b.tables[0].columns[0].name = "key".into();
        b.tables.swap(0, 1);
        b.tables.pop();
        b.tables
            .push(model("CREATE TABLE c (id int)").tables.remove(0));
        b.enums[0].values.push("y".into());
        assert!(copy.mirror(&b));
        assert_eq!(copy, b);
        assert!(!copy.mirror(&b));
        assert!(copy.mirror(&Model::default()));
        assert_eq!(copy, Model::default());
    }
}
