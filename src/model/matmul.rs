//! The matrix products of the model: every `Linear` layer (`y = x·W + b`) and attention's `Q·Kᵀ`
//! and `weights·V`, forward and backward.
//!
//! On the CPU backend, burn 0.22 makes each product's output zero-filled and then copies it into
//! a buffer of stricter alignment before the matrix kernel overwrites it: two passes over memory
//! that nobody reads, about a seventh of a training step of the larger benchmark model. This
//! block calls the same matrix kernels (the `gemm` crate, which burn's CPU backend uses too) into
//! a fresh buffer that it hands over as is. On WebGPU it hands over to burn's own `matmul`.
//!
//! ```text
//! forward   C = A·B                     [..., m, k] · [..., k, n] → [..., m, n]
//! backward  dA = dC·Bᵀ,  dB = Aᵀ·dC     (ᵀ: the last two axes swapped, a view, not a copy)
//! ```

use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::CheckpointStrategy};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::flex::FlexTensor;
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::nn::Linear;
use burn::tensor::{DType, Shape, Tensor};

use super::flex_rows::from_f32;

/// `lhs·rhs` over the last two axes; the axes before them are batch axes, the same on both sides.
pub fn matmul<const D: usize>(lhs: Tensor<D>, rhs: Tensor<D>) -> Tensor<D> {
    Tensor::from_dispatch(<Dispatch as MatmulOps>::matmul(lhs.into_dispatch(), rhs.into_dispatch()))
}

/// A `Linear` layer applied to the last axis of `x`: `x·W + b`, the rows of every batch in one
/// product.
pub fn linear<const D: usize>(layer: &Linear, x: Tensor<D>) -> Tensor<D> {
    let mut dims = x.dims();
    let d_in = dims[D - 1];
    let rows = x.shape().num_elements() / d_in.max(1);
    let weight = layer.weight.val(); //                                          [d_in, d_out]
    dims[D - 1] = weight.dims()[1];
    let y = matmul(x.reshape([rows, d_in]), weight); //                          [rows, d_out]
    let y = match &layer.bias {
        Some(bias) => y + bias.val().unsqueeze::<2>(),
        None => y,
    };
    y.reshape(dims) //                                                           [..., d_out]
}

/// The product, per backend. The default body is burn's own; the CPU backend replaces it.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait MatmulOps: Backend {
    fn matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::float_matmul(lhs, rhs)
    }
}

impl MatmulOps for Flex {
    fn matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        match Product::of(&lhs, &rhs) {
            Some(product) => product.run(&lhs, &rhs),
            // Other number types, batch axes that differ (broadcasting), mirrored views: burn's.
            None => Self::float_matmul(lhs, rhs),
        }
    }
}

#[cfg(feature = "webgpu")]
impl MatmulOps for burn::backend::Cube {}

impl<B: MatmulOps, C: CheckpointStrategy> MatmulOps for Autodiff<B, C> {
    fn matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        /// Keeps both operands: each one's gradient is made with the other.
        #[derive(Debug)]
        struct Matmul;

        impl<B: MatmulOps> Backward<B, 2> for Matmul {
            type State = (FloatTensor<B>, FloatTensor<B>);

            fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [lhs_node, rhs_node] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (lhs, rhs) = ops.state;
                let last = lhs.shape().num_dims() - 1;
                if let Some(node) = lhs_node {
                    grads.register::<B>(
                        node.id,
                        B::matmul(grad.clone(), B::float_swap_dims(rhs, last - 1, last)),
                    );
                }
                if let Some(node) = rhs_node {
                    grads.register::<B>(node.id, B::matmul(B::float_swap_dims(lhs, last - 1, last), grad));
                }
            }
        }

        match Matmul.prepare::<C>([lhs.node(), rhs.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let (lhs, rhs) = (lhs.primitive().clone(), rhs.primitive().clone());
                prep.finish((lhs.clone(), rhs.clone()), B::matmul(lhs, rhs))
            }
            OpsKind::UnTracked(prep) => prep.finish(B::matmul(lhs.into_primitive(), rhs.into_primitive())),
        }
    }
}

