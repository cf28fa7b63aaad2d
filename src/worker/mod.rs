//! The training worker: a Web Worker that owns the backend, the model and the training loop, so
//! that the page stays responsive however long a step takes.
//!
//! gloo-worker carries the messages ([`Command`] in, [`Event`] out). The page needs this type too,
//! to spawn the worker script and talk to it; only the worker's own build (feature `ml`) contains
//! the training session, so the page's WebAssembly carries no tensor library.

pub mod adapter;
#[cfg(feature = "ml")]
mod session;
#[cfg(feature = "ml")]
pub mod watch;

use futures::channel::mpsc::{UnboundedSender, unbounded};
use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::protocol::{Command, Event};

// burn's CPU backend multiplies matrices with gemm, which on wasm runs its scalar kernels unless
// its `wasm-simd128-enable` feature is on (Cargo.toml), even in a build with simd128: bench-small
// trained 2.3 times slower in the browser without it. A build that lost the feature stops here.
#[cfg(feature = "ml")]
const _: () = assert!(gemm::DEFAULT_WASM_SIMD128, "gemm must use its simd128 kernels on wasm");

/// The worker script's entry point: the `trainer` binary (WebGPU and CPU backends) and the
/// `trainer_cpu` binary (the CPU backend only) both start here.
#[cfg(feature = "ml")]
pub fn main() {
    use gloo_worker::Registrable;
    // A panic is logged, told to the page, and ends the worker: the page starts a fresh one and
    // carries on from the model it kept.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        watch::panicked(info.to_string());
    }));
    TrainerWorker::registrar().register();
}

pub struct TrainerWorker {
    commands: UnboundedSender<(HandlerId, Command)>,
}

impl Worker for TrainerWorker {
    type Message = ();
    type Input = Command;
    type Output = Event;

    fn create(scope: &WorkerScope<Self>) -> Self {
        let (commands, queue) = unbounded();
        #[cfg(feature = "ml")]
        wasm_bindgen_futures::spawn_local(session::run(scope.clone(), queue));
        // Without `ml` this is the page's build, where the worker is only ever spawned from its
        // own script and never created here.
        #[cfg(not(feature = "ml"))]
        let _ = (scope, queue);
        Self { commands }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, _scope: &WorkerScope<Self>, command: Command, id: HandlerId) {
        // The loop ends only if the worker is being torn down; nothing to do then.
        let _ = self.commands.unbounded_send((id, command));
    }
}
