//! The sentence classifier, read top to bottom:
//!
//! ```text
//! tokens [batch, seq]
//!   → token embedding + positional encoding      [batch, seq, d_model]
//!   → n_layers × Block (self-attention, FFN)      [batch, seq, d_model]
//!   → LayerNorm                                   [batch, seq, d_model]
//!   → pooled: mean over the real tokens           [batch, 1, d_model]
//!     per token: every position                   [batch, seq, d_model]
//!   → linear classifier                           [batch, positions, n_classes]  (logits)
//! ```
//!
//! `forward` returns the logits and what every block computed on the way (its input, Q, K, V,
//! scores, weights, head outputs), so that the page can show what every head looked at.

use burn::module::Module;
use burn::nn::{Embedding, LayerNorm, Linear};
use burn::tensor::{Bool, Device, Int, Tensor, TensorData};

use super::attention::MultiHeadSelfAttention;
use super::block::{Block, BlockTrace};
use super::init::Init;
use super::mask::Mask;
use super::position::PositionalEncoding;
use crate::config::{HeadId, HeadSet, Positional};
use crate::pattern::Pattern;

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
    /// Which keys each query may see (causal, local window, strided).
    pub pattern: Pattern,
    /// The attention-free baseline: every attention weight fixed at 1/(keys seen), so each token
    /// receives the plain mean of the token vectors it may see.
    pub attention_free: bool,
    /// One output per position (`true`) or one for the whole input.
    pub per_token: bool,
}

#[derive(Module, Debug)]
pub struct Classifier {
    pub token_embedding: Embedding,
    pub position: PositionalEncoding,
    pub blocks: Vec<Block>,
    pub norm: LayerNorm,
    pub head: Linear,
    pub per_token: bool,
    #[module(skip)]
    pub pattern: Pattern,
}

/// What one forward pass produces.
pub struct ClassifierOutput {
    /// `[batch, positions, n_classes]`, before softmax; positions is 1 for a pooled model.
    pub logits: Tensor<3>,
    /// What each block computed, first block first.
    pub blocks: Vec<BlockTrace>,
}

impl ClassifierOutput {
    /// The attention weights of every layer, `[batch, heads, q, k]` each.
    pub fn attention(&self) -> Vec<Tensor<4>> {
        self.blocks.iter().map(|b| b.attention.weights.clone()).collect()
    }
}

impl ClassifierConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Classifier {
        Classifier {
            token_embedding: init.embedding(self.vocab_size, self.d_model),
            position: PositionalEncoding::new(init, self.positional, self.max_len, self.d_model),
            blocks: (0..self.n_layers)
                .map(|_| {
                    let attention = MultiHeadSelfAttention::new(
                        init,
                        self.d_model,
                        self.n_heads,
                        self.scaled,
                        self.attention_free,
                    );
                    Block::new(init, attention, self.d_model, self.d_ff)
                })
                .collect(),
            norm: init.layer_norm(self.d_model),
            head: init.linear(self.d_model, self.n_classes),
            per_token: self.per_token,
            pattern: self.pattern,
        }
    }
}

impl Classifier {
    /// `tokens`: `[batch, seq]` ids; `padding`: `[batch, seq]`, true at padding positions.
    pub fn forward(&self, tokens: Tensor<2, Int>, padding: Tensor<2, Bool>) -> ClassifierOutput {
        self.forward_embedded(self.token_embedding.forward(tokens), padding, &HeadSet::default())
    }

    /// The forward pass from the token embeddings `[batch, seq, d_model]` on, with the heads in
    /// `heads_off` switched off (their output zeroed before W_O). Starting here lets a gradient be
    /// taken with respect to the embeddings (saliency).
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
    ) -> ClassifierOutput {
        let [batch, seq, _] = embedded.dims();
        let mut x = self.position.forward(embedded); //              [batch, seq, d_model]
        let mask = Mask::new(padding.clone(), &self.pattern); //     padded keys, pattern's hidden keys
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for (layer, block) in self.blocks.iter().enumerate() {
            let heads_on = self.heads_on(layer, heads_off, &padding.device());
            let (out, trace) = block.forward(x, &mask, heads_on); // trace: Q, K, V, weights…
            x = out;
            blocks.push(trace);
        }
        let x = self.norm.forward(x); //                             [batch, seq, d_model]
        if self.per_token {
            return ClassifierOutput { logits: self.head.forward(x), blocks }; // [batch, seq, classes]
        }

        // Mean over the real tokens only: padding contributes nothing to the sentence vector.
        let keep = padding.bool_not().float().reshape([batch, seq, 1]); // [batch, seq, 1]
        let count = keep.clone().sum_dim(1).clamp_min(1.0); //       [batch, 1, 1]
        let pooled = (x * keep).sum_dim(1).div(count); //            [batch, 1, d_model]
        ClassifierOutput { logits: self.head.forward(pooled), blocks } // [batch, 1, classes]
    }

    /// `[1, heads, 1, 1]`: 0 for the heads of `layer` in `heads_off`, 1 for the others; `None`
    /// when every head of the layer is on.
    fn heads_on(&self, layer: usize, heads_off: &HeadSet, device: &Device) -> Option<Tensor<4>> {
        let n_heads = self.blocks.get(layer)?.attention.n_heads;
        let keep: Vec<f32> = (0..n_heads)
            .map(|head| if heads_off.contains(HeadId { layer, head }) { 0.0 } else { 1.0 })
            .collect();
        keep.contains(&0.0).then(|| {
            Tensor::<1>::from_data(TensorData::new(keep, [n_heads]), device).reshape([1, n_heads, 1, 1])
        })
    }
}
