//! The diagram as a self-contained SVG document (styles and markers inside), for the
//! command line, the browser's "Export SVG" and PNG export. Pure text from a [`Scene`].

use std::fmt::Write;

use crate::layout::geometry::shown_name;
use crate::layout::notes::{NOTE_HEADER, NOTE_LINE};
use crate::layout::scene::{Bounds, Marker, NoteBox, Scene, TableBox, GROUP_LABEL};
use crate::layout::view::{Stub, STUB_LINE};
use crate::model::Point;

const MARGIN: f64 = 40.0;

/// Styles shared with the browser's diagram, so an export looks like the screen.
pub const DIAGRAM_STYLE: &str = "\
.background{fill:#fbfcfd}\
.stub-line{stroke:#8a94a6;stroke-width:1.5;stroke-dasharray:3 2}\
.stub-label{font:12px sans-serif;fill:#3d4656}\
.table-box{fill:#fff;stroke:#9aa4b2;stroke-width:1}\
.table-header{fill:#2f6fdf}\
.table-name{fill:#fff;font:600 13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
.row-rule{stroke:#eef0f3;stroke-width:1}\
.column-name{fill:#1d2433;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
.column-type{fill:#6b7587;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
.marker{font:700 9px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\
.marker.pk{fill:#b7791f}.marker.fk{fill:#2f6fdf}.marker.uq{fill:#2f855a}.marker.nn{fill:#8a94a6}\
.edge{fill:none;stroke:#5b6b82;stroke-width:1.4}\
.glyph{fill:none;stroke:#5b6b82;stroke-width:1.4}\
.glyph-fill{fill:#fff;stroke:#5b6b82;stroke-width:1.4}\
.group-area{fill-opacity:.10;stroke-opacity:.6;stroke-width:1.5}\
.group-name{font:600 13px ui-sans-serif,system-ui,sans-serif}\
.note-paper{fill:#fff6bf;stroke:#d8b531;stroke-width:1}.note-fold{fill:#f0dc7a;stroke:#d8b531;stroke-width:1}\
.note-name{fill:#5c4a00;font:600 13px ui-sans-serif,system-ui,sans-serif}\
.note-text{fill:#3d3300;font:12px ui-sans-serif,system-ui,sans-serif}";

/// The `<defs>` of the crow's-foot ends: each drawn with the box side at x = 20, the line
/// arriving from the left; `auto-start-reverse` turns the start marker towards its box.
pub const MARKER_DEFS: &str = r##"<marker id="one" viewBox="0 0 20 16" refX="20" refY="8" markerWidth="20" markerHeight="16" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><path class="glyph" d="M11 2 V14 M15 2 V14"/></marker><marker id="zero-one" viewBox="0 0 20 16" refX="20" refY="8" markerWidth="20" markerHeight="16" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><circle class="glyph-fill" cx="7" cy="8" r="3.5"/><path class="glyph" d="M15 2 V14"/></marker><marker id="zero-many" viewBox="0 0 20 16" refX="20" refY="8" markerWidth="20" markerHeight="16" orient="auto-start-reverse" markerUnits="userSpaceOnUse"><circle class="glyph-fill" cx="5" cy="8" r="3.5"/><path class="glyph" d="M11 8 L20 1 M11 8 L20 8 M11 8 L20 15"/></marker>"##;

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A colour the user typed, if it is a plain CSS colour (`#abc`, `#aabbcc`, a name).
pub fn safe_color(color: &str) -> Option<&str> {
    let hex = color
        .strip_prefix('#')
        .is_some_and(|h| matches!(h.len(), 3 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit()));
    let name =
        !color.is_empty() && color.len() < 24 && color.chars().all(|c| c.is_ascii_alphabetic());
    (hex || name).then_some(color)
}

/// The path data of a route.
pub fn path_data(points: &[Point]) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { " L" }, p.x, p.y);
    }
    d
}

/// The drawing's frame, `(x, y, width, height)`: the bounds with a margin all round. The
/// screen, the SVG file and the PNG use the same frame.
pub fn frame(bounds: Bounds) -> (f64, f64, f64, f64) {
    (
        bounds.min_x - MARGIN,
        bounds.min_y - MARGIN,
        (bounds.max_x - bounds.min_x + 2.0 * MARGIN).max(1.0),
        (bounds.max_y - bounds.min_y + 2.0 * MARGIN).max(1.0),
    )
}

/// The whole scene as an SVG document.
pub fn scene_svg(scene: &Scene) -> String {
    let (x, y, w, h) = frame(scene.bounds);
    let mut out = String::with_capacity(2048 + scene.tables.len() * 1500);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {w} {h}" width="{w}" height="{h}"><style>{DIAGRAM_STYLE}</style><defs>{MARKER_DEFS}</defs><rect class="background" x="{x}" y="{y}" width="{w}" height="{h}"/>"#
    );
    out.push_str(r#"<g class="groups">"#);
    for g in &scene.groups {
        let color = g.color.as_deref().and_then(safe_color).unwrap_or("#64748b");
        let _ = write!(
            out,
            r#"<g class="group"><rect class="group-area" x="{}" y="{}" width="{}" height="{}" rx="10" fill="{color}" stroke="{color}"/><text class="group-name" x="{}" y="{}" fill="{color}">{}</text></g>"#,
            g.x,
            g.y,
            g.width,
            g.height,
            g.x + 12.0,
            g.y + GROUP_LABEL - 4.0,
            escape(&g.name)
        );
    }
    out.push_str(r#"</g><g class="edges">"#);
    for e in &scene.edges {
        let _ = write!(
            out,
            r#"<path class="edge" d="{}" marker-start="url(#{})" marker-end="url(#{})"/>"#,
            path_data(&e.points),
            e.source_end.marker(),
            e.target_end.marker()
        );
    }
    out.push_str(r#"</g><g class="tables">"#);
    for t in &scene.tables {
        table_svg(&mut out, t);
    }
    out.push_str(r#"</g><g class="stubs">"#);
    for stub in &scene.stubs {
        out.push_str(&stub_svg(stub));
    }
    out.push_str(r#"</g><g class="notes">"#);
    for n in &scene.notes {
        let _ = write!(
            out,
            r#"<g class="note" transform="translate({} {})">{}</g>"#,
            n.x,
            n.y,
            note_body(n)
        );
    }
    out.push_str("</g></svg>");
    out
}

/// A foreign key leaving a view: a dashed line out of the box and the name of the table it
/// reaches. Shared by the exported SVG and the browser.
pub fn stub_svg(s: &Stub) -> String {
    let sign = if s.outgoing { 1.0 } else { -1.0 };
    let end = s.x + sign * STUB_LINE;
    let (anchor, text_x) = if s.outgoing {
        ("start", end + 4.0)
    } else {
        ("end", end - 4.0)
    };
    format!(
        r#"<line class="stub-line" x1="{}" y1="{}" x2="{end}" y2="{}"/><text class="stub-label" x="{text_x}" y="{}" text-anchor="{anchor}">{}</text>"#,
        s.x,
        s.y,
        s.y,
        s.y + 4.0,
        escape(&s.label)
    )
}

/// A sticky note drawn at the origin: paper with a folded corner, its name, its lines.
/// Shared by the exported SVG and the browser, which places it with a transform.
pub fn note_body(n: &NoteBox) -> String {
    const FOLD: f64 = 14.0;
    let mut out = String::with_capacity(256 + n.lines.len() * 48);
    let _ = write!(
        out,
        r#"<path class="note-paper" d="M0 0 h{} l{FOLD} {FOLD} v{} h-{} z"/><path class="note-fold" d="M{} 0 v{FOLD} h{FOLD} z"/><text class="note-name" x="10" y="19">{}</text>"#,
        n.width - FOLD,
        n.height - FOLD,
        n.width,
        n.width - FOLD,
        escape(&n.name)
    );
    for (i, line) in n.lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="note-text" x="10" y="{}">{}</text>"#,
            NOTE_HEADER + NOTE_LINE * i as f64 + 10.0,
            escape(line)
        );
    }
    out
}

fn table_svg(out: &mut String, t: &TableBox) {
    let header_fill = t
        .color
        .as_deref()
        .and_then(safe_color)
        .map(|c| format!(r#" style="fill:{c}""#))
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"<g class="table" transform="translate({} {})"><rect class="table-box" width="{}" height="{}" rx="6"/><path class="table-header"{header_fill} d="M0 6 a6 6 0 0 1 6 -6 h{} a6 6 0 0 1 6 6 v24 h-{} z"/><text class="table-name" x="10" y="20">{}</text>"#,
        t.x,
        t.y,
        t.width,
        t.height,
        t.width - 12.0,
        t.width,
        escape(&shown_name(&t.name))
    );
    for row in &t.rows {
        let _ = write!(
            out,
            r#"<line class="row-rule" x1="0" x2="{}" y1="{}" y2="{}"/>"#,
            t.width,
            row.center - 11.0,
            row.center - 11.0
        );
        for (i, m) in row.markers.iter().enumerate() {
            let class = match m {
                Marker::PrimaryKey => "pk",
                Marker::ForeignKey => "fk",
                Marker::Unique => "uq",
                Marker::NotNull => "nn",
            };
            let _ = write!(
                out,
                r#"<text class="marker {class}" x="{}" y="{}">{}</text>"#,
                6.0 + 20.0 * i as f64,
                row.center + 4.0,
                m.label()
            );
        }
        let _ = write!(
            out,
            r#"<text class="column-name" x="44" y="{}">{}</text><text class="column-type" x="{}" y="{}" text-anchor="end">{}</text>"#,
            row.center + 4.0,
            escape(&shown_name(&row.name)),
            t.width - 8.0,
            row.center + 4.0,
            escape(&row.type_name)
        );
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::example_project;
    use crate::layout::build_scene;

    #[test]
    fn a_hostile_name_stays_text() {
        let mut project = example_project();
        project.model.tables[0].name = "a\"<script>&".into();
        project.model.tables[0].color = Some("red\" onload=\"x".into());
        project.model.notes.push(crate::model::StickyNote {
            id: crate::model::Id(9_999),
            name: "</text><script>".into(),
            text: "1 < 2 & \"quoted\"".into(),
        });
        crate::layout::notes::place_notes(&project.model, &mut project.layout);
        let scene = build_scene(&project.model, &project.layout);
        let svg = scene_svg(&scene);
        assert!(svg.contains("a&quot;&lt;script&gt;&amp;"));
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("onload"));
        assert_eq!(svg.matches("<g class=\"table\"").count(), 3);
        assert_eq!(svg.matches("<g class=\"note\"").count(), 1);
        assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "{svg}");
        assert!(svg.contains("1 &lt; 2 &amp; &quot;quoted&quot;"), "{svg}");
        assert_eq!(
            svg.matches("<path class=\"edge\"").count(),
            scene.edges.len()
        );
    }
}
