//! Crossing reduction: the order of the boxes (and of the edge waypoints) within each rank,
//! by barycenter sweeps left to right and back, keeping the best order seen. Neighbours are
//! weighed by the row an edge attaches to, so edges from upper rows pull upwards.
//!
//! # Complexity
//! O(S · (N log N + P log P)) for S sweeps, N items and P edge pieces.

use std::cell::RefCell;

/// One straight stretch of an edge between two adjacent ranks, from an item on the left to an
/// item on the right, attached at the given heights below their tops.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    pub left: usize,
    pub right: usize,
    pub left_port: f64,
    pub right_port: f64,
}

/// Reorders each rank's items to reduce crossings between adjacent ranks: barycenter
/// sweeps, then, as far as the drawing's size allows, sifting and up to `restarts` restarts
/// from shuffled orders (the best order found is kept), or else greedy switching. Returns
/// the crossings of the order kept.
pub fn order_ranks(
    ranks: &mut [Vec<usize>],
    pieces: &[Piece],
    heights: &[f64],
    sweeps: usize,
    restarts: usize,
) -> usize {
    let gaps = Gaps::new(ranks, pieces, heights);
    let start = ranks.to_vec();
    let swept = barycenter_sweeps(ranks, &gaps, sweeps);
    let work = gaps.sifting_work(ranks);
    if work > SIFTING_BUDGET {
        if gaps.switching_work(ranks) <= TRANSPOSE_BUDGET {
            transpose(ranks, &gaps);
            return gaps.total(&positions(ranks, heights.len()));
        }
        return swept;
    }
    let mut best_crossings = sift(ranks, &gaps);
    let restarts = (RESTART_BUDGET / work.max(1)).min(restarts);
    let mut random = Lcg(0x5eed);
    for _ in 0..restarts {
        if best_crossings == 0 {
            break;
        }
        let mut candidate = start.clone();
        for rank in &mut candidate {
            random.shuffle(rank);
        }
        barycenter_sweeps(&mut candidate, &gaps, sweeps);
        let crossings = sift(&mut candidate, &gaps);
        if crossings < best_crossings {
            best_crossings = crossings;
            ranks.clone_from_slice(&candidate);
        }
    }
    best_crossings
}

/// Work of one sifting pass (see [`Gaps::sifting_work`]) up to which sifting runs.
const SIFTING_BUDGET: usize = 4_000_000;
/// Total work for the restarts: small schemas, where a handful of crossings matters most,
/// get [`RESTARTS`] of them for a millisecond or so; large ones get fewer or none.
const RESTART_BUDGET: usize = 400_000;
/// Shuffled starts tried after the first order, each swept and sifted, for a final layout.
pub const RESTARTS: usize = 16;
/// Passes of sifting over all ranks, at most (it stops when a pass changes nothing).
const SIFTING_PASSES: usize = 6;

/// Work above which [`transpose`] is skipped: it re-counts two gaps per trial swap, which a
/// drawing of thousands of items cannot afford, and the sweeps have done most of the work.
const TRANSPOSE_BUDGET: usize = 200_000;

/// The pieces of a drawing grouped by the gap between two ranks they cross, with each item's
/// neighbours, to count crossings gap by gap.
struct Gaps<'a> {
    heights: &'a [f64],
    /// Pieces by the rank on their left.
    by_gap: Vec<Vec<Piece>>,
    /// Each item's neighbours on the left and on the right, with where on them the edge
    /// attaches (see [`fraction`]).
    leftward: Vec<Vec<(usize, f64)>>,
    rightward: Vec<Vec<(usize, f64)>>,
    /// Buffers for counting, kept between counts: the ordering counts thousands of times.
    scratch: RefCell<Scratch>,
}

#[derive(Default)]
struct Scratch {
    ends: Vec<(f64, f64)>,
    rights: Vec<f64>,
    merge: Vec<f64>,
}

