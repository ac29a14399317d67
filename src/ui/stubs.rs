//! The stubs of a view on the diagram: each foreign key that leaves the view, drawn as the
//! engine draws it in an export; a click (or Enter) brings the table it names into the view.

use leptos::prelude::*;

use super::state::AppState;
use crate::generate::svg::stub_svg;
use crate::layout::view::Stub;
use crate::layout::Scene;

fn stub_view(state: AppState, stub: Stub) -> impl IntoView {
    let target = stub.target;
    let (pressed, entered) = (stub.clone(), stub.clone());
    let label = format!(
        "Bring {} into the view",
        stub.label.trim_start_matches(['→', '←', ' '])
    );
    view! {
        <g
            class="stub"
            data-testid="stub"
            data-target=target.to_string()
            role="button"
            tabindex="0"
            aria-label=label
            // Before the viewport's own press, which would start a pan.
            on:pointerdown=move |ev| {
                ev.stop_propagation();
                state.bring_in(&pressed);
            }
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    ev.stop_propagation();
                    state.bring_in(&entered);
                }
            }
            inner_html=stub_svg(&stub)
        ></g>
    }
}

/// Every stub of `scene`.
pub fn stubs_layer(state: AppState, scene: Memo<Scene>) -> impl IntoView {
    view! {
        <g class="stubs">
            {move || scene.with(|s| s.stubs.iter().map(|st| stub_view(state, st.clone())).collect_view())}
        </g>
    }
}
