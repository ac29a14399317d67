//! The layered layout engine: each connected component is laid out on its own (cycle
//! removal, for small components a search for the edge orientations that cross least,
//! layering with wide layers wrapped into several ranks, crossing reduction, vertical
//! placement, routing channels), then the components are packed towards a target
//! aspect ratio. Edges are routed orthogonally from row to row through the channels, with
//! waypoints reserved in the ranks they pass. Deterministic: no randomness, no hashing order.
//!
//! # Complexity
//! About O(S · (N log N + P log P)) for S ordering sweeps, N boxes plus waypoints and P edge
//! pieces; a 2,000-table schema takes a fraction of a second.

use std::collections::BTreeMap;

use super::bands::{
    choose_bands, cut_routes, margin_width, stack_bands, RankSizes, FOLD_WIDER_THAN,
};
use super::channels::{assign_tracks, channel_widths, STUB};
use super::components::components;
use super::coordinates::place_vertically;
use super::cycles::reversed_edges;
use super::layering::{assign_layers, wrap_layers};
use super::ordering::{order_ranks, Piece, RESTARTS};
use super::orientation::{choose_orientation, Drawn};
use super::packing::pack;
use super::spec::{Drawing, LayoutGraph};
use crate::model::Point;

/// Space between two boxes.
pub const NODE_GAP: f64 = 40.0;
/// Space between an edge's waypoint and a box or another waypoint in the same rank.
const WAYPOINT_GAP: f64 = 12.0;
/// Width over height the drawing aims at.
pub const TARGET_ASPECT: f64 = 1.5;
/// Gap between packed components.
pub const COMPONENT_GAP: f64 = 80.0;
const PLACEMENT_ROUNDS: usize = 6;
/// How far a self-reference loops out to the right.
const LOOP: f64 = STUB * 1.5;

/// Lays out `graph`: a position for every node and a route for every edge.
pub fn layout_graph(graph: &LayoutGraph) -> Drawing {
    layout_graph_within(graph, ORIENTATION_WORK, FOLD_WIDER_THAN)
}

/// [`layout_graph`] for a drawing read on one screen (a view of a few tables): folded into
/// bands whenever it is far wider than tall, however narrow.
pub fn screen_layout_graph(graph: &LayoutGraph) -> Drawing {
    layout_graph_within(graph, ORIENTATION_WORK, 0.0)
}

/// [`layout_graph`] without the search for edge orientations: a quick first picture,
/// where only a few boxes will be taken from it (see `arrange`).
pub fn draft_layout_graph(graph: &LayoutGraph) -> Drawing {
    layout_graph_within(graph, 0, FOLD_WIDER_THAN)
}

/// Work the orientation search may do over all components of a graph, counted as
/// evaluations times the boxes and edges of the component evaluated: some 30 ms.
const ORIENTATION_WORK: usize = 30_000;
/// Evaluations for one component, at most.
const ORIENTATION_CALLS: usize = 300;
/// Components with more boxes and edges than this keep the reading order: an evaluation
/// would cost too much, and a hub-dominated graph's crossings are mostly between the
/// edges into its hubs, which turning edges does not remove.
const ORIENTATION_SIZE: usize = 300;

/// Lays out `graph` with at most `orientation_work` spent on orientations, folding a
/// component into bands only when it is wider than `fold_wider_than` (see `bands`).
fn layout_graph_within(
    graph: &LayoutGraph,
    orientation_work: usize,
    fold_wider_than: f64,
) -> Drawing {
    let n = graph.nodes.len();
    let mut work = orientation_work;
    let parts: Vec<Part> = components(graph)
        .iter()
        .map(|c| layout_component(graph, &c.nodes, &c.edges, &mut work, fold_wider_than))
        .collect();
    let sizes: Vec<(f64, f64)> = parts.iter().map(|p| (p.width, p.height)).collect();
    let offsets = pack(&sizes, COMPONENT_GAP, TARGET_ASPECT);
    let mut drawing = Drawing {
        nodes: vec![Point::default(); n],
        routes: vec![Vec::new(); graph.edges.len()],
    };
    for (part, &(dx, dy)) in parts.into_iter().zip(&offsets) {
        let shift = |p: Point| Point {
            x: p.x + dx,
            y: p.y + dy,
        };
        for (v, p) in part.nodes {
            drawing.nodes[v] = shift(p);
        }
        for (e, route) in part.routes {
            drawing.routes[e] = route.into_iter().map(shift).collect();
        }
    }
    drawing
}

