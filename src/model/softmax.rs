//! Softmax over the last axis, the step that turns attention scores into weights:
//! `softmax(s)ᵢ = exp(sᵢ − max s) / Σⱼ exp(sⱼ − max s)`.
//!
//! burn's training graph builds it from five operations (max, subtract, exp, sum, divide), each a
//! pass over the scores with its own backward step, and its CPU backend calls the C library's
//! `expf` for each element. Here it is one pass per row each way, with the vectorisable `exp` of
//! `vector_math.rs` on the CPU, and one kernel each way on WebGPU.
//!
//! ```text
//! forward   y = softmax(s)                 one row of keys at a time
//! backward  ds = y·(dy − Σ y·dy)           the sum over the same row
//! ```

use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::CheckpointStrategy};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::flex::FlexTensor;
use burn::backend::ops::{ActivationOps, FloatTensorOps};
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::tensor::{DType, Tensor};

use super::flex_rows::{contiguous, from_f32};
use super::vector_math::exp_non_positive;

/// Softmax of each row along the last axis, differentiable.
pub fn softmax<const D: usize>(x: Tensor<D>) -> Tensor<D> {
    Tensor::from_dispatch(<Dispatch as SoftmaxOps>::softmax_rows(x.into_dispatch()))
}

fn last_axis<T: TensorMetadata>(tensor: &T) -> usize {
    tensor.shape().num_dims() - 1
}

/// The two kernels, per backend. The default bodies are burn's operations; the CPU backend
/// replaces them with one loop over the rows each.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait SoftmaxOps: Backend {
    fn softmax_rows(x: FloatTensor<Self>) -> FloatTensor<Self> {
        let axis = last_axis(&x);
        Self::softmax(x, axis)
    }

    /// `y·(dy − Σ y·dy)`, the sum along each row: the gradient reaching the scores.
    fn softmax_rows_backward(y: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        let axis = last_axis(&y);
        let dot = Self::float_sum_dim(Self::float_mul(y.clone(), grad.clone()), axis);
        Self::float_mul(y, Self::float_sub(grad, dot))
    }
}

impl SoftmaxOps for Flex {
    fn softmax_rows(x: FloatTensor<Self>) -> FloatTensor<Self> {
        if x.dtype() != DType::F32 {
            let axis = last_axis(&x);
            return Self::softmax(x, axis);
        }
        let x = contiguous(x);
        let out = by_rows(&x, &x, |row, _, out| {
            let max = row.iter().fold(f32::NEG_INFINITY, |max, &s| max.max(s));
            let start = out.len();
            out.extend(row.iter().map(|&s| exp_non_positive(s - max)));
            let total: f32 = out[start..].iter().sum();
            // A division, as burn's softmax does (a multiplication by 1/total rounds differently).
            out[start..].iter_mut().for_each(|e| *e /= total);
        });
        tensor_like(&x, out)
    }

    fn softmax_rows_backward(y: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        if y.dtype() != DType::F32 || grad.dtype() != DType::F32 || y.shape() != grad.shape() {
            let axis = last_axis(&y);
            let dot = Self::float_sum_dim(Self::float_mul(y.clone(), grad.clone()), axis);
            return Self::float_mul(y, Self::float_sub(grad, dot));
        }
        let (y, grad) = (contiguous(y), contiguous(grad));
        let out = by_rows(&y, &grad, |y, dy, out| {
            let dot: f32 = y.iter().zip(dy).map(|(y, dy)| y * dy).sum();
            out.extend(y.iter().zip(dy).map(|(y, dy)| y * (dy - dot)));
        });
        tensor_like(&y, out)
    }
}

#[cfg(feature = "webgpu")]
impl SoftmaxOps for burn::backend::Cube {
    fn softmax_rows(x: FloatTensor<Self>) -> FloatTensor<Self> {
        if x.dtype() != DType::F32 {
            let axis = last_axis(&x);
            return Self::softmax(x, axis);
        }
        gpu::softmax(x)
    }

    fn softmax_rows_backward(y: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        if y.dtype() != DType::F32 || grad.dtype() != DType::F32 || y.shape() != grad.shape() {
            let axis = last_axis(&y);
            let dot = Self::float_sum_dim(Self::float_mul(y.clone(), grad.clone()), axis);
            return Self::float_mul(y, Self::float_sub(grad, dot));
        }
        gpu::softmax_backward(y, grad)
    }
}

/// The two WebGPU kernels, a thread per row: the rows here (one query's scores over the keys)
/// are short.
#[cfg(feature = "webgpu")]
mod gpu {
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use crate::model::cube::{F32, address, fresh, grid, rows, width_and_rows};

    #[cube(launch, address_type = "dynamic")]
    fn softmax_kernel<F: Float>(
        x: &Tensor<F>,
        y: &mut Tensor<F>,
        width: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let start = ABSOLUTE_POS * width;
        if start >= x.len() {
            terminate!();
        }
        let mut max = x[start];
        for j in 1..width {
            max = max.max(x[start + j]);
        }
        let mut total = F::new(0.0);
        for j in 0..width {
            let e = (x[start + j] - max).exp();
            y[start + j] = e;
            total += e;
        }
        for j in 0..width {
            y[start + j] /= total;
        }
    }

    #[cube(launch, address_type = "dynamic")]
    fn softmax_backward_kernel<F: Float>(
        y: &Tensor<F>,
        dy: &Tensor<F>,
        dx: &mut Tensor<F>,
        width: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let start = ABSOLUTE_POS * width;
        if start >= y.len() {
            terminate!();
        }
        let mut dot = F::new(0.0);
        for j in 0..width {
            dot += y[start + j] * dy[start + j];
        }
        for j in 0..width {
            dx[start + j] = y[start + j] * (dy[start + j] - dot);
        }
    }

