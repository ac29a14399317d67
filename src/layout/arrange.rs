//! Keeps the picture stable across edits: tables that already have a position keep it, and
//! only new tables are placed, where the layered layout would put them if that spot is free,
//! otherwise in a column to the right of everything. Routes whose ends have not moved stay.

use super::auto_layout::layered_layout;
use super::geometry::{table_size, Size};
use super::layered::NODE_GAP;
use crate::model::{Layout, Model, Point};

/// A layout for every table of `model`, keeping the positions and routes in `previous`.
pub fn arrange(model: &Model, previous: &Layout) -> Layout {
    let mut layout = Layout::default();
    for t in &model.tables {
        if let Some(p) = previous.positions.get(&t.id) {
            layout.positions.insert(t.id, *p);
        }
    }
    for fk in model.tables.iter().flat_map(|t| &t.foreign_keys) {
        if let Some(route) = previous.routes.get(&fk.id) {
            layout.routes.insert(fk.id, route.clone());
        }
    }
    if layout.positions.len() == model.tables.len() {
        return layout;
    }
    let fresh = layered_layout(model);
    if layout.positions.is_empty() {
        return fresh;
    }
    let mut placed: Vec<(Point, Size)> = model
        .tables
        .iter()
        .filter_map(|t| layout.positions.get(&t.id).map(|p| (*p, table_size(t))))
        .collect();
    let right_edge = placed
        .iter()
        .map(|(p, s)| p.x + s.width)
        .fold(f64::MIN, f64::max);
    let mut spill = Point {
        x: right_edge + NODE_GAP * 2.0,
        y: placed.iter().map(|(p, _)| p.y).fold(f64::MAX, f64::min),
    };
    for table in &model.tables {
        if layout.positions.contains_key(&table.id) {
            continue;
        }
        let size = table_size(table);
        let wanted = fresh.positions.get(&table.id).copied().unwrap_or(spill);
        let spot = if placed.iter().all(|(p, s)| !overlaps(wanted, size, *p, *s)) {
            wanted
        } else {
            let at = spill;
            spill.y += size.height + NODE_GAP;
            at
        };
        placed.push((spot, size));
        layout.positions.insert(table.id, spot);
    }
    layout
}

/// True when two boxes, each grown by half the node gap, intersect.
pub fn overlaps(a: Point, a_size: Size, b: Point, b_size: Size) -> bool {
    let m = NODE_GAP / 2.0;
    a.x - m < b.x + b_size.width
        && b.x - m < a.x + a_size.width
        && a.y - m < b.y + b_size.height
        && b.y - m < a.y + a_size.height
}