/// A component laid out at the origin.
struct Part {
    nodes: Vec<(usize, Point)>,
    routes: Vec<(usize, Vec<Point>)>,
    width: f64,
    height: f64,
}

/// An edge between two different boxes, as a chain of items from its left end to its right.
struct Chain {
    edge: usize,
    items: Vec<usize>,
    /// True when the left end is the edge's source (an edge turned around, to break a cycle
    /// or to save crossings).
    source_left: bool,
}

/// Lays out one component, spending at most `work` (see [`ORIENTATION_WORK`]) on the
/// orientation search and taking what it spends off.
fn layout_component(
    graph: &LayoutGraph,
    members: &[usize],
    edges: &[usize],
    work: &mut usize,
    fold_wider_than: f64,
) -> Part {
    let m = members.len();
    let mut local = BTreeMap::new();
    for (i, &v) in members.iter().enumerate() {
        local.insert(v, i);
    }
    let spec = |i: usize| graph.nodes[members[i]];
    let (loops, links): (Vec<usize>, Vec<usize>) = edges
        .iter()
        .partition(|&&e| graph.edges[e].source == graph.edges[e].target);
    let pairs: Vec<(usize, usize)> = links
        .iter()
        .map(|&e| (local[&graph.edges[e].source], local[&graph.edges[e].target]))
        .collect();
    let initial = reversed_edges(m, &pairs);
    let heights: Vec<f64> = (0..m).map(|i| spec(i).height).collect();
    let widths: Vec<f64> = (0..m).map(|i| spec(i).width).collect();
    let order = |reversed: &[bool], effort: Effort| {
        rank_and_order(graph, &links, &pairs, reversed, &heights, &widths, effort)
    };
    let size = m + links.len();
    let budget = if size > ORIENTATION_SIZE {
        0
    } else {
        (*work / size).min(ORIENTATION_CALLS)
    };
    let mut calls = 0;
    let reversed = choose_orientation(m, &pairs, initial.clone(), budget, |reversed| {
        calls += 1;
        let quick = order(reversed, Effort::Quick);
        Drawn {
            crossings: quick.crossings,
            ranks: quick.ranks.len(),
            span: quick.pieces.len(),
        }
    });
    *work = work.saturating_sub(calls * size);
    let mut ranked = order(&reversed, Effort::Full);
    if reversed != initial {
        // The search compared quick orders; the reading order stays unless a full one
        // confirms the gain.
        let plain = order(&initial, Effort::Full);
        if plain.crossings <= ranked.crossings {
            ranked = plain;
        }
    }
    let Ranked {
        item_rank,
        item_height,
        item_width,
        chains,
        pieces,
        ranks,
        ..
    } = ranked;
    let rank_count = ranks.len();
    let items = item_rank.len();
    let is_box = |v: usize| v < m;
    let gap = |a: usize, b: usize| {
        if is_box(a) && is_box(b) {
            NODE_GAP
        } else {
            WAYPOINT_GAP
        }
    };
    let mut y = place_vertically(&ranks, &pieces, &item_height, gap, PLACEMENT_ROUNDS);
    let rank_width: Vec<f64> = ranks
        .iter()
        .map(|r| r.iter().map(|&v| item_width[v]).fold(0.0, f64::max))
        .collect();

    // Bands: a drawing far wider than tall is folded (see `bands`); each band is then
    // placed on its own, without the pieces that cross a cut.
    let band = {
        let channels = channel_widths(rank_count, &pieces, &item_rank, &y);
        let widths: Vec<f64> = (0..rank_count)
            .map(|r| rank_width[r] + channels[r])
            .collect();
        let heights: Vec<f64> = ranks
            .iter()
            .map(|r| {
                let top = r.iter().map(|&v| y[v]).fold(f64::INFINITY, f64::min);
                let bottom = r.iter().map(|&v| y[v] + item_height[v]).fold(0.0, f64::max);
                (bottom - top).max(0.0)
            })
            .collect();
        let mut gap_pieces = vec![0; rank_count];
        for p in &pieces {
            gap_pieces[item_rank[p.left]] += 1;
        }
        choose_bands(
            &RankSizes {
                widths: &widths,
                channels: &channels,
                heights: &heights,
                gap_pieces: &gap_pieces,
            },
            fold_wider_than,
        )
    };
    let bands = band.last().map_or(1, |b| b + 1);
    let is_cut = |p: &Piece| band[item_rank[p.left]] != band[item_rank[p.right]];
    let inner: Vec<Piece> = pieces.iter().copied().filter(|p| !is_cut(p)).collect();
    let mut cut_count = vec![0usize; bands];
    for p in pieces.iter().filter(|p| is_cut(p)) {
        cut_count[band[item_rank[p.left]]] += 1;
    }
    if bands > 1 {
        y = place_vertically(&ranks, &inner, &item_height, gap, PLACEMENT_ROUNDS);
    }
    let (band_start, band_height) =
        stack_bands(|v| band[item_rank[v]], &mut y, &item_height, &cut_count);

    // Columns: each rank as wide as its widest box, then its channel; each band from the
    // left, after the margin for the pieces coming from the band above.
    let channels = channel_widths(rank_count, &inner, &item_rank, &y);
    let mut rank_x = Vec::with_capacity(rank_count);
    let mut band_right = vec![0.0f64; bands];
    let mut x = 0.0;
    for r in 0..rank_count {
        let b = band[r];
        if r > 0 && band[r - 1] != b {
            x = margin_width(cut_count[b - 1]);
        }
        rank_x.push(x);
        band_right[b] = x + rank_width[r];
        x += rank_width[r] + channels[r];
    }
    let channel_start: Vec<f64> = (0..rank_count).map(|r| rank_x[r] + rank_width[r]).collect();
    // A box narrower than its rank sits against the side where more of its edges attach:
    // the right when more leave it to the right than enter it from the left, so those edges
    // do not first cross the empty part of the column.
    let mut exits = vec![0usize; m];
    let mut entries = vec![0usize; m];
    for p in &pieces {
        if is_box(p.left) {
            exits[p.left] += 1;
        }
        if is_box(p.right) {
            entries[p.right] += 1;
        }
    }
    let box_x: Vec<f64> = (0..m)
        .map(|v| {
            let r = item_rank[v];
            if exits[v] > entries[v] {
                rank_x[r] + rank_width[r] - item_width[v]
            } else {
                rank_x[r]
            }
        })
        .collect();
    // Where each item's left side is: a box's own, a waypoint's at its rank's left.
    let left_x = |v: usize| {
        if is_box(v) {
            box_x[v]
        } else {
            rank_x[item_rank[v]]
        }
    };
    let inner_tracks = assign_tracks(&inner, &item_rank, &y, &channel_start, &channels);
    let mut tracks = Vec::with_capacity(pieces.len());
    let mut next_inner = inner_tracks.into_iter();
    for p in &pieces {
        tracks.push(if is_cut(p) {
            None
        } else {
            next_inner.next().flatten()
        });
    }
    // Where each piece starts: right of its left item.
    let start_x = |a: usize| {
        let ra = item_rank[a];
        if is_box(a) {
            box_x[a] + item_width[a]
        } else {
            rank_x[ra] + rank_width[ra]
        }
    };
    // The pieces of each cut, routed through the margins and the corridor below the band,
    // past the band's self-loops, which reach out to the right of its last rank.
    let loop_room = LOOP + 8.0 * loops.len() as f64;
    let mut cut_route: Vec<Option<Vec<Point>>> = vec![None; pieces.len()];
    for b in 0..bands.saturating_sub(1) {
        let members: Vec<usize> = (0..pieces.len())
            .filter(|&i| is_cut(&pieces[i]) && band[item_rank[pieces[i].left]] == b)
            .collect();
        let ends: Vec<(f64, f64, f64, f64)> = members
            .iter()
            .map(|&i| {
                let p = pieces[i];
                (
                    start_x(p.left),
                    y[p.left] + p.left_port,
                    left_x(p.right),
                    y[p.right] + p.right_port,
                )
            })
            .collect();
        let right = band_right[b] + loop_room;
        let corridor = band_start[b] + band_height[b];
        for (i, route) in members
            .into_iter()
            .zip(cut_routes(&ends, right, corridor, 0.0))
        {
            cut_route[i] = Some(route);
        }
    }

    let mut routes = Vec::with_capacity(edges.len());
    let mut piece_index = 0;
    for chain in &chains {
        let mut points: Vec<Point> = Vec::new();
        for pair in chain.items.windows(2) {
            let p = pieces[piece_index];
            let track = tracks[piece_index];
            let cut = cut_route[piece_index].take();
            piece_index += 1;
            let (a, b) = (pair[0], pair[1]);
            let (ya, yb) = (y[a] + p.left_port, y[b] + p.right_port);
            let ra = item_rank[a];
            if !is_box(a) {
                points.push(Point {
                    x: rank_x[ra],
                    y: ya,
                });
            }
            if let Some(cut) = cut {
                points.extend(cut);
                continue;
            }
            points.push(Point {
                x: start_x(a),
                y: ya,
            });
            if let Some(tx) = track {
                points.push(Point { x: tx, y: ya });
                points.push(Point { x: tx, y: yb });
            }
            points.push(Point {
                x: left_x(b),
                y: yb,
            });
        }
        let mut points = simplify(points);
        if !chain.source_left {
            points.reverse();
        }
        routes.push((chain.edge, points));
    }

    let mut nodes: Vec<(usize, Point)> = (0..m)
        .map(|i| {
            (
                members[i],
                Point {
                    x: box_x[i],
                    y: y[i],
                },
            )
        })
        .collect();
    let mut width = (0..bands)
        .map(|b| {
            let margin = if b + 1 < bands {
                loop_room + margin_width(cut_count[b])
            } else {
                0.0
            };
            band_right[b] + margin
        })
        .fold(0.0, f64::max);
    let mut height = (0..items)
        .map(|v| y[v] + item_height[v])
        .fold(0.0, f64::max);
    // Self-references: loops on the right side, nested when a table has several.
    let mut loops_at: BTreeMap<usize, usize> = BTreeMap::new();
    for &e in &loops {
        let spec_edge = graph.edges[e];
        let v = local[&spec_edge.source];
        let nth = loops_at.entry(v).or_insert(0);
        let p = nodes[v].1;
        let right = p.x + spec(v).width;
        let out = right + LOOP + 8.0 * *nth as f64;
        *nth += 1;
        let (ys, yt) = (p.y + spec_edge.source_row, p.y + spec_edge.target_row);
        routes.push((
            e,
            vec![
                Point { x: right, y: ys },
                Point { x: out, y: ys },
                Point { x: out, y: yt },
                Point { x: right, y: yt },
            ],
        ));
        width = width.max(out);
    }
    height = height.max(1.0);
    nodes.sort_by_key(|(v, _)| *v);
    Part {
        nodes,
        routes,
        width,
        height,
    }
}

