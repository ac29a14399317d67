//! Keeps the picture stable across edits: tables that already have a position keep it, and
//! only new tables are placed. A new table goes to the free spot nearest the tables it is
//! joined to by foreign keys; one with no placed neighbour goes where the layered layout
//! would put it if that spot is free, otherwise in a column to the right of everything.
//! Routes whose ends have not moved stay.

use std::collections::BTreeSet;

use super::auto_layout::{draft_layered_layout, layered_layout};
use super::geometry::{table_size, Size};
use super::layered::NODE_GAP;
use super::notes::{place_notes, placed_notes};
use crate::model::{Layout, Model, Point, TableLookup};

/// Distance between the spots tried around a new table's neighbours.
const STEP: f64 = NODE_GAP;
/// How many rings of spots are tried around the neighbours before giving up on them.
const RINGS: i32 = 40;

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
    let tables_placed = layout.positions.len();
    for n in &model.notes {
        if let Some(p) = previous.positions.get(&n.id) {
            layout.positions.insert(n.id, *p);
        }
    }
    if tables_placed == model.tables.len() {
        place_notes(model, &mut layout);
        return layout;
    }
    if layout.positions.is_empty() {
        return layered_layout(model);
    }
    // Only the new tables without placed neighbours take their place from it.
    let fresh = draft_layered_layout(model);
    let sizes: Vec<Size> = model.tables.iter().map(|t| table_size(t)).collect();
    let neighbours = neighbours(model);
    let mut placed: Vec<(Point, Size)> = model
        .tables
        .iter()
        .zip(&sizes)
        .filter_map(|(t, s)| layout.positions.get(&t.id).map(|p| (*p, *s)))
        .collect();
    // Notes the user placed are obstacles too.
    placed.extend(placed_notes(model, &layout));
    let right_edge = placed
        .iter()
        .map(|(p, s)| p.x + s.width)
        .fold(f64::MIN, f64::max);
    let mut spill = Point {
        x: right_edge + NODE_GAP * 2.0,
        y: placed.iter().map(|(p, _)| p.y).fold(f64::MAX, f64::min),
    };
    let mut waiting: BTreeSet<usize> = (0..model.tables.len())
        .filter(|&i| !layout.positions.contains_key(&model.tables[i].id))
        .collect();
    // The table with the most placed neighbours goes first, so a chain of new tables grows
    // out from the tables it hangs on.
    while !waiting.is_empty() {
        let placed_around = |i: usize| -> Vec<(Point, Size)> {
            neighbours[i]
                .iter()
                .filter_map(|&n| {
                    layout
                        .positions
                        .get(&model.tables[n].id)
                        .map(|p| (*p, sizes[n]))
                })
                .collect()
        };
        let next = waiting
            .iter()
            .copied()
            .max_by_key(|&i| (placed_around(i).len(), std::cmp::Reverse(i)))
            .unwrap_or_default();
        waiting.remove(&next);
        let size = sizes[next];
        let around = placed_around(next);
        let spot = if around.is_empty() {
            None
        } else {
            nearest_free_spot(&around, size, &placed)
        };
        let spot = spot.unwrap_or_else(|| {
            let wanted = fresh
                .positions
                .get(&model.tables[next].id)
                .copied()
                .unwrap_or(spill);
            if placed.iter().all(|(p, s)| !overlaps(wanted, size, *p, *s)) {
                wanted
            } else {
                let at = spill;
                spill.y += size.height + NODE_GAP;
                at
            }
        });
        placed.push((spot, size));
        layout.positions.insert(model.tables[next].id, spot);
    }
    place_notes(model, &mut layout);
    layout
}

/// For each table, the tables it references or is referenced by (itself excluded).
fn neighbours(model: &Model) -> Vec<BTreeSet<usize>> {
    let lookup = TableLookup::new(model);
    let mut out = vec![BTreeSet::new(); model.tables.len()];
    for (i, t) in model.tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            if let Some(j) = lookup.target(fk).filter(|&j| j != i) {
                out[i].insert(j);
                out[j].insert(i);
            }
        }
    }
    out
}

/// The free spot for a box of `size` whose centre is nearest the centre of its neighbours'
/// boxes, searched on rings of growing size around it; `None` when the rings are full.
fn nearest_free_spot(
    around: &[(Point, Size)],
    size: Size,
    placed: &[(Point, Size)],
) -> Option<Point> {
    let n = around.len() as f64;
    let cx = around.iter().map(|(p, s)| p.x + s.width / 2.0).sum::<f64>() / n;
    let cy = around
        .iter()
        .map(|(p, s)| p.y + s.height / 2.0)
        .sum::<f64>()
        / n;
    let origin = Point {
        x: (cx - size.width / 2.0).round(),
        y: (cy - size.height / 2.0).round(),
    };
    // Only boxes that a spot within the rings could touch are checked.
    let reach = f64::from(RINGS) * STEP + size.width.max(size.height) + NODE_GAP;
    let nearby: Vec<(Point, Size)> = placed
        .iter()
        .filter(|(p, s)| {
            p.x - reach < origin.x + size.width
                && origin.x - reach < p.x + s.width
                && p.y - reach < origin.y + size.height
                && origin.y - reach < p.y + s.height
        })
        .copied()
        .collect();
    let free = |at: Point| nearby.iter().all(|(p, s)| !overlaps(at, size, *p, *s));
    for ring in 0..=RINGS {
        let mut best: Option<(f64, Point)> = None;
        for i in -ring..=ring {
            for j in -ring..=ring {
                if i.abs().max(j.abs()) != ring {
                    continue;
                }
                let at = Point {
                    x: origin.x + f64::from(i) * STEP,
                    y: origin.y + f64::from(j) * STEP,
                };
                let distance = f64::from(i * i + j * j);
                if best.is_none_or(|(d, _)| distance < d) && free(at) {
                    best = Some((distance, at));
                }
            }
        }
        if let Some((_, at)) = best {
            return Some(at);
        }
    }
    None
}

/// True when two boxes, each grown by half the node gap, intersect.
pub fn overlaps(a: Point, a_size: Size, b: Point, b_size: Size) -> bool {
    let m = NODE_GAP / 2.0;
    a.x - m < b.x + b_size.width
        && b.x - m < a.x + a_size.width
        && a.y - m < b.y + b_size.height
        && b.y - m < a.y + a_size.height
}
