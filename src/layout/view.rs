//! A part of the model drawn on its own (see [`crate::model::view`]): which tables a focus
//! takes in, the view laid out by itself, and its scene, where each foreign key that leaves
//! the view ends in a stub naming the table it reaches, so nothing is hidden silently.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::auto_layout::screen_layered_layout;
use super::collection_box::collection_size;
use super::free_spot::free_spot;
use super::geometry::{cut_at, row_center, table_size, Size, CHAR_WIDTH};
use super::layered::NODE_GAP;
use super::scene::{build_scene, Bounds, Scene};
use super::spec::Rect;
use crate::model::{DiagramView, Id, Layout, Model, Point, Project};

/// Longest table name a stub spells out.
const STUB_NAME_CHARS: usize = 32;
/// The stub's line out of its box, before its label.
pub const STUB_LINE: f64 = 18.0;
/// Rows of stubs on one row of a box stack this far apart.
const STUB_SPACING: f64 = 15.0;

/// A foreign key that leaves the view: drawn at its row as a short line and the name of the
/// table it reaches; clicking it brings that table in.
#[derive(Clone, Debug, PartialEq)]
pub struct Stub {
    /// The table inside the view.
    pub table: Id,
    /// The table outside it.
    pub target: Id,
    pub label: String,
    /// True when the inside table refers to the outside one (the stub leaves from the right).
    pub outgoing: bool,
    /// Where the line starts, on the box's edge.
    pub x: f64,
    pub y: f64,
}

impl Stub {
    /// The label's width, as the diagram measures text.
    pub fn label_width(&self) -> f64 {
        self.label.chars().count() as f64 * CHAR_WIDTH
    }
}

/// Each table's neighbours through foreign keys, either way.
fn neighbours(model: &Model) -> BTreeMap<Id, BTreeSet<Id>> {
    let mut next: BTreeMap<Id, BTreeSet<Id>> = BTreeMap::new();
    for t in &model.tables {
        for fk in &t.foreign_keys {
            if fk.ref_table != t.id {
                next.entry(t.id).or_default().insert(fk.ref_table);
                next.entry(fk.ref_table).or_default().insert(t.id);
            }
        }
    }
    for c in &model.collections {
        for r in &c.references {
            next.entry(c.id).or_default().insert(r.to);
            next.entry(r.to).or_default().insert(c.id);
        }
    }
    next
}

/// `start` and every table within `steps` foreign keys of it, in either direction.
pub fn neighbourhood(model: &Model, start: Id, steps: usize) -> BTreeSet<Id> {
    let next = neighbours(model);
    let mut found = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((id, depth)) = queue.pop_front() {
        if depth == steps {
            continue;
        }
        for &n in next.get(&id).into_iter().flatten() {
            if found.insert(n) {
                queue.push_back((n, depth + 1));
            }
        }
    }
    found
}

/// The tables and collections whose name contains `query`, ignoring case.
pub fn matching(model: &Model, query: &str) -> BTreeSet<Id> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return BTreeSet::new();
    }
    let tables = model
        .tables
        .iter()
        .filter(|t| t.qualified_name().to_lowercase().contains(&needle))
        .map(|t| t.id);
    let collections = model
        .collections
        .iter()
        .filter(|c| c.name.to_lowercase().contains(&needle))
        .map(|c| c.id);
    tables.chain(collections).collect()
}

/// The members of a table group.
pub fn group_members(model: &Model, group: Id) -> BTreeSet<Id> {
    model
        .table_groups
        .iter()
        .filter(|g| g.id == group)
        .flat_map(|g| g.tables.iter().copied())
        .collect()
}

/// The model cut down to `members`: their tables and collections, the foreign keys and
/// references between them, and the groups that keep a member.
pub fn part_of(model: &Model, members: &BTreeSet<Id>) -> Model {
    let tables = model
        .tables
        .iter()
        .filter(|t| members.contains(&t.id))
        .map(|t| {
            let mut t = t.clone();
            if t.foreign_keys
                .iter()
                .any(|fk| !members.contains(&fk.ref_table))
            {
                t.foreign_keys.retain(|fk| members.contains(&fk.ref_table));
            }
            t
        })
        .collect();
    let collections = model
        .collections
        .iter()
        .filter(|c| members.contains(&c.id))
        .map(|c| {
            let mut c = c.clone();
            c.references.retain(|r| members.contains(&r.to));
            c
        })
        .collect();
    let table_groups = model
        .table_groups
        .iter()
        .filter_map(|g| {
            let mut g = g.clone();
            g.tables.retain(|t| members.contains(t));
            (!g.tables.is_empty()).then_some(g)
        })
        .collect();
    Model {
        tables,
        collections,
        table_groups,
        enums: model.enums.clone(),
        ..Model::default()
    }
}

