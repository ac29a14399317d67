//! The foreign-key graph of a model as the layout engine sees it: a box per table, an edge
//! from each referencing row to the referenced row.

use std::collections::BTreeSet;

use super::collection_box::{collection_size, field_row_center, id_row_center};
use super::geometry::{row_center, table_size};
use super::spec::{EdgeSpec, LayoutGraph, NodeSpec};
use crate::model::{ForeignKey, Id, Model, Table, TableLookup};

/// One foreign key: the referencing table and the key's index within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FkEdge {
    pub table: usize,
    pub foreign_key: usize,
}

/// The model as a [`LayoutGraph`]: a node per table (its box size), an edge per foreign key
/// whose target exists, attached at the rows of its first column and the referenced column.
/// Also returns, per edge, the referencing table's index and the foreign key's index in it.
pub fn layout_graph_of(model: &Model) -> (LayoutGraph, Vec<FkEdge>) {
    let (graph, keys, _) = layout_graph_with_collections(model);
    (graph, keys)
}

/// [`layout_graph_of`] with the collections after the tables: a node per collection (its
/// box unfolded), an edge per reference from the referencing field's row to the target's
/// `_id` row. The third list holds the references' ids, in the order of their edges (after
/// the foreign keys').
pub fn layout_graph_with_collections(model: &Model) -> (LayoutGraph, Vec<FkEdge>, Vec<Id>) {
    let (mut graph, keys) = tables_graph(model);
    let open = BTreeSet::new();
    let base = model.tables.len();
    for c in &model.collections {
        let size = collection_size(c, &open);
        graph.nodes.push(NodeSpec {
            width: size.width,
            height: size.height,
        });
    }
    let mut references = Vec::new();
    for (i, c) in model.collections.iter().enumerate() {
        for r in &c.references {
            let Some(t) = model.collections.iter().position(|x| x.id == r.to) else {
                continue;
            };
            let Some(field) = r.path.last() else {
                continue;
            };
            graph.edges.push(EdgeSpec {
                source: base + i,
                target: base + t,
                source_row: field_row_center(c, &open, *field),
                target_row: id_row_center(&model.collections[t], &open),
            });
            references.push(r.id);
        }
    }
    (graph, keys, references)
}

fn tables_graph(model: &Model) -> (LayoutGraph, Vec<FkEdge>) {
    let lookup = TableLookup::new(model);
    let nodes = model
        .tables
        .iter()
        .map(|t| {
            let size = table_size(t);
            NodeSpec {
                width: size.width,
                height: size.height,
            }
        })
        .collect();
    let mut edges = Vec::with_capacity(model.foreign_key_count());
    let mut keys = Vec::with_capacity(model.foreign_key_count());
    for (i, table) in model.tables.iter().enumerate() {
        for (k, fk) in table.foreign_keys.iter().enumerate() {
            let Some(target) = lookup.target(fk) else {
                continue;
            };
            edges.push(EdgeSpec {
                source: i,
                target,
                source_row: source_row(table, fk),
                target_row: target_row(&model.tables[target], fk),
            });
            keys.push(FkEdge {
                table: i,
                foreign_key: k,
            });
        }
    }
    (LayoutGraph { nodes, edges }, keys)
}

/// Height of a foreign key's first column's row in its table.
pub fn source_row(table: &Table, fk: &ForeignKey) -> f64 {
    fk.columns.first().map_or(0.0, |c| row_center(table, *c))
}

/// Height of the referenced column's row: the named one, else the first primary-key column.
pub fn target_row(target: &Table, fk: &ForeignKey) -> f64 {
    let column = fk.ref_columns.first().or_else(|| {
        target
            .primary_key
            .as_ref()
            .and_then(|pk| pk.columns.first())
    });
    column.map_or(0.0, |c| row_center(target, *c))
}
