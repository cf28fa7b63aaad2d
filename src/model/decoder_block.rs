//! One decoder block of an encoder–decoder transformer, pre-LayerNorm:
//!
//! ```text
//! y = y + Dropout(SelfAttention(LayerNorm(y)))            causal: a step sees only the steps before it
//! y = y + Dropout(CrossAttention(LayerNorm(y), memory))   each step reads the encoded source
//! y = y + Dropout(FeedForward(LayerNorm(y)))
//! ```
//!
//! `memory` is the encoder's output. Cross-attention's queries come from the target written so
//! far; its keys and values from the source. Its weights are the alignment between the two.

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
pub struct DecoderBlock {
    pub norm_self: LayerNorm,
    pub self_attention: MultiHeadAttention,
    pub norm_cross: LayerNorm,
    pub cross_attention: MultiHeadAttention,
    pub norm_feed_forward: LayerNorm,
    pub feed_forward_in: Linear,
    pub feed_forward_out: Linear,
    /// On the residual branches, while training only.
    pub dropout: Dropout,
}

impl DecoderBlock {
    pub fn new(
        init: &mut Init,
        self_attention: MultiHeadAttention,
        cross_attention: MultiHeadAttention,
        d_model: usize,
        d_ff: usize,
        dropout: f64,
    ) -> Self {
        Self {
            dropout: DropoutConfig::new(dropout).init(),
            norm_self: init.layer_norm(d_model),
            self_attention,
            norm_cross: init.layer_norm(d_model),
            cross_attention,
            norm_feed_forward: init.layer_norm(d_model),
            feed_forward_in: init.linear(d_model, d_ff),
            feed_forward_out: init.linear(d_ff, d_model),
        }
    }

    /// `y`: `[batch, steps, d_model]`, `memory`: `[batch, source, d_model]` → `[batch, steps,
    /// d_model]`, and the cross-attention's trace (weights `[batch, heads, steps, source]`).
    pub fn forward(
        &self,
        y: Tensor<3>,
        memory: Tensor<3>,
        causal: &Mask,
        source: &Mask,
    ) -> (Tensor<3>, AttentionTrace) {
        let normed = layer_norm(&self.norm_self, y.clone()); //                       [batch, steps, d_model]
        let (attended, _) = self.self_attention.forward(normed, causal, None);
        let y = y + self.dropout.forward(attended); //                                                  [batch, steps, d_model]
        let normed = layer_norm(&self.norm_cross, y.clone());
        let (read, cross) = self.cross_attention.attend_to(normed, memory, source, None);
        let y = y + self.dropout.forward(read); //                                                      [batch, steps, d_model]
        let h = gelu(linear(&self.feed_forward_in, layer_norm(&self.norm_feed_forward, y.clone()))); // [batch, steps, d_ff]
        (y.clone() + self.dropout.forward(linear(&self.feed_forward_out, h)), cross)
    }
}