impl<'a> Gaps<'a> {
    fn new(ranks: &[Vec<usize>], pieces: &[Piece], heights: &'a [f64]) -> Self {
        let items = heights.len();
        let mut rank_of = vec![usize::MAX; items];
        for (r, rank) in ranks.iter().enumerate() {
            for &v in rank {
                rank_of[v] = r;
            }
        }
        let mut by_gap: Vec<Vec<Piece>> = vec![Vec::new(); ranks.len()];
        let mut leftward: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items];
        let mut rightward: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items];
        for p in pieces {
            if let Some(gap) = by_gap.get_mut(rank_of[p.left]) {
                gap.push(*p);
            }
            rightward[p.left].push((p.right, fraction(heights[p.right], p.right_port)));
            leftward[p.right].push((p.left, fraction(heights[p.left], p.left_port)));
        }
        Gaps {
            heights,
            by_gap,
            leftward,
            rightward,
            scratch: RefCell::default(),
        }
    }

    /// Crossings in the gap right of rank `gap`.
    fn in_gap(&self, gap: usize, pos: &[f64]) -> usize {
        let Some(pieces) = self.by_gap.get(gap) else {
            return 0;
        };
        let mut scratch = self.scratch.borrow_mut();
        let Scratch {
            ends,
            rights,
            merge,
        } = &mut *scratch;
        ends.clear();
        ends.extend(pieces.iter().map(|p| {
            (
                pos[p.left] + fraction(self.heights[p.left], p.left_port),
                pos[p.right] + fraction(self.heights[p.right], p.right_port),
            )
        }));
        ends.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        rights.clear();
        rights.extend(ends.iter().map(|e| e.1));
        merge.resize(rights.len(), 0.0);
        merge_inversions(rights, merge)
    }

    /// Crossings in the two gaps beside rank `r`: all that reordering `r` can change.
    fn beside(&self, r: usize, pos: &[f64]) -> usize {
        self.in_gap(r, pos) + r.checked_sub(1).map_or(0, |g| self.in_gap(g, pos))
    }

    fn pieces_beside(&self, r: usize) -> usize {
        self.by_gap.get(r).map_or(0, Vec::len)
            + r.checked_sub(1)
                .and_then(|g| self.by_gap.get(g))
                .map_or(0, Vec::len)
    }

    fn total(&self, pos: &[f64]) -> usize {
        (0..self.by_gap.len()).map(|g| self.in_gap(g, pos)).sum()
    }

    /// Cost of one pass of greedy switching.
    fn switching_work(&self, ranks: &[Vec<usize>]) -> usize {
        (0..ranks.len())
            .map(|r| ranks[r].len() * self.pieces_beside(r))
            .sum()
    }

    /// Cost of one pass of sifting.
    fn sifting_work(&self, ranks: &[Vec<usize>]) -> usize {
        (0..ranks.len())
            .map(|r| ranks[r].len() * (ranks[r].len() + self.pieces_beside(r)))
            .sum()
    }
}

