//! The ER diagram: the engine's scene painted as SVG inside a viewport that pans (drag the
//! background, or hold space and drag), zooms (wheel, pinch, keys, fit) and culls what is far
//! off screen; tables are selected (shift adds), dragged (all selected move together) and
//! aligned; a search box jumps to a table; the minimap shows where the view is.
//!
//! Pan and zoom only change one CSS transform, so the browser moves a picture it already
//! has; the boxes are rebuilt only when the culling region or the level of detail changes.

use std::collections::{BTreeMap, BTreeSet};

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_file::download;
use super::collection_inspector::CollectionInspector;
use super::connect::{
    ask_note_text, connect, connector_column, delete_selection, note_id_of, row_column, table_id_of,
};
use super::diff_legend::DiffLegend;
use super::fix_preview::FixPreviewPanel;
use super::image_export::download_png;
use super::inspector::Inspector;
use super::minimap::Minimap;
use super::per_key::PerKey;
use super::rename_in_place::{RenameInPlace, Renaming};
use super::state::AppState;
use super::stubs::stubs_layer;
use super::view_bar::ViewBar;
use crate::diagnostic::Severity;
use crate::edit::compose::{edit_note, new_note, new_table};
use crate::edit::Edit;
use crate::generate::svg::{frame, note_body, path_data, safe_color, DIAGRAM_STYLE, MARKER_DEFS};
use crate::layout::bundles::{bundle_width, group_bundles};
use crate::layout::collapsed_groups::collapse_groups;
use crate::layout::geometry::shown_name;
use crate::layout::keys_only::keys_only as keys_only_model;
use crate::layout::name_labels::{label_scale, readable_names, NameLabel};
use crate::layout::scene::{dragged_route, scene_subset, Marker, NoteBox, Scene, TableBox};
use crate::layout::spec::Rect;
use crate::layout::viewport::{culling_region, held_region, tables_in, View, DETAIL_SCALE};
use crate::layout::{auto_layout, Algorithm, EdgeRoute};
use crate::migrate::marks::{DiffMarks, Mark};
use crate::model::{Id, Point, Shared};

// What the scene shares between builds (the view macro takes no generics in a closure's
// argument types).
type SharedEdge = Shared<EdgeRoute>;
type SharedBox = Shared<TableBox>;

/// An ongoing pointer gesture.
#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    Pan {
        last_x: f64,
        last_y: f64,
    },
    Drag {
        start_x: f64,
        start_y: f64,
    },
    /// Drawing a relationship from a column's connector.
    Connect {
        table: Id,
        column: String,
    },
}

