//! Every stage of one attention layer, for the probe sentence, as the page's step-by-step panel
//! shows it:
//!
//! ```text
//! x            the block's input (layer 1: token embedding + position)      [len, d_model]
//! x̂ = LayerNorm(x)                                                          [len, d_model]
//! Q = x̂·W_Q + b_Q,  K = x̂·W_K + b_K,  V = x̂·W_V + b_V   (one head's slice)  [len, d_head]
//! S = Q·Kᵀ                                                                 [len, len]
//! S / √d_head       (the seed's formula skips this)                         [len, len]
//! mask: keys the query may not see (padding, causal, window, stride) → −∞
//! A = softmax over each row                                                 [len, len]
//! O = A·V           this head's output, before W_O mixes the heads          [len, d_head]
//! ```
//!
//! Both variants of the formula are computed from the same Q and K, so the panel can switch
//! between them and show what the scaling does to the softmax.

use serde::{Deserialize, Serialize};

use super::Matrix;

/// One layer's stages for every head.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerStages {
    /// Whether the model itself divides by √d_head.
    pub model_scaled: bool,
    pub d_head: usize,
    /// `[len, d_model]`: the block's input.
    pub input: Matrix,
    /// `[len, d_model]`: LayerNorm(input), the `x` that W_Q, W_K, W_V multiply.
    pub normed: Matrix,
    /// `[len, len]`: 1 where the query may attend to the key, 0 where the mask sets the score to
    /// −∞ (the attention pattern: causal, local window, strided; a single probe has no padding).
    pub visible: Matrix,
    pub heads: Vec<HeadStages>,
}

/// One head's terms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeadStages {
    /// `[len, d_head]` each.
    pub q: Matrix,
    pub k: Matrix,
    pub v: Matrix,
    /// `[len, len]`: Q·Kᵀ, before any scaling.
    pub scores: Matrix,
    /// softmax(Q·Kᵀ/√d_head)·V.
    pub scaled: Formula,
    /// The seed article's softmax(Q·Kᵀ)·V.
    pub unscaled: Formula,
}

/// The rest of the computation under one variant of the formula.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Formula {
    /// `[len, len]`: the scores the softmax receives (Q·Kᵀ, divided by √d_head or not).
    pub scores: Matrix,
    /// `[len, len]`: the attention weights; rows sum to 1.
    pub weights: Matrix,
    /// `[len, d_head]`: weights·V.
    pub output: Matrix,
}

/// The numbers of one layer as read back from the device, row-major, batch of one.
pub struct LayerNumbers {
    pub input: Vec<f32>,
    pub normed: Vec<f32>,
    /// `[heads, len, d_head]`.
    pub q: Vec<f32>,
    pub k: Vec<f32>,
    pub v: Vec<f32>,
    /// `[heads, len, len]`.
    pub scores: Vec<f32>,
    /// `[heads, len, len]`, unscaled then scaled.
    pub weights: [Vec<f32>; 2],
    /// `[heads, len, d_head]`, unscaled then scaled.
    pub outputs: [Vec<f32>; 2],
}

impl LayerStages {
    /// `blocked`: `[len, len]` row-major, true where the query may not see the key.
    pub fn new(len: usize, n_heads: usize, model_scaled: bool, blocked: Vec<bool>, n: LayerNumbers) -> Self {
        let d_model = n.input.len() / len.max(1);
        let d_head = d_model / n_heads.max(1);
        let slice = |values: &[f32], head: usize, cols: usize| {
            let size = len * cols;
            Matrix::new(len, cols, values.get(head * size..(head + 1) * size).unwrap_or(&[]).to_vec())
        };
        let sqrt_d = (d_head as f32).sqrt();
        let heads = (0..n_heads)
            .map(|h| {
                let scores = slice(&n.scores, h, len);
                let divided = Matrix::new(len, len, scores.values.iter().map(|s| s / sqrt_d).collect());
                HeadStages {
                    q: slice(&n.q, h, d_head),
                    k: slice(&n.k, h, d_head),
                    v: slice(&n.v, h, d_head),
                    unscaled: Formula {
                        scores: scores.clone(),
                        weights: slice(&n.weights[0], h, len),
                        output: slice(&n.outputs[0], h, d_head),
                    },
                    scaled: Formula {
                        scores: divided,
                        weights: slice(&n.weights[1], h, len),
                        output: slice(&n.outputs[1], h, d_head),
                    },
                    scores,
                }
            })
            .collect();
        Self {
            model_scaled,
            d_head,
            input: Matrix::new(len, d_model, n.input),
            normed: Matrix::new(len, d_model, n.normed),
            visible: Matrix::new(len, len, blocked.iter().map(|&b| if b { 0.0 } else { 1.0 }).collect()),
            heads,
        }
    }
}

impl HeadStages {
    /// The variant the model computes (`scaled`) or the other one.
    pub fn formula(&self, scaled: bool) -> &Formula {
        if scaled { &self.scaled } else { &self.unscaled }
    }

    /// The dot product behind score (q, k), term by term: `q[i] × k[i]` for each feature i.
    pub fn dot_terms(&self, q: usize, k: usize) -> Vec<(f32, f32)> {
        self.q.row(q).iter().copied().zip(self.k.row(k).iter().copied()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_heads_and_divides_scores() {
        // 2 tokens, 2 heads of width 1.
        let numbers = LayerNumbers {
            input: vec![1.0, 2.0, 3.0, 4.0],
            normed: vec![0.0; 4],
            q: vec![1.0, 2.0, 3.0, 4.0],
            k: vec![5.0, 6.0, 7.0, 8.0],
            v: vec![0.5; 4],
            scores: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            weights: [vec![0.5; 8], vec![0.5; 8]],
            outputs: [vec![0.5; 4], vec![0.5; 4]],
        };
        let layer = LayerStages::new(2, 2, true, vec![false, true, false, false], numbers);
        assert_eq!(layer.d_head, 1);
        assert_eq!(layer.heads[1].q.values, vec![3.0, 4.0]);
        assert_eq!(layer.heads[1].scores.get(1, 0), 7.0);
        assert_eq!(layer.heads[1].scaled.scores.get(1, 0), 7.0); // √1 = 1
        assert_eq!(layer.heads[0].dot_terms(1, 0), vec![(2.0, 5.0)]);
        assert_eq!(layer.visible.values, vec![1.0, 0.0, 1.0, 1.0]);
    }
}
