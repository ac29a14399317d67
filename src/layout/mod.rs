//! Diagram layout on petgraph: pure geometry, no browser.

pub mod arrange;
pub mod auto_layout;
pub mod bands;
pub mod channels;
pub mod collection_box;
pub mod components;
pub mod coordinates;
pub mod cycles;
pub mod force;
pub mod free_spot;
pub mod geometry;
pub mod graph;
pub mod group_grid;
pub mod layered;
pub mod layering;
pub mod metrics;
pub mod notes;
pub mod ordering;
pub mod orientation;
pub mod packing;
pub mod reference_routes;
pub mod routing;
pub mod scene;
pub mod scene_cache;
pub mod spec;
pub mod verify;
pub mod view;
pub mod viewport;

pub use arrange::arrange;
pub use auto_layout::{auto_layout, layered_layout, Algorithm};
pub use geometry::{table_size, Size};
pub use layered::layout_graph;
pub use routing::{route_edges, EdgeRoute};
pub use scene::{build_scene, Scene};
pub use spec::{Drawing, EdgeSpec, LayoutGraph, NodeSpec, Rect};
