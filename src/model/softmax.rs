//! The attention weights from the raw scores `S = Q·Kᵀ`: each score divided by √d_head (or by 1,
//! the seed article's unscaled formula), the keys the mask hides set to −10⁹, and softmax over the
//! keys, `softmax(s)ᵢ = exp(sᵢ − max s) / Σⱼ exp(sⱼ − max s)`. A hidden key's weight is exactly 0.
//!
//! Written with burn's operations this is a division, one or two masked fills and softmax's five
//! operations (max, subtract, exp, sum, divide), each a pass over the scores with its own backward
//! step (and on WebGPU its own kernel launch), and burn's CPU backend calls the C library's `expf`
//! for each element. Here it is one pass per row each way, with the vectorisable `exp` of
//! `vector_math.rs` on the CPU, and one kernel each way on WebGPU, in the order of those
//! operations (the division by the divisor, and in the backward pass the multiplication by its
//! reciprocal, round as burn's do).
//!
//! ```text
//! forward   s = hidden ? −10⁹ : S / divisor      one query's row of keys at a time
//!           y = softmax(s)
//! backward  dS = y·(dy − Σ y·dy) · (1/divisor)   the sum over the same row; 0 where hidden (y = 0)
//! ```

use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::CheckpointStrategy};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::tensor::{DType, Shape, Tensor};

use super::flex_rows::{contiguous, from_f32};
use super::mask::Mask;
use super::vector_math::exp_non_positive;

/// A score low enough that its softmax weight is exactly 0 in f32.
pub const MASKED_SCORE: f32 = -1.0e9;

/// The weights `[batch, heads, q, k]` from the raw scores `[batch, heads, q, k]`: divided by
/// `divisor`, the keys `mask` hides masked, softmax over the keys; differentiable in `scores`.
pub fn attention_weights(scores: Tensor<4>, mask: &Mask, divisor: f32) -> Tensor<4> {
    // Without a pattern the padding stands in for it, unread.
    let pattern = mask.pattern.as_ref().unwrap_or(&mask.padding);
    Tensor::from_dispatch(<Dispatch as SoftmaxOps>::masked_softmax(
        scores.into_dispatch(),
        mask.padding.clone().into_dispatch(),
        pattern.clone().into_dispatch(),
        mask.pattern.is_some(),
        divisor as f64,
    ))
}

/// The two kernels, per backend. The default bodies are burn's operations; the CPU backend
/// replaces them with one loop over the rows each, WebGPU with one kernel each.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait SoftmaxOps: Backend {
    /// `scores` `[batch, heads, q, k]`; `padding` `[batch, k]` and `pattern` `[q, k]` are 1 where
    /// a key is hidden, else 0, and `pattern` is read only where `patterned`; `divisor` is √d_head
    /// or 1.
    fn masked_softmax(
        scores: FloatTensor<Self>,
        padding: FloatTensor<Self>,
        pattern: FloatTensor<Self>,
        patterned: bool,
        divisor: f64,
    ) -> FloatTensor<Self> {
        default_forward::<Self>(scores, padding, patterned.then_some(pattern), divisor)
    }

    /// `y·(dy − Σ y·dy) · (1/divisor)`, the sum along each row: the gradient reaching the scores.
    fn masked_softmax_backward(
        y: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        divisor: f64,
    ) -> FloatTensor<Self> {
        default_backward::<Self>(y, grad, divisor)
    }
}

/// The sizes of one call, where the kernels of this file can run it: `f32` throughout, scores
/// `[batch, heads, q, k]`, padding `[batch, k]`, pattern `[q, k]`.
#[derive(Clone, Copy)]
struct Rows {
    heads: usize,
    queries: usize,
    keys: usize,
}

