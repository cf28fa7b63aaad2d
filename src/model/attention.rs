//! Multi-head self-attention, written out step by step as in the seed article's section 4.2:
//!
//! ```text
//! Q = x·W_Q   K = x·W_K   V = x·W_V
//! Attention(Q, K, V) = softmax(Q·Kᵀ / √d_head) · V
//! ```
//!
//! The article writes `softmax(Q·Kᵀ)·V`, without the division by √d_head; `scaled: false` runs
//! exactly that formula, so the two can be compared. With `d_model` split into `n_heads` heads,
//! each head attends with its own slice of Q, K and V, and W_O mixes the heads back together.

use burn::module::Module;
use burn::nn::Linear;
use burn::tensor::activation::softmax;
use burn::tensor::{Bool, Tensor};

use super::init::Init;

/// A score low enough that its softmax weight is exactly 0 in f32.
const MASKED_SCORE: f32 = -1.0e9;

#[derive(Module, Debug)]
pub struct MultiHeadSelfAttention {
    /// W_Q, W_K, W_V, W_O: each `[d_model, d_model]` (plus a bias).
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub output: Linear,
    pub n_heads: usize,
    /// Divide the scores by √d_head (`false`: the seed's unscaled formula).
    pub scaled: bool,
}

impl MultiHeadSelfAttention {
    pub fn new(init: &mut Init, d_model: usize, n_heads: usize, scaled: bool) -> Self {
        Self {
            query: init.linear(d_model, d_model),
            key: init.linear(d_model, d_model),
            value: init.linear(d_model, d_model),
            output: init.linear(d_model, d_model),
            n_heads,
            scaled,
        }
    }

    /// `x`: `[batch, seq, d_model]`; `padding`: `[batch, seq]`, true where a position is padding.
    /// Returns the output `[batch, seq, d_model]` and the weights `[batch, heads, q, k]`.
    pub fn forward(&self, x: Tensor<3>, padding: Tensor<2, Bool>) -> (Tensor<3>, Tensor<4>) {
        let [batch, seq, d_model] = x.dims();
        let d_head = d_model / self.n_heads;

        let q = self.split_heads(self.query.forward(x.clone())); // [batch, heads, seq, d_head]
        let k = self.split_heads(self.key.forward(x.clone())); //   [batch, heads, seq, d_head]
        let v = self.split_heads(self.value.forward(x)); //         [batch, heads, seq, d_head]

        let mut scores = q.matmul(k.swap_dims(2, 3)); //            [batch, heads, q, k]
        if self.scaled {
            scores = scores.div_scalar((d_head as f32).sqrt());
        }
        let padding = padding.reshape([batch, 1, 1, seq]); //       [batch, 1, 1, k]
        let scores = scores.mask_fill(padding, MASKED_SCORE); //    padded keys get no weight
        let weights = softmax(scores, 3); //                        [batch, heads, q, k], rows sum to 1

        let mixed = weights.clone().matmul(v); //                   [batch, heads, seq, d_head]
        let mixed = mixed.swap_dims(1, 2).reshape([batch, seq, d_model]); // heads side by side
        (self.output.forward(mixed), weights)
    }

    /// `[batch, seq, d_model]` → `[batch, heads, seq, d_head]`: feature j goes to head j / d_head.
    fn split_heads(&self, x: Tensor<3>) -> Tensor<4> {
        let [batch, seq, d_model] = x.dims();
        x.reshape([batch, seq, self.n_heads, d_model / self.n_heads]).swap_dims(1, 2)
    }
}
