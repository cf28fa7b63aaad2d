//! The page's entry point: mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    attention_playground::ui::mount();
}
