//! Orthogonal routes for foreign-key edges, from the referencing column's row to the
//! referenced column's row, leaving each box on the side that faces the other.

use std::collections::BTreeMap;

use serde::Serialize;

use super::geometry::{row_center, table_size};
use crate::model::{Id, Model, Point, Table, TableLookup};

/// Length of the straight piece at each end, room for the crow's-foot glyph.
pub const STUB: f64 = 24.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeRoute {
    /// The referencing table and its foreign key.
    pub table: Id,
    pub foreign_key: Id,
    /// The referenced table.
    pub target: Id,
    /// The polyline from the referencing row to the referenced row.
    pub points: Vec<Point>,
}

/// The column a foreign key points at: the named one, else the target's first key column.
fn referenced_column<'a>(target: &'a Table, named: &'a [String]) -> Option<&'a str> {
    named.first().map(String::as_str).or_else(|| {
        target
            .primary_key
            .as_ref()
            .and_then(|pk| pk.columns.first().map(String::as_str))
    })
}

/// Routes every foreign key whose two tables have positions.
pub fn route_edges(model: &Model, positions: &BTreeMap<Id, Point>) -> Vec<EdgeRoute> {
    let lookup = TableLookup::new(model);
    let mut routes = Vec::with_capacity(model.foreign_key_count());
    for table in &model.tables {
        let Some(&from) = positions.get(&table.id) else {
            continue;
        };
        let from_size = table_size(table);
        for fk in &table.foreign_keys {
            let Some(target) = lookup.target(fk).map(|t| &model.tables[t]) else {
                continue;
            };
            let Some(&to) = positions.get(&target.id) else {
                continue;
            };
            let to_size = table_size(target);
            let sy = from.y + fk.columns.first().map_or(0.0, |c| row_center(table, c));
            let ty = to.y
                + referenced_column(target, &fk.ref_columns).map_or(0.0, |c| row_center(target, c));
            let points = if target.id == table.id {
                let right = from.x + from_size.width;
                vec![
                    Point { x: right, y: sy },
                    Point {
                        x: right + STUB * 1.5,
                        y: sy,
                    },
                    Point {
                        x: right + STUB * 1.5,
                        y: ty,
                    },
                    Point { x: right, y: ty },
                ]
            } else if from.x > to.x + to_size.width {
                // Referencing table to the right: leave from its left side.
                let (sx, tx) = (from.x, to.x + to_size.width);
                let mid = (sx + tx) / 2.0;
                orthogonal(sx, sy, tx, ty, mid)
            } else if to.x > from.x + from_size.width {
                let (sx, tx) = (from.x + from_size.width, to.x);
                let mid = (sx + tx) / 2.0;
                orthogonal(sx, sy, tx, ty, mid)
            } else {
                // Boxes overlap horizontally: go around on the right.
                let sx = from.x + from_size.width;
                let tx = to.x + to_size.width;
                let out = sx.max(tx) + STUB * 1.5;
                vec![
                    Point { x: sx, y: sy },
                    Point { x: out, y: sy },
                    Point { x: out, y: ty },
                    Point { x: tx, y: ty },
                ]
            };
            routes.push(EdgeRoute {
                table: table.id,
                foreign_key: fk.id,
                target: target.id,
                points,
            });
        }
    }
    routes
}

fn orthogonal(sx: f64, sy: f64, tx: f64, ty: f64, mid: f64) -> Vec<Point> {
    if (sy - ty).abs() < f64::EPSILON {
        return vec![Point { x: sx, y: sy }, Point { x: tx, y: ty }];
    }
    vec![
        Point { x: sx, y: sy },
        Point { x: mid, y: sy },
        Point { x: mid, y: ty },
        Point { x: tx, y: ty },
    ]
}
