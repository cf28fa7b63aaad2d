//! The encoder shared by every model, read top to bottom:
//!
//! ```text
//! token vectors [batch, seq, d_model]   (a token embedding, or a vision transformer's patches)
//!   → + positional encoding                       [batch, seq, d_model]
//!   → n_layers × Block (self-attention, FFN)      [batch, seq, d_model]
//!   → LayerNorm                                   [batch, seq, d_model]
//! ```
//!
//! It hands back what every block computed on the way (its input, Q, K, V, scores, weights,
//! head outputs), so that the page can show what every head looked at.

use burn::module::Module;
use burn::nn::LayerNorm;
use burn::tensor::{Bool, Device, Tensor, TensorData};

use super::attention::MultiHeadAttention;
use super::block::{Block, BlockTrace};
use super::init::Init;
use super::layer_norm::layer_norm;
use super::mask::Mask;
use super::position::PositionalEncoding;
use crate::config::{HeadId, HeadSet, Positional};
use crate::pattern::Pattern;

/// The encoder's shape, part of each model's config.
#[derive(Clone, Debug, PartialEq)]
pub struct EncoderConfig {
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
    /// Dropout probability while training (attention weights and residual branches).
    pub dropout: f64,
}

#[derive(Module, Debug)]
pub struct Encoder {
    pub position: PositionalEncoding,
    pub blocks: Vec<Block>,
    pub norm: LayerNorm,
    #[module(skip)]
    pub pattern: Pattern,
}

impl EncoderConfig {
    /// An encoder with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Encoder {
        Encoder {
            position: PositionalEncoding::new(init, self.positional, self.max_len, self.d_model),
            blocks: (0..self.n_layers)
                .map(|_| {
                    let attention = MultiHeadAttention::new(
                        init,
                        self.d_model,
                        self.n_heads,
                        self.scaled,
                        self.attention_free,
                        self.dropout,
                    );
                    Block::new(init, attention, self.d_model, self.d_ff, self.dropout)
                })
                .collect(),
            norm: init.layer_norm(self.d_model),
            pattern: self.pattern,
        }
    }
}

impl Encoder {
    /// From the token embeddings `[batch, seq, d_model]` on (starting here lets a gradient be
    /// taken with respect to the embeddings: saliency), with the heads in `heads_off` switched off
    /// (their output zeroed before W_O). `padding`: `[batch, seq]`, true at padding positions.
    /// Returns `[batch, seq, d_model]` and each block's trace.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
    ) -> (Tensor<3>, Vec<BlockTrace>) {
        self.forward_with(embedded, padding, heads_off, |_, x| x)
    }

    /// As [`Encoder::forward_embedded`], with `before(layer, x)` applied to each block's input
    /// (a matcher reads the picture there).
    pub fn forward_with(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
        mut before: impl FnMut(usize, Tensor<3>) -> Tensor<3>,
    ) -> (Tensor<3>, Vec<BlockTrace>) {
        let mut x = self.position.forward(embedded); //              [batch, seq, d_model]
        let mask = Mask::new(padding.clone(), &self.pattern); //     padded keys, pattern's hidden keys
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for (layer, block) in self.blocks.iter().enumerate() {
            let heads_on = self.heads_on(layer, heads_off, &padding.device());
            let (out, trace) = block.forward(before(layer, x), &mask, heads_on); // trace: Q, K, V, weights…
            x = out;
            blocks.push(trace);
        }
        (layer_norm(&self.norm, x), blocks) //                            [batch, seq, d_model]
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