/// `project` cut down to `view` for the exports that take one (Markdown, Mermaid): its
/// members' part of the model, placed as the view places them, named after the view.
pub fn project_of_view(project: &Project, view: &DiagramView) -> Project {
    Project {
        name: format!("{}: {}", project.name, view.name),
        model: part_of(&project.model, &view.members),
        layout: view.layout.clone(),
        views: Vec::new(),
        ..project.clone()
    }
}

/// A view named `name` of `members`, laid out by itself.
pub fn new_view(model: &Model, name: &str, members: BTreeSet<Id>) -> DiagramView {
    let layout = lay_out(model, &members);
    DiagramView {
        name: name.to_string(),
        members,
        layout,
    }
}

/// Positions for the view's members alone, shaped to fit a screen.
pub fn lay_out(model: &Model, members: &BTreeSet<Id>) -> Layout {
    screen_layered_layout(&part_of(model, members))
}

/// `view` with `id` brought in: every member keeps its place and the newcomer goes beside
/// a member it is joined to (see [`with_member_beside`]), or right of the view when none is.
pub fn with_member(model: &Model, view: &DiagramView, id: Id) -> DiagramView {
    with_member_beside(model, view, id, anchor(model, &view.members, id))
}

/// `view` with `id` brought in beside `anchor`, a member and whether it refers to `id`: on
/// the side its stub is drawn (right of a member that refers, left of one referred to),
/// moved down past any box in the way. Every member keeps its place.
pub fn with_member_beside(
    model: &Model,
    view: &DiagramView,
    id: Id,
    anchor: Option<(Id, bool)>,
) -> DiagramView {
    let mut grown = view.clone();
    if !grown.members.insert(id) {
        return grown;
    }
    let Some(size) = box_size(model, &view.layout, id) else {
        return grown;
    };
    let placed: Vec<Rect> = view
        .members
        .iter()
        .filter_map(|&m| member_box(model, &view.layout, m))
        .collect();
    let beside =
        anchor.and_then(|(m, outgoing)| Some((member_box(model, &view.layout, m)?, outgoing)));
    let at = match beside {
        Some((anchor, outgoing)) => {
            let x = if outgoing {
                anchor.right() + BESIDE_GAP
            } else {
                anchor.x - BESIDE_GAP - size.width
            };
            free_below(&placed, x, anchor.y, size)
        }
        None => free_spot(&part_of(model, &view.members), &view.layout),
    };
    grown.layout.positions.insert(id, at);
    grown
}

/// Room left between a box and a table brought in beside it: enough for the stubs' labels
/// that may still be drawn on that side.
const BESIDE_GAP: f64 = NODE_GAP * 3.0;

/// The member joined to `id` by a foreign key or a reference, and whether the member is the
/// one that refers (its stub leaves from the right); members that refer come first.
fn anchor(model: &Model, members: &BTreeSet<Id>, id: Id) -> Option<(Id, bool)> {
    let refers = |from: Id, to: Id| {
        model
            .tables
            .iter()
            .find(|t| t.id == from)
            .is_some_and(|t| t.foreign_keys.iter().any(|fk| fk.ref_table == to))
            || model
                .collections
                .iter()
                .find(|c| c.id == from)
                .is_some_and(|c| c.references.iter().any(|r| r.to == to))
    };
    let outgoing = members.iter().find(|&&m| refers(m, id));
    outgoing.map(|&m| (m, true)).or_else(|| {
        members
            .iter()
            .find(|&&m| refers(id, m))
            .map(|&m| (m, false))
    })
}

/// The size of the box that draws table or collection `id`.
fn box_size(model: &Model, layout: &Layout, id: Id) -> Option<Size> {
    if let Some(t) = model.tables.iter().find(|t| t.id == id) {
        return Some(table_size(t));
    }
    model
        .collections
        .iter()
        .find(|c| c.id == id)
        .map(|c| collection_size(c, &layout.collapsed))
}

