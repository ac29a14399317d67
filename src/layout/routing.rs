//! Orthogonal routes for foreign-key edges, from the referencing column's row to the
//! referenced column's row. The automatic layout's route is used while both its ends still
//! sit on their rows; an edge whose table was moved (or is new) is routed directly, leaving
//! each box on the side that faces the other, so dragging a table re-routes only its edges.

use serde::Serialize;

use super::channels::STUB;
use super::geometry::{table_size, Size};
use super::graph::{source_row, target_row};
use super::spec::Rect;
use crate::model::{ForeignKey, Id, Layout, Model, Point, Table, TableLookup};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeRoute {
    /// The referencing table and its foreign key.
    pub table: Id,
    pub foreign_key: Id,
    /// The referenced table.
    pub target: Id,
    /// The polyline from the referencing row to the referenced row.
    pub points: Vec<Point>,
    /// Crow's-foot cardinality at the referencing end (how many rows may point at one
    /// referenced row) and at the referenced end (how many rows each referencing row has).
    pub source_end: End,
    pub target_end: End,
}

/// The ends of a relationship in crow's-foot notation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    One,
    ZeroOrOne,
    ZeroOrMany,
}

impl End {
    /// The SVG marker that draws this end.
    pub fn marker(self) -> &'static str {
        match self {
            End::One => "one",
            End::ZeroOrOne => "zero-one",
            End::ZeroOrMany => "zero-many",
        }
    }
}

/// The two ends of a foreign key: a unique key on its columns makes it one-to-one, a
/// nullable column makes the referenced row optional.
pub fn cardinality(table: &Table, fk: &ForeignKey) -> (End, End) {
    let same =
        |cols: &[Id]| cols.len() == fk.columns.len() && fk.columns.iter().all(|c| cols.contains(c));
    let unique = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| same(&pk.columns))
        || table.uniques.iter().any(|u| same(&u.columns))
        || (fk.columns.len() == 1 && table.is_unique_column(&fk.columns[0]));
    let optional = fk
        .columns
        .iter()
        .any(|c| table.column_by_id(*c).is_none_or(|c| c.nullable));
    (
        if unique {
            End::ZeroOrOne
        } else {
            End::ZeroOrMany
        },
        if optional { End::ZeroOrOne } else { End::One },
    )
}

/// Routes every foreign key whose two tables have positions.
pub fn route_edges(model: &Model, layout: &Layout) -> Vec<EdgeRoute> {
    let sizes: Vec<Size> = model.tables.iter().map(|t| table_size(t)).collect();
    route_edges_sized(model, layout, &sizes)
}

/// [`route_edges`] with the tables' box sizes, in model order, already measured (the scene
/// measures each box once, not once per foreign key at each end).
pub fn route_edges_sized(model: &Model, layout: &Layout, sizes: &[Size]) -> Vec<EdgeRoute> {
    let positions = &layout.positions;
    let lookup = TableLookup::new(model);
    let mut routes = Vec::with_capacity(model.foreign_key_count());
    for (ti, table) in model.tables.iter().enumerate() {
        let Some(&from) = positions.get(&table.id) else {
            continue;
        };
        let from_size = sizes.get(ti).copied().unwrap_or_else(|| table_size(table));
        for fk in &table.foreign_keys {
            let Some(t) = lookup.target(fk) else {
                continue;
            };
            let target = &model.tables[t];
            let Some(&to) = positions.get(&target.id) else {
                continue;
            };
            let to_size = sizes.get(t).copied().unwrap_or_else(|| table_size(target));
            routes.push(route_edge(
                (table, from, from_size),
                fk,
                (target, to, to_size),
                layout.routes.get(&fk.id),
            ));
        }
    }
    routes
}

/// The edge of foreign key `fk` from `table` (its box at `from`, of `from_size`) to `target`
/// (likewise): along `stored`, the route the automatic layout drew, while both its ends
/// still sit on their rows; else routed directly.
pub fn route_edge(
    (table, from, from_size): (&Table, Point, Size),
    fk: &ForeignKey,
    (target, to, to_size): (&Table, Point, Size),
    stored: Option<&Vec<Point>>,
) -> EdgeRoute {
    let sy = from.y + source_row(table, fk);
    let ty = to.y + target_row(target, fk);
    let on_side =
        |p: &Point, at: Point, width: f64, y: f64| p.y == y && (p.x == at.x || p.x == at.x + width);
    let stored = stored.filter(|r| {
        r.len() >= 2
            && on_side(&r[0], from, from_size.width, sy)
            && on_side(&r[r.len() - 1], to, to_size.width, ty)
    });
    let points = match stored {
        Some(route) => route.clone(),
        None => direct_route(
            Rect {
                x: from.x,
                y: from.y,
                width: from_size.width,
                height: from_size.height,
            },
            sy,
            Rect {
                x: to.x,
                y: to.y,
                width: to_size.width,
                height: to_size.height,
            },
            ty,
            target.id == table.id,
        ),
    };
    let (source_end, target_end) = cardinality(table, fk);
    EdgeRoute {
        table: table.id,
        foreign_key: fk.id,
        target: target.id,
        points,
        source_end,
        target_end,
    }
}

/// The route of an edge whose ends were moved by hand: from the row at height `sy` of box
/// `from` to the row at `ty` of box `to`, leaving each box on the side facing the other (a
/// loop on the right for a self-reference, around the right when the boxes overlap in x).
pub fn direct_route(from: Rect, sy: f64, to: Rect, ty: f64, self_loop: bool) -> Vec<Point> {
    if self_loop {
        let right = from.right();
        let out = right + STUB * 1.5;
        return vec![
            Point { x: right, y: sy },
            Point { x: out, y: sy },
            Point { x: out, y: ty },
            Point { x: right, y: ty },
        ];
    }
    if from.x > to.right() {
        // Referencing table to the right: leave from its left side.
        let (sx, tx) = (from.x, to.right());
        orthogonal(sx, sy, tx, ty, (sx + tx) / 2.0)
    } else if to.x > from.right() {
        let (sx, tx) = (from.right(), to.x);
        orthogonal(sx, sy, tx, ty, (sx + tx) / 2.0)
    } else {
        // Boxes overlap horizontally: go around on the right.
        let (sx, tx) = (from.right(), to.right());
        let out = sx.max(tx) + STUB * 1.5;
        vec![
            Point { x: sx, y: sy },
            Point { x: out, y: sy },
            Point { x: out, y: ty },
            Point { x: tx, y: ty },
        ]
    }
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
