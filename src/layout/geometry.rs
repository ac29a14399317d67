//! The size of a table's box, shared by the layout and the renderer so that edges computed
//! by the engine meet the rows the browser draws.

use crate::model::{Id, Table};

pub const HEADER_HEIGHT: f64 = 30.0;
pub const ROW_HEIGHT: f64 = 22.0;
/// Average advance of the diagram's monospace font at 12 px.
pub const CHAR_WIDTH: f64 = 7.3;
pub const MIN_WIDTH: f64 = 160.0;
/// Width of the marker column (PK, FK, UQ, NN) at the start of each row.
pub const BADGE_AREA: f64 = 44.0;
/// Space between a column's name and its type, and after the type.
pub const ROW_PADDING: f64 = BADGE_AREA + 26.0;
/// Longer type spellings (`set('Trailers', ...)`) are shortened in the box, so that one
/// column cannot make its table, and its whole rank, wide.
pub const MAX_TYPE_CHARS: usize = 24;

/// Longer table and column names are shortened in the box the same way: a 10,000-character
/// name would otherwise make a box wider than any screen.
pub const MAX_NAME_CHARS: usize = 64;

/// A type's spelling as the box shows it: cut at [`MAX_TYPE_CHARS`] with an ellipsis.
pub fn shown_type(spelling: &str) -> String {
    cut_at(spelling, MAX_TYPE_CHARS)
}

/// A name as the box shows it: cut at [`MAX_NAME_CHARS`] with an ellipsis.
pub fn shown_name(name: &str) -> String {
    cut_at(name, MAX_NAME_CHARS)
}

/// `text` cut to at most `most` characters, the last an ellipsis when it was cut.
pub fn cut_at(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(most - 1).collect();
        cut.push('…');
        cut
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// The box of a table: a header plus one row per column.
pub fn table_size(table: &Table) -> Size {
    let widest_row = table
        .columns
        .iter()
        .map(|c| {
            c.name.chars().count().min(MAX_NAME_CHARS)
                + c.data_type.spelling.chars().count().min(MAX_TYPE_CHARS)
        })
        .max()
        .unwrap_or(0);
    // `schema.name`, counted without building it: every box is measured on every edit.
    let header = table.name.chars().count().min(MAX_NAME_CHARS)
        + table
            .schema
            .as_ref()
            .map_or(0, |s| s.chars().count().min(MAX_NAME_CHARS) + 1);
    let chars = widest_row.max(header) as f64;
    Size {
        width: (chars * CHAR_WIDTH + ROW_PADDING).max(MIN_WIDTH).ceil(),
        height: HEADER_HEIGHT + ROW_HEIGHT * table.columns.len().max(1) as f64,
    }
}

/// The vertical centre of a column's row, relative to the top of its box.
pub fn row_center(table: &Table, column: Id) -> f64 {
    match table.columns.iter().position(|c| c.id == column) {
        Some(i) => HEADER_HEIGHT + ROW_HEIGHT * (i as f64 + 0.5),
        None => HEADER_HEIGHT / 2.0,
    }
}
