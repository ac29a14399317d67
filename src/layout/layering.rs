//! Layering: which column each table goes in. Referenced tables sit left of the tables that
//! reference them (edges turned around by `cycles` or `orientation` count the other way). Real schemas are shallow and hub-dominated (one table referenced by a
//! hundred), so a layer can hold far more tables than fit one column: such layers are
//! wrapped into several ranks side by side instead of stretching the drawing downwards.
//!
//! # Complexity
//! O(V + E).

use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

/// Layer of each node for acyclic `edges` (`from` references `to`): longest path from the
/// tables that reference nothing, then every referenced table moved right to just before
/// its nearest referencing table, which shortens edges without lengthening any.
pub fn assign_layers(nodes: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(nodes, edges.len());
    for _ in 0..nodes {
        graph.add_node(());
    }
    for &(a, b) in edges {
        if a != b {
            graph.update_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    let Ok(order) = toposort(&graph, None) else {
        return vec![0; nodes];
    };
    let mut layer = vec![0usize; nodes];
    for &v in order.iter().rev() {
        layer[v.index()] = graph
            .neighbors_directed(v, Direction::Outgoing)
            .map(|t| layer[t.index()] + 1)
            .max()
            .unwrap_or(0);
    }
    for &v in &order {
        if let Some(nearest) = graph
            .neighbors_directed(v, Direction::Incoming)
            .map(|s| layer[s.index()])
            .min()
        {
            layer[v.index()] = nearest.saturating_sub(1).max(layer[v.index()]);
        }
    }
    layer
}

/// Ranks (columns) from layers: a layer whose stacked boxes are taller than `max_height` is
/// split into several ranks. Tables referenced from the right go in the rank nearest the
/// right; tables referenced by nothing fill from the left, nearest what they reference.
/// Returns the rank of each node and the number of ranks.
pub fn wrap_layers(
    layer: &[usize],
    heights: &[f64],
    referenced: &[bool],
    gap: f64,
    max_height: f64,
) -> (Vec<usize>, usize) {
    let layers = layer.iter().map(|l| l + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (v, &l) in layer.iter().enumerate() {
        members[l].push(v);
    }
    let mut rank = vec![0usize; layer.len()];
    let mut base = 0;
    for nodes in &members {
        let stacked: f64 = nodes.iter().map(|&v| heights[v] + gap).sum();
        let count = ((stacked / max_height.max(1.0)).ceil() as usize).clamp(1, nodes.len().max(1));
        let mut filled = vec![0.0f64; count];
        let mut place = |v: usize, order: &[usize]| {
            let h = heights[v] + gap;
            let slot = order
                .iter()
                .copied()
                .find(|&r| filled[r] == 0.0 || filled[r] + h <= max_height)
                .unwrap_or_else(|| {
                    (0..count)
                        .min_by(|&a, &b| filled[a].total_cmp(&filled[b]))
                        .unwrap_or(0)
                });
            filled[slot] += h;
            rank[v] = base + slot;
        };
        let right_first: Vec<usize> = (0..count).rev().collect();
        let left_first: Vec<usize> = (0..count).collect();
        for &v in nodes.iter().filter(|&&v| referenced[v]) {
            place(v, &right_first);
        }
        for &v in nodes.iter().filter(|&&v| !referenced[v]) {
            place(v, &left_first);
        }
        base += count;
    }
    (rank, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referenced_tables_sit_left_and_close_to_their_referencers() {
        // 1 -> 0, 2 -> 1, 2 -> 3: 3 is referenced only from layer 2, so it moves to layer 1.
        let layer = assign_layers(4, &[(1, 0), (2, 1), (2, 3)]);
        assert_eq!(layer, [0, 1, 2, 1]);
    }

    #[test]
    fn a_hub_layer_wraps_into_ranks() {
        // 30 tables of height 100 referencing one hub: with room for 10 a column, 3 ranks.
        let mut layer = vec![0];
        layer.extend(std::iter::repeat_n(1, 30));
        let heights = vec![100.0; 31];
        let mut referenced = vec![false; 31];
        referenced[0] = true;
        let (rank, count) = wrap_layers(&layer, &heights, &referenced, 0.0, 1000.0);
        assert_eq!(count, 4);
        assert_eq!(rank[0], 0);
        for r in 1..4 {
            assert_eq!(rank.iter().filter(|&&x| x == r).count(), 10);
        }
    }
}