/// How hard the ordering tries: quickly, to compare orientations, or fully, for the
/// drawing.
#[derive(Clone, Copy)]
enum Effort {
    Quick,
    Full,
}

/// Barycenter sweeps of a quick ordering (no restarts).
const QUICK_SWEEPS: usize = 8;

/// A component's boxes and edge waypoints in ranks, ordered to reduce crossings.
struct Ranked {
    /// Rank and size of each item: the boxes, then the waypoints of long edges.
    item_rank: Vec<usize>,
    item_height: Vec<f64>,
    item_width: Vec<f64>,
    chains: Vec<Chain>,
    pieces: Vec<Piece>,
    ranks: Vec<Vec<usize>>,
    crossings: usize,
}

/// Layers, ranks and orders a component whose edges (`links`, as local `pairs`) point as
/// `reversed` says (see [`choose_orientation`]).
fn rank_and_order(
    graph: &LayoutGraph,
    links: &[usize],
    pairs: &[(usize, usize)],
    reversed: &[bool],
    heights: &[f64],
    widths: &[f64],
    effort: Effort,
) -> Ranked {
    let m = heights.len();
    // `from` references `to`: it goes to the right.
    let dag: Vec<(usize, usize)> = pairs
        .iter()
        .zip(reversed)
        .map(|(&(s, t), &r)| if r { (t, s) } else { (s, t) })
        .collect();
    let layer = assign_layers(m, &dag);
    let mut referenced = vec![false; m];
    for &(_, to) in &dag {
        referenced[to] = true;
    }
    let (rank, rank_count) = wrap_to_aspect(&layer, heights, &referenced, |i| widths[i]);

    // Items: the boxes, then one waypoint per rank an edge passes through.
    let mut item_rank = rank.clone();
    let mut item_height = heights.to_vec();
    let mut item_width = widths.to_vec();
    let mut chains = Vec::with_capacity(links.len());
    let mut pieces = Vec::new();
    for (k, &e) in links.iter().enumerate() {
        let (from, to) = dag[k];
        let spec_edge = graph.edges[e];
        // Ports at the left (referenced, unless turned around) and right ends.
        let (left, right, left_port, right_port, source_left) = if reversed[k] {
            (to, from, spec_edge.source_row, spec_edge.target_row, true)
        } else {
            (to, from, spec_edge.target_row, spec_edge.source_row, false)
        };
        let mut items = vec![left];
        for r in rank[left] + 1..rank[right] {
            let id = item_rank.len();
            item_rank.push(r);
            item_height.push(0.0);
            item_width.push(0.0);
            items.push(id);
        }
        items.push(right);
        for (i, pair) in items.windows(2).enumerate() {
            pieces.push(Piece {
                left: pair[0],
                right: pair[1],
                left_port: if i == 0 { left_port } else { 0.0 },
                right_port: if i + 2 == items.len() {
                    right_port
                } else {
                    0.0
                },
            });
        }
        chains.push(Chain {
            edge: e,
            items,
            source_left,
        });
    }
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (v, &r) in item_rank.iter().enumerate() {
        ranks[r].push(v);
    }
    let (sweeps, restarts) = match effort {
        Effort::Quick => (QUICK_SWEEPS, 0),
        Effort::Full if item_rank.len() > 4000 => (8, RESTARTS),
        Effort::Full => (24, RESTARTS),
    };
    let crossings = order_ranks(&mut ranks, &pieces, &item_height, sweeps, restarts);
    Ranked {
        item_rank,
        item_height,
        item_width,
        chains,
        pieces,
        ranks,
        crossings,
    }
}

