//! The diagram's collections: their boxes, and an edge per reference from the referencing
//! field's row to the target's `_id` row, along the route the automatic layout drew while
//! both ends still sit on their rows, else routed directly (as foreign keys are).

use super::collection_box::{collection_box, field_row_center, id_row_center};
use super::routing::{direct_route, EdgeRoute, End};
use super::scene::TableBox;
use crate::model::document::{Cardinality, Collection};
use crate::model::{Layout, Model, Point, Shared};

/// Boxes of the placed collections, and the edges between them.
pub fn collection_scene(
    model: &Model,
    layout: &Layout,
) -> (Vec<Shared<TableBox>>, Vec<Shared<EdgeRoute>>) {
    let collapsed = &layout.collapsed;
    let placed: Vec<Option<TableBox>> = model
        .collections
        .iter()
        .map(|c| {
            layout
                .positions
                .get(&c.id)
                .map(|p| collection_box(c, *p, collapsed))
        })
        .collect();
    let mut edges = Vec::new();
    for (c, from) in model.collections.iter().zip(&placed) {
        let Some(from) = from else {
            continue;
        };
        for r in &c.references {
            let Some(t) = model.collections.iter().position(|x| x.id == r.to) else {
                continue;
            };
            let (Some(to), Some(field)) = (&placed[t], r.path.last()) else {
                continue;
            };
            let target: &Collection = &model.collections[t];
            let sy = from.y + field_row_center(c, collapsed, *field);
            let ty = to.y + id_row_center(target, collapsed);
            let on_side =
                |p: &Point, b: &TableBox, y: f64| p.y == y && (p.x == b.x || p.x == b.x + b.width);
            let stored = layout.routes.get(&r.id).filter(|route| {
                route.len() >= 2
                    && on_side(&route[0], from, sy)
                    && on_side(&route[route.len() - 1], to, ty)
            });
            let points = match stored {
                Some(route) => route.clone(),
                None => direct_route(from.rect(), sy, to.rect(), ty, target.id == c.id),
            };
            let optional = c.field_at(&r.path).is_none_or(|f| !f.required);
            edges.push(Shared::new(EdgeRoute {
                table: c.id,
                foreign_key: r.id,
                target: target.id,
                points,
                source_end: End::ZeroOrMany,
                target_end: match (r.cardinality, optional) {
                    (Cardinality::Many, _) => End::ZeroOrMany,
                    (Cardinality::One, true) => End::ZeroOrOne,
                    (Cardinality::One, false) => End::One,
                },
            }));
        }
    }
    let boxes = placed.into_iter().flatten().map(Shared::new).collect();
    (boxes, edges)
}