    pub(super) fn softmax(x: CubeTensor) -> CubeTensor {
        let x = rows(x);
        let y = fresh(&x, x.meta.shape().clone());
        let (width, count) = width_and_rows(&x);
        let (cube_count, cube_dim) = grid(&x, count);
        let address = address(&[&x, &y]);
        let client = x.client.clone();
        softmax_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            x.into_tensor_arg(),
            y.clone().into_tensor_arg(),
            width,
            F32,
        );
        y
    }

    pub(super) fn softmax_backward(y: CubeTensor, dy: CubeTensor) -> CubeTensor {
        let (y, dy) = (rows(y), rows(dy));
        let dx = fresh(&y, y.meta.shape().clone());
        let (width, count) = width_and_rows(&y);
        let (cube_count, cube_dim) = grid(&y, count);
        let address = address(&[&y, &dy, &dx]);
        let client = y.client.clone();
        softmax_backward_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            y.into_tensor_arg(),
            dy.into_tensor_arg(),
            dx.clone().into_tensor_arg(),
            width,
            F32,
        );
        dx
    }
}

impl<B: SoftmaxOps, C: CheckpointStrategy> SoftmaxOps for Autodiff<B, C> {
    fn softmax_rows(x: FloatTensor<Self>) -> FloatTensor<Self> {
        /// Keeps the output: the backward pass needs only the weights.
        #[derive(Debug)]
        struct Softmax;

        impl<B: SoftmaxOps> Backward<B, 1> for Softmax {
            type State = FloatTensor<B>;

            fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [parent] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                if let Some(parent) = parent {
                    grads.register::<B>(parent.id, B::softmax_rows_backward(ops.state, grad));
                }
            }
        }

        match Softmax.prepare::<C>([x.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let y = B::softmax_rows(x.into_primitive());
                prep.finish(y.clone(), y)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::softmax_rows(x.into_primitive())),
        }
    }
}

/// Runs `each` on the matching rows (along the last axis) of two contiguous tensors of one shape,
/// each call appending one output row.
fn by_rows(a: &FlexTensor, b: &FlexTensor, each: impl Fn(&[f32], &[f32], &mut Vec<f32>)) -> Vec<f32> {
    let shape = a.layout().shape();
    let len = shape.num_elements();
    let row = shape[shape.num_dims() - 1].max(1);
    let mut out = Vec::with_capacity(len);
    let (a, b) = (&a.storage::<f32>()[..len], &b.storage::<f32>()[..len]);
    for (a, b) in a.chunks_exact(row).zip(b.chunks_exact(row)) {
        each(a, b, &mut out);
    }
    out
}

fn tensor_like(like: &FlexTensor, values: Vec<f32>) -> FlexTensor {
    from_f32(like.layout().shape().clone(), values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData, Tolerance};

    #[test]
    fn weights_and_gradients_match_hand_computed_ones() {
        let device = Device::flex().autodiff();
        // Scores [0, ln 2, ln 5]: exp gives 1, 2, 5, so the weights are 1/8, 2/8, 5/8. A masked
        // score (−1e9, as the mask writes) gets exactly 0.
        let s = Tensor::<2>::from_floats([[0.0, 2f32.ln(), 5f32.ln()], [3.0, -1.0e9, 3.0]], &device)
            .require_grad();
        let y = softmax(s.clone());
        let expected = TensorData::from([[0.125f32, 0.25, 0.625], [0.5, 0.0, 0.5]]);
        y.clone().into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));
        assert_eq!(y.clone().into_data().try_to_vec::<f32>().expect("f32")[4], 0.0);
        // Loss = the first row's first weight: ds = y₀·(e₀ − y) = (1/8)·(7/8, −2/8, −5/8).
        let pick = Tensor::<2>::from_floats([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], &device);
        let grads = (y * pick).sum().backward();
        let ds = s.grad(&grads).expect("tracked");
        let expected = TensorData::from([[7.0f32 / 64.0, -2.0 / 64.0, -5.0 / 64.0], [0.0, 0.0, 0.0]]);
        ds.into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));
    }

    #[test]
    fn agrees_with_burns_softmax_on_attention_shaped_scores() {
        let device = Device::flex().autodiff();
        let values: Vec<f32> = (0..2 * 3 * 4 * 5).map(|i| ((i * 37 % 101) as f32 - 50.0) / 10.0).collect();
        // Scores as attention makes them: a transposed view, so the rows are not contiguous.
        let s = Tensor::<1>::from_floats(values.as_slice(), &device)
            .reshape([2, 3, 5, 4])
            .swap_dims(2, 3)
            .require_grad();
        let pick = Tensor::<1>::from_floats(values.as_slice(), &device).reshape([2, 3, 4, 5]);
        let ours = softmax(s.clone());
        let burns = burn::tensor::activation::softmax(s.clone(), 3);
        let tolerance = Tolerance::absolute(1e-6);
        ours.clone().into_data().assert_approx_eq::<f32>(&burns.clone().into_data(), tolerance);
        let ours_grad = s.grad(&(ours * pick.clone()).sum().backward()).expect("tracked");
        let burns_grad = s.grad(&(burns * pick).sum().backward()).expect("tracked");
        ours_grad.into_data().assert_approx_eq::<f32>(&burns_grad.into_data(), Tolerance::absolute(1e-5));
    }
}
