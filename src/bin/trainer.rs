//! The training worker's entry point (built by Trunk as a Web Worker).

use attention_playground::worker::TrainerWorker;
use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    TrainerWorker::registrar().register();
}
