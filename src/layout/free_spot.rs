//! Where a box with no place goes: to the right of everything placed, at the top, so a
//! collection added or inferred beside an existing diagram never lands on another box.

use std::collections::BTreeSet;

use super::collection_box::collection_size;
use super::geometry::table_size;
use super::layered::NODE_GAP;
use crate::model::{Layout, Model, Point};

/// The top-left corner right of every placed table and collection.
pub fn free_spot(model: &Model, layout: &Layout) -> Point {
    let open = BTreeSet::new();
    let tables = model.tables.iter().filter_map(|t| {
        layout
            .positions
            .get(&t.id)
            .map(|p| (*p, table_size(t).width))
    });
    let collections = model.collections.iter().filter_map(|c| {
        layout
            .positions
            .get(&c.id)
            .map(|p| (*p, collection_size(c, &open).width))
    });
    let placed: Vec<(Point, f64)> = tables.chain(collections).collect();
    if placed.is_empty() {
        return Point::default();
    }
    let right = placed
        .iter()
        .map(|(p, w)| p.x + w)
        .fold(f64::NEG_INFINITY, f64::max);
    let top = placed
        .iter()
        .map(|(p, _)| p.y)
        .fold(f64::INFINITY, f64::min);
    Point {
        x: right + NODE_GAP * 2.0,
        y: top,
    }
}

/// Places each collection that has no position, one beside the other.
pub fn place_collections(model: &Model, layout: &mut Layout) {
    for c in &model.collections {
        if !layout.positions.contains_key(&c.id) {
            let at = free_spot(model, layout);
            layout.positions.insert(c.id, at);
        }
    }
}