/// Each item's index in its rank.
fn positions(ranks: &[Vec<usize>], items: usize) -> Vec<f64> {
    let mut pos = vec![0.0f64; items];
    for rank in ranks {
        for (i, &v) in rank.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    pos
}

/// Barycenter sweeps left to right and back; leaves `ranks` at the best order seen and
/// returns its crossings.
fn barycenter_sweeps(ranks: &mut [Vec<usize>], gaps: &Gaps, sweeps: usize) -> usize {
    let mut pos = positions(ranks, gaps.heights.len());
    let mut best = ranks.to_vec();
    let mut best_crossings = gaps.total(&pos);
    for sweep in 0..sweeps {
        let forward = sweep % 2 == 0;
        let order: Vec<usize> = if forward {
            (1..ranks.len()).collect()
        } else {
            (0..ranks.len().saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if forward {
                &gaps.leftward
            } else {
                &gaps.rightward
            };
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
        let crossings = gaps.total(&pos);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = ranks.to_vec();
        }
    }
    ranks.clone_from_slice(&best);
    best_crossings
}

/// Sifting: takes each item in turn out of its rank and puts it back at the place where the
/// two gaps beside the rank cross least, pass after pass until nothing moves. The crossings
/// between two items' edges depend only on which of the two is above, so each rank's pairs
/// are counted once and every place of an item is then priced in constant time. Returns the
/// crossings of the result.
fn sift(ranks: &mut [Vec<usize>], gaps: &Gaps) -> usize {
    let mut pos = positions(ranks, gaps.heights.len());
    for _ in 0..SIFTING_PASSES {
        let mut moved = false;
        for (r, rank) in ranks.iter_mut().enumerate() {
            if rank.len() >= 2 && gaps.pieces_beside(r) > 0 {
                moved |= sift_rank(rank, gaps, &mut pos);
            }
        }
        if !moved {
            break;
        }
    }
    gaps.total(&pos)
}

/// One sifting pass over one rank; true when an item moved.
fn sift_rank(rank: &mut [usize], gaps: &Gaps, pos: &mut [f64]) -> bool {
    let size = rank.len();
    let ends = |list: &[(usize, f64)]| {
        let mut e: Vec<f64> = list.iter().map(|&(u, f)| pos[u] + f).collect();
        e.sort_by(f64::total_cmp);
        e
    };
    let sides: Vec<[Vec<f64>; 2]> = rank
        .iter()
        .map(|&v| [ends(&gaps.leftward[v]), ends(&gaps.rightward[v])])
        .collect();
    // above[i * size + j]: crossings between the edges of items i and j when i is above j.
    let mut above = vec![0usize; size * size];
    for (i, own) in sides.iter().enumerate() {
        for (j, other) in sides.iter().enumerate() {
            if i != j {
                above[i * size + j] =
                    greater_pairs(&own[0], &other[0]) + greater_pairs(&own[1], &other[1]);
            }
        }
    }
    let mut order: Vec<usize> = (0..size).collect();
    let mut moved = false;
    for k in 0..size {
        let own = &above[k * size..(k + 1) * size];
        let Some(from) = order.iter().position(|&i| i == k) else {
            continue;
        };
        order.remove(from);
        // At place 0, k is above all the others; each step down passes one of them.
        let mut cost: usize = order.iter().map(|&j| own[j]).sum();
        let mut best = (usize::MAX, from);
        for at in 0..=order.len() {
            if at > 0 {
                let passed = order[at - 1];
                cost = cost + above[passed * size + k] - own[passed];
            }
            if cost < best.0 || (cost == best.0 && at == from) {
                best = (cost, at);
            }
        }
        order.insert(best.1, k);
        moved |= best.1 != from;
    }
    let items = rank.to_vec();
    for (i, &k) in order.iter().enumerate() {
        rank[i] = items[k];
        pos[items[k]] = i as f64;
    }
    moved
}

/// Pairs `x` of `a` and `y` of `b` with `x > y`, for sorted `a` and `b`.
fn greater_pairs(a: &[f64], b: &[f64]) -> usize {
    let mut below = 0;
    let mut count = 0;
    for &x in a {
        while below < b.len() && b[below] < x {
            below += 1;
        }
        count += below;
    }
    count
}

/// Greedy switching: swaps two neighbours in a rank whenever that lowers the crossings in the
/// two gaps beside the rank, until no swap helps (or a few passes are done).
fn transpose(ranks: &mut [Vec<usize>], gaps: &Gaps) {
    let mut pos = positions(ranks, gaps.heights.len());
    for _ in 0..8 {
        let mut improved = false;
        for (r, rank) in ranks.iter_mut().enumerate() {
            if gaps.pieces_beside(r) == 0 {
                continue;
            }
            for i in 0..rank.len().saturating_sub(1) {
                let (a, b) = (rank[i], rank[i + 1]);
                let before = gaps.beside(r, &pos);
                pos[a] = (i + 1) as f64;
                pos[b] = i as f64;
                if gaps.beside(r, &pos) < before {
                    rank.swap(i, i + 1);
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

/// A small deterministic random sequence (a linear congruential generator), so that the
/// restarts give the same picture on every run and every platform.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    /// Fisher-Yates.
    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
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
    Gaps::new(ranks, pieces, heights).total(pos)
}

/// Runs this short are counted by insertion sort: each shift is one inversion.
const SHORT_RUN: usize = 16;

/// Pairs `i < j` with `v[i] > v[j]`, by merge sort (insertion sort on short runs) through
/// `scratch`, as long as `v`; sorts `v`. Counting crossings is most of the ordering's work.
fn merge_inversions(v: &mut [f64], scratch: &mut [f64]) -> usize {
    if v.len() <= SHORT_RUN {
        let mut count = 0;
        for i in 1..v.len() {
            let x = v[i];
            let mut j = i;
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1];
                j -= 1;
                count += 1;
            }
            v[j] = x;
        }
        return count;
    }
    let mid = v.len() / 2;
    let mut count = merge_inversions(&mut v[..mid], &mut scratch[..mid])
        + merge_inversions(&mut v[mid..], &mut scratch[mid..]);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            count += mid - i;
            scratch[k] = v[j];
            j += 1;
        } else {
            scratch[k] = v[i];
            i += 1;
        }
        k += 1;
    }
    let rest = if i < mid { i..mid } else { j..v.len() };
    for x in rest {
        scratch[k] = v[x];
        k += 1;
    }
    v.copy_from_slice(&scratch[..v.len()]);
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
        assert_eq!(order_ranks(&mut ranks, &pieces, &heights, 4, RESTARTS), 0);
        let mut pos = [0.0; 4];
        for rank in &ranks {
            for (i, &v) in rank.iter().enumerate() {
                pos[v] = i as f64;
            }
        }
        assert_eq!(count_crossings(&ranks, &pieces, &heights, &pos), 0);
    }

    fn inversions(v: &mut [f64]) -> usize {
        merge_inversions(v, &mut vec![0.0; v.len()])
    }

    #[test]
    fn counts_inversions() {
        assert_eq!(inversions(&mut [3.0, 1.0, 2.0]), 2);
        assert_eq!(inversions(&mut [1.0, 2.0, 3.0]), 0);
        // Long enough for the merges, with ties (never inversions), against a plain count.
        let mut random = Lcg(7);
        let v: Vec<f64> = (0..200).map(|_| random.below(50) as f64).collect();
        let expected = (0..v.len())
            .flat_map(|i| (i + 1..v.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| v[i] > v[j])
            .count();
        let mut sorted = v.clone();
        assert_eq!(inversions(&mut sorted), expected);
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
    }
}
