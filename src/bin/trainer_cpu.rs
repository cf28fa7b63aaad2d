//! The training worker with the CPU backend only (built by Trunk as a Web Worker; the page starts
//! it where the browser offers no WebGPU adapter, so those visitors download no GPU code).

fn main() {
    attention_playground::startup::run_static_constructors();
    attention_playground::worker::main();
}
