//! The automatic layout of a model: the layered engine on the model's foreign-key graph,
//! giving table positions and edge routes by id; sticky notes go beside the tables.

use super::graph::layout_graph_of;
use super::layered::layout_graph;
use super::notes::place_notes;
use crate::model::{Layout, Model};

/// Positions for every table and note, and routes for every foreign key whose target exists.
pub fn layered_layout(model: &Model) -> Layout {
    let (graph, keys) = layout_graph_of(model);
    let drawing = layout_graph(&graph);
    let mut layout = Layout::default();
    for (table, p) in model.tables.iter().zip(&drawing.nodes) {
        layout.positions.insert(table.id, *p);
    }
    for (key, route) in keys.iter().zip(drawing.routes) {
        let fk = &model.tables[key.table].foreign_keys[key.foreign_key];
        layout.routes.insert(fk.id, route);
    }
    place_notes(model, &mut layout);
    layout
}
