//! The mask applied to the attention scores before softmax: padded keys, and the keys the
//! attention [`Pattern`] hides (causal, local window, strided). A masked score becomes a large
//! negative number, so its softmax weight is exactly 0 (`softmax.rs` applies it).

use burn::tensor::{Bool, Tensor, TensorData};

use crate::pattern::Pattern;

/// Which keys each query may not see, as numbers the attention kernels read: 1 hidden, 0 seen.
#[derive(Clone, Debug)]
pub struct Mask {
    /// `[batch, k]`: 1 where a key is padding.
    pub padding: Tensor<2>,
    /// `[q, k]`: 1 where the pattern hides the key from the query; `None` for full attention.
    pub pattern: Option<Tensor<2>>,
}

impl Mask {
    /// The mask for a batch with this `padding` `[batch, seq]` (true at padding) under `pattern`.
    pub fn new(padding: Tensor<2, Bool>, pattern: &Pattern) -> Self {
        let [_, seq] = padding.dims();
        let hidden = |blocked: Vec<bool>| blocked.into_iter().map(f32::from).collect::<Vec<_>>();
        let pattern = (!pattern.is_full()).then(|| {
            Tensor::from_data(TensorData::new(hidden(pattern.blocked(seq)), [seq, seq]), &padding.device())
        });
        Self { padding: padding.float(), pattern }
    }
}
