//! The classifier: the encoder, then one answer for the whole input or one per position.
//!
//! ```text
//! tokens [batch, seq]
//!   → token embedding                             [batch, seq, d_model]
//!   → Encoder                                     [batch, seq, d_model]
//!   → pooled: mean over the real tokens           [batch, 1, d_model]
//!     per token: every position                   [batch, seq, d_model]
//!   → linear classifier                           [batch, positions, n_classes]  (logits)
//! ```

use burn::module::Module;
use burn::nn::{Embedding, Linear};
use burn::tensor::{Bool, Int, Tensor};

use super::encoder::{Encoder, EncoderConfig};
use super::init::Init;
use super::matmul::linear;
use super::{ModelOutput, mean_over_real};
use crate::config::HeadSet;

/// The shape of the model; built from the playground's `Config` and the lesson's data.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassifierConfig {
    pub vocab_size: usize,
    pub encoder: EncoderConfig,
    pub n_classes: usize,
    /// One output per position (`true`) or one for the whole input.
    pub per_token: bool,
}

#[derive(Module, Debug)]
pub struct Classifier {
    pub token_embedding: Embedding,
    pub encoder: Encoder,
    pub head: Linear,
    pub per_token: bool,
}

impl ClassifierConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Classifier {
        Classifier {
            token_embedding: init.embedding(self.vocab_size, self.encoder.d_model),
            encoder: self.encoder.init(init),
            head: init.linear(self.encoder.d_model, self.n_classes),
            per_token: self.per_token,
        }
    }
}

impl Classifier {
    /// `tokens`: `[batch, seq]` ids; `padding`: `[batch, seq]`, true at padding positions.
    pub fn forward(&self, tokens: Tensor<2, Int>, padding: Tensor<2, Bool>) -> ModelOutput {
        self.forward_embedded(self.token_embedding.forward(tokens), padding, &HeadSet::default())
    }

    /// The forward pass from the token embeddings `[batch, seq, d_model]` on, with the heads in
    /// `heads_off` switched off.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
    ) -> ModelOutput {
        let (x, blocks) = self.encoder.forward_embedded(embedded, padding.clone(), heads_off); // [batch, seq, d_model]
        if self.per_token {
            return ModelOutput { logits: linear(&self.head, x), blocks, cross: Vec::new() }; // [batch, seq, classes]
        }
        let pooled = mean_over_real(x, padding); //                  [batch, 1, d_model]
        ModelOutput { logits: linear(&self.head, pooled), blocks, cross: Vec::new() } // [batch, 1, classes]
    }
}
