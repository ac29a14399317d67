//! `layout(graph)`: a [`LayoutGraph`] as JSON in, the [`Drawing`] as JSON out.

use schemaforge::layout::{layout_graph, LayoutGraph};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn layout(graph: &str) -> Result<String, JsError> {
    let graph: LayoutGraph = serde_json::from_str(graph)?;
    Ok(serde_json::to_string(&layout_graph(&graph))?)
}
