//! The foreign-key graph of a model on petgraph: a node per table, an edge from each
//! referencing table to the table it references.

use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{Model, TableLookup};

/// One foreign key: the referencing table and the key's index within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FkEdge {
    pub table: usize,
    pub foreign_key: usize,
}

/// Node `i` is `model.tables[i]`.
pub fn schema_graph(model: &Model) -> DiGraph<usize, FkEdge> {
    let lookup = TableLookup::new(model);
    let mut graph = DiGraph::with_capacity(model.tables.len(), model.foreign_key_count());
    for i in 0..model.tables.len() {
        graph.add_node(i);
    }
    for (i, table) in model.tables.iter().enumerate() {
        for (k, fk) in table.foreign_keys.iter().enumerate() {
            if let Some(target) = lookup.target(fk) {
                graph.add_edge(
                    NodeIndex::new(i),
                    NodeIndex::new(target),
                    FkEdge {
                        table: i,
                        foreign_key: k,
                    },
                );
            }
        }
    }
    graph
}
