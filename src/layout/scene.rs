//! Everything the diagram draws, computed from the model and positions: boxes, rows with
//! their key markers, edge routes and the bounds. Pure data, so the browser only paints it.

use std::collections::BTreeMap;

use super::geometry::{row_center, table_size};
use super::routing::{route_edges, EdgeRoute};
use crate::model::{Id, Model, Point};

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub tables: Vec<TableBox>,
    pub edges: Vec<EdgeRoute>,
    pub bounds: Bounds,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableBox {
    pub id: Id,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub type_name: String,
    /// Vertical centre, relative to the top of the box.
    pub center: f64,
    pub markers: Vec<Marker>,
}

/// The key and nullability markers shown before a column's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    PrimaryKey,
    ForeignKey,
    Unique,
    NotNull,
}

impl Marker {
    pub fn label(self) -> &'static str {
        match self {
            Marker::PrimaryKey => "PK",
            Marker::ForeignKey => "FK",
            Marker::Unique => "UQ",
            Marker::NotNull => "NN",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

/// Builds the scene; tables without a position are left out.
pub fn build_scene(model: &Model, positions: &BTreeMap<Id, Point>) -> Scene {
    let mut tables = Vec::with_capacity(model.tables.len());
    let mut bounds: Option<Bounds> = None;
    for table in &model.tables {
        let Some(p) = positions.get(&table.id) else {
            continue;
        };
        let size = table_size(table);
        let rows = table
            .columns
            .iter()
            .map(|c| {
                let mut markers = Vec::new();
                if table.is_primary_key_column(&c.name) {
                    markers.push(Marker::PrimaryKey);
                }
                if table.is_foreign_key_column(&c.name) {
                    markers.push(Marker::ForeignKey);
                }
                if markers.len() < 2 && table.is_unique_column(&c.name) {
                    markers.push(Marker::Unique);
                }
                if markers.is_empty() && !c.nullable {
                    markers.push(Marker::NotNull);
                }
                Row {
                    name: c.name.clone(),
                    type_name: c.data_type.spelling.clone(),
                    center: row_center(table, &c.name),
                    markers,
                }
            })
            .collect();
        let b = Bounds {
            min_x: p.x,
            min_y: p.y,
            max_x: p.x + size.width,
            max_y: p.y + size.height,
        };
        bounds = Some(match bounds {
            None => b,
            Some(a) => Bounds {
                min_x: a.min_x.min(b.min_x),
                min_y: a.min_y.min(b.min_y),
                max_x: a.max_x.max(b.max_x),
                max_y: a.max_y.max(b.max_y),
            },
        });
        tables.push(TableBox {
            id: table.id,
            name: table.qualified_name(),
            x: p.x,
            y: p.y,
            width: size.width,
            height: size.height,
            rows,
        });
    }
    let edges = route_edges(model, positions);
    let mut bounds = bounds.unwrap_or_default();
    for point in edges.iter().flat_map(|e| e.points.iter()) {
        bounds.min_x = bounds.min_x.min(point.x);
        bounds.max_x = bounds.max_x.max(point.x);
        bounds.min_y = bounds.min_y.min(point.y);
        bounds.max_y = bounds.max_y.max(point.y);
    }
    Scene {
        tables,
        edges,
        bounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;

    #[test]
    fn marks_keys_and_ends_edges_on_column_rows() {
        let project = example_project();
        let scene = build_scene(&project.model, &project.layout.positions);
        assert_eq!(scene.tables.len(), 3);
        assert_eq!(scene.edges.len(), 2);
        let prefs = scene
            .tables
            .iter()
            .find(|t| t.name == "user_preferences")
            .expect("user_preferences drawn");
        assert_eq!(
            prefs.rows[0].markers,
            [Marker::PrimaryKey, Marker::ForeignKey]
        );
        let users = scene
            .tables
            .iter()
            .find(|t| t.name == "users")
            .expect("users");
        assert_eq!(users.rows[1].markers, [Marker::Unique]);
        assert_eq!(users.rows[2].markers, [Marker::NotNull]);
        for edge in &scene.edges {
            let from = scene
                .tables
                .iter()
                .find(|t| t.id == edge.table)
                .expect("source box");
            let to = scene
                .tables
                .iter()
                .find(|t| t.id == edge.target)
                .expect("target box");
            let (first, last) = (edge.points[0], edge.points[edge.points.len() - 1]);
            assert!(from
                .rows
                .iter()
                .any(|r| (from.y + r.center - first.y).abs() < 1e-9));
            assert!(to
                .rows
                .iter()
                .any(|r| (to.y + r.center - last.y).abs() < 1e-9));
            assert!(first.x == from.x || first.x == from.x + from.width);
            assert!(last.x == to.x || last.x == to.x + to.width);
        }
    }
}
