//! Force-directed placement for small schemas, on request: tables joined by foreign keys
//! pull together, every pair pushes apart (Fruchterman–Reingold, on box centres, with a
//! cooling step), then overlapping boxes are separated. Each connected component is placed
//! on its own and the components are packed like the layered layout's. Deterministic: the
//! start is a circle in model order and there is no randomness. Edges are routed directly
//! between the boxes where they end up.

use std::collections::BTreeMap;

use super::components::components;
use super::layered::{COMPONENT_GAP, NODE_GAP, TARGET_ASPECT};
use super::packing::pack;
use super::spec::{LayoutGraph, Rect};
use crate::model::Point;

/// Above this many tables the pairwise forces cost too much for an interactive click; the
/// layered layout is the one for large schemas.
pub const FORCE_MAX_TABLES: usize = 300;
const ITERATIONS: usize = 300;

/// Top-left corners for the graph's boxes; `Err` above [`FORCE_MAX_TABLES`].
pub fn force_positions(graph: &LayoutGraph) -> Result<Vec<Point>, String> {
    let n = graph.nodes.len();
    if n > FORCE_MAX_TABLES {
        return Err(format!(
            "force-directed layout is for schemas of up to {FORCE_MAX_TABLES} tables; this one has {n}"
        ));
    }
    let parts: Vec<(Vec<usize>, Vec<Rect>)> = components(graph)
        .into_iter()
        .map(|c| {
            let boxes = place_component(graph, &c.nodes, &c.edges);
            (c.nodes, boxes)
        })
        .collect();
    let sizes: Vec<(f64, f64)> = parts
        .iter()
        .map(|(_, boxes)| {
            let right = boxes.iter().map(Rect::right).fold(0.0, f64::max);
            let bottom = boxes.iter().map(Rect::bottom).fold(0.0, f64::max);
            (right, bottom)
        })
        .collect();
    let offsets = pack(&sizes, COMPONENT_GAP, TARGET_ASPECT);
    let mut out = vec![Point::default(); n];
    for ((nodes, boxes), (dx, dy)) in parts.iter().zip(offsets) {
        for (&v, b) in nodes.iter().zip(boxes) {
            out[v] = Point {
                x: (b.x + dx).round(),
                y: (b.y + dy).round(),
            };
        }
    }
    Ok(out)
}

/// The boxes of one component (`nodes`, joined by `edges`), apart and with their top-left
/// bound at the origin.
fn place_component(graph: &LayoutGraph, nodes: &[usize], edges: &[usize]) -> Vec<Rect> {
    let n = nodes.len();
    let local: BTreeMap<usize, usize> = nodes.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let links: Vec<(usize, usize)> = edges
        .iter()
        .filter_map(|&e| {
            let spec = &graph.edges[e];
            Some((*local.get(&spec.source)?, *local.get(&spec.target)?))
        })
        .filter(|(a, b)| a != b)
        .collect();
    // The ideal distance between joined centres: the typical box plus a gap.
    let typical = nodes
        .iter()
        .map(|&v| (graph.nodes[v].width + graph.nodes[v].height) / 2.0)
        .sum::<f64>()
        / n.max(1) as f64;
    let k = typical * 0.8 + NODE_GAP;
    let radius = k * (n as f64).sqrt();
    let mut centre: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / n as f64;
            (radius * angle.cos(), radius * angle.sin())
        })
        .collect();
    let mut temperature = radius / 2.0;
    let cooling = temperature / ITERATIONS as f64;
    for _ in 0..ITERATIONS {
        let mut shift = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (centre[i].0 - centre[j].0, centre[i].1 - centre[j].1);
                let d2 = (dx * dx + dy * dy).max(1.0);
                // Repulsion k² / d along the unit vector: k² · (dx, dy) / d².
                let f = k * k / d2;
                shift[i].0 += dx * f;
                shift[i].1 += dy * f;
                shift[j].0 -= dx * f;
                shift[j].1 -= dy * f;
            }
        }
        for &(a, b) in &links {
            let (dx, dy) = (centre[a].0 - centre[b].0, centre[a].1 - centre[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1.0);
            // Attraction d² / k along the unit vector: (dx, dy) · d / k.
            let f = d / k;
            shift[a].0 -= dx * f;
            shift[a].1 -= dy * f;
            shift[b].0 += dx * f;
            shift[b].1 += dy * f;
        }
        for (c, s) in centre.iter_mut().zip(&shift) {
            let length = (s.0 * s.0 + s.1 * s.1).sqrt();
            if length > 0.0 {
                let step = length.min(temperature) / length;
                c.0 += s.0 * step;
                c.1 += s.1 * step;
            }
        }
        temperature = (temperature - cooling).max(1.0);
    }
    let mut boxes: Vec<Rect> = nodes
        .iter()
        .zip(&centre)
        .map(|(&v, c)| Rect {
            x: c.0 - graph.nodes[v].width / 2.0,
            y: c.1 - graph.nodes[v].height / 2.0,
            width: graph.nodes[v].width,
            height: graph.nodes[v].height,
        })
        .collect();
    separate(&mut boxes);
    let min_x = boxes.iter().map(|b| b.x).fold(f64::INFINITY, f64::min);
    let min_y = boxes.iter().map(|b| b.y).fold(f64::INFINITY, f64::min);
    for b in &mut boxes {
        b.x -= min_x;
        b.y -= min_y;
    }
    boxes
}

/// Pushes overlapping boxes (grown by half the node gap) apart along the axis where they
/// overlap least, until none overlap. Each pass fixes every pair it finds; a final sweep
/// guarantees termination by moving any box still overlapping to a free row below.
fn separate(boxes: &mut [Rect]) {
    let m = NODE_GAP / 2.0;
    let grown = |b: &Rect| Rect {
        x: b.x - m,
        y: b.y - m,
        width: b.width + 2.0 * m,
        height: b.height + 2.0 * m,
    };
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..boxes.len() {
            for j in (i + 1)..boxes.len() {
                let (a, b) = (grown(&boxes[i]), grown(&boxes[j]));
                if !a.overlaps(&b) {
                    continue;
                }
                let push_x = (a.right() - b.x).min(b.right() - a.x);
                let push_y = (a.bottom() - b.y).min(b.bottom() - a.y);
                let (ca, cb) = (a.x + a.width / 2.0, b.x + b.width / 2.0);
                let (ma, mb) = (a.y + a.height / 2.0, b.y + b.height / 2.0);
                if push_x < push_y {
                    let d = (push_x / 2.0 + 0.5) * if ca <= cb { 1.0 } else { -1.0 };
                    boxes[i].x -= d;
                    boxes[j].x += d;
                } else {
                    let d = (push_y / 2.0 + 0.5) * if ma <= mb { 1.0 } else { -1.0 };
                    boxes[i].y -= d;
                    boxes[j].y += d;
                }
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
    // Still tangled after every pass: stack the offenders below everything.
    let mut floor = boxes.iter().map(|b| b.bottom()).fold(f64::MIN, f64::max) + NODE_GAP;
    for i in 0..boxes.len() {
        let clash =
            (0..boxes.len()).any(|j| j != i && grown(&boxes[i]).overlaps(&grown(&boxes[j])));
        if clash {
            boxes[i].y = floor;
            boxes[i].x = 0.0;
            floor += boxes[i].height + NODE_GAP;
        }
    }
}
