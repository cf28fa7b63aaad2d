//! Training: batches, the step loop and its reports. No DOM here.

pub mod batch;
mod inspect;
pub mod report;
pub mod trainer;

pub use report::{AttentionMaps, EvalReport, ProbeReport};
pub use trainer::{TrainError, Trainer, argmax};
