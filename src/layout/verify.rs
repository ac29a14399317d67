//! Invariants of a drawing made by the layout engine, checked in tests over every corpus
//! schema and random graphs: no two boxes overlap, every edge starts on its source row and
//! ends on its target row at a side of the box, runs orthogonally and never through a box.

use super::spec::{Drawing, LayoutGraph, Rect};
use crate::model::Point;

/// Every broken invariant, in words; empty when the drawing is sound.
pub fn verify(graph: &LayoutGraph, drawing: &Drawing) -> Vec<String> {
    let mut problems = Vec::new();
    if drawing.nodes.len() != graph.nodes.len() || drawing.routes.len() != graph.edges.len() {
        problems.push("the drawing does not match the graph's size".to_string());
        return problems;
    }
    let boxes = graph.boxes(drawing);
    let overlapping = super::metrics::overlaps(&boxes);
    if overlapping > 0 {
        problems.push(format!("{overlapping} pairs of boxes overlap"));
    }
    for (e, (spec, route)) in graph.edges.iter().zip(&drawing.routes).enumerate() {
        let (Some(first), Some(last)) = (route.first(), route.last()) else {
            problems.push(format!("edge {e} has no route"));
            continue;
        };
        let (s, t) = (boxes[spec.source], boxes[spec.target]);
        if !on_row(*first, &s, spec.source_row) {
            problems.push(format!(
                "edge {e} does not start on its row: {first:?} for {s:?}"
            ));
        }
        if !on_row(*last, &t, spec.target_row) {
            problems.push(format!(
                "edge {e} does not end on its row: {last:?} for {t:?}"
            ));
        }
        for w in route.windows(2) {
            if w[0].x != w[1].x && w[0].y != w[1].y {
                problems.push(format!(
                    "edge {e} has a diagonal segment {:?}",
                    (w[0], w[1])
                ));
            }
        }
        for (b, rect) in boxes.iter().enumerate() {
            if route.windows(2).any(|w| passes_through(w[0], w[1], rect)) {
                problems.push(format!("edge {e} passes through box {b}"));
            }
        }
    }
    problems
}

fn on_row(p: Point, b: &Rect, row: f64) -> bool {
    (p.y - (b.y + row)).abs() < 1e-6 && ((p.x - b.x).abs() < 1e-6 || (p.x - b.right()).abs() < 1e-6)
}

/// True when an axis-parallel segment enters the interior of `r`.
fn passes_through(a: Point, b: Point, r: &Rect) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.right()
        && x1 > r.x
        && y0 < r.bottom()
        && y1 > r.y
        && (x1 > x0 || y1 > y0)
        && !(x0 == x1 && (x0 <= r.x || x0 >= r.right()))
        && !(y0 == y1 && (y0 <= r.y || y0 >= r.bottom()))
}