#[component]
pub fn Diagram() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The view shown, when there is one, is drawn alone with its stubs.
    let shown = Memo::new(move |_| state.shown_view());
    // Keys only and collapsed groups draw a cut-down model (bypassing the scene cache);
    // groups collapse in the whole diagram, where they are drawn.
    let scene = Memo::new(move |_| {
        let keys_only = state.keys_only.get();
        let collapsed = state.collapsed_groups.get();
        let cut = move |model: &crate::model::Model| -> Option<crate::model::Model> {
            keys_only.then(|| keys_only_model(model))
        };
        state.project.with(|p| match shown.get() {
            Some(v) => match cut(&p.model) {
                Some(model) => crate::layout::view::view_scene(&model, &v),
                None => crate::layout::view::view_scene(&p.model, &v),
            },
            None if !keys_only && collapsed.is_empty() => p.scene(),
            None => {
                let (model, layout) = collapse_groups(&p.model, &p.layout, &collapsed);
                let model = cut(&model).unwrap_or(model);
                crate::layout::build_scene(&model, &layout)
            }
        })
    });
    // Where each box is drawn now (in the view shown, or the whole diagram).
    let placed = move || -> BTreeMap<Id, Point> {
        scene.with_untracked(|s| {
            s.tables
                .iter()
                .map(|t| (t.id, Point { x: t.x, y: t.y }))
                .chain(s.notes.iter().map(|n| (n.id, Point { x: n.x, y: n.y })))
                .collect()
        })
    };
    let viewport = NodeRef::<Div>::new();
    let view = RwSignal::new(View::default());
    let size = RwSignal::new((800.0f64, 600.0f64));
    let selected = state.selected;
    // The relationship being drawn: from where to where, in diagram units.
    let connecting = RwSignal::new(None::<(Point, Point)>);
    let renaming = RwSignal::new(None::<Renaming>);
    let hovered = RwSignal::new(None::<Id>);
    // The dragged tables' offset, in diagram units, until the drop commits it.
    let drag = RwSignal::new((0.0f64, 0.0f64));
    let gesture = StoredValue::new(None::<Gesture>);
    let space = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    // While the view moves the browser keeps the drawing as one picture (fast, but blurry
    // when scaled); a moment after it stops, the drawing is painted sharp at the new scale.
    let moving = RwSignal::new(false);
    let moves = StoredValue::new(0u64);
    let touch = move || {
        // Hover highlights nothing while the view moves: tables slide under the pointer,
        // and lighting each one up would restyle the whole drawing every frame.
        if !moving.get_untracked() && hovered.get_untracked().is_some() {
            hovered.set(None);
        }
        moving.set(true);
        let mine = moves.get_value().wrapping_add(1);
        moves.set_value(mine);
        set_timeout(
            move || {
                if moves.get_value() == mine {
                    moving.set(false);
                }
            },
            std::time::Duration::from_millis(250),
        );
    };

    let measure = move || {
        viewport.get_untracked().map(|el| {
            let r = el.get_bounding_client_rect();
            (r.width().max(1.0), r.height().max(1.0), r.left(), r.top())
        })
    };
    // A pointer position in diagram units.
    let to_diagram = move |client_x: f64, client_y: f64| -> Option<Point> {
        let (_, _, left, top) = measure()?;
        let v = view.get_untracked();
        Some(Point {
            x: (client_x - left - v.x) / v.scale,
            y: (client_y - top - v.y) / v.scale,
        })
    };
    let fit = move || {
        if let Some((w, h, _, _)) = measure() {
            size.set((w, h));
            view.set(View::fit(scene.with_untracked(|s| s.bounds), w, h));
        }
    };
    // Fit whenever a different project (or a first drawing of one) or another view arrives;
    // edits leave the view where the user put it.
    Effect::new(move |previous: Option<(u64, (u8, String, usize))>| {
        let now = (
            state.project_epoch.get(),
            state.shown.with(|s| s.identity()),
        );
        if previous.as_ref() != Some(&now) {
            request_animation_frame(fit);
        }
        now
    });

    // While the view moves, the browser scales and shifts the picture it has: the boxes, their
    // level of detail and the names stay as they were (as long as the boxes cover the
    // screen), and are brought up to date when it stops. Rebuilding them on each step of a
    // zoom took 30 to 100 ms a frame at 1,000 tables.
    let region = Memo::new(move |previous: Option<&Rect>| {
        let (w, h) = size.get();
        let v = view.get();
        if moving.get() {
            held_region(previous, v, w, h)
        } else {
            culling_region(v, w, h)
        }
    });
    let detailed = Memo::new(move |previous: Option<&bool>| {
        held_while_moving(previous, moving, view.with(|v| v.scale >= DETAIL_SCALE))
    });
    // Zoomed out, the names readable on screen are drawn over their boxes; they change only
    // at each zoom step (see `layout::name_labels`), never while panning.
    let label_step = Memo::new(move |previous: Option<&Option<f64>>| {
        let now = view.with(|v| (v.scale < DETAIL_SCALE).then(|| label_scale(v.scale)));
        held_while_moving(previous, moving, now)
    });
    let zoomed_out = Memo::new(move |_| label_step.with(Option::is_some));
    // The zoom step, for the layers drawn at a size fixed on screen: a CSS variable of the
    // layer, so a new step restyles their few elements and rebuilds none of them.
    let step_style = move || format!("--label-scale: {}", label_step.get().unwrap_or(1.0));
    // Zoomed out, the keys between two groups are one bundle (see `layout::bundles`).
    let bundles = Memo::new(move |_| {
        if zoomed_out.get() {
            scene.with(group_bundles)
        } else {
            Vec::new()
        }
    });
    let bundled = Memo::new(move |_| {
        bundles.with(|b| {
            b.iter()
                .flat_map(|b| b.foreign_keys.iter().copied())
                .collect::<BTreeSet<Id>>()
        })
    });
    let names = Memo::new(move |_| match label_step.get() {
        Some(_) => scene.with(|s| readable_names(s, view.with_untracked(|v| v.scale))),
        None => Vec::new(),
    });
    let visible = Memo::new(move |_| {
        let r = region.get();
        scene.with(|s| {
            tables_in(s, &r)
                .into_iter()
                .map(|i| s.tables[i].clone())
                .collect::<Vec<_>>()
        })
    });
    // Per table: how many findings, and the worst severity among them.
    let badges = Memo::new(move |_| {
        state.findings.with(|all| {
            let mut by_table = BadgeCounts::new();
            for f in all {
                if let Some(t) = f.path.table {
                    let entry = by_table.entry(t).or_insert((0, Severity::Info));
                    entry.0 += 1;
                    if f.severity.rank() > entry.1.rank() {
                        entry.1 = f.severity;
                    }
                }
            }
            by_table
        })
    });
    let focus = Memo::new(move |_| {
        let mut ids = selected.get();
        if let Some(h) = hovered.get() {
            ids.insert(h);
        }
        ids
    });
    let neighbours = Memo::new(move |_| {
        let focus = focus.get();
        scene.with(|s| {
            s.edges
                .iter()
                .filter(|e| focus.contains(&e.table) || focus.contains(&e.target))
                .flat_map(|e| [e.table, e.target])
                .collect::<BTreeSet<Id>>()
        })
    });
    // Zoomed to what is focused (hovered or selected): the rest is dimmed by one class on
    // the drawing, so a change of focus restyles only the boxes that light up or go out.
    let focusing = Memo::new(move |_| focus.with(|f| !f.is_empty()));
    let box_signals = BoxSignals {
        chosen: PerKey::new(
            move || selected.get(),
            |s: &BTreeSet<Id>, id| s.contains(&id),
        ),
        lit: PerKey::new(
            move || (focus.get(), neighbours.get()),
            |(f, n): &(BTreeSet<Id>, BTreeSet<Id>), id| f.contains(&id) || n.contains(&id),
        ),
        badges: PerKey::new(
            move || badges.get(),
            |b: &BadgeCounts, id| b.get(&id).copied(),
        ),
        marks: PerKey::new(
            move || state.diff_marks.get(),
            |d: &Compared, id| d.as_ref().and_then(|(_, m)| m.tables.get(&id).cloned()),
        ),
        column_marks: PerKey::new(
            move || state.diff_marks.get(),
            |d: &Compared, id| d.as_ref().and_then(|(_, m)| m.columns.get(&id).cloned()),
        ),
        drag,
        hovered,
        moving,
    };
    let edge_signals = EdgeSignals {
        look: PerKey::new(
            move || (focus.get(), bundled.get()),
            |(f, b): &(BTreeSet<Id>, BTreeSet<Id>), (key, from, to): EdgeKey| EdgeLook {
                bundled: b.contains(&key),
                related: f.contains(&from) || f.contains(&to),
            },
        ),
        moved: PerKey::new(
            move || selected.get(),
            |s: &BTreeSet<Id>, (_, from, to): EdgeKey| s.contains(&from) || s.contains(&to),
        ),
        selected,
        drag,
    };
    // Entries for tables and keys that left the scene (another project opened) are dropped.
    Effect::new(move |_| {
        scene.with(|s| {
            let tables: BTreeSet<Id> = s.tables.iter().map(|t| t.id).collect();
            let keys: BTreeSet<Id> = s.edges.iter().map(|e| e.foreign_key).collect();
            box_signals.retain(|id| tables.contains(id));
            edge_signals.retain(|(key, _, _)| keys.contains(key));
        })
    });

    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let Some((_, _, left, top)) = measure() else {
            return;
        };
        // Pinch on a touchpad arrives as a wheel event with ctrl held and small deltas.
        let speed = if ev.ctrl_key() { 0.01 } else { 0.0015 };
        touch();
        let factor = (-ev.delta_y() * speed).exp();
        view.update(|v| {
            *v = v.zoom_at(
                factor,
                ev.client_x() as f64 - left,
                ev.client_y() as f64 - top,
            )
        });
    };
    let on_pointer_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 || renaming.get_untracked().is_some() {
            return;
        }
        let element = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        let target_table = element.as_ref().and_then(table_id_of);
        if let Some(el) = viewport.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
            let _ = el.focus();
        }
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        let connector = element
            .as_ref()
            .and_then(connector_column)
            .filter(|_| !state.read_only);
        if let (Some(table), Some(column)) = (target_table, connector) {
            if let Some(at) = to_diagram(x, y) {
                connecting.set(Some((at, at)));
                gesture.set_value(Some(Gesture::Connect { table, column }));
            }
            return;
        }
        match target_table {
            Some(id) if !space.get_untracked() => {
                selected.update(|s| {
                    if ev.shift_key() {
                        if !s.remove(&id) {
                            s.insert(id);
                        }
                    } else if !s.contains(&id) {
                        s.clear();
                        s.insert(id);
                    }
                });
                drag.set((0.0, 0.0));
                // Read-only, a table is selected (its relationships light up) and the view
                // pans from it; it never moves.
                gesture.set_value(Some(if state.read_only {
                    Gesture::Pan {
                        last_x: x,
                        last_y: y,
                    }
                } else {
                    Gesture::Drag {
                        start_x: x,
                        start_y: y,
                    }
                }));
            }
            _ => {
                if !ev.shift_key()
                    && target_table.is_none()
                    && !space.get_untracked()
                    && selected.with_untracked(|s| !s.is_empty())
                {
                    selected.update(|s| s.clear());
                }
                gesture.set_value(Some(Gesture::Pan {
                    last_x: x,
                    last_y: y,
                }));
            }
        }
    };
    let on_pointer_move = move |ev: leptos::ev::PointerEvent| {
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        match gesture.get_value() {
            Some(Gesture::Pan { last_x, last_y }) => {
                touch();
                view.update(|v| *v = v.pan(x - last_x, y - last_y));
                gesture.set_value(Some(Gesture::Pan {
                    last_x: x,
                    last_y: y,
                }));
            }
            Some(Gesture::Drag { start_x, start_y }) => {
                let scale = view.with_untracked(|v| v.scale);
                drag.set(((x - start_x) / scale, (y - start_y) / scale));
            }
            Some(Gesture::Connect { .. }) => {
                if let Some(at) = to_diagram(x, y) {
                    connecting.update(|c| {
                        if let Some((_, end)) = c {
                            *end = at;
                        }
                    });
                }
            }
            None => {}
        }
    };
    let on_pointer_up = move |ev: leptos::ev::PointerEvent| {
        match gesture.get_value() {
            Some(Gesture::Drag { .. }) => {
                let (dx, dy) = drag.get_untracked();
                if dx != 0.0 || dy != 0.0 {
                    let ids = selected.get_untracked();
                    let at = placed();
                    let moves = {
                        ids.iter()
                            .filter_map(|id| at.get(id).map(|pos| (*id, *pos)))
                            .map(|(id, pos)| {
                                (
                                    id,
                                    Point {
                                        x: (pos.x + dx).round(),
                                        y: (pos.y + dy).round(),
                                    },
                                )
                            })
                            .collect::<Vec<_>>()
                    };
                    if !moves.is_empty() {
                        state.move_boxes(moves);
                    }
                }
                drag.set((0.0, 0.0));
            }
            Some(Gesture::Connect { table, column }) => {
                connecting.set(None);
                connect(state, table, &column, ev.client_x(), ev.client_y());
            }
            _ => {}
        }
        gesture.set_value(None);
    };
    let add_table_at = move |at: Option<Point>| {
        let edit = state
            .project
            .try_update_untracked(|p| new_table(p, None, at));
        if let Some(edit) = edit {
            let id = match &edit {
                Edit::AddTable { table, .. } => Some(table.id),
                _ => None,
            };
            if state.edit(edit) {
                if let Some(id) = id {
                    selected.set(BTreeSet::from([id]));
                }
            }
        }
    };
    let add_table = move |_| {
        let (w, h) = size.get_untracked();
        let centre = view.with_untracked(|v| Point {
            x: ((w / 2.0 - v.x) / v.scale - 110.0).round(),
            y: ((h / 2.0 - v.y) / v.scale - 40.0).round(),
        });
        add_table_at(Some(centre));
    };
    let add_note = move |_| {
        let Some(text) = ask_note_text("") else {
            return;
        };
        let (w, h) = size.get_untracked();
        let centre = view.with_untracked(|v| Point {
            x: ((w / 2.0 - v.x) / v.scale).round(),
            y: ((h / 2.0 - v.y) / v.scale).round(),
        });
        if let Some(edit) = state
            .project
            .try_update_untracked(|p| new_note(p, &text, Some(centre)))
        {
            state.edit(edit);
        }
    };
    let on_double_click = move |ev: leptos::ev::MouseEvent| {
        if state.read_only {
            return;
        }
        // The viewport captures the pointer, so the event's target is the viewport itself:
        // ask the page what is under the pointer.
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.element_from_point(ev.client_x() as f32, ev.client_y() as f32));
        let Some(at) = to_diagram(ev.client_x() as f64, ev.client_y() as f64) else {
            return;
        };
        // Over the inspector (outside the viewport) a double-click means nothing here.
        let inside = match (&element, viewport.get_untracked()) {
            (Some(el), Some(vp)) => vp.contains(Some(el)),
            _ => false,
        };
        if !inside {
            return;
        }
        if let Some(note) = element.as_ref().and_then(note_id_of) {
            let current = state.project.with_untracked(|p| {
                p.model
                    .notes
                    .iter()
                    .find(|n| n.id == note)
                    .map(|n| n.text.clone())
            });
            if let Some(text) = current.and_then(|c| ask_note_text(&c)) {
                match state.project.with_untracked(|p| edit_note(p, note, &text)) {
                    Ok(edit) => {
                        state.edit(edit);
                    }
                    Err(e) => state.notice.set(Some(format!("Not changed: {e}."))),
                }
            }
            return;
        }
        match element.as_ref().and_then(table_id_of) {
            None => add_table_at(Some(Point {
                x: at.x.round(),
                y: at.y.round(),
            })),
            Some(table) => {
                let column = element.as_ref().and_then(row_column);
                let found = scene.with_untracked(|s| {
                    s.tables.iter().find(|t| t.id == table).map(|t| {
                        let row = column
                            .as_ref()
                            .and_then(|c| t.rows.iter().find(|r| r.name == *c))
                            .map(|r| r.center - 11.0);
                        (t.x, t.y + row.unwrap_or(3.0), t.width)
                    })
                });
                let current = state.project.with_untracked(|p| {
                    p.model.table_by_id(table).map(|t| match &column {
                        Some(c) => c.clone(),
                        None => t.name.clone(),
                    })
                });
                if let (Some((x, y, width)), Some(value)) = (found, current) {
                    renaming.set(Some(Renaming {
                        table,
                        column,
                        x,
                        y,
                        width,
                        value,
                    }));
                }
            }
        }
    };
    let zoom_by = move |factor: f64| {
        let (w, h) = size.get_untracked();
        view.update(|v| *v = v.zoom_at(factor, w / 2.0, h / 2.0));
    };
    let on_key_down = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "+" | "=" => zoom_by(1.25),
        "-" | "_" => zoom_by(0.8),
        "0" => fit(),
        " " => {
            ev.prevent_default();
            space.set(true);
        }
        "ArrowLeft" => view.update(|v| *v = v.pan(60.0, 0.0)),
        "ArrowRight" => view.update(|v| *v = v.pan(-60.0, 0.0)),
        "ArrowUp" => view.update(|v| *v = v.pan(0.0, 60.0)),
        "ArrowDown" => view.update(|v| *v = v.pan(0.0, -60.0)),
        "Escape" => selected.update(|s| s.clear()),
        "Delete" | "Backspace" => delete_selection(state),
        _ => {}
    };
    let on_key_up = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == " " {
            space.set(false);
        }
    };
    let jump = move |name: String| {
        let needle = name.trim().to_lowercase();
        if needle.is_empty() {
            return;
        }
        let found = scene.with_untracked(|s| {
            s.tables
                .iter()
                .find(|t| t.name.to_lowercase() == needle)
                .or_else(|| {
                    s.tables
                        .iter()
                        .find(|t| t.name.to_lowercase().contains(&needle))
                })
                .map(|t| (t.id, t.x + t.width / 2.0, t.y + t.height / 2.0))
        });
        match found {
            Some((id, cx, cy)) => {
                let (w, h) = size.get_untracked();
                view.update(|v| {
                    *v = View { scale: 1.0, ..*v }.centre_on(cx, cy, w, h);
                });
                selected.set(BTreeSet::from([id]));
            }
            None => state
                .notice
                .set(Some(format!("No table matches “{}”.", name.trim()))),
        }
    };
    let align = move |left: bool| {
        let ids = selected.get_untracked();
        if ids.len() < 2 {
            return;
        }
        let at = placed();
        let line = ids
            .iter()
            .filter_map(|id| at.get(id))
            .map(|pos| if left { pos.x } else { pos.y })
            .fold(f64::INFINITY, f64::min);
        let moves = ids
            .iter()
            .filter_map(|id| {
                let pos = at.get(id)?;
                let moved = if left {
                    Point { x: line, ..*pos }
                } else {
                    Point { y: line, ..*pos }
                };
                Some((*id, moved))
            })
            .collect::<Vec<_>>();
        state.move_boxes(moves);
    };
    let algorithm = RwSignal::new(Algorithm::Layered);
    let arrange = move |_| {
        if state.arrange_shown_view() {
            request_animation_frame(fit);
            return;
        }
        let chosen = algorithm.get_untracked();
        match state
            .project
            .with_untracked(|p| auto_layout(&p.model, chosen))
        {
            Ok(layout) => {
                state.edit(Edit::SetLayout {
                    layout: Box::new(layout),
                });
                request_animation_frame(fit);
            }
            Err(reason) => state.notice.set(Some(format!("{reason}."))),
        }
    };
    let export_scene = move || -> Scene {
        let ids: Vec<Id> = selected.get_untracked().into_iter().collect();
        scene.with_untracked(|s| {
            if ids.is_empty() {
                s.clone()
            } else {
                scene_subset(s, &ids)
            }
        })
    };
    let file_stem = move || {
        state
            .project
            .with_untracked(|p| crate::ui::toolbar::file_stem(&p.name))
    };
    let export_svg = move |_| {
        let svg = crate::generate::svg::scene_svg(&export_scene());
        if download(&format!("{}.svg", file_stem()), "image/svg+xml", &svg).is_err() {
            state
                .notice
                .set(Some("The browser refused the download.".into()));
        }
    };
    let export_png = move |_| {
        let s = export_scene();
        let svg = crate::generate::svg::scene_svg(&s);
        let (_, _, w, h) = frame(s.bounds);
        let name = format!("{}.png", file_stem());
        spawn_local(async move {
            match download_png(&name, &svg, w, h).await {
                Ok(scale) if scale < 2.0 => state.notice.set(Some(format!(
                    "The PNG is drawn at {scale:.2}× so that it fits the browser's canvas limit."
                ))),
                Ok(_) => {}
                Err(e) => state
                    .notice
                    .set(Some(format!("Cannot draw the PNG: {e:?}"))),
            }
        });
    };

    // The inspector opens on the side away from the selected table, so it never covers it.
    let inspector_left = Signal::derive(move || {
        let ids = selected.get();
        let [id] = ids.iter().copied().collect::<Vec<_>>()[..] else {
            return false;
        };
        let v = view.get();
        let (w, _) = size.get();
        scene.with(|s| {
            s.tables
                .iter()
                .find(|t| t.id == id)
                .is_some_and(|t| (t.x + t.width / 2.0) * v.scale + v.x > w / 2.0)
        })
    });
    let stage_transform =
        move || view.with(|v| format!("translate({}px, {}px) scale({})", v.x, v.y, v.scale));
    let svg_box = Memo::new(move |_| scene.with(|s| frame(s.bounds)));
    view! {
        <section class="panel diagram-panel">
            <div class="diagram-tools">
                {(!state.read_only).then(|| view! {
                    <button data-testid="add-table" title="Add a table (or double-click the canvas)" on:click=add_table>"+ Table"</button>
                    <button data-testid="add-note" title="Add a sticky note (double-click a note to edit it)" on:click=add_note>"+ Note"</button>
                })}
                <button data-testid="zoom-out" title="Zoom out (−)" on:click=move |_| zoom_by(0.8)>"−"</button>
                <span class="zoom-level" data-testid="zoom-level">
                    {move || format!("{:.0} %", view.with(|v| v.scale) * 100.0)}
                </span>
                <button data-testid="zoom-in" title="Zoom in (+)" on:click=move |_| zoom_by(1.25)>"+"</button>
                <button data-testid="zoom-fit" title="Zoom to fit (0)" on:click=move |_| fit()>"Fit"</button>
                {(!state.read_only).then(|| view! {
                    <select
                        data-testid="arrange-algorithm"
                        title="How Auto-arrange lays the tables out"
                        on:change=move |ev| {
                            if let Some(a) = Algorithm::parse(&event_target_value(&ev)) {
                                algorithm.set(a);
                            }
                        }
                    >
                        {Algorithm::ALL.into_iter().map(|a| view! {
                            <option value=a.name() selected=move || algorithm.get() == a>{a.label()}</option>
                        }).collect_view()}
                    </select>
                    <button data-testid="auto-arrange" title="Lay every table out again" on:click=arrange>"Auto-arrange"</button>
                    <button data-testid="align-left" title="Align the selected tables' left edges" on:click=move |_| align(true)>"⇤"</button>
                    <button data-testid="align-top" title="Align the selected tables' top edges" on:click=move |_| align(false)>"⤒"</button>
                })}
                <input
                    class="diagram-search"
                    data-testid="diagram-search"
                    aria-label="Find a table"
                    placeholder="Find a table…"
                    list="diagram-table-names"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:change=move |ev| jump(event_target_value(&ev))
                />
                <datalist id="diagram-table-names">
                    {move || scene.with(|s| s.tables.iter().map(|t| view! { <option value=t.name.clone() /> }).collect_view())}
                </datalist>
                <button data-testid="export-svg" title="Download the diagram (or the selection) as SVG" on:click=export_svg>"SVG"</button>
                <button data-testid="export-png" title="Download the diagram (or the selection) as PNG at 2×" on:click=export_png>"PNG"</button>
            </div>
            <ViewBar query=query />
            // The drawing and what floats over it, below the bars, so nothing covers them.
            <div class="diagram-area">
            <div
                class="diagram-viewport"
                data-testid="diagram-viewport"
                tabindex="0"
                role="region"
                aria-label="Diagram: arrow keys pan, + and − zoom, 0 fits"
                node_ref=viewport
                on:wheel=on_wheel
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
                on:pointercancel=on_pointer_up
                on:dblclick=on_double_click
                on:keydown=on_key_down
                on:keyup=on_key_up
            >
                <div class="diagram-stage" class:moving=move || moving.get() style:transform=stage_transform>
                    <svg
                        class="diagram"
                        class:focusing=move || focusing.get()
                        data-testid="diagram"
                        xmlns="http://www.w3.org/2000/svg"
                        style:left=move || format!("{}px", svg_box.get().0)
                        style:top=move || format!("{}px", svg_box.get().1)
                        width=move || svg_box.get().2
                        height=move || svg_box.get().3
                        viewBox=move || { let b = svg_box.get(); format!("{} {} {} {}", b.0, b.1, b.2, b.3) }
                    >
                        <style>{DIAGRAM_STYLE}</style>
                        <defs inner_html=MARKER_DEFS></defs>
                        <g class="groups">
                            {move || scene.with(|s| s.groups.iter().map(|g| {
                                let color = g.color.as_deref().and_then(safe_color).unwrap_or("#64748b").to_string();
                                let id = g.id;
                                let collapse = move |ev: leptos::ev::PointerEvent| {
                                    // Before the viewport's own press, which would start a pan.
                                    ev.stop_propagation();
                                    state.collapsed_groups.update(|c| {
                                        c.insert(id);
                                    });
                                };
                                view! {
                                    <g class="group" data-testid="group">
                                        <rect class="group-area" x=g.x y=g.y width=g.width height=g.height rx=10 fill=color.clone() stroke=color.clone() />
                                        <text
                                            class="group-name"
                                            data-testid="group-collapse"
                                            x=g.x + 12.0
                                            y=g.y + 18.0
                                            fill=color
                                            on:pointerdown=collapse
                                        >
                                            <title>"Collapse the group into one box"</title>
                                            {format!("▾ {}", g.name)}
                                        </text>
                                    </g>
                                }
                            }).collect_view())}
                        </g>
                        <g class="edges">
                            <For
                                each=move || scene.with(|s| s.edges.clone())
                                key=|e: &SharedEdge| (e.foreign_key, path_data(&e.points))
                                children=move |e| edge_view(e.into_inner(), scene, edge_signals)
                            />
                        </g>
                        <g class="bundles" style=step_style>
                            {move || {
                                bundles.with(|all| all.iter().map(|b| {
                                    let n = b.foreign_keys.len();
                                    let (mx, my) = ((b.from.0 + b.to.0) / 2.0, (b.from.1 + b.to.1) / 2.0);
                                    view! {
                                        <g class="bundle" data-testid="bundle" data-keys=n.to_string()>
                                            <line x1=b.from.0 y1=b.from.1 x2=b.to.0 y2=b.to.1 style=format!("--bundle-width: {}", bundle_width(n)) />
                                            <text class="bundle-count" x=mx y=my text-anchor="middle" dominant-baseline="central">
                                                {if n == 1 { "1 key".to_string() } else { format!("{n} keys") }}
                                            </text>
                                        </g>
                                    }
                                }).collect_view())
                            }}
                        </g>
                        <g class="tables">
                            <For
                                each=move || visible.get()
                                key=move |t: &SharedBox| (t.id, t.fingerprint(), detailed.get_untracked())
                                children=move |t| table_view(t.into_inner(), detailed.get_untracked(), box_signals)
                            />
                        </g>
                        {stubs_layer(state, scene)}
                        <g class="notes">
                            {move || scene.with(|s| s.notes.iter().map(|n| note_view(n.clone(), selected, drag)).collect_view())}
                        </g>
                        // Keyed by table and text: a name that still fits at the next zoom step
                        // keeps its element.
                        <g class="name-labels" style=step_style>
                            <For
                                each=move || names.get()
                                key=|l: &NameLabel| (l.table, l.text.clone())
                                children=move |l: NameLabel| view! {
                                    <text
                                        class="name-label"
                                        data-testid="name-label"
                                        data-id=l.table.to_string()
                                        x=l.x
                                        y=l.y
                                        text-anchor="middle"
                                        dominant-baseline="central"
                                    >
                                        {l.text}
                                    </text>
                                }
                            />
                        </g>
                        {move || connecting.get().map(|(from, to)| view! {
                            <line class="connecting" data-testid="connecting" x1=from.x y1=from.y x2=to.x y2=to.y />
                        })}
                    </svg>
                    <RenameInPlace renaming=renaming />
                </div>
                // While space is held, the grab cursor over everything. One bare element shown:
                // changing the cursor of the viewport instead would restyle every box under it.
                <div class="pan-cover" class:shown=move || space.get()></div>
            </div>
            <Minimap scene=scene view=view size=size />
            <DiffLegend />
            <FixPreviewPanel />
            {(!state.read_only).then(|| view! {
                <Inspector left=inspector_left />
                <CollectionInspector left=inspector_left />
            })}
            </div>
        </section>
    }
}

