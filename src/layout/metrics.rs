//! Quality of a drawing, the same measure for every engine: crossings between the routed
//! polylines, overlapping boxes, total edge length, bends, and the bounding box.
//!
//! # Complexity
//! Segments and boxes are bucketed in a uniform grid, so the cost follows the number of
//! nearby pairs rather than all pairs.

use std::collections::BTreeMap;

use serde::Serialize;

use super::spec::Rect;
use crate::model::Point;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Proper crossings between segments of two different edges (touching and overlapping
    /// collinear segments are not crossings).
    pub crossings: usize,
    /// Pairs of boxes whose interiors intersect.
    pub overlaps: usize,
    pub edge_length: f64,
    /// Points where a route changes direction.
    pub bends: usize,
    pub width: f64,
    pub height: f64,
    /// Width over height.
    pub aspect_ratio: f64,
}

/// Measures a drawing made of `boxes` and edge `routes`.
pub fn measure(boxes: &[Rect], routes: &[Vec<Point>]) -> Metrics {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for b in boxes {
        min_x = min_x.min(b.x);
        min_y = min_y.min(b.y);
        max_x = max_x.max(b.right());
        max_y = max_y.max(b.bottom());
    }
    for p in routes.iter().flatten() {
        min_x = min_x.min(p.x);
        min_y = min_y.min(p.y);
        max_x = max_x.max(p.x);
        max_y = max_y.max(p.y);
    }
    let (width, height) = if max_x >= min_x {
        (max_x - min_x, max_y - min_y)
    } else {
        (0.0, 0.0)
    };
    let edge_length = routes
        .iter()
        .flat_map(|r| r.windows(2))
        .map(|s| ((s[1].x - s[0].x).powi(2) + (s[1].y - s[0].y).powi(2)).sqrt())
        .sum();
    let bends = routes
        .iter()
        .flat_map(|r| r.windows(3))
        .filter(|w| cross(w[0], w[1], w[2]).abs() > 1e-9)
        .count();
    Metrics {
        crossings: crossings(routes),
        overlaps: overlaps(boxes),
        edge_length,
        bends,
        width,
        height,
        aspect_ratio: if height > 0.0 { width / height } else { 0.0 },
    }
}

/// Pairs of boxes with intersecting interiors, by a sweep over x.
pub fn overlaps(boxes: &[Rect]) -> usize {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| boxes[a].x.total_cmp(&boxes[b].x));
    let mut count = 0;
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if boxes[j].x >= boxes[i].right() {
                break;
            }
            if boxes[i].overlaps(&boxes[j]) {
                count += 1;
            }
        }
    }
    count
}

fn cross(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/// Where segments `a` and `b` cross properly, if they do.
fn proper_crossing(a: (Point, Point), b: (Point, Point)) -> Option<Point> {
    let d1 = cross(b.0, b.1, a.0);
    let d2 = cross(b.0, b.1, a.1);
    let d3 = cross(a.0, a.1, b.0);
    let d4 = cross(a.0, a.1, b.1);
    let eps = 1e-9;
    let opposite = |p: f64, q: f64| (p > eps && q < -eps) || (p < -eps && q > eps);
    if opposite(d1, d2) && opposite(d3, d4) {
        let t = d1 / (d1 - d2);
        Some(Point {
            x: a.0.x + t * (a.1.x - a.0.x),
            y: a.0.y + t * (a.1.y - a.0.y),
        })
    } else {
        None
    }
}

/// Proper crossings between segments of different routes.
pub fn crossings(routes: &[Vec<Point>]) -> usize {
    let segments: Vec<(usize, Point, Point)> = routes
        .iter()
        .enumerate()
        .flat_map(|(e, r)| r.windows(2).map(move |s| (e, s[0], s[1])))
        .filter(|(_, a, b)| a.x != b.x || a.y != b.y)
        .collect();
    if segments.len() < 2 {
        return 0;
    }
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (_, a, b) in &segments {
        min_x = min_x.min(a.x.min(b.x));
        min_y = min_y.min(a.y.min(b.y));
        max_x = max_x.max(a.x.max(b.x));
        max_y = max_y.max(a.y.max(b.y));
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1.0);
    let cells_per_side = ((segments.len() as f64).sqrt().ceil()).clamp(1.0, 512.0);
    let cell = span / cells_per_side;
    let index = |v: f64, min: f64| (((v - min) / cell).floor().max(0.0)) as i64;
    let mut grid: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
    for (i, (_, a, b)) in segments.iter().enumerate() {
        let (x0, x1) = (index(a.x.min(b.x), min_x), index(a.x.max(b.x), min_x));
        let (y0, y1) = (index(a.y.min(b.y), min_y), index(a.y.max(b.y), min_y));
        for gx in x0..=x1 {
            for gy in y0..=y1 {
                grid.entry((gx, gy)).or_default().push(i);
            }
        }
    }
    let mut count = 0;
    for (&(gx, gy), members) in &grid {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                let (ei, ai, bi) = segments[i];
                let (ej, aj, bj) = segments[j];
                if ei == ej {
                    continue;
                }
                // Counted once: in the cell that holds the crossing point.
                if let Some(p) = proper_crossing((ai, bi), (aj, bj)) {
                    if index(p.x, min_x) == gx && index(p.y, min_y) == gy {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    #[test]
    fn counts_proper_crossings_only() {
        let routes = vec![
            vec![p(0.0, 5.0), p(10.0, 5.0)],
            vec![p(5.0, 0.0), p(5.0, 10.0)],
            // Touches the first route's end: not a crossing.
            vec![p(10.0, 0.0), p(10.0, 10.0)],
            // Runs along the first route: not a crossing.
            vec![p(2.0, 5.0), p(8.0, 5.0)],
        ];
        // The second route crosses the first and the fourth.
        assert_eq!(crossings(&routes), 2);
        let boxes = [
            Rect {
                x: 0.0,
                y: 0.0,
                width: 10.0,
                height: 10.0,
            },
            Rect {
                x: 5.0,
                y: 5.0,
                width: 10.0,
                height: 10.0,
            },
            Rect {
                x: 10.0,
                y: 0.0,
                width: 5.0,
                height: 5.0,
            },
        ];
        let m = measure(&boxes, &routes);
        assert_eq!(m.overlaps, 1);
        assert_eq!((m.width, m.height), (15.0, 15.0));
        assert_eq!(m.edge_length, 36.0);
        assert_eq!(m.bends, 0);
    }

    #[test]
    fn a_crossing_on_a_cell_border_is_counted_once() {
        let mut routes: Vec<Vec<Point>> = (0..20)
            .map(|i| vec![p(i as f64 * 10.0, -1.0), p(i as f64 * 10.0, 201.0)])
            .collect();
        routes.push(vec![p(-1.0, 100.0), p(201.0, 100.0)]);
        assert_eq!(crossings(&routes), 20);
    }
}
