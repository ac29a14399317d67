//! Packing of separately laid-out components (and unrelated tables) into one drawing close to
//! a target aspect ratio: rows of columns, tallest first, so small pieces fill the space
//! beside a large one instead of trailing off to one side.
//!
//! # Complexity
//! O(C log C) for C components, times the few row widths tried.

/// Top-left offsets for rectangles of the given sizes, separated by `gap`.
pub fn pack(sizes: &[(f64, f64)], gap: f64, aspect: f64) -> Vec<(f64, f64)> {
    if sizes.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by(|&a, &b| sizes[b].1.total_cmp(&sizes[a].1).then(a.cmp(&b)));
    let area: f64 = sizes.iter().map(|(w, h)| (w + gap) * (h + gap)).sum();
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    let ideal = (area * aspect).sqrt();
    let mut best: Option<(f64, Vec<(f64, f64)>)> = None;
    for factor in [0.6, 0.75, 0.9, 1.0, 1.15, 1.35, 1.6] {
        let width = (ideal * factor).max(widest);
        let (offsets, w, h) = shelves(sizes, &order, gap, width);
        let ratio = w / h.max(1.0);
        // Distance from the target ratio, then area.
        let score = (ratio / aspect).ln().abs() * 4.0 + (w * h / area).ln();
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, offsets));
        }
    }
    best.map(|(_, offsets)| offsets).unwrap_or_default()
}

/// Rows no wider than `width`; each row as tall as its first (tallest) item, filled with
/// columns of items stacked while they fit.
fn shelves(
    sizes: &[(f64, f64)],
    order: &[usize],
    gap: f64,
    width: f64,
) -> (Vec<(f64, f64)>, f64, f64) {
    let mut offsets = vec![(0.0, 0.0); sizes.len()];
    let (mut row_y, mut row_height) = (0.0f64, 0.0f64);
    let (mut column_x, mut column_y, mut column_width) = (0.0f64, 0.0f64, 0.0f64);
    let mut total_width = 0.0f64;
    for &i in order {
        let (w, h) = sizes[i];
        if row_height == 0.0 {
            row_height = h;
        }
        let fits_below = column_y > 0.0 && column_y + h <= row_height;
        if !fits_below {
            // A new column in this row, or a new row.
            column_x += if column_y > 0.0 {
                column_width + gap
            } else {
                0.0
            };
            column_y = 0.0;
            column_width = 0.0;
            if column_x > 0.0 && column_x + w > width {
                row_y += row_height + gap;
                row_height = h;
                column_x = 0.0;
            }
        }
        offsets[i] = (column_x, row_y + column_y);
        column_y += h + gap;
        column_width = column_width.max(w);
        total_width = total_width.max(column_x + w);
    }
    (offsets, total_width, row_y + row_height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_pieces_fill_beside_a_large_one_without_overlap() {
        let mut sizes = vec![(1000.0, 800.0)];
        sizes.extend(std::iter::repeat_n((200.0, 100.0), 40));
        let offsets = pack(&sizes, 40.0, 1.5);
        let rects: Vec<(f64, f64, f64, f64)> = offsets
            .iter()
            .zip(&sizes)
            .map(|(&(x, y), &(w, h))| (x, y, x + w, y + h))
            .collect();
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(
                    a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1,
                    "{a:?} {b:?}"
                );
            }
        }
        let width = rects.iter().map(|r| r.2).fold(0.0, f64::max);
        let height = rects.iter().map(|r| r.3).fold(0.0, f64::max);
        let ratio = width / height;
        assert!((0.5..=2.5).contains(&ratio), "aspect ratio {ratio}");
        // Some small piece sits beside the large one, within its height.
        assert!(rects[1..].iter().any(|r| r.0 >= 1000.0 && r.3 <= 800.0));
    }
}
