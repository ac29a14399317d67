//! The diagram's scene, built again after every edit from what changed only. A table's box
//! is kept while the table (shared with the model, so compared by pointer: see
//! [`crate::model::Shared`]) and its place are the same; a foreign key's edge while both its
//! tables, their places and the route the layout stored for it are. On a 2,000-table
//! project an edit rebuilds a box or two and their edges, not every box.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::geometry::{table_size, Size};
use super::reference_routes::collection_scene;
use super::routing::{route_edge, EdgeRoute};
use super::scene::{build_scene, group_areas, note_boxes, table_box, Scene, TableBox};
use crate::model::{Id, Layout, Model, Point, Shared, Table, TableLookup};

/// The boxes and edges of the scene built last. Derived data: a clone starts empty, and
/// two caches compare equal.
#[derive(Default)]
pub struct SceneCache(Mutex<Kept>);

#[derive(Default)]
struct Kept {
    boxes: FxHashMap<Id, KeptBox>,
    edges: FxHashMap<Id, KeptEdge>,
    /// The build that last used each entry, to let go of what is gone from the model.
    build: u64,
}

/// A box and what it was built from.
struct KeptBox {
    table: Shared<Table>,
    at: Point,
    size: Size,
    shown: Shared<TableBox>,
    used: u64,
}

/// An edge and what it was routed from.
struct KeptEdge {
    from: (Shared<Table>, Point),
    to: (Shared<Table>, Point),
    stored: Option<Vec<Point>>,
    shown: Shared<EdgeRoute>,
    used: u64,
}

impl SceneCache {
    /// The same scene as [`build_scene`], reusing the boxes and edges of the last one that
    /// nothing changed.
    pub fn build(&self, model: &Model, layout: &Layout) -> Scene {
        let Ok(mut guard) = self.0.lock() else {
            // A build that panicked left it half-written: build everything.
            return build_scene(model, layout);
        };
        let kept = &mut *guard;
        kept.build += 1;
        let build = kept.build;
        let positions = &layout.positions;
        let mut tables = Vec::with_capacity(model.tables.len());
        // Each table's place and size, by position in the model, for its edges.
        let mut placed: Vec<Option<(Point, Size)>> = Vec::with_capacity(model.tables.len());
        for table in &model.tables {
            let Some(&at) = positions.get(&table.id) else {
                placed.push(None);
                continue;
            };
            let fresh = || {
                let size = table_size(table);
                KeptBox {
                    table: table.clone(),
                    at,
                    size,
                    shown: Shared::new(table_box(table, at, size)),
                    used: build,
                }
            };
            let k = kept.boxes.entry(table.id).or_insert_with(fresh);
            // Two tables with one id (a model that fails validation) share the first's box.
            if k.used != build && !(Shared::same(&k.table, table) && k.at == at) {
                *k = fresh();
            }
            k.used = build;
            placed.push(Some((at, k.size)));
            tables.push(k.shown.clone());
        }
        let lookup = TableLookup::new(model);
        let mut edges = Vec::with_capacity(model.foreign_key_count());
        for (ti, table) in model.tables.iter().enumerate() {
            let Some((from, from_size)) = placed[ti] else {
                continue;
            };
            for fk in &table.foreign_keys {
                let Some(t) = lookup.target(fk) else {
                    continue;
                };
                let Some((to, to_size)) = placed[t] else {
                    continue;
                };
                let target = &model.tables[t];
                let stored = layout.routes.get(&fk.id);
                let fresh = || KeptEdge {
                    from: (table.clone(), from),
                    to: (target.clone(), to),
                    stored: stored.cloned(),
                    shown: Shared::new(route_edge(
                        (table, from, from_size),
                        fk,
                        (target, to, to_size),
                        stored,
                    )),
                    used: build,
                };
                let k = kept.edges.entry(fk.id).or_insert_with(fresh);
                let same = Shared::same(&k.from.0, table)
                    && k.from.1 == from
                    && Shared::same(&k.to.0, target)
                    && k.to.1 == to
                    && k.stored.as_ref() == stored;
                if k.used != build && !same {
                    *k = fresh();
                }
                k.used = build;
                edges.push(k.shown.clone());
            }
        }
        kept.boxes.retain(|_, k| k.used == build);
        kept.edges.retain(|_, k| k.used == build);
        let groups = group_areas(model, &tables);
        // Collections are few: built afresh each time.
        let (collections, references) = collection_scene(model, layout);
        tables.extend(collections);
        edges.extend(references);
        Scene::new(tables, edges, groups, note_boxes(model, layout))
    }
}

impl Clone for SceneCache {
    fn clone(&self) -> Self {
        SceneCache::default()
    }
}

impl PartialEq for SceneCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for SceneCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SceneCache")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, Edit};
    use crate::model::Dialect;
    use crate::workspace::project_from_sql;

    #[test]
    fn a_kept_scene_is_the_scene_built_whole_and_shares_what_did_not_change() {
        let (mut p, _) = project_from_sql(
            "t",
            "CREATE TABLE a (id int PRIMARY KEY);\n\
             CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\
             CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b (id));",
            Dialect::Postgres,
        );
        let cache = SceneCache::default();
        let first = cache.build(&p.model, &p.layout);
        assert_eq!(first, build_scene(&p.model, &p.layout));
        let (a, a_id) = (p.model.tables[0].id, p.model.tables[0].columns[0].id);
        apply(&mut p, Edit::rename_column(a, a_id, "key")).expect("renames");
        let second = cache.build(&p.model, &p.layout);
        assert_eq!(second, build_scene(&p.model, &p.layout), "as built whole");
        assert!(
            !Shared::same(&first.tables[0], &second.tables[0]),
            "a's box is new"
        );
        assert!(
            Shared::same(&first.tables[2], &second.tables[2]),
            "c's box is kept"
        );
        assert!(
            !Shared::same(&first.edges[0], &second.edges[0]),
            "b → a is new"
        );
        assert!(
            Shared::same(&first.edges[1], &second.edges[1]),
            "c → b is kept"
        );
        // A move rebuilds the moved box and the edges at it.
        let b = p.model.tables[1].id;
        apply(
            &mut p,
            Edit::MoveBoxes {
                moves: vec![(b, Point { x: 900.0, y: 40.0 })],
            },
        )
        .expect("moves");
        let third = cache.build(&p.model, &p.layout);
        assert_eq!(third, build_scene(&p.model, &p.layout), "as built whole");
        assert!(
            Shared::same(&second.tables[0], &third.tables[0]),
            "a's box is kept"
        );
        assert!(
            !Shared::same(&second.tables[1], &third.tables[1]),
            "b moved"
        );
        assert!(
            !Shared::same(&second.edges[1], &third.edges[1]),
            "c → b follows b"
        );
    }
}
