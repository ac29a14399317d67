//! The connected components of a layout graph, each laid out on its own and then packed:
//! a table with no foreign key must not be flung to the edge of the page by the others.

use std::collections::BTreeMap;

use super::spec::LayoutGraph;

/// One connected component: its nodes and the edges between them, both as indices into the
/// graph, in ascending order; components in the order of their first node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Component {
    pub nodes: Vec<usize>,
    pub edges: Vec<usize>,
}

/// The graph's connected components (union-find with path halving). Edges that name a node
/// outside the graph are left out.
pub fn components(graph: &LayoutGraph) -> Vec<Component> {
    let n = graph.nodes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for e in graph.edges.iter().filter(|e| e.source < n && e.target < n) {
        let (a, b) = (root(&mut parent, e.source), root(&mut parent, e.target));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut by_root: BTreeMap<usize, Component> = BTreeMap::new();
    for v in 0..n {
        let r = root(&mut parent, v);
        by_root.entry(r).or_default().nodes.push(v);
    }
    for (i, e) in graph.edges.iter().enumerate() {
        if e.source < n && e.target < n {
            let r = root(&mut parent, e.source);
            if let Some(c) = by_root.get_mut(&r) {
                c.edges.push(i);
            }
        }
    }
    by_root.into_values().collect()
}
