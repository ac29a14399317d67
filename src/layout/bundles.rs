//! Edges bundled between table groups, for a diagram zoomed out: the keys between the tables
//! of two groups are drawn as one line between the groups' areas, as thick as there are
//! keys, instead of a mesh of thin lines no one can follow at that size.

use std::collections::BTreeMap;

use super::scene::Scene;
use crate::model::Id;

/// The keys between two groups, drawn as one line between the centres of their areas.
#[derive(Clone, Debug, PartialEq)]
pub struct Bundle {
    /// The two groups, the lower id first.
    pub groups: (Id, Id),
    /// The foreign keys it stands for.
    pub foreign_keys: Vec<Id>,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// One bundle per pair of groups joined by a key, in order of the groups' ids. A key from
/// or to a table in no group, or inside one group, is drawn as it is.
pub fn group_bundles(scene: &Scene) -> Vec<Bundle> {
    let mut group_of: BTreeMap<Id, Id> = BTreeMap::new();
    let centre: BTreeMap<Id, (f64, f64)> = scene
        .groups
        .iter()
        .map(|g| (g.id, (g.x + g.width / 2.0, g.y + g.height / 2.0)))
        .collect();
    for g in &scene.groups {
        for &t in &g.tables {
            group_of.entry(t).or_insert(g.id);
        }
    }
    let mut keys: BTreeMap<(Id, Id), Vec<Id>> = BTreeMap::new();
    for e in &scene.edges {
        let (Some(&a), Some(&b)) = (group_of.get(&e.table), group_of.get(&e.target)) else {
            continue;
        };
        if a != b {
            keys.entry((a.min(b), a.max(b)))
                .or_default()
                .push(e.foreign_key);
        }
    }
    keys.into_iter()
        .filter_map(|(groups, foreign_keys)| {
            Some(Bundle {
                from: *centre.get(&groups.0)?,
                to: *centre.get(&groups.1)?,
                groups,
                foreign_keys,
            })
        })
        .collect()
}

/// The stroke width of a bundle of `keys` keys, in screen pixels: thicker with more keys,
/// slowly, so one bundle never hides the rest.
pub fn bundle_width(keys: usize) -> f64 {
    (2.0 + (keys as f64).sqrt() * 2.0).min(16.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{build_scene, layered_layout};
    use crate::workspace::{open_text, Input};

    #[test]
    fn keys_between_groups_are_one_bundle_per_pair() {
        let text = "Table users {\n  id int [pk]\n}\nTable sessions {\n  user_id int [ref: > users.id]\n}\n\
            Table orders {\n  id int [pk]\n  user_id int [ref: > users.id]\n  by int [ref: > users.id]\n}\n\
            Table lines {\n  order_id int [ref: > orders.id]\n}\nTable loose {\n  user_id int [ref: > users.id]\n}\n\
            TableGroup accounts {\n  users\n  sessions\n}\nTableGroup sales {\n  orders\n  lines\n}\n";
        let Ok(Input::Sql { project, .. }) = open_text("g.dbml", text, None) else {
            panic!("the DBML opens");
        };
        let model = &project.model;
        let scene = build_scene(model, &layered_layout(model));
        let bundles = group_bundles(&scene);
        assert_eq!(bundles.len(), 1, "{bundles:?}");
        let orders = model
            .tables
            .iter()
            .find(|t| t.name == "orders")
            .expect("orders");
        let mut expected: Vec<Id> = orders.foreign_keys.iter().map(|fk| fk.id).collect();
        expected.sort();
        let mut got = bundles[0].foreign_keys.clone();
        got.sort();
        assert_eq!(
            got, expected,
            "the two keys from sales to accounts, not the ones inside or from loose"
        );
        assert!(bundle_width(2) > bundle_width(1) && bundle_width(10_000) <= 16.0);
    }
}
