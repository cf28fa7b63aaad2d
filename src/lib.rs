//! Attention Playground: train small attention models in the browser and watch the attention
//! weights take shape.
//!
//! - [`config`]: the one `Config` (every knob; also the URL).
//! - [`lessons`]: tasks and their data.
//! - [`pattern`]: which keys each query may see (causal, local window, strided sparse).
//! - [`predict`]: predict-then-see: attention patterns a learner can expect, and how well the
//!   learned heads fit them.
//! - [`model`]: the attention models, written by hand in burn.
//! - [`train`]: the training loop and its plain-number reports.
//! - [`inspect`]: plain-number views inside the model (stages of attention, embedding map,
//!   timeline).
//! - [`protocol`]: the messages between the page and the training worker.
//! - [`bench`]: the speed benchmark's workloads (the peer benchmark's data and model sizes).
//! - [`challenges`]: small goals per lesson, checked live, with a ladder of hints.
//! - [`colour`]: the colour scales of the views and the ink that reads on them.
//! - [`concepts`]: the concept guide's entries (both languages), formulas and targets.
//! - [`compare`]: runs kept for comparison, their labels, one-knob sweeps, CSV export.
//! - [`numbers`]: numbers as each language writes them.
//! - [`model_file`]: the saved-model file (settings, vocabulary, history and burn's record).
//! - [`history`]: the run's curves, kept to a bounded size however long it trains.
//! - [`size`]: the memory a model needs while it trains, and what each backend can give.
//!
//! These compile and are tested natively. The browser side — the leptos page (`ui`) and the
//! Web Worker that trains (`worker`) — is built for `wasm32` only.

pub mod bench;
pub mod challenges;
pub mod colour;
pub mod compare;
pub mod concepts;
pub mod config;
pub mod history;
pub mod inspect;
pub mod lessons;
#[cfg(feature = "ml")]
pub mod model;
pub mod model_file;
pub mod numbers;
pub mod pattern;
pub mod predict;
pub mod protocol;
pub mod size;
pub mod train;

#[cfg(target_arch = "wasm32")]
pub mod startup;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