/// `now`, or the value `previous` held while the view moves (see `region` in `Diagram`).
fn held_while_moving<T: Copy>(previous: Option<&T>, moving: RwSignal<bool>, now: T) -> T {
    match previous {
        Some(held) if moving.get() => *held,
        _ => now,
    }
}

/// An edge as its per-edge signals know it: its foreign key, and the tables it joins.
type EdgeKey = (Id, Id, Id);

/// How an edge is drawn besides its route.
#[derive(Clone, Copy, PartialEq)]
struct EdgeLook {
    /// Drawn as a bundle between groups (zoomed out): its own line is hidden.
    bundled: bool,
    /// It touches a focused table (hovered or selected).
    related: bool,
}

/// What an edge's look follows besides its route, per edge (see `per_key`).
#[derive(Clone, Copy)]
struct EdgeSignals {
    look: PerKey<EdgeKey, EdgeLook, (BTreeSet<Id>, BTreeSet<Id>)>,
    /// Whether one of its tables is selected, and so moves with a drag.
    moved: PerKey<EdgeKey, bool, BTreeSet<Id>>,
    /// Read untracked, to route a dragged edge.
    selected: RwSignal<BTreeSet<Id>>,
    drag: RwSignal<(f64, f64)>,
}

impl EdgeSignals {
    /// Drops the per-edge entries of edges `keep` turns down.
    fn retain(&self, keep: impl Fn(&EdgeKey) -> bool) {
        self.look.retain(&keep);
        self.moved.retain(&keep);
    }
}