/// Where member `id` is drawn in `layout`.
fn member_box(model: &Model, layout: &Layout, id: Id) -> Option<Rect> {
    let at = layout.positions.get(&id)?;
    let size = box_size(model, layout, id)?;
    Some(Rect {
        x: at.x,
        y: at.y,
        width: size.width,
        height: size.height,
    })
}

/// The first place at `x`, from `y` down, where a box of `size` keeps a gap to every box in
/// `placed`.
fn free_below(placed: &[Rect], x: f64, y: f64, size: Size) -> Point {
    let mut candidate = Rect {
        x,
        y,
        width: size.width,
        height: size.height,
    };
    // Each step moves below one box, so there are at most as many steps as boxes.
    for _ in 0..=placed.len() {
        let padded = Rect {
            x: candidate.x - NODE_GAP / 2.0,
            y: candidate.y - NODE_GAP / 2.0,
            width: candidate.width + NODE_GAP,
            height: candidate.height + NODE_GAP,
        };
        let Some(lowest) = placed
            .iter()
            .filter(|b| b.overlaps(&padded))
            .map(|b| b.bottom())
            .reduce(f64::max)
        else {
            break;
        };
        candidate.y = lowest + NODE_GAP;
    }
    Point {
        x: candidate.x,
        y: candidate.y,
    }
}

/// What the diagram draws for `view`: its members where the view places them, the edges
/// between them, and a stub for each foreign key that leaves it.
pub fn view_scene(model: &Model, view: &DiagramView) -> Scene {
    let part = part_of(model, &view.members);
    let mut scene = build_scene(&part, &view.layout);
    scene.stubs = stubs(model, &view.members, &scene);
    scene.bounds = with_stubs(scene.bounds, &scene.stubs);
    scene
}

/// One stub per pair of an inside and an outside table and direction, at the row of the
/// key's first column (outgoing) or of the referenced column (incoming); stubs that share a
/// row stack downwards.
fn stubs(model: &Model, members: &BTreeSet<Id>, scene: &Scene) -> Vec<Stub> {
    let boxes: BTreeMap<Id, _> = scene.tables.iter().map(|b| (b.id, b)).collect();
    let names: BTreeMap<Id, String> = model
        .tables
        .iter()
        .map(|t| (t.id, t.qualified_name()))
        .collect();
    let tables: BTreeMap<Id, _> = model.tables.iter().map(|t| (t.id, t)).collect();
    // (inside table, outside table, outgoing) -> the row's centre in the inside box.
    let mut wanted: BTreeMap<(Id, Id, bool), f64> = BTreeMap::new();
    for t in &model.tables {
        for fk in &t.foreign_keys {
            let (inside, outside) = (members.contains(&t.id), members.contains(&fk.ref_table));
            if inside && !outside && names.contains_key(&fk.ref_table) {
                let row = fk.columns.first().map_or(15.0, |c| row_center(t, *c));
                wanted.entry((t.id, fk.ref_table, true)).or_insert(row);
            } else if outside && !inside {
                let Some(target) = tables.get(&fk.ref_table) else {
                    continue;
                };
                let row = fk
                    .ref_columns
                    .first()
                    .map_or(15.0, |c| row_center(target, *c));
                wanted.entry((fk.ref_table, t.id, false)).or_insert(row);
            }
        }
    }
    let mut taken: BTreeMap<(Id, bool, i64), usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(wanted.len());
    for ((table, target, outgoing), row) in wanted {
        let Some(b) = boxes.get(&table) else {
            continue;
        };
        let slot = taken.entry((table, outgoing, row as i64)).or_default();
        let y = b.y + row + *slot as f64 * STUB_SPACING;
        *slot += 1;
        let name = cut_at(
            names.get(&target).map_or("", String::as_str),
            STUB_NAME_CHARS,
        );
        out.push(Stub {
            table,
            target,
            label: if outgoing {
                format!("→ {name}")
            } else {
                format!("← {name}")
            },
            outgoing,
            x: if outgoing { b.x + b.width } else { b.x },
            y,
        });
    }
    out
}

/// `bounds` grown to hold every stub's line and label.
fn with_stubs(mut bounds: Bounds, stubs: &[Stub]) -> Bounds {
    for s in stubs {
        let reach = STUB_LINE + 4.0 + s.label_width();
        if s.outgoing {
            bounds.max_x = bounds.max_x.max(s.x + reach);
        } else {
            bounds.min_x = bounds.min_x.min(s.x - reach);
        }
        bounds.max_y = bounds.max_y.max(s.y + 8.0);
    }
    bounds
}
