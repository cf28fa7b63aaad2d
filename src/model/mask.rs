//! The mask applied to the attention scores before softmax: padded keys, and the keys the
//! attention [`Pattern`] hides (causal, local window, strided). A masked score becomes a large
//! negative number, so its softmax weight is exactly 0.

use burn::tensor::{Bool, Tensor, TensorData};

use crate::pattern::Pattern;

/// A score low enough that its softmax weight is exactly 0 in f32.
const MASKED_SCORE: f32 = -1.0e9;

#[derive(Clone, Debug)]
pub struct Mask {
    /// `[batch, k]`: true where a key is padding.
    pub padding: Tensor<2, Bool>,
    /// `[q, k]`: true where the pattern hides the key from the query; `None` for full attention.
    pub pattern: Option<Tensor<2, Bool>>,
}

impl Mask {
    /// The mask for a batch with this `padding` `[batch, seq]` under `pattern`.
    pub fn new(padding: Tensor<2, Bool>, pattern: &Pattern) -> Self {
        let [_, seq] = padding.dims();
        let pattern = (!pattern.is_full())
            .then(|| Tensor::from_data(TensorData::new(pattern.blocked(seq), [seq, seq]), &padding.device()));
        Self { padding, pattern }
    }

    /// `scores` `[batch, heads, q, k]` with every masked cell set to [`MASKED_SCORE`].
    pub fn apply(&self, scores: Tensor<4>) -> Tensor<4> {
        let [batch, _, q, k] = scores.dims();
        let scores = scores.mask_fill(self.padding.clone().reshape([batch, 1, 1, k]), MASKED_SCORE);
        match &self.pattern {
            Some(hidden) => scores.mask_fill(hidden.clone().reshape([1, 1, q, k]), MASKED_SCORE),
            None => scores,
        }
    }
}
