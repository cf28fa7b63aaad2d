//! The speed benchmark: the `bench-tiny` and `bench-small` workloads of the peer benchmark
//! (a counting task, batch 32, Adam, the loss read back every step), run on this project's own
//! model and training step, natively and in the browser.

pub mod data;
#[cfg(feature = "ml")]
pub mod run;
