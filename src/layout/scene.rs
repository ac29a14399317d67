//! Everything the diagram draws, computed from the model and positions: boxes, rows with
//! their key markers, edge routes and the bounds. Pure data, so the browser only paints it.

use super::geometry::{row_center, shown_type, table_size, Size};
use super::notes::{note_lines, note_size};
use super::reference_routes::collection_scene;
use super::routing::{direct_route, route_edges_sized, EdgeRoute};
use super::spec::Rect;
use std::collections::BTreeSet;

use crate::model::{Id, Layout, Model, Point, Shared, Table};

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Shared with the scene built before where they did not change (see
    /// [`super::scene_cache`]).
    pub tables: Vec<Shared<TableBox>>,
    pub edges: Vec<Shared<EdgeRoute>>,
    /// Table groups as areas around their tables, drawn behind them.
    pub groups: Vec<GroupArea>,
    /// Sticky notes, drawn above the tables.
    pub notes: Vec<NoteBox>,
    /// Foreign keys that leave a view (see [`super::view`]); none in the whole diagram.
    pub stubs: Vec<super::view::Stub>,
    pub bounds: Bounds,
}

impl Scene {
    /// A scene of these pieces, its bounds around all of them.
    pub fn new(
        tables: Vec<Shared<TableBox>>,
        edges: Vec<Shared<EdgeRoute>>,
        groups: Vec<GroupArea>,
        notes: Vec<NoteBox>,
    ) -> Scene {
        let bounds = bounds_of(&tables, &groups, &edges, &notes);
        Scene {
            tables,
            edges,
            groups,
            notes,
            stubs: Vec::new(),
            bounds,
        }
    }
}

/// A sticky note's box with its text wrapped into lines.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteBox {
    pub id: Id,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub lines: Vec<String>,
}

/// A table group's area: the box around its tables, with room for its name above.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupArea {
    /// The table group's id.
    pub id: Id,
    /// Its tables that are drawn.
    pub tables: Vec<Id>,
    pub name: String,
    pub color: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl GroupArea {
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height: self.height,
        }
    }
}

/// Space between a group's border and its tables; the name sits in the top margin.
pub const GROUP_PADDING: f64 = 16.0;
pub const GROUP_LABEL: f64 = 22.0;

#[derive(Clone, Debug, PartialEq)]
pub struct TableBox {
    pub id: Id,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The header colour the user chose.
    pub color: Option<String>,
    pub rows: Vec<Row>,
}

impl TableBox {
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y,
            width: self.width,
            height: self.height,
        }
    }

    /// A fingerprint of what the box shows, so a view can keep the boxes that did not change.
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        feed(self.name.as_bytes());
        feed(&self.x.to_bits().to_le_bytes());
        feed(&self.y.to_bits().to_le_bytes());
        feed(&self.width.to_bits().to_le_bytes());
        feed(self.color.as_deref().unwrap_or("").as_bytes());
        for row in &self.rows {
            feed(row.name.as_bytes());
            feed(row.type_name.as_bytes());
            for m in &row.markers {
                feed(m.label().as_bytes());
            }
        }
        hash
    }
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
pub fn build_scene(model: &Model, layout: &Layout) -> Scene {
    let positions = &layout.positions;
    let sizes: Vec<_> = model.tables.iter().map(|t| table_size(t)).collect();
    let mut tables = Vec::with_capacity(model.tables.len());
    for (table, &size) in model.tables.iter().zip(&sizes) {
        let Some(p) = positions.get(&table.id) else {
            continue;
        };
        tables.push(Shared::new(table_box(table, *p, size)));
    }
    let mut edges: Vec<Shared<EdgeRoute>> = route_edges_sized(model, layout, &sizes)
        .into_iter()
        .map(Shared::new)
        .collect();
    let groups = group_areas(model, &tables);
    let (collections, references) = collection_scene(model, layout);
    tables.extend(collections);
    edges.extend(references);
    let notes = note_boxes(model, layout);
    Scene::new(tables, edges, groups, notes)
}

