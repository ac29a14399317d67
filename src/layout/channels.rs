//! The space between two ranks is a routing channel: an edge piece whose ends are at
//! different heights turns there, on a vertical track of its own. The order of the tracks
//! decides the crossings: with piece `a` turning left of `b`, they cross where `a`'s last
//! horizontal meets `b`'s vertical and where `b`'s first horizontal meets `a`'s. Tracks
//! start in an order that is crossing-free for pieces heading the same way (of two going
//! down, the one leaving lower turns first; of two going up, the one leaving higher), then
//! neighbours are swapped while that removes crossings.
//!
//! # Complexity
//! O(P log P) for P pieces, plus O(S · P) for S swap passes (at most [`SWAP_PASSES`]).

use super::ordering::Piece;

/// Room at each end of a piece for the crow's-foot glyph, before any turn.
pub const STUB: f64 = 24.0;
/// Distance between two vertical tracks.
pub const TRACK_GAP: f64 = 8.0;
pub const MIN_CHANNEL: f64 = 96.0;
/// Past this width tracks move closer together instead.
const MAX_CHANNEL: f64 = 480.0;
/// Bound on the passes of adjacent swaps per channel.
const SWAP_PASSES: usize = 64;

/// Heights of a piece's two ends.
fn ends(p: &Piece, y: &[f64]) -> (f64, f64) {
    (y[p.left] + p.left_port, y[p.right] + p.right_port)
}

fn turns(p: &Piece, y: &[f64]) -> bool {
    let (a, b) = ends(p, y);
    (a - b).abs() > 0.5
}

/// The width of the channel after each rank (the last one is unused).
pub fn channel_widths(ranks: usize, pieces: &[Piece], rank_of: &[usize], y: &[f64]) -> Vec<f64> {
    let mut tracks = vec![0usize; ranks];
    for p in pieces.iter().filter(|p| turns(p, y)) {
        tracks[rank_of[p.left]] += 1;
    }
    tracks
        .into_iter()
        .map(|n| (2.0 * STUB + (n + 1) as f64 * TRACK_GAP).clamp(MIN_CHANNEL, MAX_CHANNEL))
        .collect()
}

/// The x of each piece's vertical track (`None` for a piece that runs straight), given where
/// each channel starts and how wide it is.
pub fn assign_tracks(
    pieces: &[Piece],
    rank_of: &[usize],
    y: &[f64],
    channel_start: &[f64],
    channel_width: &[f64],
) -> Vec<Option<f64>> {
    let mut by_channel: Vec<Vec<usize>> = vec![Vec::new(); channel_start.len()];
    for (i, p) in pieces.iter().enumerate() {
        if turns(p, y) {
            by_channel[rank_of[p.left]].push(i);
        }
    }
    let mut track = vec![None; pieces.len()];
    for (c, members) in by_channel.iter_mut().enumerate() {
        if members.is_empty() {
            continue;
        }
        // Downward pieces first, lowest start first; then upward ones, highest start first.
        members.sort_by(|&a, &b| {
            let (a0, a1) = ends(&pieces[a], y);
            let (b0, b1) = ends(&pieces[b], y);
            let (a_down, b_down) = (a0 < a1, b0 < b1);
            b_down
                .cmp(&a_down)
                .then_with(|| {
                    if a_down {
                        b0.total_cmp(&a0).then(b1.total_cmp(&a1))
                    } else {
                        a0.total_cmp(&b0).then(a1.total_cmp(&b1))
                    }
                })
                .then(a.cmp(&b))
        });
        improve_by_swaps(members, pieces, y);
        let spacing = (channel_width[c] - 2.0 * STUB) / (members.len() + 1) as f64;
        for (k, &i) in members.iter().enumerate() {
            track[i] = Some(channel_start[c] + STUB + spacing * (k + 1) as f64);
        }
    }
    track
}

/// Crossings between pieces `a` and `b` when `a` turns left of `b`.
fn cost(a: (f64, f64), b: (f64, f64)) -> usize {
    let inside = |v: f64, (p, q): (f64, f64)| v > p.min(q) && v < p.max(q);
    usize::from(inside(a.1, b)) + usize::from(inside(b.0, a))
}

/// Swaps neighbouring tracks while a swap lowers the crossings.
fn improve_by_swaps(order: &mut [usize], pieces: &[Piece], y: &[f64]) {
    let ends_of: Vec<(f64, f64)> = order.iter().map(|&i| ends(&pieces[i], y)).collect();
    let mut slots: Vec<usize> = (0..order.len()).collect();
    for _ in 0..SWAP_PASSES {
        let mut swapped = false;
        for k in 1..slots.len() {
            let (a, b) = (ends_of[slots[k - 1]], ends_of[slots[k]]);
            if cost(b, a) < cost(a, b) {
                slots.swap(k - 1, k);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
    let original = order.to_vec();
    for (slot, &k) in order.iter_mut().zip(&slots) {
        *slot = original[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_going_down_do_not_cross() {
        // Items 0 and 1 on the left (tops 0 and 100), 2 and 3 on the right (tops 300, 400).
        let y = [0.0, 100.0, 300.0, 400.0];
        let rank_of = [0, 0, 1, 1];
        let piece = |left, right| Piece {
            left,
            right,
            left_port: 0.0,
            right_port: 0.0,
        };
        let pieces = [piece(0, 2), piece(1, 3)];
        let widths = channel_widths(2, &pieces, &rank_of, &y);
        assert!(widths[0] >= MIN_CHANNEL);
        let tracks = assign_tracks(&pieces, &rank_of, &y, &[200.0, 0.0], &widths);
        let (t0, t1) = (tracks[0].expect("turns"), tracks[1].expect("turns"));
        // The piece leaving lower (from 100) turns first.
        assert!(t1 < t0);
        // Against it, the other order would cross once.
        assert_eq!(cost((100.0, 400.0), (0.0, 300.0)), 0);
        assert_eq!(cost((0.0, 300.0), (100.0, 400.0)), 2);
        assert!(t1 >= 200.0 + STUB && t0 <= 200.0 + widths[0] - STUB);
    }
}