/// Ranks for the layers, wrapping tall layers so the component's width over height comes
/// near the target: the column height is adjusted a few times on an estimate of the size.
fn wrap_to_aspect(
    layer: &[usize],
    heights: &[f64],
    referenced: &[bool],
    width: impl Fn(usize) -> f64,
) -> (Vec<usize>, usize) {
    let area: f64 = (0..heights.len())
        .map(|i| (width(i) + NODE_GAP * 2.0) * (heights[i] + NODE_GAP))
        .sum();
    let tallest = heights.iter().copied().fold(0.0, f64::max) + NODE_GAP;
    let mut column = (area / TARGET_ASPECT).sqrt().max(tallest);
    let mut result = wrap_layers(layer, heights, referenced, NODE_GAP, column);
    for _ in 0..8 {
        let (rank, count) = &result;
        let mut widths = vec![0.0f64; *count];
        let mut stacks = vec![0.0f64; *count];
        for (i, &r) in rank.iter().enumerate() {
            widths[r] = widths[r].max(width(i));
            stacks[r] += heights[i] + NODE_GAP;
        }
        let w: f64 = widths.iter().map(|w| w + 120.0).sum();
        let h = stacks.iter().copied().fold(1.0, f64::max);
        let ratio = w / h;
        if (1.0..=2.0).contains(&ratio) {
            break;
        }
        let next = (column * (ratio / TARGET_ASPECT).sqrt()).max(tallest);
        if (next - column).abs() < 1.0 {
            break;
        }
        column = next;
        result = wrap_layers(layer, heights, referenced, NODE_GAP, column);
    }
    result
}

/// Drops repeated points and the middle of three points on one straight line.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last().is_some_and(|q| q.x == p.x && q.y == p.y) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let collinear = (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
