//! Positions in a textarea: the browser counts UTF-16 code units, diagnostics count lines
//! and characters.

use crate::diagnostic::Position;

/// The textarea offset of a 1-based line and column.
pub fn utf16_offset(text: &str, at: Position) -> u32 {
    let mut offset = 0usize;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == at.line as usize {
            let column = line
                .chars()
                .take(at.column.saturating_sub(1) as usize)
                .map(char::len_utf16)
                .sum::<usize>();
            return (offset + column) as u32;
        }
        offset += line.encode_utf16().count() + 1;
    }
    offset as u32
}

/// The offsets of the whole line `line` (1-based), to select it.
pub fn utf16_line(text: &str, line: u32) -> (u32, u32) {
    let start = utf16_offset(text, Position { line, column: 1 });
    let length = text
        .split('\n')
        .nth(line.saturating_sub(1) as usize)
        .map_or(0, |l| l.encode_utf16().count());
    (start, start + length as u32)
}
