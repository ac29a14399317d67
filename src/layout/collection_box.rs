//! A collection's box on the diagram: a row per field, embedded documents indented under
//! their field (folded when the user collapsed it), arrays marked with their element type
//! and how many elements they may hold, `_id` marked as the key, referencing fields as
//! references and required fields as not null. The same [`TableBox`] as a table's, so the
//! canvas, the SVG export and hit testing draw both alike.

use std::collections::BTreeSet;

use super::geometry::{
    shown_type, Size, CHAR_WIDTH, HEADER_HEIGHT, MIN_WIDTH, ROW_HEIGHT, ROW_PADDING,
};
use super::scene::{Marker, Row, TableBox};
use crate::model::document::{BsonType, Collection, Field};
use crate::model::{Id, Point};

/// What a nested field's name is indented by, per level: no-break spaces, which SVG text
/// keeps (it collapses ordinary ones).
pub const INDENT: &str = "\u{a0}\u{a0}";

/// The fields the box shows, in order, with their depth: children of collapsed fields are
/// left out.
pub fn visible_fields<'a>(c: &'a Collection, collapsed: &BTreeSet<Id>) -> Vec<(usize, &'a Field)> {
    fn walk<'a>(
        list: &'a [Field],
        depth: usize,
        collapsed: &BTreeSet<Id>,
        out: &mut Vec<(usize, &'a Field)>,
    ) {
        for f in list {
            out.push((depth, f));
            if !collapsed.contains(&f.id) {
                walk(&f.fields, depth + 1, collapsed, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&c.fields, 0, collapsed, &mut out);
    out
}

/// How the box shows a field's type: the union of its types, an array as `[element]` with
/// its bound (`0..20`, or `0..*` when none is set).
pub fn type_label(f: &Field) -> String {
    let names = |types: &[BsonType]| -> String {
        if types.is_empty() {
            "any".to_string()
        } else {
            types.iter().map(|t| t.name()).collect::<Vec<_>>().join("|")
        }
    };
    let parts: Vec<String> = f
        .types
        .iter()
        .map(|t| match t {
            BsonType::Array => {
                let bound = f
                    .facets
                    .max_items
                    .map_or("*".to_string(), |n| n.to_string());
                let least = f.facets.min_items.unwrap_or(0);
                format!("[{}] {least}..{bound}", names(&f.item_types))
            }
            other => other.name().to_string(),
        })
        .collect();
    if parts.is_empty() {
        "any".into()
    } else {
        parts.join(" | ")
    }
}

fn row_name(depth: usize, f: &Field, collapsed: &BTreeSet<Id>) -> String {
    let fold = if f.fields.is_empty() {
        ""
    } else if collapsed.contains(&f.id) {
        "▸ "
    } else {
        "▾ "
    };
    format!("{}{fold}{}", INDENT.repeat(depth), f.name)
}

/// The box's size.
pub fn collection_size(c: &Collection, collapsed: &BTreeSet<Id>) -> Size {
    let rows = visible_fields(c, collapsed);
    let widest = rows
        .iter()
        .map(|(depth, f)| {
            row_name(*depth, f, collapsed).chars().count()
                + shown_type(&type_label(f)).chars().count()
        })
        .max()
        .unwrap_or(0)
        .max(c.name.chars().count());
    Size {
        width: (widest as f64 * CHAR_WIDTH + ROW_PADDING)
            .max(MIN_WIDTH)
            .ceil(),
        height: HEADER_HEIGHT + ROW_HEIGHT * rows.len().max(1) as f64,
    }
}

/// The height of a field's row from the top of the box; a field folded away is at its
/// nearest shown ancestor's row.
pub fn field_row_center(c: &Collection, collapsed: &BTreeSet<Id>, field: Id) -> f64 {
    let rows = visible_fields(c, collapsed);
    let at = |id: Id| rows.iter().position(|(_, f)| f.id == id);
    let found = at(field).or_else(|| {
        // The ancestors of the field, innermost first.
        fn path(list: &[Field], id: Id, out: &mut Vec<Id>) -> bool {
            for f in list {
                if f.id == id || path(&f.fields, id, out) {
                    out.push(f.id);
                    return true;
                }
            }
            false
        }
        let mut chain = Vec::new();
        path(&c.fields, field, &mut chain);
        chain.into_iter().find_map(at)
    });
    match found {
        Some(i) => HEADER_HEIGHT + ROW_HEIGHT * (i as f64 + 0.5),
        None => HEADER_HEIGHT / 2.0,
    }
}

/// The row of the collection's `_id`, where references arrive.
pub fn id_row_center(c: &Collection, collapsed: &BTreeSet<Id>) -> f64 {
    c.fields
        .iter()
        .find(|f| f.name == "_id")
        .map_or(HEADER_HEIGHT / 2.0, |f| {
            field_row_center(c, collapsed, f.id)
        })
}

/// The collection's box at `p`.
pub fn collection_box(c: &Collection, p: Point, collapsed: &BTreeSet<Id>) -> TableBox {
    let size = collection_size(c, collapsed);
    let referencing: BTreeSet<Id> = c
        .references
        .iter()
        .filter_map(|r| r.path.last().copied())
        .collect();
    let rows = visible_fields(c, collapsed)
        .into_iter()
        .enumerate()
        .map(|(i, (depth, f))| {
            let mut markers = Vec::new();
            if depth == 0 && f.name == "_id" {
                markers.push(Marker::PrimaryKey);
            }
            if referencing.contains(&f.id) {
                markers.push(Marker::ForeignKey);
            }
            if markers.is_empty() && f.required {
                markers.push(Marker::NotNull);
            }
            Row {
                name: row_name(depth, f, collapsed),
                type_name: shown_type(&type_label(f)),
                center: HEADER_HEIGHT + ROW_HEIGHT * (i as f64 + 0.5),
                markers,
            }
        })
        .collect();
    TableBox {
        id: c.id,
        name: c.name.clone(),
        x: p.x,
        y: p.y,
        width: size.width,
        height: size.height,
        color: None,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::samples::infer;
    use crate::model::IdGen;

    #[test]
    fn nested_fields_are_indented_folded_and_arrays_show_their_bounds() {
        let c = infer(
            "grades",
            r#"{"_id": 1, "scores": [{"type": "exam", "score": 1.5}], "tags": ["a"], "meta": {"by": "x"}}"#,
            &mut IdGen::default(),
        )
        .expect("inferred");
        let open = collection_box(&c, Point::default(), &BTreeSet::new());
        let rows: Vec<(&str, &str)> = open
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.type_name.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("_id", "int"),
                ("▾ scores", "[object] 0..*"),
                ("\u{a0}\u{a0}type", "string"),
                ("\u{a0}\u{a0}score", "double"),
                ("tags", "[string] 0..*"),
                ("▾ meta", "object"),
                ("\u{a0}\u{a0}by", "string"),
            ]
        );
        assert_eq!(open.rows[0].markers, [Marker::PrimaryKey]);
        let scores = c.fields[1].id;
        let score = c.fields[1].fields[1].id;
        let folded: BTreeSet<Id> = [scores].into();
        let closed = collection_box(&c, Point::default(), &folded);
        assert_eq!(closed.rows[1].name, "▸ scores");
        assert_eq!(closed.rows.len(), 5);
        assert_eq!(
            field_row_center(&c, &folded, score),
            field_row_center(&c, &folded, scores),
            "a folded field's edge leaves from its parent's row"
        );
        assert!(collection_size(&c, &folded).height < collection_size(&c, &BTreeSet::new()).height);
    }
}