/// One batched product of `f32` matrices as the `gemm` crate takes it: sizes, and strides in
/// elements for the rows and columns of each matrix and for each batch entry.
struct Product {
    batch: Vec<usize>,
    m: usize,
    k: usize,
    n: usize,
}

impl Product {
    /// The product's sizes, where this block can run it.
    fn of(lhs: &FlexTensor, rhs: &FlexTensor) -> Option<Self> {
        let (l, r) = (lhs.layout(), rhs.layout());
        let rank = l.num_dims();
        let plain = |t: &FlexTensor| t.dtype() == DType::F32 && t.layout().has_positive_strides();
        if rank < 2 || r.num_dims() != rank || !plain(lhs) || !plain(rhs) {
            return None;
        }
        let (ls, rs) = (l.shape(), r.shape());
        if ls[..rank - 2] != rs[..rank - 2] || ls[rank - 1] != rs[rank - 2] {
            return None;
        }
        Some(Self { batch: ls[..rank - 2].to_vec(), m: ls[rank - 2], k: ls[rank - 1], n: rs[rank - 1] })
    }

    fn run(&self, lhs: &FlexTensor, rhs: &FlexTensor) -> FlexTensor {
        let Self { m, k, n, .. } = *self;
        let entries: usize = self.batch.iter().product();
        let len = entries * m * n;
        let mut out: Vec<f32> = Vec::with_capacity(len);
        if cfg!(debug_assertions) {
            // The tests run with this: a kernel that read the output before writing it would
            // turn these into NaN results.
            out.resize(len, f32::NAN);
        }
        let (l, r) = (lhs.layout(), rhs.layout());
        let (l_data, r_data) = (lhs.storage::<f32>(), rhs.storage::<f32>());
        let rank = l.num_dims();
        let (l_strides, r_strides) = (l.strides(), r.strides());
        for entry in 0..entries {
            // The batch entry's offset in each operand, from its index along each batch axis.
            let (mut rest, mut l_at, mut r_at) =
                (entry, l.start_offset() as isize, r.start_offset() as isize);
            for axis in (0..rank - 2).rev() {
                let index = (rest % self.batch[axis]) as isize;
                rest /= self.batch[axis];
                l_at += index * l_strides[axis];
                r_at += index * r_strides[axis];
            }
            // SAFETY: the offsets and strides are the operands' own layouts, so every element
            // `gemm` reads lies inside their storage; `out` has room for `len` elements, and
            // entry `entry` writes the `m·n` of them from `entry·m·n` on. With `read_dst` false
            // `gemm` writes each output element and reads none, so after the loop all `len` are
            // initialised.
            unsafe {
                gemm::gemm(
                    m,
                    n,
                    k,
                    out.as_mut_ptr().add(entry * m * n),
                    1,
                    n as isize,
                    false,
                    l_data.as_ptr().offset(l_at),
                    l_strides[rank - 1],
                    l_strides[rank - 2],
                    r_data.as_ptr().offset(r_at),
                    r_strides[rank - 1],
                    r_strides[rank - 2],
                    0.0,
                    1.0,
                    false,
                    false,
                    false,
                    gemm::Parallelism::None,
                );
            }
        }
        // SAFETY: see above; every element of the `len` was written.
        unsafe { out.set_len(len) };
        let shape: Vec<usize> = self.batch.iter().copied().chain([m, n]).collect();
        from_f32(Shape::from(shape), out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::nn::LinearConfig;
    use burn::tensor::{Device, TensorData, Tolerance};

    #[test]
    fn a_product_and_its_gradients_match_hand_computed_ones() {
        let device = Device::flex().autodiff();
        // A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]: A·B = [[19, 22], [43, 50]].
        let a = Tensor::<2>::from_floats([[1.0, 2.0], [3.0, 4.0]], &device).require_grad();
        let b = Tensor::<2>::from_floats([[5.0, 6.0], [7.0, 8.0]], &device).require_grad();
        let c = matmul(a.clone(), b.clone());
        c.clone().into_data().assert_eq(&TensorData::from([[19.0f32, 22.0], [43.0, 50.0]]), true);
        // d(sum C)/dA = 1·Bᵀ: each row is B's row sums; d(sum C)/dB = Aᵀ·1: A's column sums.
        let grads = c.sum().backward();
        let da = a.grad(&grads).expect("tracked");
        let db = b.grad(&grads).expect("tracked");
        da.into_data().assert_eq(&TensorData::from([[11.0f32, 15.0], [11.0, 15.0]]), true);
        db.into_data().assert_eq(&TensorData::from([[4.0f32, 4.0], [6.0, 6.0]]), true);
    }

    /// Numbers without a pattern, the same on every run.
    fn ramp<const D: usize>(dims: [usize; D], device: &Device) -> Tensor<D> {
        let count: usize = dims.iter().product();
        let values: Vec<f32> = (0..count).map(|i| ((i * 37 % 101) as f32 - 50.0) / 25.0).collect();
        Tensor::<1>::from_floats(values.as_slice(), device).reshape(dims)
    }

    #[test]
    fn batched_transposed_products_agree_with_burns() {
        let device = Device::flex().autodiff();
        // Attention's shapes: [batch, heads, queries, d_head] · [batch, heads, d_head, keys], the
        // right-hand side a transposed view, as Q·Kᵀ is.
        let q = ramp([3, 2, 5, 4], &device).require_grad();
        let k = ramp([3, 2, 6, 4], &device).require_grad();
        let ours = matmul(q.clone(), k.clone().swap_dims(2, 3));
        let burns = q.clone().matmul(k.clone().swap_dims(2, 3));
        assert_eq!(ours.dims(), [3, 2, 5, 6]);
        let tolerance = Tolerance::absolute(1e-5);
        ours.clone().into_data().assert_approx_eq::<f32>(&burns.clone().into_data(), tolerance);
        let (weights, weights_again) = (ramp([3, 2, 5, 6], &device), ramp([3, 2, 5, 6], &device));
        let ours_grads = (ours * weights).sum().backward();
        let burns_grads = (burns * weights_again).sum().backward();
        for (param, name) in [(&q, "q"), (&k, "k")] {
            let (a, b) = (param.grad(&ours_grads), param.grad(&burns_grads));
            let (a, b) = (a.expect(name).into_data(), b.expect(name).into_data());
            a.assert_approx_eq::<f32>(&b, tolerance);
        }
    }

    #[test]
    fn a_linear_layer_agrees_with_burns_forward_and_backward() {
        let device = Device::flex().autodiff();
        let layer = LinearConfig::new(4, 3).init(&device);
        let x = ramp([2, 5, 4], &device).require_grad();
        let ours = linear(&layer, x.clone());
        let burns = layer.forward(x.clone());
        let tolerance = Tolerance::absolute(1e-5);
        ours.clone().into_data().assert_approx_eq::<f32>(&burns.clone().into_data(), tolerance);
        let ours_grads = ours.powi_scalar(2).sum().backward();
        let burns_grads = burns.powi_scalar(2).sum().backward();
        let grad = |grads| x.grad(grads).expect("x is tracked").into_data();
        grad(&ours_grads).assert_approx_eq::<f32>(&grad(&burns_grads), tolerance);
        let weight = |grads| layer.weight.grad(grads).expect("tracked").into_data();
        weight(&ours_grads).assert_approx_eq::<f32>(&weight(&burns_grads), tolerance);
        let bias = |grads| layer.bias.as_ref().expect("has a bias").grad(grads).expect("tracked").into_data();
        bias(&ours_grads).assert_approx_eq::<f32>(&bias(&burns_grads), tolerance);
    }

    #[test]
    fn what_it_does_not_take_goes_to_burn() {
        // A broadcast batch axis, [1, 3, 4] · [2, 4, 2], is not this block's: burn's runs it.
        let device = Device::flex();
        let ours = matmul(ramp([1, 3, 4], &device), ramp([2, 4, 2], &device));
        let burns = ramp([1, 3, 4], &device).matmul(ramp([2, 4, 2], &device));
        ours.into_data().assert_approx_eq::<f32>(&burns.into_data(), Tolerance::absolute(1e-5));
    }
}
