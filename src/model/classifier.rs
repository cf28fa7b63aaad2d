//! The sentence classifier, read top to bottom:
//!
//! ```text
//! tokens [batch, seq]
//!   → token embedding + positional encoding      [batch, seq, d_model]
//!   → n_layers × Block (self-attention, FFN)      [batch, seq, d_model]
//!   → LayerNorm, mean over the real tokens        [batch, d_model]
//!   → linear classifier                           [batch, n_classes]  (logits)
//! ```
//!
//! `forward` returns the logits and the attention weights of every layer, `[batch, heads, q, k]`
//! each, so that the page can show what every head looked at.

use burn::module::Module;
use burn::nn::{Embedding, LayerNorm, Linear};
use burn::tensor::activation::log_softmax;
use burn::tensor::{Bool, Int, Tensor};

use super::block::Block;
use super::init::Init;
use super::position::PositionalEncoding;
use crate::config::Positional;

/// The shape of the model; built from the playground's `Config` and the lesson's data.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassifierConfig {
    pub vocab_size: usize,
    pub n_classes: usize,
    /// Longest sequence the positional encoding covers.
    pub max_len: usize,
    pub d_model: usize,
    pub n_heads: usize,
    pub n_layers: usize,
    pub d_ff: usize,
    pub positional: Positional,
    pub scaled: bool,
}

#[derive(Module, Debug)]
pub struct Classifier {
    pub token_embedding: Embedding,
    pub position: PositionalEncoding,
    pub blocks: Vec<Block>,
    pub norm: LayerNorm,
    pub head: Linear,
}

/// What one forward pass produces.
pub struct ClassifierOutput {
    /// `[batch, n_classes]`, before softmax.
    pub logits: Tensor<2>,
    /// One `[batch, heads, q, k]` tensor per layer.
    pub attention: Vec<Tensor<4>>,
}

impl ClassifierConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Classifier {
        Classifier {
            token_embedding: init.embedding(self.vocab_size, self.d_model),
            position: PositionalEncoding::new(init, self.positional, self.max_len, self.d_model),
            blocks: (0..self.n_layers)
                .map(|_| Block::new(init, self.d_model, self.n_heads, self.d_ff, self.scaled))
                .collect(),
            norm: init.layer_norm(self.d_model),
            head: init.linear(self.d_model, self.n_classes),
        }
    }
}

impl Classifier {
    /// `tokens`: `[batch, seq]` ids; `padding`: `[batch, seq]`, true at padding positions.
    pub fn forward(&self, tokens: Tensor<2, Int>, padding: Tensor<2, Bool>) -> ClassifierOutput {
        let [batch, seq] = tokens.dims();
        let mut x = self.token_embedding.forward(tokens); //         [batch, seq, d_model]
        x = self.position.forward(x);
        let mut attention = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let (out, weights) = block.forward(x, padding.clone()); // weights [batch, heads, q, k]
            x = out;
            attention.push(weights);
        }
        let x = self.norm.forward(x); //                             [batch, seq, d_model]

        // Mean over the real tokens only: padding contributes nothing to the sentence vector.
        let keep = padding.bool_not().float().reshape([batch, seq, 1]); // [batch, seq, 1]
        let count = keep.clone().sum_dim(1).clamp_min(1.0); //       [batch, 1, 1]
        let [_, _, d_model] = x.dims();
        let pooled = (x * keep).sum_dim(1).div(count).reshape([batch, d_model]); // [batch, d_model]

        ClassifierOutput { logits: self.head.forward(pooled), attention }
    }
}

/// Mean cross-entropy of `logits` `[batch, n_classes]` against class ids `targets` `[batch]`:
/// `−log softmax(logits)[target]`, averaged over the batch.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1> {
    let [batch, _] = logits.dims();
    log_softmax(logits, 1).gather(1, targets.reshape([batch, 1])).neg().mean()
}
