//! A first layered (Sugiyama-style) layout: break cycles, assign layers by longest path so a
//! table sits right of every table it references, order each layer by barycenters to reduce
//! crossings, then give coordinates. Tables without any relationship go in a grid below.
//!
//! # Complexity
//! O((T + F) · S) for T tables, F foreign keys and S ordering sweeps.

use std::collections::{BTreeMap, HashSet};

use petgraph::algo::{greedy_feedback_arc_set, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::geometry::{table_size, Size};
use super::graph::schema_graph;
use crate::model::{Id, Model, Point};

pub const LAYER_GAP: f64 = 120.0;
pub const NODE_GAP: f64 = 40.0;
const SWEEPS: usize = 8;

/// Positions (top-left corners) for every table of the model.
pub fn layered_layout(model: &Model) -> BTreeMap<Id, Point> {
    let n = model.tables.len();
    let sizes: Vec<Size> = model.tables.iter().map(table_size).collect();
    let graph = schema_graph(model);

    // An acyclic copy without self-loops: drop a greedy feedback arc set.
    let mut dag: DiGraph<usize, ()> = DiGraph::with_capacity(n, graph.edge_count());
    for i in 0..n {
        dag.add_node(i);
    }
    let mut plain = graph.clone();
    plain.retain_edges(|g, e| g.edge_endpoints(e).is_some_and(|(a, b)| a != b));
    let feedback: HashSet<_> = greedy_feedback_arc_set(&plain).map(|e| e.id()).collect();
    for e in plain.edge_references() {
        if !feedback.contains(&e.id()) {
            dag.update_edge(e.source(), e.target(), ());
        }
    }

    let connected: Vec<bool> = (0..n)
        .map(|i| {
            plain
                .neighbors_undirected(NodeIndex::new(i))
                .next()
                .is_some()
        })
        .collect();

    // Longest-path layering: referenced tables (targets) first.
    let mut layer = vec![0usize; n];
    if let Ok(order) = toposort(&dag, None) {
        for v in order.into_iter().rev() {
            let l = dag
                .neighbors_directed(v, Direction::Outgoing)
                .map(|p| layer[p.index()] + 1)
                .max()
                .unwrap_or(0);
            layer[v.index()] = l;
        }
    }
    let layer_count = (0..n)
        .filter(|&i| connected[i])
        .map(|i| layer[i] + 1)
        .max()
        .unwrap_or(0);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for i in (0..n).filter(|&i| connected[i]) {
        layers[layer[i]].push(i);
    }

    order_layers(&mut layers, &plain, n);

    let mut positions = BTreeMap::new();
    let heights: Vec<f64> = layers
        .iter()
        .map(|l| l.iter().map(|&i| sizes[i].height + NODE_GAP).sum::<f64>() - NODE_GAP)
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f64::max);
    let mut x = 0.0;
    for (l, members) in layers.iter().enumerate() {
        let width = members.iter().map(|&i| sizes[i].width).fold(0.0, f64::max);
        let mut y = (tallest - heights[l]) / 2.0;
        for &i in members {
            positions.insert(model.tables[i].id, Point { x, y: y.round() });
            y += sizes[i].height + NODE_GAP;
        }
        x += width + LAYER_GAP;
    }

    // Tables without relationships: a grid below the connected drawing.
    let loose: Vec<usize> = (0..n).filter(|&i| !connected[i]).collect();
    if !loose.is_empty() {
        let per_row = ((loose.len() as f64).sqrt().ceil() as usize).max(1);
        let top = if layer_count > 0 {
            tallest + LAYER_GAP
        } else {
            0.0
        };
        let mut y = top;
        for row in loose.chunks(per_row) {
            let mut x = 0.0;
            let mut row_height: f64 = 0.0;
            for &i in row {
                positions.insert(model.tables[i].id, Point { x, y });
                x += sizes[i].width + NODE_GAP;
                row_height = row_height.max(sizes[i].height);
            }
            y += row_height + NODE_GAP;
        }
    }
    positions
}

/// Barycenter sweeps: each table moves towards the mean position of its neighbours.
fn order_layers<E>(layers: &mut [Vec<usize>], graph: &DiGraph<usize, E>, n: usize) {
    let mut rank = vec![0.0f64; n];
    let refresh = |layers: &[Vec<usize>], rank: &mut [f64]| {
        for members in layers {
            let size = members.len().max(1) as f64;
            for (p, &i) in members.iter().enumerate() {
                rank[i] = (p as f64 + 0.5) / size;
            }
        }
    };
    refresh(layers, &mut rank);
    for _ in 0..SWEEPS {
        for members in layers.iter_mut() {
            let mut keyed: Vec<(f64, usize)> = members
                .iter()
                .map(|&i| {
                    let (sum, count) = graph
                        .neighbors_undirected(NodeIndex::new(i))
                        .filter(|nb| nb.index() != i)
                        .fold((0.0, 0usize), |(s, c), nb| (s + rank[nb.index()], c + 1));
                    let key = if count == 0 {
                        rank[i]
                    } else {
                        sum / count as f64
                    };
                    (key, i)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *members = keyed.into_iter().map(|(_, i)| i).collect();
        }
        refresh(layers, &mut rank);
    }
}
