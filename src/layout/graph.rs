//! The foreign-key graph of a model as the layout engine sees it: a box per table, an edge
//! from each referencing row to the referenced row.

use super::geometry::{row_center, table_size};
use super::spec::{EdgeSpec, LayoutGraph, NodeSpec};
use crate::model::{ForeignKey, Model, Table, TableLookup};

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
