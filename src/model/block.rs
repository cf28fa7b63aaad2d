//! One transformer block, pre-LayerNorm (as GPT-2 and nanoGPT):
//!
//! ```text
//! x = x + Dropout(Attention(LayerNorm(x)))
//! x = x + Dropout(FeedForward(LayerNorm(x)))      FeedForward(h) = GELU(h·W1 + b1)·W2 + b2
//! ```
//!
//! The residual connections let each block add to the token vectors rather than replace them.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, LayerNorm, Linear};
use burn::tensor::Tensor;

use super::attention::{AttentionTrace, MultiHeadAttention};
use super::gelu::gelu;
use super::init::Init;
use super::layer_norm::layer_norm;
use super::mask::Mask;
use super::matmul::linear;

#[derive(Module, Debug)]
pub struct Block {
    pub norm_attention: LayerNorm,
    pub attention: MultiHeadAttention,
    pub norm_feed_forward: LayerNorm,
    pub feed_forward_in: Linear,
    pub feed_forward_out: Linear,
    /// On the residual branches, while training only.
    pub dropout: Dropout,
}

/// What one block computed on the way: its input, the normalised input that attention reads
/// (the `x` of Q = x·W_Q), and the attention's own terms.
pub struct BlockTrace {
    /// `[batch, seq, d_model]`: the block's input (for the first block, embedding + position).
    pub input: Tensor<3>,
    /// `[batch, seq, d_model]`: LayerNorm(input).
    pub normed: Tensor<3>,
    pub attention: AttentionTrace,
}

impl Block {
    pub fn new(
        init: &mut Init,
        attention: MultiHeadAttention,
        d_model: usize,
        d_ff: usize,
        dropout: f64,
    ) -> Self {
        Self {
            dropout: DropoutConfig::new(dropout).init(),
            norm_attention: init.layer_norm(d_model),
            attention,
            norm_feed_forward: init.layer_norm(d_model),
            feed_forward_in: init.linear(d_model, d_ff),
            feed_forward_out: init.linear(d_ff, d_model),
        }
    }

    /// `x`: `[batch, seq, d_model]` → same shape, plus what was computed on the way.
    /// `heads_on`: see [`MultiHeadAttention::forward`].
    pub fn forward(&self, x: Tensor<3>, mask: &Mask, heads_on: Option<Tensor<4>>) -> (Tensor<3>, BlockTrace) {
        let normed = layer_norm(&self.norm_attention, x.clone()); //               [batch, seq, d_model]
        let (attended, attention) = self.attention.forward(normed.clone(), mask, heads_on);
        let out = x.clone() + self.dropout.forward(attended); //                                    [batch, seq, d_model]
        let h = gelu(linear(&self.feed_forward_in, layer_norm(&self.norm_feed_forward, out.clone()))); // [batch, seq, d_ff]
        let out = out + self.dropout.forward(linear(&self.feed_forward_out, h)); //                  [batch, seq, d_model]
        (out, BlockTrace { input: x, normed, attention })
    }
}
