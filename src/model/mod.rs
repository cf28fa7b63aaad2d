//! The models, written by hand in burn so that every step of attention can be read and shown.
//! No DOM here: this compiles and is tested natively.

pub mod attention;
pub mod block;
pub mod classifier;
#[cfg(feature = "webgpu")]
pub(crate) mod cube;
pub mod decoder_block;
pub mod encoder;
pub(crate) mod flex_rows;
pub mod gelu;
pub mod init;
pub mod layer_norm;
pub mod loss;
pub mod mask;
pub mod matcher;
pub mod matmul;
pub mod network;
pub mod position;
pub mod softmax;
pub mod translator;
pub mod vector_math;
pub mod vision;

use burn::tensor::{Bool, Tensor};

pub use block::BlockTrace;
pub use classifier::{Classifier, ClassifierConfig};
pub use encoder::{Encoder, EncoderConfig};
pub use init::Init;
pub use loss::{cross_entropy, cross_entropy_sum, mean_squared_error, squared_error_sum};
pub use mask::Mask;
pub use matcher::{Matcher, MatcherConfig};
pub use network::{Input, InputMismatch, Network};
pub use translator::{Translator, TranslatorConfig};
pub use vision::{VisionConfig, VisionTransformer};

/// What one forward pass produces.
pub struct ModelOutput {
    /// `[batch, positions, n_classes]`, before softmax; positions is 1 for a pooled model, the
    /// target's steps for a translator.
    pub logits: Tensor<3>,
    /// What each encoder block computed, first block first.
    pub blocks: Vec<BlockTrace>,
    /// Cross-attention weights, one `[batch, heads, queries, keys]` per decoder layer: a
    /// translator's steps reading the source, a matcher's words reading the patches; empty for
    /// the other models.
    pub cross: Vec<Tensor<4>>,
}

impl ModelOutput {
    /// The encoder's self-attention weights of every layer, `[batch, heads, q, k]` each.
    pub fn attention(&self) -> Vec<Tensor<4>> {
        self.blocks.iter().map(|b| b.attention.weights.clone()).collect()
    }
}

/// The mean of `x` `[batch, seq, d_model]` over the real positions only (`padding`: `[batch,
/// seq]`, true at padding): `[batch, 1, d_model]`. Padding contributes nothing to the summary.
pub fn mean_over_real(x: Tensor<3>, padding: Tensor<2, Bool>) -> Tensor<3> {
    let [batch, seq, _] = x.dims();
    let keep = padding.bool_not().float().reshape([batch, seq, 1]); // [batch, seq, 1]
    let count = keep.clone().sum_dim(1).clamp_min(1.0); //           [batch, 1, 1]
    (x * keep).sum_dim(1).div(count) //                               [batch, 1, d_model]
}