/// A table's box at `p`, of `size`: its rows with their key markers.
pub(super) fn table_box(table: &Table, p: Point, size: Size) -> TableBox {
    let rows = table
        .columns
        .iter()
        .map(|c| {
            let mut markers = Vec::new();
            if table.is_primary_key_column(&c.id) {
                markers.push(Marker::PrimaryKey);
            }
            if table.is_foreign_key_column(&c.id) {
                markers.push(Marker::ForeignKey);
            }
            if markers.len() < 2 && table.is_unique_column(&c.id) {
                markers.push(Marker::Unique);
            }
            if markers.is_empty() && !c.nullable {
                markers.push(Marker::NotNull);
            }
            Row {
                name: c.name.clone(),
                type_name: shown_type(&c.data_type.spelling),
                center: row_center(table, c.id),
                markers,
            }
        })
        .collect();
    TableBox {
        id: table.id,
        name: table.qualified_name(),
        x: p.x,
        y: p.y,
        width: size.width,
        height: size.height,
        color: table.color.clone(),
        rows,
    }
}

/// The sticky notes that have a place.
pub(super) fn note_boxes(model: &Model, layout: &Layout) -> Vec<NoteBox> {
    model
        .notes
        .iter()
        .filter_map(|n| {
            let p = layout.positions.get(&n.id)?;
            let size = note_size(n);
            Some(NoteBox {
                id: n.id,
                name: n.name.clone(),
                x: p.x,
                y: p.y,
                width: size.width,
                height: size.height,
                lines: note_lines(n),
            })
        })
        .collect()
}

/// The route `edge` takes while the tables in `moved` are dragged by (`dx`, `dy`): routed
/// directly between the boxes where they are now, from and to the same rows, so the edges of
/// dragged tables follow them live. An edge with neither end moved keeps its points.
pub fn dragged_route(
    scene: &Scene,
    edge: &EdgeRoute,
    moved: &BTreeSet<Id>,
    dx: f64,
    dy: f64,
) -> Vec<Point> {
    let find = |id: Id| scene.tables.iter().find(|t| t.id == id);
    let (Some(from), Some(to), Some(first), Some(last)) = (
        find(edge.table),
        find(edge.target),
        edge.points.first(),
        edge.points.last(),
    ) else {
        return edge.points.clone();
    };
    if !moved.contains(&from.id) && !moved.contains(&to.id) {
        return edge.points.clone();
    }
    let place = |t: &TableBox| {
        let (ox, oy) = if moved.contains(&t.id) {
            (dx, dy)
        } else {
            (0.0, 0.0)
        };
        Rect {
            x: t.x + ox,
            y: t.y + oy,
            width: t.width,
            height: t.height,
        }
    };
    let (a, b) = (place(from), place(to));
    // The rows stay where they are in their boxes.
    let sy = a.y + (first.y - from.y);
    let ty = b.y + (last.y - to.y);
    direct_route(a, sy, b, ty, from.id == to.id)
}

/// The part of a scene showing only `ids` (tables and notes) and the edges between them (for
/// exporting a selection); groups are kept where they still hold a table.
pub fn scene_subset(scene: &Scene, ids: &[Id]) -> Scene {
    let tables: Vec<Shared<TableBox>> = scene
        .tables
        .iter()
        .filter(|t| ids.contains(&t.id))
        .cloned()
        .collect();
    let edges: Vec<Shared<EdgeRoute>> = scene
        .edges
        .iter()
        .filter(|e| ids.contains(&e.table) && ids.contains(&e.target))
        .cloned()
        .collect();
    let inside = |g: &GroupArea| {
        tables
            .iter()
            .any(|t| t.x >= g.x && t.y >= g.y && t.x + t.width <= g.x + g.width)
    };
    let groups: Vec<GroupArea> = scene.groups.iter().filter(|g| inside(g)).cloned().collect();
    let notes: Vec<NoteBox> = scene
        .notes
        .iter()
        .filter(|n| ids.contains(&n.id))
        .cloned()
        .collect();
    Scene::new(tables, edges, groups, notes)
}

