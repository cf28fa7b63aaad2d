//! The training worker with both backends, WebGPU and CPU (built by Trunk as a Web Worker; the
//! page starts it where the browser offers a WebGPU adapter).

fn main() {
    attention_playground::startup::run_static_constructors();
    attention_playground::worker::main();
}