impl Rows {
    fn of<T: TensorMetadata>(scores: &T, padding: &T, pattern: Option<&T>) -> Option<Self> {
        let f32s =
            [Some(scores), Some(padding), pattern].into_iter().flatten().all(|t| t.dtype() == DType::F32);
        let [batch, heads, queries, keys] = scores.shape().to_vec().try_into().ok()?;
        let fits = padding.shape() == Shape::new([batch, keys])
            && pattern.is_none_or(|p| p.shape() == Shape::new([queries, keys]));
        (f32s && fits && keys > 0).then_some(Self { heads, queries, keys })
    }
}

/// [`MASKED_SCORE`] in the cells of `row` where `hidden` is not 0 (a loop the compiler vectorises).
fn hide(row: &mut [f32], hidden: &[f32]) {
    for (s, &h) in row.iter_mut().zip(hidden) {
        if h != 0.0 {
            *s = MASKED_SCORE;
        }
    }
}

/// `1/divisor` as burn's division by a scalar differentiates it: the reciprocal in `f32`.
fn reciprocal(divisor: f64) -> f32 {
    1.0 / divisor as f32
}

impl SoftmaxOps for Flex {
    fn masked_softmax(
        scores: FloatTensor<Self>,
        padding: FloatTensor<Self>,
        pattern: FloatTensor<Self>,
        patterned: bool,
        divisor: f64,
    ) -> FloatTensor<Self> {
        let pattern = patterned.then_some(pattern);
        let Some(Rows { heads, queries, keys }) = Rows::of(&scores, &padding, pattern.as_ref()) else {
            return default_forward::<Self>(scores, padding, pattern, divisor);
        };
        let divisor = divisor as f32;
        let (scores, padding, pattern) = (contiguous(scores), contiguous(padding), pattern.map(contiguous));
        let len = scores.layout().shape().num_elements();
        let hidden_padding = &padding.storage::<f32>()[..padding.layout().shape().num_elements()];
        let hidden_pattern = pattern.as_ref().map(|p| &p.storage::<f32>()[..queries * keys]);
        let mut out = Vec::with_capacity(len);
        for (row, s) in scores.storage::<f32>()[..len].chunks_exact(keys).enumerate() {
            let (b, q) = (row / (heads * queries), row % queries);
            let by_padding = &hidden_padding[b * keys..][..keys];
            let by_pattern = hidden_pattern.map(|p| &p[q * keys..][..keys]);
            let start = out.len();
            out.extend(s.iter().map(|&s| s / divisor));
            let row = &mut out[start..];
            hide(row, by_padding);
            if let Some(by_pattern) = by_pattern {
                hide(row, by_pattern);
            }
            let max = row.iter().fold(f32::NEG_INFINITY, |max, &s| max.max(s));
            row.iter_mut().for_each(|s| *s = exp_non_positive(*s - max));
            let total: f32 = row.iter().sum();
            // A division, as burn's softmax does (a multiplication by 1/total rounds differently).
            row.iter_mut().for_each(|e| *e /= total);
        }
        from_f32(scores.layout().shape().clone(), out)
    }

    fn masked_softmax_backward(
        y: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        divisor: f64,
    ) -> FloatTensor<Self> {
        if y.dtype() != DType::F32 || grad.dtype() != DType::F32 || y.shape() != grad.shape() {
            return default_backward::<Self>(y, grad, divisor);
        }
        let inverse = reciprocal(divisor);
        let (y, grad) = (contiguous(y), contiguous(grad));
        let shape = y.layout().shape().clone();
        let len = shape.num_elements();
        let width = shape[shape.num_dims() - 1].max(1);
        let mut out = Vec::with_capacity(len);
        let (y, dy) = (&y.storage::<f32>()[..len], &grad.storage::<f32>()[..len]);
        for (y, dy) in y.chunks_exact(width).zip(dy.chunks_exact(width)) {
            let dot: f32 = y.iter().zip(dy).map(|(y, dy)| y * dy).sum();
            out.extend(y.iter().zip(dy).map(|(y, dy)| y * (dy - dot) * inverse));
        }
        from_f32(shape, out)
    }
}

