//! Looking inside the model: the plain-number views of what attention computed. No tensors and no
//! DOM here — the trainer fills these from the model (`train::inspect`), the page draws them.
//!
//! - [`Matrix`]: a row-major matrix of `f32`, the unit every view is drawn from.
//! - [`LayerStages`]: each term of softmax(Q·Kᵀ/√d)·V for the probe sentence, per head, with the
//!   seed's unscaled variant beside it.
//! - [`EmbeddingMap`] and [`pca`]: the token embeddings projected to 2-D.
//! - [`Timeline`]: bounded snapshots of the probe's attention during training.

pub mod matrix;
pub mod pca;
pub mod stages;
pub mod timeline;

pub use matrix::Matrix;
pub use pca::EmbeddingMap;
pub use stages::{Formula, HeadStages, LayerStages};
pub use timeline::{Snapshot, Timeline};
