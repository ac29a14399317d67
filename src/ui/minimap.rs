//! The minimap: every table as a small rectangle, the part on screen outlined; pressing or
//! dragging on it moves the view there.

use leptos::prelude::*;

use crate::layout::scene::Scene;
use crate::layout::viewport::View;

const WIDTH: f64 = 180.0;
const HEIGHT: f64 = 120.0;

#[component]
pub fn Minimap(
    scene: Memo<Scene>,
    view: RwSignal<View>,
    size: RwSignal<(f64, f64)>,
) -> impl IntoView {
    // Diagram units per minimap pixel, and the diagram's top-left corner.
    let frame = Memo::new(move |_| {
        scene.with(|s| {
            let b = s.bounds;
            let (w, h) = ((b.max_x - b.min_x).max(1.0), (b.max_y - b.min_y).max(1.0));
            let unit = (w / WIDTH).max(h / HEIGHT);
            (unit, b.min_x, b.min_y)
        })
    });
    // One path for all boxes: a thousand tables stay one element.
    let boxes = move || {
        let (unit, x0, y0) = frame.get();
        scene.with(|s| {
            let mut d = String::with_capacity(s.tables.len() * 32);
            for t in &s.tables {
                d.push_str(&format!(
                    "M{:.1} {:.1}h{:.1}v{:.1}h-{:.1}z",
                    (t.x - x0) / unit,
                    (t.y - y0) / unit,
                    (t.width / unit).max(0.5),
                    (t.height / unit).max(0.5),
                    (t.width / unit).max(0.5)
                ));
            }
            d
        })
    };
    let window = move || {
        let (unit, x0, y0) = frame.get();
        let (w, h) = size.get();
        let seen = view.get().visible(w, h);
        (
            (seen.x - x0) / unit,
            (seen.y - y0) / unit,
            seen.width / unit,
            seen.height / unit,
        )
    };
    let pressed = StoredValue::new(false);
    let move_to = move |ev: &leptos::ev::PointerEvent| {
        let (unit, x0, y0) = frame.get_untracked();
        let (w, h) = size.get_untracked();
        let (cx, cy) = (
            ev.offset_x() as f64 * unit + x0,
            ev.offset_y() as f64 * unit + y0,
        );
        view.update(|v| *v = v.centre_on(cx, cy, w, h));
    };
    view! {
        <svg
            class="minimap"
            data-testid="minimap"
            width=WIDTH
            height=HEIGHT
            on:pointerdown=move |ev| {
                pressed.set_value(true);
                move_to(&ev);
            }
            on:pointermove=move |ev| {
                if pressed.get_value() {
                    move_to(&ev);
                }
            }
            on:pointerup=move |_| pressed.set_value(false)
            on:pointerleave=move |_| pressed.set_value(false)
        >
            <path class="minimap-tables" d=boxes />
            <rect
                class="minimap-window"
                x=move || window().0
                y=move || window().1
                width=move || window().2
                height=move || window().3
            />
        </svg>
    }
}