#[cfg(feature = "webgpu")]
impl SoftmaxOps for burn::backend::Cube {
    fn masked_softmax(
        scores: FloatTensor<Self>,
        padding: FloatTensor<Self>,
        pattern: FloatTensor<Self>,
        patterned: bool,
        divisor: f64,
    ) -> FloatTensor<Self> {
        let pattern = patterned.then_some(pattern);
        match Rows::of(&scores, &padding, pattern.as_ref()) {
            Some(rows) => gpu::masked_softmax(scores, padding, pattern, divisor, rows),
            None => default_forward::<Self>(scores, padding, pattern, divisor),
        }
    }

    fn masked_softmax_backward(
        y: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        divisor: f64,
    ) -> FloatTensor<Self> {
        if y.dtype() != DType::F32 || grad.dtype() != DType::F32 || y.shape() != grad.shape() {
            return default_backward::<Self>(y, grad, divisor);
        }
        gpu::masked_softmax_backward(y, grad, divisor)
    }
}

/// The two WebGPU kernels, a thread per row: the rows here (one query's scores over the keys)
/// are short.
#[cfg(feature = "webgpu")]
mod gpu {
    use burn::tensor::Shape;
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use super::{Rows, reciprocal};
    use crate::model::cube::{F32, address, fresh, grid, rows, width_and_rows};

    /// `patterned` is fixed when the kernel compiles: without a pattern, `pattern` is a
    /// one-element stand-in that is never read. (The `if` on it stays apart from the `if` on the
    /// value read: joined by `&&`, the compile-time flag would become a run-time test.)
    #[allow(clippy::too_many_arguments, clippy::collapsible_if)]
    #[cube(launch, address_type = "dynamic")]
    fn masked_softmax_kernel<F: Float>(
        scores: &Tensor<F>,
        padding: &Tensor<F>,
        pattern: &Tensor<F>,
        y: &mut Tensor<F>,
        width: usize,
        queries: usize,
        heads_queries: usize,
        divisor: InputScalar,
        #[comptime] patterned: bool,
        #[define(F)] _dtype: ElemType,
    ) {
        let row = ABSOLUTE_POS;
        let start = row * width;
        if start >= scores.len() {
            terminate!();
        }
        let by_padding = (row / heads_queries) * width;
        let by_pattern = (row % queries) * width;
        let divisor = divisor.get::<F>();
        for j in 0..width {
            let mut s = scores[start + j] / divisor;
            if padding[by_padding + j] != F::new(0.0) {
                s = F::new(-1.0e9); // MASKED_SCORE
            }
            if patterned {
                if pattern[by_pattern + j] != F::new(0.0) {
                    s = F::new(-1.0e9);
                }
            }
            y[start + j] = s;
        }
        let mut max = y[start];
        for j in 1..width {
            max = max.max(y[start + j]);
        }
        let mut total = F::new(0.0);
        for j in 0..width {
            let e = (y[start + j] - max).exp();
            y[start + j] = e;
            total += e;
        }
        for j in 0..width {
            y[start + j] /= total;
        }
    }

    #[cube(launch, address_type = "dynamic")]
    fn masked_softmax_backward_kernel<F: Float>(
        y: &Tensor<F>,
        dy: &Tensor<F>,
        dx: &mut Tensor<F>,
        width: usize,
        inverse: InputScalar,
        #[define(F)] _dtype: ElemType,
    ) {
        let start = ABSOLUTE_POS * width;
        if start >= y.len() {
            terminate!();
        }
        let inverse = inverse.get::<F>();
        let mut dot = F::new(0.0);
        for j in 0..width {
            dot += y[start + j] * dy[start + j];
        }
        for j in 0..width {
            dx[start + j] = y[start + j] * (dy[start + j] - dot) * inverse;
        }
    }

