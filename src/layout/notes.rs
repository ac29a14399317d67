//! Sticky notes (DBML `Note name { ... }`) on the diagram: their size from their wrapped
//! text, and a place for each note that has none, in a column to the right of everything
//! already placed, so a note never covers a table. A note the user dragged keeps its place.

use super::geometry::{table_size, Size};
use super::layered::NODE_GAP;
use crate::model::{Layout, Model, Point, StickyNote};

pub const NOTE_WIDTH: f64 = 240.0;
pub const NOTE_HEADER: f64 = 28.0;
pub const NOTE_LINE: f64 = 16.0;
/// Characters per wrapped line at the note's 12 px font.
pub const NOTE_CHARS: usize = 30;
/// A longer note is cut with an ellipsis; the full text stays in the model.
pub const NOTE_MAX_LINES: usize = 14;

/// The note's text wrapped at word boundaries into at most [`NOTE_MAX_LINES`] lines.
pub fn note_lines(note: &StickyNote) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in note.text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word = word.to_string();
            // A word longer than a line is broken.
            while word.chars().count() > NOTE_CHARS {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(NOTE_CHARS).collect();
                word = word.chars().skip(NOTE_CHARS).collect();
                lines.push(head);
            }
            let needed =
                line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > NOTE_CHARS && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.len() > NOTE_MAX_LINES {
        lines.truncate(NOTE_MAX_LINES);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(NOTE_CHARS - 1).collect();
            *last = format!("{kept}…");
        }
    }
    lines
}

pub fn note_size(note: &StickyNote) -> Size {
    let lines = note_lines(note).len().max(1);
    Size {
        width: NOTE_WIDTH,
        height: NOTE_HEADER + NOTE_LINE * lines as f64 + 10.0,
    }
}

/// The box of every note that has a position.
pub fn placed_notes<'a>(
    model: &'a Model,
    layout: &'a Layout,
) -> impl Iterator<Item = (Point, Size)> + 'a {
    model
        .notes
        .iter()
        .filter_map(|n| layout.positions.get(&n.id).map(|p| (*p, note_size(n))))
}

/// Gives every note of `model` without a position one, in a column to the right of every
/// placed table and note, top-aligned with them.
pub fn place_notes(model: &Model, layout: &mut Layout) {
    let mut boxes: Vec<(Point, Size)> = model
        .tables
        .iter()
        .filter_map(|t| layout.positions.get(&t.id).map(|p| (*p, table_size(t))))
        .collect();
    boxes.extend(placed_notes(model, layout));
    let right = boxes
        .iter()
        .map(|(p, s)| p.x + s.width)
        .fold(f64::NEG_INFINITY, f64::max);
    let top = boxes.iter().map(|(p, _)| p.y).fold(f64::INFINITY, f64::min);
    let mut at = Point {
        x: if right.is_finite() {
            right + NODE_GAP * 2.0
        } else {
            0.0
        },
        y: if top.is_finite() { top } else { 0.0 },
    };
    for note in &model.notes {
        if layout.positions.contains_key(&note.id) {
            continue;
        }
        layout.positions.insert(note.id, at);
        at.y += note_size(note).height + NODE_GAP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;

    fn note(text: &str) -> StickyNote {
        StickyNote {
            id: Id(1),
            name: "n".into(),
            text: text.into(),
        }
    }

    #[test]
    fn wraps_at_words_breaks_long_words_and_cuts_long_notes() {
        let lines = note_lines(&note(
            "The orders table is partitioned by month.\n\nAsk the data team first.",
        ));
        assert_eq!(
            lines,
            [
                "The orders table is",
                "partitioned by month.",
                "",
                "Ask the data team first."
            ]
        );
        let long_word = "x".repeat(70);
        let lines = note_lines(&note(&long_word));
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            [30, 30, 10]
        );
        let many = "line\n".repeat(40);
        let lines = note_lines(&note(&many));
        assert_eq!(lines.len(), NOTE_MAX_LINES);
        assert!(lines[NOTE_MAX_LINES - 1].ends_with('…'));
        assert!(note_lines(&note("")).is_empty());
        assert!(note_size(&note("")).height > NOTE_HEADER);
    }
}
