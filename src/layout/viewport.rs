//! The arithmetic of looking at a diagram: a view is a translation and a scale from diagram
//! coordinates to screen pixels. Zooming keeps the point under the cursor still; fitting
//! shows the whole bounds; culling keeps what lies near the screen.

use super::scene::{Bounds, Scene};
use super::spec::Rect;

pub const MIN_SCALE: f64 = 0.03;
pub const MAX_SCALE: f64 = 4.0;
/// Below this scale a table is drawn as its box and name only.
pub const DETAIL_SCALE: f64 = 0.2;

/// Screen = diagram × scale + (x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Default for View {
    fn default() -> Self {
        View {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
        }
    }
}

impl View {
    /// Zooms by `factor` keeping the screen point (`px`, `py`) over the same diagram point.
    pub fn zoom_at(self, factor: f64, px: f64, py: f64) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = scale / self.scale;
        View {
            x: px - (px - self.x) * k,
            y: py - (py - self.y) * k,
            scale,
        }
    }

    pub fn pan(self, dx: f64, dy: f64) -> View {
        View {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }

    /// The view that shows `bounds` whole in a `width` × `height` screen, with a margin.
    pub fn fit(bounds: Bounds, width: f64, height: f64) -> View {
        let margin = 24.0;
        let w = (bounds.max_x - bounds.min_x).max(1.0);
        let h = (bounds.max_y - bounds.min_y).max(1.0);
        let scale = ((width - 2.0 * margin) / w)
            .min((height - 2.0 * margin) / h)
            .clamp(MIN_SCALE, 1.0);
        View {
            x: (width - w * scale) / 2.0 - bounds.min_x * scale,
            y: (height - h * scale) / 2.0 - bounds.min_y * scale,
            scale,
        }
    }

    /// The view that puts the diagram point (`cx`, `cy`) at the centre of the screen.
    pub fn centre_on(self, cx: f64, cy: f64, width: f64, height: f64) -> View {
        View {
            x: width / 2.0 - cx * self.scale,
            y: height / 2.0 - cy * self.scale,
            ..self
        }
    }

    /// The part of the diagram a `width` × `height` screen shows.
    pub fn visible(self, width: f64, height: f64) -> Rect {
        Rect {
            x: -self.x / self.scale,
            y: -self.y / self.scale,
            width: width / self.scale,
            height: height / self.scale,
        }
    }
}

/// The region to keep drawn: the visible part grown by one screen on every side and snapped
/// to a grid of that size, so it changes only when the view has moved a good way and the
/// drawing is not rebuilt on every frame of a pan.
pub fn culling_region(view: View, width: f64, height: f64) -> Rect {
    let seen = view.visible(width.max(1.0), height.max(1.0));
    let (cw, ch) = (seen.width.max(1.0), seen.height.max(1.0));
    let gx = (seen.x / cw).floor() * cw;
    let gy = (seen.y / ch).floor() * ch;
    Rect {
        x: gx - cw,
        y: gy - ch,
        width: cw * 4.0,
        height: ch * 4.0,
    }
}

/// Indices of the scene's tables that touch `region`.
pub fn tables_in(scene: &Scene, region: &Rect) -> Vec<usize> {
    scene
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.x < region.right()
                && t.x + t.width > region.x
                && t.y < region.bottom()
                && t.y + t.height > region.y
        })
        .map(|(i, _)| i)
        .collect()
}

/// The region to keep drawn while the view moves: the one before, as long as it still
/// covers the screen, so a pan or zoom adds and removes no boxes on its way (the moving
/// picture is scaled by the browser); [`culling_region`] once it no longer covers it.
pub fn held_region(previous: Option<&Rect>, view: View, width: f64, height: f64) -> Rect {
    let seen = view.visible(width.max(1.0), height.max(1.0));
    match previous {
        Some(region) if region.contains(&seen) => *region,
        _ => culling_region(view, width, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moving_view_keeps_its_region_while_the_screen_stays_inside() {
        let (w, h) = (1000.0, 800.0);
        let start = View {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
        };
        let region = culling_region(start, w, h);
        // Zoomed in and panned a little: the screen is still inside, nothing changes.
        let closer = start.zoom_at(1.6, 500.0, 400.0).pan(-200.0, 150.0);
        assert_ne!(
            culling_region(closer, w, h),
            region,
            "at rest it would change"
        );
        assert_eq!(held_region(Some(&region), closer, w, h), region);
        // Zoomed far out: the screen no longer fits, so the region follows it.
        let far = start.zoom_at(0.1, 500.0, 400.0);
        let moved = held_region(Some(&region), far, w, h);
        assert!(moved.contains(&far.visible(w, h)) && moved != region);
        assert_eq!(
            held_region(None, closer, w, h),
            culling_region(closer, w, h)
        );
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let view = View {
            x: 10.0,
            y: 20.0,
            scale: 0.5,
        };
        let (px, py) = (300.0, 200.0);
        let before = ((px - view.x) / view.scale, (py - view.y) / view.scale);
        let zoomed = view.zoom_at(1.7, px, py);
        let after = (
            (px - zoomed.x) / zoomed.scale,
            (py - zoomed.y) / zoomed.scale,
        );
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(view.zoom_at(1e9, 0.0, 0.0).scale, MAX_SCALE);
    }

    #[test]
    fn fitting_shows_everything_and_the_region_covers_the_screen() {
        let bounds = Bounds {
            min_x: -100.0,
            min_y: 50.0,
            max_x: 9_900.0,
            max_y: 5_050.0,
        };
        let view = View::fit(bounds, 1000.0, 800.0);
        let seen = view.visible(1000.0, 800.0);
        assert!(seen.x <= bounds.min_x && seen.right() >= bounds.max_x);
        assert!(seen.y <= bounds.min_y && seen.bottom() >= bounds.max_y);
        let region = culling_region(view, 1000.0, 800.0);
        assert!(region.contains(&seen));
        // A small pan keeps the same region.
        assert_eq!(culling_region(view.pan(3.0, -2.0), 1000.0, 800.0), region);
    }
}
