//! The ER diagram in SVG: a box per table with its columns and key markers, an edge per
//! foreign key from the referencing row to the referenced row, fitted to the view.

use leptos::prelude::*;

use super::state::AppState;
use crate::layout::scene::{build_scene, Marker, TableBox};
use crate::layout::EdgeRoute;

const MARGIN: f64 = 40.0;

#[component]
pub fn Diagram() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scene = Memo::new(move |_| state.project.with(|p| build_scene(&p.model, &p.layout)));
    let view_box = move || {
        scene.with(|s| {
            let b = s.bounds;
            format!(
                "{} {} {} {}",
                b.min_x - MARGIN,
                b.min_y - MARGIN,
                (b.max_x - b.min_x + 2.0 * MARGIN).max(200.0),
                (b.max_y - b.min_y + 2.0 * MARGIN).max(200.0)
            )
        })
    };
    view! {
        <section class="panel diagram-panel">
            <svg
                class="diagram"
                data-testid="diagram"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=view_box
                preserveAspectRatio="xMidYMin meet"
            >
                <defs>
                    // Crow's foot at the referencing end: the prongs touch the box, the
                    // lines meet away from it (the path starts at the box edge).
                    <marker id="many" viewBox="0 0 16 16" refX="0" refY="8" markerWidth="16" markerHeight="16" orient="auto" markerUnits="userSpaceOnUse">
                        <path d="M0 1 L14 8 M0 8 L14 8 M0 15 L14 8" class="marker-line" />
                    </marker>
                    <marker id="one" viewBox="0 0 16 16" refX="16" refY="8" markerWidth="16" markerHeight="16" orient="auto" markerUnits="userSpaceOnUse">
                        <path d="M10 0 L10 16 M6 0 L6 16" class="marker-line" />
                    </marker>
                </defs>
                <g class="edges">
                    {move || scene.with(|s| s.edges.iter().map(edge_view).collect_view())}
                </g>
                <g class="tables">
                    {move || scene.with(|s| s.tables.iter().map(table_view).collect_view())}
                </g>
            </svg>
        </section>
    }
}

fn edge_view(edge: &EdgeRoute) -> impl IntoView {
    let d = edge
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}{} {}", if i == 0 { "M" } else { "L" }, p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <path
            class="edge"
            data-testid="edge"
            data-from=edge.table.to_string()
            data-to=edge.target.to_string()
            d=d
            marker-start="url(#many)"
            marker-end="url(#one)"
        />
    }
}

fn table_view(table: &TableBox) -> impl IntoView {
    let rows = table
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
                    view! {
                        <text class=class x=6.0 + 20.0 * i as f64 y=row.center + 4.0>
                            {m.label()}
                        </text>
                    }
                })
                .collect_view();
            view! {
                <g class="row" data-column=row.name.clone()>
                    <line class="row-rule" x1=0 x2=table.width y1=row.center - 11.0 y2=row.center - 11.0 />
                    {markers}
                    <text class="column-name" x=44 y=row.center + 4.0>{row.name.clone()}</text>
                    <text class="column-type" x=table.width - 8.0 y=row.center + 4.0 text-anchor="end">
                        {row.type_name.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <g
            class="table"
            data-testid="table"
            data-table=table.name.clone()
            data-id=table.id.to_string()
            transform=format!("translate({} {})", table.x, table.y)
        >
            <rect class="table-box" width=table.width height=table.height rx=6 />
            <path class="table-header" d=format!("M0 6 a6 6 0 0 1 6 -6 h{} a6 6 0 0 1 6 6 v24 h-{} z", table.width - 12.0, table.width) />
            <text class="table-name" x=10 y=20>{table.name.clone()}</text>
            {rows}
        </g>
    }
}
