//! Folding a deep layered drawing into bands. A long chain of references (payment, rental,
//! inventory, store, address, city, country) gives as many ranks side by side and a drawing
//! far wider than tall; no layering can make it shallower. So the ranks are cut into a few
//! consecutive bands drawn one below the other, each from the left, and an edge piece that
//! crosses a cut leaves its band on the right, runs back through a corridor between the
//! bands and enters the next band from the left margin.
//!
//! The cut pieces keep the order of the gap they cross: the piece leaving lowest turns
//! innermost on the right, runs highest in the corridor and turns outermost on the left, so
//! two cut pieces cross only where the ordering already made them cross.
//!
//! # Complexity
//! Choosing the cuts tries every pair of gaps: O(R³) for R ranks (R is a few dozen at most).

use super::channels::{STUB, TRACK_GAP};
use super::layered::NODE_GAP;
use crate::model::Point;

/// Width over height above which a component is folded.
pub const FOLD_ABOVE: f64 = 2.3;
/// Narrower than this a whole diagram is never folded, however wide it is for its height:
/// it is read whole on a screen, and a fold would only add long edges around the bands. A
/// view of a few tables is folded by its shape alone, to fit the screen it is read on.
pub const FOLD_WIDER_THAN: f64 = 3600.0;
/// Narrowest width over height a fold may aim at.
const FOLD_BELOW: f64 = 0.6;
/// What a cut piece costs, against the drawing's area on a log scale: a few long edges are
/// worth a drawing a good deal more compact.
const CUT_PIECE: f64 = 0.06;
/// How much narrower than unfolded a fold must be: cutting off a band of one or two ranks
/// would add long edges and leave the drawing nearly as wide.
const NARROWER: f64 = 0.7;
/// What a fold whose aspect ratio is out of bounds costs.
const OUTSIDE: f64 = 10.0;

/// Height of the corridor between two bands for `cut` pieces.
pub fn corridor_height(cut: usize) -> f64 {
    2.0 * NODE_GAP + (cut + 1) as f64 * TRACK_GAP
}

/// Width of the margin on either side of a cut for `cut` pieces.
pub fn margin_width(cut: usize) -> f64 {
    STUB + (cut + 1) as f64 * TRACK_GAP
}

/// The sizes of the ranks, as drawn unfolded, from which the cuts are chosen.
pub struct RankSizes<'a> {
    /// Each rank's width with the channel after it.
    pub widths: &'a [f64],
    /// Each rank's channel (included in `widths`; none after the last rank of a band).
    pub channels: &'a [f64],
    /// Each rank's height from its top item to its bottom.
    pub heights: &'a [f64],
    /// Pieces in the gap after each rank.
    pub gap_pieces: &'a [usize],
}

/// The band of every rank: all 0 when the drawing is not too wide (for its height, and
/// no wider than `wider_than`: see [`FOLD_WIDER_THAN`]), else two or three bands
/// whose estimated width over height lies within bounds, with the smallest area for the
/// fewest cut pieces.
pub fn choose_bands(sizes: &RankSizes, wider_than: f64) -> Vec<usize> {
    let ranks = sizes.widths.len();
    let unfolded = estimate(sizes, &[]);
    if ranks < 2 || unfolded.0 / unfolded.1 <= FOLD_ABOVE || unfolded.0 <= wider_than {
        return vec![0; ranks];
    }
    let mut candidates: Vec<Vec<usize>> = (0..ranks - 1).map(|g| vec![g]).collect();
    for a in 0..ranks - 1 {
        for b in a + 1..ranks - 1 {
            candidates.push(vec![a, b]);
        }
    }
    // Out of bounds costs most, then the area (a log scale), then the cut pieces.
    let score = |(w, h): (f64, f64), cut: usize| {
        let outside = if (FOLD_BELOW..=FOLD_ABOVE).contains(&(w / h)) {
            0.0
        } else {
            OUTSIDE
        };
        outside + (w * h).ln() + CUT_PIECE * cut as f64
    };
    let mut best: Option<(f64, Vec<usize>)> = None;
    for cuts in candidates {
        let size = estimate(sizes, &cuts);
        if size.0 > NARROWER * unfolded.0 {
            continue;
        }
        let cut: usize = cuts.iter().map(|&g| sizes.gap_pieces[g]).sum();
        let score = score(size, cut);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, cuts));
        }
    }
    let Some((best_score, cuts)) = best else {
        return vec![0; ranks];
    };
    if best_score >= score(unfolded, 0) {
        return vec![0; ranks];
    }
    let mut band = vec![0; ranks];
    for &g in &cuts {
        for b in band.iter_mut().skip(g + 1) {
            *b += 1;
        }
    }
    band
}

/// Estimated width and height with cuts after the given ranks.
fn estimate(sizes: &RankSizes, cuts: &[usize]) -> (f64, f64) {
    let ranks = sizes.widths.len();
    let (mut width, mut height) = (0.0f64, 0.0f64);
    let mut start = 0;
    let mut left_margin = 0.0;
    for (k, end) in cuts.iter().map(|&g| g + 1).chain([ranks]).enumerate() {
        let cut = cuts.get(k).map(|&g| sizes.gap_pieces[g]);
        let inner: f64 = sizes.widths[start..end].iter().sum::<f64>() - sizes.channels[end - 1];
        let right_margin = cut.map_or(0.0, margin_width);
        width = width.max(left_margin + inner + right_margin);
        height += sizes.heights[start..end]
            .iter()
            .copied()
            .fold(0.0, f64::max);
        if let Some(cut) = cut {
            height += corridor_height(cut);
            left_margin = margin_width(cut);
        }
        start = end;
    }
    (width, height.max(1.0))
}

