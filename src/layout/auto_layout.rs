//! The automatic layout of a model: the layered engine on the model's foreign-key graph,
//! giving table positions and edge routes by id; sticky notes go beside the tables. The
//! other arrangements a user can ask for (force-directed, grid by table group) give
//! positions only, and the scene routes their edges directly.

use super::force::force_positions;
use super::free_spot::place_collections;
use super::graph::layout_graph_with_collections;
use super::group_grid::group_grid_positions;
use super::layered::{draft_layout_graph, layout_graph, screen_layout_graph};
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

/// [`layered_layout`] for a part read on one screen (a view): folded by its shape alone
/// (see [`screen_layout_graph`]).
pub fn screen_layered_layout(model: &Model) -> Layout {
    layout_of(model, screen_layout_graph)
}

/// [`layered_layout`] without its slowest refinement (see [`draft_layout_graph`]), for
/// placing a few new tables.
pub fn draft_layered_layout(model: &Model) -> Layout {
    layout_of(model, draft_layout_graph)
}

fn layout_of(model: &Model, engine: fn(&LayoutGraph) -> Drawing) -> Layout {
    let (graph, keys, references) = layout_graph_with_collections(model);
    let drawing = engine(&graph);
    let mut layout = Layout::default();
    let boxes = model
        .tables
        .iter()
        .map(|t| t.id)
        .chain(model.collections.iter().map(|c| c.id));
    for (id, p) in boxes.zip(&drawing.nodes) {
        layout.positions.insert(id, *p);
    }
    let mut routes = drawing.routes.into_iter();
    for (key, route) in keys.iter().zip(routes.by_ref()) {
        let fk = &model.tables[key.table].foreign_keys[key.foreign_key];
        layout.routes.insert(fk.id, route);
    }
    for (id, route) in references.iter().zip(routes) {
        layout.routes.insert(*id, route);
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
            let (graph, _, _) = layout_graph_with_collections(model);
            let positions = force_positions(&graph)?;
            let boxes = model
                .tables
                .iter()
                .map(|t| t.id)
                .chain(model.collections.iter().map(|c| c.id));
            for (id, p) in boxes.zip(positions) {
                layout.positions.insert(id, p);
            }
        }
        Algorithm::Groups => layout.positions.extend(group_grid_positions(model)),
    }
    place_collections(model, &mut layout);
    place_notes(model, &mut layout);
    Ok(layout)
}
