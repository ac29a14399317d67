//! The automatic layout of a model: the layered engine on the model's foreign-key graph,
//! giving table positions and edge routes by id; sticky notes go beside the tables. The
//! other arrangements a user can ask for (force-directed, grid by table group) give
//! positions only, and the scene routes their edges directly.

use super::force::force_positions;
use super::graph::layout_graph_of;
use super::group_grid::group_grid_positions;
use super::layered::{draft_layout_graph, layout_graph};
use super::notes::place_notes;
use super::spec::{Drawing, LayoutGraph};
use crate::model::{Layout, Model};

/// The arrangements "Auto-arrange" offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Algorithm {
    /// Layered, hub-aware, with routed edges: the default, for any size.
    #[default]
    Layered,
    /// Force-directed, for small schemas.
    Force,
    /// A block per table group, tables in a grid inside it.
    Groups,
}

impl Algorithm {
    pub const ALL: [Algorithm; 3] = [Algorithm::Layered, Algorithm::Force, Algorithm::Groups];

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Layered => "layered",
            Algorithm::Force => "force",
            Algorithm::Groups => "groups",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Algorithm::Layered => "Layered",
            Algorithm::Force => "Force-directed",
            Algorithm::Groups => "Grid by group",
        }
    }

    pub fn parse(text: &str) -> Option<Algorithm> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(text.trim()))
    }
}

/// Positions for every table and note, and routes for every foreign key whose target exists.
pub fn layered_layout(model: &Model) -> Layout {
    layout_of(model, layout_graph)
}

/// [`layered_layout`] without its slowest refinement (see [`draft_layout_graph`]), for
/// placing a few new tables.
pub fn draft_layered_layout(model: &Model) -> Layout {
    layout_of(model, draft_layout_graph)
}

fn layout_of(model: &Model, engine: fn(&LayoutGraph) -> Drawing) -> Layout {
    let (graph, keys) = layout_graph_of(model);
    let drawing = engine(&graph);
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

/// The whole model laid out again by `algorithm`; `Err` with a reason when the algorithm
/// does not fit the model (force-directed on a large schema).
pub fn auto_layout(model: &Model, algorithm: Algorithm) -> Result<Layout, String> {
    let mut layout = Layout::default();
    match algorithm {
        Algorithm::Layered => return Ok(layered_layout(model)),
        Algorithm::Force => {
            let (graph, _) = layout_graph_of(model);
            let positions = force_positions(&graph)?;
            for (table, p) in model.tables.iter().zip(positions) {
                layout.positions.insert(table.id, p);
            }
        }
        Algorithm::Groups => layout.positions.extend(group_grid_positions(model)),
    }
    place_notes(model, &mut layout);
    Ok(layout)
}
