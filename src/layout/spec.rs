//! The layout engine's input and output, free of the model: boxes with their sizes, edges
//! between rows of boxes. The benchmark hands the same graphs to other layout engines.

use serde::{Deserialize, Serialize};

use crate::model::Point;

/// A graph to lay out: box sizes, and edges that attach at given heights of their boxes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayoutGraph {
    pub nodes: Vec<NodeSpec>,
    pub edges: Vec<EdgeSpec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeSpec {
    pub width: f64,
    pub height: f64,
}

/// A foreign key: from the referencing box (`source`) to the referenced one (`target`),
/// leaving and entering at the given heights below the top of each box (the column rows).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeSpec {
    pub source: usize,
    pub target: usize,
    pub source_row: f64,
    pub target_row: f64,
}

/// A laid-out graph: the top-left corner of every box and the polyline of every edge, from
/// its source row to its target row, in the order of the graph's nodes and edges.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    pub nodes: Vec<Point>,
    pub routes: Vec<Vec<Point>>,
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// True when the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    pub fn contains(&self, other: &Rect) -> bool {
        self.x <= other.x
            && self.y <= other.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

impl LayoutGraph {
    /// The boxes of a drawing of this graph.
    pub fn boxes(&self, drawing: &Drawing) -> Vec<Rect> {
        self.nodes
            .iter()
            .zip(&drawing.nodes)
            .map(|(n, p)| Rect {
                x: p.x,
                y: p.y,
                width: n.width,
                height: n.height,
            })
            .collect()
    }
}
