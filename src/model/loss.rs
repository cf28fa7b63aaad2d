//! The losses of the seed's training recipe: cross-entropy for classes, mean squared error for
//! numbers. Each comes as a sum (for evaluating a whole split in chunks) and a mean (the training
//! loss). Positions are weighted: 0 where nothing is asked.

use burn::tensor::activation::log_softmax;
use burn::tensor::{Int, Tensor};

/// Summed cross-entropy of `logits` `[batch, positions, n_classes]` against class ids `targets`
/// `[batch, positions]`, each position weighted by `weights` `[batch, positions]` (0 where nothing
/// is asked): `Σ w · −log softmax(logits)[target]`.
pub fn cross_entropy_sum(logits: Tensor<3>, targets: Tensor<2, Int>, weights: Tensor<2>) -> Tensor<1> {
    let [batch, positions, _] = logits.dims();
    let picked = log_softmax(logits, 2).gather(2, targets.reshape([batch, positions, 1])); // [batch, positions, 1]
    (picked.reshape([batch, positions]) * weights).sum().neg()
}

/// Mean cross-entropy over the weighted positions: the training loss.
pub fn cross_entropy(logits: Tensor<3>, targets: Tensor<2, Int>, weights: Tensor<2>) -> Tensor<1> {
    let total = weights.clone().sum().clamp_min(1e-9);
    cross_entropy_sum(logits, targets, weights).div(total)
}

/// Summed squared error of `predictions` `[batch, positions, 1]` against `targets`
/// `[batch, positions]`, weighted by `weights` `[batch, positions]`: `Σ w · (ŷ − y)²`.
pub fn squared_error_sum(predictions: Tensor<3>, targets: Tensor<2>, weights: Tensor<2>) -> Tensor<1> {
    let [batch, positions, _] = predictions.dims();
    let error = predictions.reshape([batch, positions]) - targets; //   [batch, positions]
    (error.clone() * error * weights).sum()
}

/// Mean squared error over the weighted positions: the training loss of a regression lesson.
pub fn mean_squared_error(predictions: Tensor<3>, targets: Tensor<2>, weights: Tensor<2>) -> Tensor<1> {
    let total = weights.clone().sum().clamp_min(1e-9);
    squared_error_sum(predictions, targets, weights).div(total)
}
