//! Crossing reduction: the order of the boxes (and of the edge waypoints) within each rank,
//! by barycenter sweeps left to right and back, keeping the best order seen. Neighbours are
//! weighed by the row an edge attaches to, so edges from upper rows pull upwards.
//!
//! # Complexity
//! O(S · (N log N + P log P)) for S sweeps, N items and P edge pieces.

/// One straight stretch of an edge between two adjacent ranks, from an item on the left to an
/// item on the right, attached at the given heights below their tops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    pub left: usize,
    pub right: usize,
    pub left_port: f64,
    pub right_port: f64,
}

/// Reorders each rank's items to reduce crossings between adjacent ranks.
pub fn order_ranks(ranks: &mut [Vec<usize>], pieces: &[Piece], heights: &[f64], sweeps: usize) {
    let items = heights.len();
    let mut leftward: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items];
    let mut rightward: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items];
    for p in pieces {
        rightward[p.left].push((p.right, fraction(heights[p.right], p.right_port)));
        leftward[p.right].push((p.left, fraction(heights[p.left], p.left_port)));
    }
    let mut pos = vec![0.0f64; items];
    let refresh = |ranks: &[Vec<usize>], pos: &mut [f64]| {
        for rank in ranks {
            for (i, &v) in rank.iter().enumerate() {
                pos[v] = i as f64;
            }
        }
    };
    refresh(ranks, &mut pos);
    let mut best = ranks.to_vec();
    let mut best_crossings = count_crossings(ranks, pieces, heights, &pos);
    for sweep in 0..sweeps {
        let forward = sweep % 2 == 0;
        let order: Vec<usize> = if forward {
            (1..ranks.len()).collect()
        } else {
            (0..ranks.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if forward { &leftward } else { &rightward };
            let mut keyed: Vec<(f64, usize)> = ranks[r]
                .iter()
                .map(|&v| {
                    let list = &neighbours[v];
                    let key = if list.is_empty() {
                        pos[v]
                    } else {
                        list.iter().map(|&(u, f)| pos[u] + f).sum::<f64>() / list.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            ranks[r] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in ranks[r].iter().enumerate() {
                pos[v] = i as f64;
            }
        }
        let crossings = count_crossings(ranks, pieces, heights, &pos);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = ranks.to_vec();
        }
    }
    ranks.clone_from_slice(&best);
    transpose(ranks, pieces, heights);
}

/// Work above which [`transpose`] is skipped: it re-counts two gaps per trial swap, which a
/// drawing of thousands of items cannot afford, and the sweeps have done most of the work.
const TRANSPOSE_BUDGET: usize = 200_000;

/// Greedy switching: swaps two neighbours in a rank whenever that lowers the crossings in the
/// two gaps beside the rank, until no swap helps (or a few passes are done).
fn transpose(ranks: &mut [Vec<usize>], pieces: &[Piece], heights: &[f64]) {
    let items = heights.len();
    let mut rank_of = vec![usize::MAX; items];
    for (r, rank) in ranks.iter().enumerate() {
        for &v in rank {
            rank_of[v] = r;
        }
    }
    // The pieces in each gap, by the rank on their left.
    let mut by_gap: Vec<Vec<Piece>> = vec![Vec::new(); ranks.len()];
    for p in pieces {
        if let Some(gap) = by_gap.get_mut(rank_of[p.left]) {
            gap.push(*p);
        }
    }
    let work: usize = ranks
        .iter()
        .enumerate()
        .map(|(r, rank)| {
            let beside = by_gap[r].len() + r.checked_sub(1).map_or(0, |g| by_gap[g].len());
            rank.len() * beside
        })
        .sum();
    if work == 0 || work > TRANSPOSE_BUDGET {
        return;
    }
    let mut pos = vec![0.0f64; items];
    for rank in ranks.iter() {
        for (i, &v) in rank.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    let gap_crossings = |gap: &[Piece], pos: &[f64]| -> usize {
        let mut ends: Vec<(f64, f64)> = gap
            .iter()
            .map(|p| {
                (
                    pos[p.left] + fraction(heights[p.left], p.left_port),
                    pos[p.right] + fraction(heights[p.right], p.right_port),
                )
            })
            .collect();
        crossed_pairs(&mut ends)
    };
    for _ in 0..8 {
        let mut improved = false;
        for r in 0..ranks.len() {
            let beside = |pos: &[f64]| {
                gap_crossings(&by_gap[r], pos)
                    + r.checked_sub(1)
                        .map_or(0, |g| gap_crossings(&by_gap[g], pos))
            };
            if by_gap[r].is_empty() && r.checked_sub(1).is_none_or(|g| by_gap[g].is_empty()) {
                continue;
            }
            for i in 0..ranks[r].len().saturating_sub(1) {
                let (a, b) = (ranks[r][i], ranks[r][i + 1]);
                let before = beside(&pos);
                pos[a] = (i + 1) as f64;
                pos[b] = i as f64;
                if beside(&pos) < before {
                    ranks[r].swap(i, i + 1);
                    improved = true;
                } else {
                    pos[a] = i as f64;
                    pos[b] = (i + 1) as f64;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Where along an item an edge attaches, between 0 (top) and just under 1 (bottom).
fn fraction(height: f64, port: f64) -> f64 {
    if height > 0.0 {
        (port / height).clamp(0.0, 0.99)
    } else {
        0.5
    }
}

/// Crossings between adjacent ranks, counting two pieces as crossing when their ends are in
/// opposite orders.
pub fn count_crossings(
    ranks: &[Vec<usize>],
    pieces: &[Piece],
    heights: &[f64],
    pos: &[f64],
) -> usize {
    let mut rank_of = vec![usize::MAX; heights.len()];
    for (r, rank) in ranks.iter().enumerate() {
        for &v in rank {
            rank_of[v] = r;
        }
    }
    let mut by_gap: Vec<Vec<(f64, f64)>> = vec![Vec::new(); ranks.len()];
    for p in pieces {
        let r = rank_of[p.left];
        if r < by_gap.len() {
            by_gap[r].push((
                pos[p.left] + fraction(heights[p.left], p.left_port),
                pos[p.right] + fraction(heights[p.right], p.right_port),
            ));
        }
    }
    by_gap.iter_mut().map(|ends| crossed_pairs(ends)).sum()
}

/// Crossings among the pieces of one gap, given each piece's (left, right) end positions.
fn crossed_pairs(ends: &mut [(f64, f64)]) -> usize {
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut rights: Vec<f64> = ends.iter().map(|e| e.1).collect();
    inversions(&mut rights)
}

/// Pairs `i < j` with `v[i] > v[j]`, by merge sort.
fn inversions(v: &mut [f64]) -> usize {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            count += mid - i;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(left: usize, right: usize) -> Piece {
        Piece {
            left,
            right,
            left_port: 0.0,
            right_port: 0.0,
        }
    }

    #[test]
    fn untangles_a_crossed_pair() {
        // Rank 0: items 0, 1; rank 1: items 2, 3; edges 0-3 and 1-2 cross.
        let mut ranks = vec![vec![0, 1], vec![2, 3]];
        let pieces = [piece(0, 3), piece(1, 2)];
        let heights = [0.0; 4];
        let pos = [0.0, 1.0, 0.0, 1.0];
        assert_eq!(count_crossings(&ranks, &pieces, &heights, &pos), 1);
        order_ranks(&mut ranks, &pieces, &heights, 4);
        let mut pos = [0.0; 4];
        for rank in &ranks {
            for (i, &v) in rank.iter().enumerate() {
                pos[v] = i as f64;
            }
        }
        assert_eq!(count_crossings(&ranks, &pieces, &heights, &pos), 0);
    }

    #[test]
    fn counts_inversions() {
        assert_eq!(inversions(&mut [3.0, 1.0, 2.0]), 2);
        assert_eq!(inversions(&mut [1.0, 2.0, 3.0]), 0);
    }
}
