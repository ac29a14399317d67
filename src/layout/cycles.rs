//! Cycle removal: foreign keys can form cycles (a table referencing itself through others);
//! a layered layout needs an acyclic graph, so a small set of edges is turned around.
//!
//! # Complexity
//! O(V + E): petgraph's greedy feedback arc set (Eades, Lin and Smyth) on the graph with
//! parallel edges merged, so parallel edges always point the same way.

use std::collections::BTreeSet;

use petgraph::algo::greedy_feedback_arc_set;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

/// For each edge `(from, to)`, whether it must be reversed; self-loops are never reversed.
pub fn reversed_edges(nodes: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let pairs: BTreeSet<(usize, usize)> = edges.iter().copied().filter(|(a, b)| a != b).collect();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(nodes, pairs.len());
    for _ in 0..nodes {
        graph.add_node(());
    }
    for &(a, b) in &pairs {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
    }
    let feedback: BTreeSet<(usize, usize)> = greedy_feedback_arc_set(&graph)
        .map(|e| (e.source().index(), e.target().index()))
        .collect();
    edges.iter().map(|pair| feedback.contains(pair)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_every_cycle_and_keeps_parallel_edges_together() {
        let edges = [(0, 1), (1, 2), (2, 0), (0, 1), (3, 3)];
        let reversed = reversed_edges(4, &edges);
        assert!(!reversed[4], "self-loops stay");
        assert_eq!(
            reversed[0], reversed[3],
            "parallel edges point the same way"
        );
        let oriented: Vec<(usize, usize)> = edges
            .iter()
            .zip(&reversed)
            .filter(|((a, b), _)| a != b)
            .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
            .collect();
        let mut graph: DiGraph<(), ()> = DiGraph::new();
        for _ in 0..4 {
            graph.add_node(());
        }
        for (a, b) in oriented {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
        assert!(petgraph::algo::toposort(&graph, None).is_ok());
        assert_eq!(reversed.iter().filter(|r| **r).count(), 1);
    }
}
