//! Table names readable at any zoom. Zoomed out, a name drawn in its box is a pixel high;
//! instead each name is drawn over its box at a size that is readable on screen, most
//! connected tables first, and a name that would cover one already placed is left out, as a
//! map names its big cities first. Only the zoom decides which names fit, so panning costs
//! nothing; the zoom is taken in steps so the names change only now and then while zooming.

use std::collections::HashMap;

use super::geometry::cut_at;
use super::scene::Scene;
use super::spec::Rect;
use crate::model::Id;

/// How high a name is drawn on screen, in CSS pixels.
pub const NAME_PX: f64 = 13.0;
/// A character's width, in ems, of the bold sans-serif the names are drawn in (wider than
/// the regular text the boxes are measured by, `geometry::CHAR_WIDTH` at 13 px).
const CHAR_EM: f64 = 0.64;
/// Zoom steps per doubling.
const STEPS_PER_DOUBLING: f64 = 4.0;
/// Longest name spelled out; longer ones are cut with an ellipsis.
const LONGEST: usize = 40;

/// A name drawn over its table, centred at (`x`, `y`) in diagram units, `size` high.
#[derive(Clone, Debug, PartialEq)]
pub struct NameLabel {
    pub table: Id,
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// `scale` rounded down to a zoom step, so the labels are made again only at each step.
pub fn label_scale(scale: f64) -> f64 {
    let step = (scale.max(1e-6).log2() * STEPS_PER_DOUBLING).floor();
    (step / STEPS_PER_DOUBLING).exp2()
}

/// The names readable at `scale` (taken as [`label_scale`]): each at least [`NAME_PX`] high
/// on screen, none overlapping another, tables with more edges first, then bigger ones,
/// then in scene order.
pub fn readable_names(scene: &Scene, scale: f64) -> Vec<NameLabel> {
    let size = NAME_PX / label_scale(scale);
    let mut degree: HashMap<Id, usize> = HashMap::new();
    for e in &scene.edges {
        *degree.entry(e.table).or_default() += 1;
        *degree.entry(e.target).or_default() += 1;
    }
    let mut order: Vec<usize> = (0..scene.tables.len()).collect();
    order.sort_by(|&a, &b| {
        let (ta, tb) = (&scene.tables[a], &scene.tables[b]);
        let (da, db) = (degree.get(&ta.id), degree.get(&tb.id));
        db.cmp(&da)
            .then((tb.width * tb.height).total_cmp(&(ta.width * ta.height)))
            .then(a.cmp(&b))
    });
    // Placed labels, bucketed in a grid of cells one label high, so each check looks at
    // the few labels nearby.
    let cell = size * 4.0;
    let mut grid: HashMap<(i64, i64), Vec<Rect>> = HashMap::new();
    let cells = |r: &Rect| {
        let (x0, x1) = (
            (r.x / cell).floor() as i64,
            (r.right() / cell).floor() as i64,
        );
        let (y0, y1) = (
            (r.y / cell).floor() as i64,
            (r.bottom() / cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    };
    let mut labels = Vec::new();
    for i in order {
        let t = &scene.tables[i];
        let text = cut_at(&t.name, LONGEST);
        let width = text.chars().count() as f64 * CHAR_EM * size;
        let (x, y) = (t.x + t.width / 2.0, t.y + t.height / 2.0);
        // The label's box with a little room around it.
        let room = Rect {
            x: x - width / 2.0 - size * 0.3,
            y: y - size * 0.8,
            width: width + size * 0.6,
            height: size * 1.6,
        };
        let taken = cells(&room).any(|c| {
            grid.get(&c)
                .is_some_and(|placed| placed.iter().any(|r| r.overlaps(&room)))
        });
        if taken {
            continue;
        }
        for c in cells(&room) {
            grid.entry(c).or_default().push(room);
        }
        labels.push(NameLabel {
            table: t.id,
            text,
            x,
            y,
            size,
        });
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sql::import_sql;
    use crate::layout::{build_scene, layered_layout};
    use crate::model::Dialect;
    use crate::synthetic::hub_schema_script;

    fn hub_scene() -> Scene {
        let model = import_sql(&hub_schema_script(375, 760), Dialect::Postgres).model;
        build_scene(&model, &layered_layout(&model))
    }

    #[test]
    fn names_are_readable_apart_and_the_hubs_come_first() {
        let scene = hub_scene();
        let scale = 0.04;
        let labels = readable_names(&scene, scale);
        assert!(!labels.is_empty());
        for l in &labels {
            let on_screen = l.size * scale;
            assert!(
                (NAME_PX - 1e-9..NAME_PX * 1.2).contains(&on_screen),
                "{on_screen}"
            );
        }
        // No two labels overlap, measured as they are drawn.
        let rect = |l: &NameLabel| {
            let w = l.text.chars().count() as f64 * CHAR_EM * l.size;
            Rect {
                x: l.x - w / 2.0,
                y: l.y - l.size / 2.0,
                width: w,
                height: l.size,
            }
        };
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !rect(a).overlaps(&rect(b)),
                    "{} and {} overlap",
                    a.text,
                    b.text
                );
            }
        }
        // The most connected table is named, and zoomed in further, more names fit.
        let mut degree: HashMap<Id, usize> = HashMap::new();
        for e in &scene.edges {
            *degree.entry(e.target).or_default() += 1;
            *degree.entry(e.table).or_default() += 1;
        }
        let most = degree.values().copied().max();
        assert_eq!(
            labels.first().and_then(|l| degree.get(&l.table).copied()),
            most
        );
        assert!(readable_names(&scene, 0.12).len() > labels.len());
        assert!(
            labels.len() < scene.tables.len(),
            "not every name fits at 4 %"
        );
    }

    #[test]
    fn the_zoom_is_taken_in_steps() {
        assert_eq!(label_scale(0.5), 0.5);
        assert_eq!(label_scale(0.51), 0.5);
        assert!(label_scale(0.6) > 0.5 && label_scale(0.6) <= 0.6);
        assert_eq!(label_scale(0.0), label_scale(1e-6));
        assert_eq!(cut_at(&"x".repeat(50), LONGEST).chars().count(), LONGEST);
    }
}