fn edge_view(edge: EdgeRoute, scene: Memo<Scene>, signals: EdgeSignals) -> impl IntoView {
    let EdgeSignals {
        look,
        moved,
        selected,
        drag,
    } = signals;
    let (from, to) = (edge.table, edge.target);
    let key: EdgeKey = (edge.foreign_key, from, to);
    let (source_end, target_end) = (edge.source_end.marker(), edge.target_end.marker());
    // Unrelated edges are dimmed while something is focused, by the drawing's class.
    let class = move || match look.get(key) {
        EdgeLook { bundled: true, .. } => "edge bundled",
        EdgeLook { related: true, .. } => "edge related",
        _ => "edge",
    };
    let resting = path_data(&edge.points);
    // While tables are dragged, their edges are routed afresh to where the boxes are now.
    let d = move || {
        if !moved.get(key) {
            return resting.clone();
        }
        let (dx, dy) = drag.get();
        if dx != 0.0 || dy != 0.0 {
            selected.with_untracked(|s| {
                scene.with_untracked(|scene| path_data(&dragged_route(scene, &edge, s, dx, dy)))
            })
        } else {
            resting.clone()
        }
    };
    view! {
        <path
            class=class
            data-testid="edge"
            data-from=from.to_string()
            data-to=to.to_string()
            d=d
            marker-start=format!("url(#{source_end})")
            marker-end=format!("url(#{target_end})")
        />
    }
}

