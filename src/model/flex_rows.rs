//! The CPU backend's `f32` tensors as plain rows, for the kernels of the backend extensions
//! (`matmul.rs`, `softmax.rs`, `layer_norm.rs`, and the optimiser's `train/adam.rs`): a tensor's
//! elements in row order, and a new tensor from a vector, handed over without a copy.

use burn::backend::flex::{FlexTensor, Layout};
use burn::tensor::{Bytes, DType, Shape};

/// The tensor with its elements in row order from its first storage element (a view of part of a
/// buffer, or with axes swapped, is copied).
pub fn contiguous(tensor: FlexTensor) -> FlexTensor {
    let layout = tensor.layout();
    if layout.is_contiguous() && layout.start_offset() == 0 { tensor } else { tensor.to_contiguous() }
}

/// A tensor of `shape` holding `values` in row order.
pub fn from_f32(shape: Shape, values: Vec<f32>) -> FlexTensor {
    debug_assert_eq!(shape.num_elements(), values.len());
    FlexTensor::new(Bytes::from_elems(values), Layout::contiguous(shape), DType::F32)
}