/// The box around every table, group area, note and route point; all zero when there is
/// nothing.
fn bounds_of(
    tables: &[Shared<TableBox>],
    groups: &[GroupArea],
    edges: &[Shared<EdgeRoute>],
    notes: &[NoteBox],
) -> Bounds {
    let boxes = tables
        .iter()
        .map(|t| (t.x, t.y, t.x + t.width, t.y + t.height))
        .chain(
            notes
                .iter()
                .map(|n| (n.x, n.y, n.x + n.width, n.y + n.height)),
        )
        .chain(
            groups
                .iter()
                .map(|g| (g.x, g.y, g.x + g.width, g.y + g.height)),
        )
        .chain(
            edges
                .iter()
                .flat_map(|e| &e.points)
                .map(|p| (p.x, p.y, p.x, p.y)),
        );
    boxes
        .map(|(x0, y0, x1, y1)| Bounds {
            min_x: x0,
            min_y: y0,
            max_x: x1,
            max_y: y1,
        })
        .reduce(|a, b| Bounds {
            min_x: a.min_x.min(b.min_x),
            min_y: a.min_y.min(b.min_y),
            max_x: a.max_x.max(b.max_x),
            max_y: a.max_y.max(b.max_y),
        })
        .unwrap_or_default()
}

/// The area of each table group that has a drawn table, around all of its drawn tables.
pub(super) fn group_areas(model: &Model, tables: &[Shared<TableBox>]) -> Vec<GroupArea> {
    model
        .table_groups
        .iter()
        .filter_map(|group| {
            let members: Vec<&Shared<TableBox>> = tables
                .iter()
                .filter(|t| group.tables.contains(&t.id))
                .collect();
            let min_x = members.iter().map(|t| t.x).reduce(f64::min)?;
            let min_y = members.iter().map(|t| t.y).reduce(f64::min)?;
            let max_x = members.iter().map(|t| t.x + t.width).reduce(f64::max)?;
            let max_y = members.iter().map(|t| t.y + t.height).reduce(f64::max)?;
            Some(GroupArea {
                id: group.id,
                tables: members.iter().map(|t| t.id).collect(),
                name: group.name.clone(),
                color: group.color.clone(),
                x: min_x - GROUP_PADDING,
                y: min_y - GROUP_PADDING - GROUP_LABEL,
                width: max_x - min_x + 2.0 * GROUP_PADDING,
                height: max_y - min_y + 2.0 * GROUP_PADDING + GROUP_LABEL,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;

    #[test]
    fn a_dragged_tables_edges_follow_it_from_the_same_rows() {
        let project = example_project();
        let scene = build_scene(&project.model, &project.layout);
        let moved_table = scene.edges[0].table;
        let moved = BTreeSet::from([moved_table]);
        let (dx, dy) = (-400.0, 150.0);
        for edge in &scene.edges {
            let route = dragged_route(&scene, edge, &moved, dx, dy);
            if edge.table != moved_table && edge.target != moved_table {
                assert_eq!(route, edge.points);
                continue;
            }
            let b = scene
                .tables
                .iter()
                .find(|t| t.id == moved_table)
                .expect("box");
            let (start, old) = if edge.table == moved_table {
                (route[0], edge.points[0])
            } else {
                (route[route.len() - 1], edge.points[edge.points.len() - 1])
            };
            assert_eq!(start.y, old.y + dy, "the same row, moved");
            assert!(start.x == b.x + dx || start.x == b.x + b.width + dx);
            assert!(route
                .windows(2)
                .all(|w| w[0].x == w[1].x || w[0].y == w[1].y));
        }
    }

    #[test]
    fn marks_keys_and_ends_edges_on_column_rows() {
        let project = example_project();
        let scene = build_scene(&project.model, &project.layout);
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
