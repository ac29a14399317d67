//! Inference from sample documents, callable from node so that node's clock times it (wasm
//! has none of its own): the text read as Extended JSON and every document added, as the
//! browser's import does.

use schemaforge::import::samples::Inference;
use schemaforge::model::IdGen;
use wasm_bindgen::prelude::*;

/// Infers a collection from `text`; returns the number of field paths found.
#[wasm_bindgen]
pub fn infer(text: &str) -> Result<u32, JsError> {
    let mut inference = Inference::default();
    inference
        .read_all(text)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let c = inference.collection("bench", &mut IdGen::default());
    Ok(c.paths().len() as u32)
}

/// Only hands the text to wasm (what crossing the boundary costs, apart from inference).
#[wasm_bindgen]
pub fn hand_over(text: &str) -> u32 {
    text.len() as u32
}

thread_local! {
    static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Keeps the text in wasm memory, as the app does once a file is read.
#[wasm_bindgen]
pub fn load(text: String) {
    TEXT.with(|t| *t.borrow_mut() = text);
}

/// Infers from the text `load` kept: inference alone.
#[wasm_bindgen]
pub fn infer_loaded() -> Result<u32, JsError> {
    TEXT.with(|t| infer(&t.borrow()))
}
