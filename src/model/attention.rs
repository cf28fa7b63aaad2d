//! Multi-head attention, written out step by step as in the seed article's section 4.2:
//!
//! ```text
//! Q = x·W_Q   K = x·W_K   V = x·W_V
//! Attention(Q, K, V) = softmax(Q·Kᵀ / √d_head) · V
//! ```
//!
//! In self-attention Q, K and V all come from the same tokens `x`. In cross-attention (a
//! translation decoder reading its source) Q comes from the decoder's tokens and K, V from the
//! encoder's output, the "memory": `Q = x·W_Q`, `K = m·W_K`, `V = m·W_V`.
//!
//! The article writes `softmax(Q·Kᵀ)·V`, without the division by √d_head; `scaled: false` runs
//! exactly that formula, so the two can be compared. With `d_model` split into `n_heads` heads,
//! each head attends with its own slice of Q, K and V, and W_O mixes the heads back together.
//!
//! `forward` hands back every intermediate (Q, K, V, the raw scores, the weights, each head's
//! output) as an [`AttentionTrace`], so the page can show each term of the formula as the model
//! computed it.

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear};
use burn::tensor::Tensor;

use super::init::Init;
use super::mask::Mask;
use super::matmul::{head_mix, head_scores, linear, split_heads};
use super::softmax::attention_weights;

#[derive(Module, Debug)]
pub struct MultiHeadAttention {
    /// W_Q, W_K, W_V, W_O: each `[d_model, d_model]` (plus a bias).
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub output: Linear,
    pub n_heads: usize,
    /// Divide the scores by √d_head (`false`: the seed's unscaled formula).
    pub scaled: bool,
    /// The attention-free baseline: ignore Q·Kᵀ and weigh every visible key equally.
    pub uniform: bool,
    /// Drops attention weights at random while training (the trace keeps them all).
    pub dropout: Dropout,
}

/// Every term of one attention layer's computation. Heads are the second dimension.
pub struct AttentionTrace {
    /// `[batch, heads, seq, d_head]` each.
    pub q: Tensor<4>,
    pub k: Tensor<4>,
    pub v: Tensor<4>,
    /// Q·Kᵀ before any scaling or masking: `[batch, heads, q, k]`.
    pub scores: Tensor<4>,
    /// softmax of the (scaled, masked) scores: `[batch, heads, q, k]`, rows sum to 1.
    pub weights: Tensor<4>,
    /// Each head's output weights·V, before W_O mixes the heads: `[batch, heads, seq, d_head]`.
    pub mixed: Tensor<4>,
}

impl MultiHeadAttention {
    pub fn new(
        init: &mut Init,
        d_model: usize,
        n_heads: usize,
        scaled: bool,
        uniform: bool,
        dropout: f64,
    ) -> Self {
        Self {
            dropout: DropoutConfig::new(dropout).init(),
            query: init.linear(d_model, d_model),
            key: init.linear(d_model, d_model),
            value: init.linear(d_model, d_model),
            output: init.linear(d_model, d_model),
            n_heads,
            scaled,
            uniform,
        }
    }

    /// Self-attention. `x`: `[batch, seq, d_model]`; `mask`: the padded keys and the keys the
    /// attention pattern hides; `heads_on`: `[1, heads, 1, 1]` of 1 (keep) and 0 (ablate: the
    /// head's output is zeroed), or `None` for all heads. Returns the output
    /// `[batch, seq, d_model]` and the trace.
    pub fn forward(
        &self,
        x: Tensor<3>,
        mask: &Mask,
        heads_on: Option<Tensor<4>>,
    ) -> (Tensor<3>, AttentionTrace) {
        self.attend_to(x.clone(), x, mask, heads_on)
    }

    /// Cross-attention: the queries of `x` `[batch, seq, d_model]` read the keys and values of
    /// `memory` `[batch, keys, d_model]`; `mask` covers `keys`. Returns `[batch, seq, d_model]`
    /// and the trace (weights `[batch, heads, seq, keys]`).
    pub fn attend_to(
        &self,
        x: Tensor<3>,
        memory: Tensor<3>,
        mask: &Mask,
        heads_on: Option<Tensor<4>>,
    ) -> (Tensor<3>, AttentionTrace) {
        let [batch, seq, d_model] = x.dims();
        let heads = self.n_heads;

        let q = linear(&self.query, x); //                               [batch, seq, d_model]
        let k = linear(&self.key, memory.clone()); //                   [batch, keys, d_model]
        let v = linear(&self.value, memory); //                         [batch, keys, d_model]

        let scores = head_scores(q.clone(), k.clone(), heads); //  Q·Kᵀ per head: [batch, heads, q, k]
        let weights = if self.uniform {
            attend(scores.zeros_like(), mask, None) //              equal weight on every visible key
        } else {
            attend(scores.clone(), mask, self.scaled.then(|| d_model / heads))
        };

        // Each head's weights·V, the heads side by side, as W_O reads them: [batch, seq, d_model].
        let mut merged = head_mix(self.dropout.forward(weights.clone()), v.clone());
        if let Some(keep) = heads_on {
            let by_head =
                merged.reshape([batch, seq, heads, d_model / heads]) * keep.reshape([1, 1, heads, 1]);
            merged = by_head.reshape([batch, seq, d_model]); //     ablated heads contribute 0
        }
        let trace = AttentionTrace {
            q: split_heads(q, heads), //                                  [batch, heads, seq, d_head]
            k: split_heads(k, heads),
            v: split_heads(v, heads),
            scores,
            weights,
            mixed: split_heads(merged.clone(), heads),
        };
        (linear(&self.output, merged), trace)
    }
}

/// Attention weights from raw scores Q·Kᵀ `[batch, heads, q, k]`: divided by √d_head when
/// `scale_by` is `Some(d_head)`, masked keys set to −∞ (weight 0), softmax over keys; one step
/// (`softmax.rs`).
pub fn attend(scores: Tensor<4>, mask: &Mask, scale_by: Option<usize>) -> Tensor<4> {
    let divisor = scale_by.map_or(1.0, |d_head| (d_head as f32).sqrt());
    attention_weights(scores, mask, divisor) //                        rows sum to 1
}
