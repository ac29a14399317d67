//! Keeps the picture stable across edits: tables that already have a position keep it, and
//! only new tables are placed, where the layered layout would put them if that spot is free,
//! otherwise in a column to the right of everything.

use std::collections::BTreeMap;

use super::geometry::{table_size, Size};
use super::layered::{layered_layout, NODE_GAP};
use crate::model::{Id, Model, Point};

/// Positions for every table of `model`, keeping those in `previous`.
pub fn arrange(model: &Model, previous: &BTreeMap<Id, Point>) -> BTreeMap<Id, Point> {
    let kept: BTreeMap<Id, Point> = model
        .tables
        .iter()
        .filter_map(|t| previous.get(&t.id).map(|p| (t.id, *p)))
        .collect();
    if kept.len() == model.tables.len() {
        return kept;
    }
    let fresh = layered_layout(model);
    if kept.is_empty() {
        return fresh;
    }
    let mut placed: Vec<(Point, Size)> = model
        .tables
        .iter()
        .filter_map(|t| kept.get(&t.id).map(|p| (*p, table_size(t))))
        .collect();
    let mut positions = kept;
    let right_edge = placed
        .iter()
        .map(|(p, s)| p.x + s.width)
        .fold(f64::MIN, f64::max);
    let mut spill = Point {
        x: right_edge + NODE_GAP * 2.0,
        y: placed.iter().map(|(p, _)| p.y).fold(f64::MAX, f64::min),
    };
    for table in &model.tables {
        if positions.contains_key(&table.id) {
            continue;
        }
        let size = table_size(table);
        let wanted = fresh.get(&table.id).copied().unwrap_or(spill);
        let spot = if placed.iter().all(|(p, s)| !overlaps(wanted, size, *p, *s)) {
            wanted
        } else {
            let at = spill;
            spill.y += size.height + NODE_GAP;
            at
        };
        placed.push((spot, size));
        positions.insert(table.id, spot);
    }
    positions
}

/// True when two boxes, each grown by half the node gap, intersect.
pub fn overlaps(a: Point, a_size: Size, b: Point, b_size: Size) -> bool {
    let m = NODE_GAP / 2.0;
    a.x - m < b.x + b_size.width
        && b.x - m < a.x + a_size.width
        && a.y - m < b.y + b_size.height
        && b.y - m < a.y + a_size.height
}
