//! The page's entry point: mounts the app.

fn main() {
    attention_playground::ui::mount();
}