/// Per table: its findings' count and worst severity.
type BadgeCounts = BTreeMap<Id, (usize, Severity)>;

/// The changes from a saved version, while the migrations panel compares with one.
type Compared = Option<(String, DiffMarks)>;

/// What a table's box reacts to besides its own data: per box where the state is shared by
/// many boxes (see `per_key`).
#[derive(Clone, Copy)]
struct BoxSignals {
    /// Whether the table is selected.
    chosen: PerKey<Id, bool, BTreeSet<Id>>,
    /// Whether it is focused (hovered or selected) or next to a focused table; while
    /// something is focused, the boxes not lit are dimmed.
    lit: PerKey<Id, bool, (BTreeSet<Id>, BTreeSet<Id>)>,
    badges: PerKey<Id, Option<(usize, Severity)>, BadgeCounts>,
    /// How the table differs from the compared version.
    marks: PerKey<Id, Option<Mark>, Compared>,
    /// How its columns differ, by name in the newer version.
    column_marks: PerKey<Id, Option<BTreeMap<String, Mark>>, Compared>,
    drag: RwSignal<(f64, f64)>,
    hovered: RwSignal<Option<Id>>,
    /// The view is panning or zooming: hovering lights nothing up.
    moving: RwSignal<bool>,
}

impl BoxSignals {
    /// Drops the per-table entries of tables `keep` turns down.
    fn retain(&self, keep: impl Fn(&Id) -> bool) {
        self.chosen.retain(&keep);
        self.lit.retain(&keep);
        self.badges.retain(&keep);
        self.marks.retain(&keep);
        self.column_marks.retain(&keep);
    }
}

