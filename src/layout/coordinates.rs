//! Vertical coordinates within each rank: every item moves towards the rows its edges attach
//! to on the neighbouring rank, keeping its order and the gaps. Each rank is solved exactly
//! for the least squared distance to those targets (pool-adjacent-violators), sweeping left
//! to right and back, so edges run as straight as the order allows.
//!
//! # Complexity
//! O(R · (N + P)) for R rounds, N items and P edge pieces.

use super::ordering::Piece;

/// The top of every item, given each rank's order, the pieces between ranks, item heights and
/// the gap required between two consecutive items.
pub fn place_vertically(
    ranks: &[Vec<usize>],
    pieces: &[Piece],
    heights: &[f64],
    gap: impl Fn(usize, usize) -> f64,
    rounds: usize,
) -> Vec<f64> {
    let items = heights.len();
    let mut leftward: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); items];
    let mut rightward: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); items];
    for p in pieces {
        rightward[p.left].push((p.right, p.left_port, p.right_port));
        leftward[p.right].push((p.left, p.right_port, p.left_port));
    }
    // Minimum distance from each item's top to its rank's first item's top.
    let mut offset = vec![0.0f64; items];
    let mut stacked = Vec::with_capacity(ranks.len());
    for rank in ranks {
        let mut at = 0.0;
        for (i, &v) in rank.iter().enumerate() {
            if i > 0 {
                at += heights[rank[i - 1]] + gap(rank[i - 1], v);
            }
            offset[v] = at;
        }
        stacked.push(rank.last().map_or(0.0, |&v| at + heights[v]));
    }
    let tallest = stacked.iter().copied().fold(0.0, f64::max);
    let mut y = vec![0.0f64; items];
    for (rank, height) in ranks.iter().zip(&stacked) {
        for &v in rank {
            y[v] = offset[v] + (tallest - height) / 2.0;
        }
    }
    for round in 0..rounds * 2 {
        let forward = round % 2 == 0;
        let neighbours = if forward { &leftward } else { &rightward };
        let order: Vec<usize> = if forward {
            (0..ranks.len()).collect()
        } else {
            (0..ranks.len()).rev().collect()
        };
        for r in order {
            let targets: Vec<(f64, f64)> = ranks[r]
                .iter()
                .map(|&v| {
                    let list = &neighbours[v];
                    if list.is_empty() {
                        return (y[v] - offset[v], 0.01);
                    }
                    let sum: f64 = list
                        .iter()
                        .map(|&(u, own, theirs)| y[u] + theirs - own)
                        .sum();
                    (sum / list.len() as f64 - offset[v], list.len() as f64)
                })
                .collect();
            for (&v, z) in ranks[r].iter().zip(isotonic(&targets)) {
                y[v] = z + offset[v];
            }
        }
    }
    let top = y.iter().copied().fold(f64::INFINITY, f64::min);
    if top.is_finite() {
        for value in &mut y {
            *value = (*value - top).round();
        }
    }
    y
}

/// The non-decreasing sequence closest to the weighted targets (least squares).
fn isotonic(targets: &[(f64, f64)]) -> Vec<f64> {
    // Blocks of pooled items: (weight, weighted sum, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for &(value, weight) in targets {
        blocks.push((weight, value * weight, 1));
        while blocks.len() > 1 {
            let (w2, s2, c2) = blocks[blocks.len() - 1];
            let (w1, s1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (w1 + w2, s1 + s2, c1 + c2);
        }
    }
    blocks
        .into_iter()
        .flat_map(|(w, s, c)| std::iter::repeat_n(s / w, c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_keeps_order_at_least_squares() {
        let z = isotonic(&[(0.0, 1.0), (10.0, 1.0), (4.0, 1.0), (20.0, 1.0)]);
        assert_eq!(z, [0.0, 7.0, 7.0, 20.0]);
    }

    #[test]
    fn a_single_neighbour_lines_up_with_its_row() {
        // Item 0 (height 100) on the left, item 1 (height 50) on the right; the edge leaves
        // row 70 of item 0 and enters row 10 of item 1: item 1's top goes to 60.
        let ranks = vec![vec![0], vec![1]];
        let pieces = [Piece {
            left: 0,
            right: 1,
            left_port: 70.0,
            right_port: 10.0,
        }];
        let y = place_vertically(&ranks, &pieces, &[100.0, 50.0], |_, _| 40.0, 3);
        assert_eq!(y[1] + 10.0, y[0] + 70.0);
    }
}
