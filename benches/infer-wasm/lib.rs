//! Inference from sample documents, callable from node so that node's clock times it (wasm
//! has none of its own): the text read as Extended JSON and every document added, as the
//! browser's import does.

use schemaforge::import::extended_json::documents;
use schemaforge::import::samples::Inference;
use schemaforge::model::IdGen;
use wasm_bindgen::prelude::*;

/// Infers a collection from `text`; returns the number of field paths found.
#[wasm_bindgen]
pub fn infer(text: &str) -> Result<u32, JsError> {
    let mut inference = Inference::default();
    for d in documents(text) {
        inference.add(&d.map_err(|e| JsError::new(&e.to_string()))?);
    }
    let c = inference.collection("bench", &mut IdGen::default());
    Ok(c.paths().len() as u32)
}
