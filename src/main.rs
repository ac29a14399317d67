//! The browser entry point: a panic hook that shows recovery, then mount the app.

fn main() {
    schemaforge::ui::install_panic_hook();
    leptos::mount::mount_to_body(schemaforge::ui::App);
}