fn table_view(table: TableBox, detailed: bool, signals: BoxSignals) -> impl IntoView {
    let BoxSignals {
        chosen,
        lit,
        badges,
        marks,
        column_marks,
        drag,
        hovered,
        moving,
    } = signals;
    let id = table.id;
    // How the table differs from the compared version, and its old name when renamed.
    let mark = move || marks.get(id);
    let was = move || match mark() {
        Some(Mark::Renamed { from }) => Some(view! {
            <text class="diff-was" x=10 y=-6>{format!("was {from}")}</text>
        }),
        _ => None,
    };
    let width = table.width;
    // The findings on this table: a count on the header, coloured by the worst.
    let badge = move || {
        badges.get(id).map(|(n, worst)| {
            let class = match worst {
                Severity::Error => "finding-badge error",
                Severity::Warning => "finding-badge warning",
                Severity::Info => "finding-badge info",
            };
            view! {
                <g class=class data-testid="finding-badge" data-count=n.to_string()>
                    <title>{format!("{n} findings")}</title>
                    <circle cx=width - 14.0 cy=15 r=9 />
                    <text x=width - 14.0 y=19 text-anchor="middle">{n.to_string()}</text>
                </g>
            }
        })
    };
    let origin = Point {
        x: table.x,
        y: table.y,
    };
    let transform = move || {
        let (dx, dy) = if chosen.get(id) {
            drag.get()
        } else {
            (0.0, 0.0)
        };
        format!("translate({} {})", origin.x + dx, origin.y + dy)
    };
    let class = move || {
        let base = if chosen.get(id) {
            "table selected"
        } else if lit.get(id) {
            "table lit"
        } else {
            "table"
        };
        match mark() {
            Some(m) => format!("{base} {}", m.class()),
            None => base.to_string(),
        }
    };
    let header_style = table
        .color
        .as_deref()
        .and_then(safe_color)
        .map(|c| format!("fill:{c}"));
    let rows = detailed.then(|| {
        table
            .rows
            .iter()
            .map(|row| {
                let markers = row
                    .markers
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let class = match m {
                            Marker::PrimaryKey => "marker pk",
                            Marker::ForeignKey => "marker fk",
                            Marker::Unique => "marker uq",
                            Marker::NotNull => "marker nn",
                        };
                        view! { <text class=class x=6.0 + 20.0 * i as f64 y=row.center + 4.0>{m.label()}</text> }
                    })
                    .collect_view();
                let name = row.name.clone();
                let row_mark = move || column_marks.get(id).and_then(|m| m.get(&name).cloned());
                let row_class = move || match row_mark() {
                    Some(m) => format!("row {}", m.class()),
                    None => "row".to_string(),
                };
                view! {
                    <g class=row_class data-column=row.name.clone()>
                        <line class="row-rule" x1=0 x2=table.width y1=row.center - 11.0 y2=row.center - 11.0 />
                        {markers}
                        <text class="column-name" x=44 y=row.center + 4.0>{shown_name(&row.name)}</text>
                        <text class="column-type" x=table.width - 8.0 y=row.center + 4.0 text-anchor="end">{row.type_name.clone()}</text>
                        <circle class="connector" data-connector=row.name.clone() data-testid="connector" cx=table.width cy=row.center r=6 />
                    </g>
                }
            })
            .collect_view()
    });
    view! {
        <g
            class=class
            data-testid="table"
            data-table=table.name.clone()
            data-id=id.to_string()
            data-diff=move || mark().map(|m| m.class())
            transform=transform
            on:pointerenter=move |_| {
                if !moving.get_untracked() {
                    hovered.set(Some(id));
                }
            }
            on:pointerleave=move |_| {
                if !moving.get_untracked() {
                    hovered.set(None);
                }
            }
        >
            <rect class="table-box" width=table.width height=table.height rx=6 />
            <path class="table-header" data-header="" style=header_style d=format!("M0 6 a6 6 0 0 1 6 -6 h{} a6 6 0 0 1 6 6 v24 h-{} z", table.width - 12.0, table.width) />
            <text class="table-name" data-header="" x=10 y=20>{shown_name(&table.name)}</text>
            {was}
            {badge}
            {rows}
        </g>
    }
}

/// A sticky note: selected and dragged like a table, its place saved in the layout.
fn note_view(
    note: NoteBox,
    selected: RwSignal<BTreeSet<Id>>,
    drag: RwSignal<(f64, f64)>,
) -> impl IntoView {
    let id = note.id;
    let transform = move || {
        let (dx, dy) = if selected.with(|s| s.contains(&id)) {
            drag.get()
        } else {
            (0.0, 0.0)
        };
        format!("translate({} {})", note.x + dx, note.y + dy)
    };
    view! {
        <g
            class="note"
            class:selected=move || selected.with(|s| s.contains(&id))
            data-testid="note"
            data-note=note.name.clone()
            data-id=id.to_string()
            transform=transform
            inner_html=note_body(&note)
        ></g>
    }
}
