//! The training worker's entry point (built by Trunk as a Web Worker).

use attention_playground::worker::TrainerWorker;
use gloo_worker::Registrable;

fn main() {
    // A panic is logged, told to the page, and ends the worker: the page starts a fresh one and
    // carries on from the model it kept.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        attention_playground::worker::watch::panicked(info.to_string());
    }));
    TrainerWorker::registrar().register();
}
