//! The browser entry point: a panic hook that shows recovery, then mount the app.
//!
//! It is a package of its own so that the browser build can link it at a different
//! optimisation level from the engine (see the root Cargo.toml's `wasm-release` profile).

fn main() {
    schemaforge::ui::start();
}