/// Moves the items of each band so that the band starts below the one above it and the
/// corridor between them (the first at 0). `band_of` gives an item's band, `cut` the pieces
/// below each band. Returns each band's top and height.
pub fn stack_bands(
    band_of: impl Fn(usize) -> usize,
    y: &mut [f64],
    heights: &[f64],
    cut: &[usize],
) -> (Vec<f64>, Vec<f64>) {
    let bands = cut.len();
    let mut top = vec![f64::INFINITY; bands];
    let mut bottom = vec![f64::NEG_INFINITY; bands];
    for (v, (&at, &h)) in y.iter().zip(heights).enumerate() {
        let b = band_of(v);
        top[b] = top[b].min(at);
        bottom[b] = bottom[b].max(at + h);
    }
    let height: Vec<f64> = (0..bands).map(|b| (bottom[b] - top[b]).max(0.0)).collect();
    let mut start = Vec::with_capacity(bands);
    let mut offset = 0.0;
    for b in 0..bands {
        start.push(offset);
        offset += height[b] + corridor_height(cut[b]);
    }
    for (v, at) in y.iter_mut().enumerate() {
        let b = band_of(v);
        if top[b].is_finite() {
            *at += start[b] - top[b];
        }
    }
    (start, height)
}

/// The routes of the pieces crossing one cut, each given as (x where it leaves its band's
/// last rank, its height there, x where it enters the next band's first rank, its height
/// there). `right` is where the margin after the upper band starts, `corridor` the top of
/// the corridor and `left` the left edge of the lower band's margin.
pub fn cut_routes(
    pieces: &[(f64, f64, f64, f64)],
    right: f64,
    corridor: f64,
    left: f64,
) -> Vec<Vec<Point>> {
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    // Lowest start first (then lowest end): it turns innermost and runs highest.
    order.sort_by(|&a, &b| {
        let (pa, pb) = (pieces[a], pieces[b]);
        pb.1.total_cmp(&pa.1)
            .then(pb.3.total_cmp(&pa.3))
            .then(a.cmp(&b))
    });
    let mut routes = vec![Vec::new(); pieces.len()];
    for (k, &i) in order.iter().enumerate() {
        let (sx, sy, ex, ey) = pieces[i];
        let step = (k + 1) as f64 * TRACK_GAP;
        let (rx, cy, lx) = (right + STUB + step, corridor + NODE_GAP + step, left + step);
        routes[i] = vec![
            Point { x: sx, y: sy },
            Point { x: rx, y: sy },
            Point { x: rx, y: cy },
            Point { x: lx, y: cy },
            Point { x: lx, y: ey },
            Point { x: ex, y: ey },
        ];
    }
    routes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::metrics::measure;

    #[test]
    fn a_wide_chain_folds_and_a_square_one_does_not() {
        // Eight ranks 500 wide (with channel), 400 tall: 3,900 by 400 unfolded.
        let widths = [500.0; 8];
        let channels = [100.0; 8];
        let heights = [400.0; 8];
        let gap_pieces = [3, 3, 3, 1, 3, 3, 3, 0];
        let sizes = RankSizes {
            widths: &widths,
            channels: &channels,
            heights: &heights,
            gap_pieces: &gap_pieces,
        };
        let band = choose_bands(&sizes, FOLD_WIDER_THAN);
        // Cut where one piece crosses: after rank 3.
        assert_eq!(band, [0, 0, 0, 0, 1, 1, 1, 1]);
        let square = RankSizes {
            widths: &widths[..2],
            channels: &channels[..2],
            heights: &heights[..2],
            gap_pieces: &gap_pieces[..2],
        };
        assert_eq!(choose_bands(&square, FOLD_WIDER_THAN), [0, 0]);
        // As far wider than tall but narrower than a screen or two (2,300 by 400): read whole.
        let narrow = [300.0; 8];
        let screen = RankSizes {
            widths: &narrow,
            ..sizes
        };
        assert_eq!(choose_bands(&screen, FOLD_WIDER_THAN), [0; 8]);
        // Unless it is drawn for one screen (a view): then its shape decides.
        assert_ne!(choose_bands(&screen, 0.0), [0; 8]);
    }

    #[test]
    fn cut_pieces_in_gap_order_do_not_cross() {
        // Three pieces leaving at 10, 50, 90 and entering at 20, 60, 100 (same order).
        let pieces = [
            (500.0, 10.0, 40.0, 320.0),
            (500.0, 50.0, 40.0, 360.0),
            (500.0, 90.0, 40.0, 400.0),
        ];
        let routes = cut_routes(&pieces, 500.0, 200.0, 0.0);
        assert_eq!(measure(&[], &routes).crossings, 0);
        for (route, p) in routes.iter().zip(&pieces) {
            assert_eq!(route[0], Point { x: p.0, y: p.1 });
            assert_eq!(route[route.len() - 1], Point { x: p.2, y: p.3 });
            // Every turn is in a margin or the corridor.
            assert!(route[1].x > 500.0 && route[4].x < 40.0);
            assert!(route[2].y > 200.0 && route[2].y < 200.0 + corridor_height(3));
        }
    }
}
