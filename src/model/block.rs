//! One transformer block, pre-LayerNorm (as GPT-2 and nanoGPT):
//!
//! ```text
//! x = x + Attention(LayerNorm(x))
//! x = x + FeedForward(LayerNorm(x))      FeedForward(h) = GELU(h·W1 + b1)·W2 + b2
//! ```
//!
//! The residual connections let each block add to the token vectors rather than replace them.

use burn::module::Module;
use burn::nn::{LayerNorm, Linear};
use burn::tensor::activation::gelu;
use burn::tensor::{Bool, Tensor};

use super::attention::MultiHeadSelfAttention;
use super::init::Init;

#[derive(Module, Debug)]
pub struct Block {
    pub norm_attention: LayerNorm,
    pub attention: MultiHeadSelfAttention,
    pub norm_feed_forward: LayerNorm,
    pub feed_forward_in: Linear,
    pub feed_forward_out: Linear,
}

impl Block {
    pub fn new(init: &mut Init, d_model: usize, n_heads: usize, d_ff: usize, scaled: bool) -> Self {
        Self {
            norm_attention: init.layer_norm(d_model),
            attention: MultiHeadSelfAttention::new(init, d_model, n_heads, scaled),
            norm_feed_forward: init.layer_norm(d_model),
            feed_forward_in: init.linear(d_model, d_ff),
            feed_forward_out: init.linear(d_ff, d_model),
        }
    }

    /// `x`: `[batch, seq, d_model]` → same shape, plus this block's attention `[batch, heads, q, k]`.
    pub fn forward(&self, x: Tensor<3>, padding: Tensor<2, Bool>) -> (Tensor<3>, Tensor<4>) {
        let (attended, weights) = self.attention.forward(self.norm_attention.forward(x.clone()), padding);
        let x = x + attended; //                                             [batch, seq, d_model]
        let h = gelu(self.feed_forward_in.forward(self.norm_feed_forward.forward(x.clone()))); // [batch, seq, d_ff]
        let x = x + self.feed_forward_out.forward(h); //                     [batch, seq, d_model]
        (x, weights)
    }
}
