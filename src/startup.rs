//! The first thing each WebAssembly entry point (the page, both workers) does.
//!
//! Some dependencies register things at start-up through static constructors (burn's kernel
//! compiler, cubecl, and the IR library under it, pliron, use the `inventory` crate: a few hundred
//! of them in the worker with WebGPU). The WebAssembly linker gathers them into one synthesised
//! function, `__wasm_call_ctors`. Unless the module calls that function itself, the linker takes
//! the module for a "command" that is entered once, and wraps *every* exported function in a call
//! to it. wasm-bindgen's glue calls exports all the time (every JavaScript object handed to Rust
//! goes through `__externref_table_alloc`, every WebGPU call returns one), so the worker ran all
//! the constructors again for each: 40 % of the WebGPU worker's time in a training step, measured
//! with V8's profiler (`inventory` makes them idempotent, so only the time was lost). Calling the
//! function once, here, tells the linker the module runs its constructors itself.

unsafe extern "C" {
    /// The linker's function that runs every static constructor of the module.
    fn __wasm_call_ctors();
}

/// Runs the module's static constructors. Call it once, first thing in `main`.
pub fn run_static_constructors() {
    // SAFETY: the linker synthesises this function from the constructors it found; it takes no
    // arguments and returns nothing. Each entry point calls it once, before any other code of the
    // module has run, which is when the linker's own wrappers would have called it.
    unsafe { __wasm_call_ctors() }
}