    pub(super) fn masked_softmax(
        scores: CubeTensor,
        padding: CubeTensor,
        pattern: Option<CubeTensor>,
        divisor: f64,
        Rows { heads, queries, keys }: Rows,
    ) -> CubeTensor {
        let (scores, padding) = (rows(scores), rows(padding));
        let patterned = pattern.is_some();
        let pattern = pattern.map(rows).unwrap_or_else(|| fresh(&scores, Shape::new([1])));
        let y = fresh(&scores, scores.meta.shape().clone());
        let count = scores.meta.shape().num_elements() / keys;
        let (cube_count, cube_dim) = grid(&scores, count);
        let address = address(&[&scores, &padding, &pattern, &y]);
        let client = scores.client.clone();
        masked_softmax_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            scores.into_tensor_arg(),
            padding.into_tensor_arg(),
            pattern.into_tensor_arg(),
            y.clone().into_tensor_arg(),
            keys,
            queries,
            heads * queries,
            InputScalar::new(divisor as f32, F32),
            patterned,
            F32,
        );
        y
    }

    pub(super) fn masked_softmax_backward(y: CubeTensor, dy: CubeTensor, divisor: f64) -> CubeTensor {
        let (y, dy) = (rows(y), rows(dy));
        let dx = fresh(&y, y.meta.shape().clone());
        let (width, count) = width_and_rows(&y);
        let (cube_count, cube_dim) = grid(&y, count);
        let address = address(&[&y, &dy, &dx]);
        let client = y.client.clone();
        masked_softmax_backward_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            y.into_tensor_arg(),
            dy.into_tensor_arg(),
            dx.clone().into_tensor_arg(),
            width,
            InputScalar::new(reciprocal(divisor), F32),
            F32,
        );
        dx
    }
}

impl<B: SoftmaxOps, C: CheckpointStrategy> SoftmaxOps for Autodiff<B, C> {
    fn masked_softmax(
        scores: FloatTensor<Self>,
        padding: FloatTensor<Self>,
        pattern: FloatTensor<Self>,
        patterned: bool,
        divisor: f64,
    ) -> FloatTensor<Self> {
        /// Keeps the weights and the divisor: the backward pass needs nothing else.
        #[derive(Debug)]
        struct MaskedSoftmax;

        impl<B: SoftmaxOps> Backward<B, 1> for MaskedSoftmax {
            type State = (FloatTensor<B>, f64);

            fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [parent] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (y, divisor) = ops.state;
                if let Some(parent) = parent {
                    grads.register::<B>(parent.id, B::masked_softmax_backward(y, grad, divisor));
                }
            }
        }

        // The masks are data, not parameters: no gradient flows to them.
        let (padding, pattern) = (padding.into_primitive(), pattern.into_primitive());
        match MaskedSoftmax.prepare::<C>([scores.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let y = B::masked_softmax(scores.into_primitive(), padding, pattern, patterned, divisor);
                prep.finish((y.clone(), divisor), y)
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::masked_softmax(scores.into_primitive(), padding, pattern, patterned, divisor))
            }
        }
    }
}

/// burn's operations, for other number types and shapes: `S / divisor`, the hidden keys set to
/// −10⁹ by arithmetic on the 0/1 masks (`s·(1 − h) + (−10⁹)·h`, exact for h of 0 or 1), softmax.
fn default_forward<B: Backend>(
    scores: FloatTensor<B>,
    padding: FloatTensor<B>,
    pattern: Option<FloatTensor<B>>,
    divisor: f64,
) -> FloatTensor<B> {
    let (shape, batch) = (scores.shape(), padding.shape()[0]);
    let (queries, keys) = (shape[2], shape[3]);
    let hide = |scores: FloatTensor<B>, hidden: FloatTensor<B>| {
        let keep = B::float_neg(B::float_sub_scalar(hidden.clone(), 1.0f32.into()));
        B::float_add(B::float_mul(scores, keep), B::float_mul_scalar(hidden, MASKED_SCORE.into()))
    };
    let scaled = B::float_div_scalar(scores, (divisor as f32).into());
    let masked = hide(scaled, B::float_reshape(padding, Shape::new([batch, 1, 1, keys])));
    let masked = match pattern {
        Some(pattern) => hide(masked, B::float_reshape(pattern, Shape::new([1, 1, queries, keys]))),
        None => masked,
    };
    B::softmax(masked, 3)
}

