//! Diagram layout on petgraph: pure geometry, no browser.

pub mod arrange;
pub mod geometry;
pub mod graph;
pub mod layered;
pub mod routing;
pub mod scene;

pub use arrange::arrange;
pub use geometry::{table_size, Size};
pub use layered::layered_layout;
pub use routing::{route_edges, EdgeRoute};
pub use scene::{build_scene, Scene};
