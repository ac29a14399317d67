//! Grid by table group, on request: each table group becomes a block whose tables sit in a
//! grid of roughly square shape (in model order), tables in no group form one more block,
//! and the blocks are packed in rows towards the layered layout's aspect ratio. Blocks keep
//! room for the group's border and name, so no two group areas overlap. Edges are routed
//! directly between the boxes.

use super::geometry::{table_size, Size};
use super::layered::{NODE_GAP, TARGET_ASPECT};
use super::scene::{GROUP_LABEL, GROUP_PADDING};
use crate::model::{Id, Model, Point};

/// Positions for every table of `model`, by id.
pub fn group_grid_positions(model: &Model) -> Vec<(Id, Point)> {
    // Each table in the first group that names it; the rest in a last block of its own.
    let mut blocks: Vec<Vec<usize>> = vec![Vec::new(); model.table_groups.len() + 1];
    for (i, t) in model.tables.iter().enumerate() {
        let group = model
            .table_groups
            .iter()
            .position(|g| g.tables.contains(&t.id));
        blocks[group.unwrap_or(model.table_groups.len())].push(i);
    }
    let sizes: Vec<Size> = model.tables.iter().map(|t| table_size(t)).collect();
    // Lay out each block on its own, from its own origin.
    let mut laid: Vec<(Vec<(usize, Point)>, Size)> = Vec::new();
    for members in blocks.iter().filter(|b| !b.is_empty()) {
        let columns = (members.len() as f64).sqrt().ceil() as usize;
        let mut column_width = vec![0.0f64; columns];
        let mut row_height = vec![0.0f64; members.len().div_ceil(columns)];
        for (k, &i) in members.iter().enumerate() {
            column_width[k % columns] = column_width[k % columns].max(sizes[i].width);
            row_height[k / columns] = row_height[k / columns].max(sizes[i].height);
        }
        let offset =
            |widths: &[f64], upto: usize| widths[..upto].iter().map(|w| w + NODE_GAP).sum::<f64>();
        let placed: Vec<(usize, Point)> = members
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                (
                    i,
                    Point {
                        x: offset(&column_width, k % columns),
                        y: offset(&row_height, k / columns),
                    },
                )
            })
            .collect();
        let size = Size {
            width: offset(&column_width, columns) - NODE_GAP,
            height: offset(&row_height, row_height.len()) - NODE_GAP,
        };
        laid.push((placed, size));
    }
    // The margin a group area takes around its tables, and the gap between areas.
    let margin_x = GROUP_PADDING + NODE_GAP;
    let margin_top = GROUP_PADDING + GROUP_LABEL + NODE_GAP;
    let margin_bottom = GROUP_PADDING + NODE_GAP;
    let area: f64 = laid
        .iter()
        .map(|(_, s)| (s.width + 2.0 * margin_x) * (s.height + margin_top + margin_bottom))
        .sum();
    let row_limit = (area * TARGET_ASPECT).sqrt();
    let mut out = Vec::with_capacity(model.tables.len());
    let (mut x, mut y, mut row_bottom) = (0.0f64, 0.0f64, 0.0f64);
    for (placed, size) in &laid {
        let (w, h) = (
            size.width + 2.0 * margin_x,
            size.height + margin_top + margin_bottom,
        );
        if x > 0.0 && x + w > row_limit {
            x = 0.0;
            y = row_bottom;
        }
        for (i, p) in placed {
            out.push((
                model.tables[*i].id,
                Point {
                    x: x + margin_x + p.x,
                    y: y + margin_top + p.y,
                },
            ));
        }
        x += w;
        row_bottom = row_bottom.max(y + h);
    }
    out
}