fn default_backward<B: Backend>(y: FloatTensor<B>, grad: FloatTensor<B>, divisor: f64) -> FloatTensor<B> {
    let axis = y.shape().num_dims() - 1;
    let dot = B::float_sum_dim(B::float_mul(y.clone(), grad.clone()), axis);
    let ds = B::float_mul(y, B::float_sub(grad, dot));
    B::float_mul_scalar(ds, reciprocal(divisor).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Bool, Device, TensorData, Tolerance};

    use crate::pattern::Pattern;

    fn mask(padding: &[bool], batch: usize, pattern: &Pattern, device: &Device) -> Mask {
        let keys = padding.len() / batch;
        Mask::new(
            Tensor::<2, Bool>::from_data(TensorData::new(padding.to_vec(), [batch, keys]), device),
            pattern,
        )
    }

    #[test]
    fn weights_and_gradients_match_hand_computed_ones() {
        let device = Device::flex().autodiff();
        // Scores divided by 2 are [0, ln 2, ln 5], [0, 0, ln 2], [0, ln 2, ln 5]: exp gives
        // 1, 2, 5 and 1, 1, 2, so without a mask the weights are 1/8, 2/8, 5/8 and 1/4, 1/4, 1/2.
        let (ln2, ln5) = (2.0 * 2f32.ln(), 2.0 * 5f32.ln());
        let s = Tensor::<4>::from_floats([[[[0.0, ln2, ln5], [0.0, 0.0, ln2], [0.0, ln2, ln5]]]], &device)
            .require_grad();
        let open = mask(&[false; 3], 1, &Pattern::default(), &device);
        let y = attention_weights(s.clone(), &open, 2.0);
        let expected =
            TensorData::from([[[[0.125f32, 0.25, 0.625], [0.25, 0.25, 0.5], [0.125, 0.25, 0.625]]]]);
        y.clone().into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));
        // Loss = the first weight: dy = e₀, so dS = y₀·(e₀ − y)/2 = (1/16)·(7/8, −2/8, −5/8).
        let pick = Tensor::<4>::zeros([1, 1, 3, 3], &device)
            .slice_assign([0..1, 0..1, 0..1, 0..1], Tensor::<4>::ones([1, 1, 1, 1], &device));
        let ds = s.grad(&(y * pick).sum().backward()).expect("tracked");
        let expected =
            TensorData::from([[[[7.0f32 / 128.0, -2.0 / 128.0, -5.0 / 128.0], [0.0; 3], [0.0; 3]]]]);
        ds.into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));

        // The padding hides key 1, the causal pattern the keys after each query: the first two
        // queries see key 0 only, the third keys 0 and 2 (1/6, 0, 5/6). Hidden keys weigh exactly
        // 0 and get no gradient.
        let causal = Pattern { causal: true, ..Pattern::default() };
        let both = mask(&[false, true, false], 1, &causal, &device);
        let s = s.detach().require_grad();
        let y = attention_weights(s.clone(), &both, 2.0);
        let expected =
            TensorData::from([[[[1.0f32, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0 / 6.0, 0.0, 5.0 / 6.0]]]]);
        y.clone().into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));
        let weights = y.clone().into_data().try_to_vec::<f32>().expect("f32");
        assert_eq!([1, 2, 4, 5, 7].map(|i| weights[i]), [0.0; 5], "hidden keys weigh exactly 0");
        // Loss = the third query's weight on key 2 (5/6): dS = (5/6)·(e₂ − y)/2 = (−5/72, 0, 5/72).
        let pick = Tensor::<4>::zeros([1, 1, 3, 3], &device)
            .slice_assign([0..1, 0..1, 2..3, 2..3], Tensor::<4>::ones([1, 1, 1, 1], &device));
        let ds = s.grad(&(y * pick).sum().backward()).expect("tracked");
        let expected = TensorData::from([[[[0.0f32; 3], [0.0; 3], [-5.0 / 72.0, 0.0, 5.0 / 72.0]]]]);
        ds.into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-6));
    }

    /// burn's operations, as the attention computed its weights before this block: divide, fill
    /// the hidden scores, softmax.
    fn burns(s: Tensor<4>, padding: &[bool], pattern: &Pattern, divisor: f32) -> Tensor<4> {
        let [batch, _, q, k] = s.dims();
        let device = s.device();
        let hidden = Tensor::<2, Bool>::from_data(TensorData::new(padding.to_vec(), [batch, k]), &device);
        let mut s = s.div_scalar(divisor).mask_fill(hidden.reshape([batch, 1, 1, k]), MASKED_SCORE);
        if !pattern.is_full() {
            let blocked = Tensor::<2, Bool>::from_data(TensorData::new(pattern.blocked(q), [q, k]), &device);
            s = s.mask_fill(blocked.reshape([1, 1, q, k]), MASKED_SCORE);
        }
        burn::tensor::activation::softmax(s, 3)
    }

    #[test]
    fn agrees_with_burns_operations_forward_and_backward() {
        let device = Device::flex().autodiff();
        let values: Vec<f32> = (0..2 * 3 * 5 * 5).map(|i| ((i * 37 % 101) as f32 - 50.0) / 10.0).collect();
        let padding = [false, false, false, true, true, false, false, false, false, true];
        let window = Pattern { causal: true, window: 2, ..Pattern::default() };
        for (pattern, divisor) in
            [(Pattern::default(), 1.0), (window, 4f32.sqrt()), (Pattern::default(), 3f32.sqrt())]
        {
            // Scores as attention makes them: a transposed view, so the rows are not contiguous.
            let s = Tensor::<1>::from_floats(values.as_slice(), &device)
                .reshape([2, 3, 5, 5])
                .swap_dims(2, 3)
                .require_grad();
            let pick = Tensor::<1>::from_floats(values.as_slice(), &device).reshape([2, 3, 5, 5]);
            let ours = attention_weights(s.clone(), &mask(&padding, 2, &pattern, &device), divisor);
            let theirs = burns(s.clone(), &padding, &pattern, divisor);
            ours.clone()
                .into_data()
                .assert_approx_eq::<f32>(&theirs.clone().into_data(), Tolerance::absolute(1e-6));
            let ours_grad = s.grad(&(ours * pick.clone()).sum().backward()).expect("tracked");
            let theirs_grad = s.grad(&(theirs * pick).sum().backward()).expect("tracked");
            ours_grad
                .into_data()
                .assert_approx_eq::<f32>(&theirs_grad.into_data(), Tolerance::absolute(1e-6));
        }
    }

    #[test]
    fn shapes_the_kernels_do_not_take_go_through_burns_operations() {
        // One padding row for a batch of two (broadcast): not the kernels' layout.
        let device = Device::flex().autodiff();
        let values: Vec<f32> = (0..2 * 4 * 4).map(|i| ((i * 13 % 29) as f32 - 14.0) / 4.0).collect();
        let s = Tensor::<1>::from_floats(values.as_slice(), &device).reshape([2, 1, 4, 4]);
        let one_row = mask(&[false, true, false, false], 1, &Pattern::default(), &device);
        let ours = attention_weights(s.clone(), &one_row, 2.0);
        let hidden = [false, true, false, false];
        let theirs = Tensor::cat(
            (0..2).map(|b| burns(s.clone().narrow(0, b, 1), &hidden, &Pattern::default(), 2.0)).collect(),
            0,
        );
        ours.into_data().assert_approx_eq::<f32>(&theirs.into_data(), Tolerance::absolute(1e-6));
    }
}
