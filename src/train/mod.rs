//! Training: batches, the step loop and its reports. No DOM here. The reports are plain data and
//! need no tensor library (the page uses them); the rest needs the `ml` feature.

#[cfg(feature = "ml")]
pub mod adam;
#[cfg(feature = "ml")]
pub mod batch;
pub mod early_stop;
#[cfg(feature = "ml")]
mod inspect;
pub mod metrics;
#[cfg(feature = "ml")]
pub mod optimizer;
pub mod report;
#[cfg(feature = "ml")]
mod sample;
pub mod schedule;
#[cfg(feature = "ml")]
pub mod trainer;
#[cfg(feature = "ml")]
pub mod weights;

pub use early_stop::{Best, EarlyStopping, Verdict};
pub use metrics::{ClassScores, Confusion};
pub use report::{
    Answer, AttentionMaps, EvalReport, HIT_RATE_AT, PhaseTimes, ProbeReport, SampleReport, SampleStep,
    TaskScore, Translation,
};
#[cfg(feature = "ml")]
pub use sample::{distribution, draw};
#[cfg(feature = "ml")]
pub use trainer::{TrainError, Trainer, argmax};
