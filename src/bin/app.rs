//! The page's entry point: mounts the app.

fn main() {
    attention_playground::startup::run_static_constructors();
    attention_playground::ui::mount();
}
