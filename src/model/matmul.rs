//! The matrix products of the model: every `Linear` layer (`y = x·W + b`) and attention's `Q·Kᵀ`
//! and `weights·V`, forward and backward.
//!
//! On the CPU backend, burn 0.22 makes each product's output zero-filled and then copies it into
//! a buffer of stricter alignment before the matrix kernel overwrites it: two passes over memory
//! that nobody reads, about a seventh of a training step of the larger benchmark model. This
//! block calls the same matrix kernels (the `gemm` crate, which burn's CPU backend uses too) into
//! a fresh buffer that it hands over as is. On WebGPU it is a kernel of our own, a thread per
//! output element, which reads both operands through their strides (a transposed view as it
//! lies); burn's matrix kernels (cubek) are a third of the WebGPU worker's code, and with every
//! product here they are no longer built into it.
//!
//! ```text
//! forward   C = A·B                     [..., m, k] · [..., k, n] → [..., m, n]
//! backward  dA = dC·Bᵀ,  dB = Aᵀ·dC     (ᵀ: the last two axes swapped, a view, not a copy)
//! ```
//!
//! Attention's two products take Q, K and V as the `Linear` layers write them, `[batch, seq,
//! d_model]` with the heads side by side along `d_model` (head h owns features `h·d_head ..
//! (h+1)·d_head`), and hand the heads' outputs back side by side the same way:
//!
//! ```text
//! scores  S[b,h,i,j] = Σ_c Q[b,i,h·d_head+c] · K[b,j,h·d_head+c]     [batch, heads, q, k]
//! mix     O[b,i,h·d_head+c] = Σ_j W[b,h,i,j] · V[b,j,h·d_head+c]     [batch, q, d_model]
//! backward  dQ = mix(dS, K)   dK = mix(dSᵀ, Q)   dW = scores(dO, V)   dV = mix(Wᵀ, dO)
//! ```
//!
//! On the CPU each is burn's head split (a view), a batched product and the heads' merge, as the
//! formula reads. On WebGPU burn's matrix kernels took neither the split heads (a batch axis whose
//! stride is smaller than a row's) nor their merge without copying them into row order first: 12
//! copies per attention layer and training step. Here each product is one kernel that reads the
//! operands where they lie.

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

/// Attention's scores per head, Q·Kᵀ: `q` `[batch, queries, d_model]` and `k` `[batch, keys,
/// d_model]`, `heads` heads side by side along `d_model`, give `[batch, heads, queries, keys]`.
pub fn head_scores(q: Tensor<3>, k: Tensor<3>, heads: usize) -> Tensor<4> {
    Tensor::from_dispatch(<Dispatch as MatmulOps>::head_scores(q.into_dispatch(), k.into_dispatch(), heads))
}

/// Each head's weights·V, the heads side by side: `weights` `[batch, heads, queries, keys]` and
/// `v` `[batch, keys, d_model]` give `[batch, queries, d_model]`.
pub fn head_mix(weights: Tensor<4>, v: Tensor<3>) -> Tensor<3> {
    let heads = weights.dims()[1];
    Tensor::from_dispatch(<Dispatch as MatmulOps>::head_mix(
        weights.into_dispatch(),
        v.into_dispatch(),
        heads,
    ))
}

/// `[batch, seq, d_model]` → `[batch, heads, seq, d_head]`, a view: feature j goes to head
/// j / d_head.
pub fn split_heads(x: Tensor<3>, heads: usize) -> Tensor<4> {
    let [batch, seq, d_model] = x.dims();
    x.reshape([batch, seq, heads, d_model / heads]).swap_dims(1, 2)
}

/// The products, per backend. `matmul`'s default body is burn's own, which the CPU backend
/// (`gemm` into a fresh buffer) and WebGPU (a kernel of ours) replace; the attention products'
/// default bodies split the heads and call `matmul`, which WebGPU replaces with a kernel each.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait MatmulOps: Backend {
    fn matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::float_matmul(lhs, rhs)
    }

    /// `q` `[batch, queries, d_model]`, `k` `[batch, keys, d_model]` → `[batch, heads, queries,
    /// keys]`.
    fn head_scores(q: FloatTensor<Self>, k: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        split_scores::<Self>(q, k, heads)
    }

    /// `weights` `[batch, heads, queries, keys]`, `v` `[batch, keys, d_model]` → `[batch, queries,
    /// d_model]`.
    fn head_mix(weights: FloatTensor<Self>, v: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        split_mix::<Self>(weights, v, heads)
    }
}

/// `[batch, seq, d_model]` → `[batch, heads, seq, d_head]` (a view).
fn split<B: Backend>(x: FloatTensor<B>, heads: usize) -> FloatTensor<B> {
    let shape = x.shape();
    let (batch, seq, d_model) = (shape[0], shape[1], shape[2]);
    B::float_swap_dims(B::float_reshape(x, Shape::new([batch, seq, heads, d_model / heads])), 1, 2)
}

/// `[batch, heads, seq, d_head]` → `[batch, seq, heads · d_head]`, the heads side by side.
fn merge<B: Backend>(x: FloatTensor<B>) -> FloatTensor<B> {
    let shape = x.shape();
    let (batch, heads, seq, d_head) = (shape[0], shape[1], shape[2], shape[3]);
    B::float_reshape(B::float_swap_dims(x, 1, 2), Shape::new([batch, seq, heads * d_head]))
}

/// Q·Kᵀ through the head split and a batched product.
fn split_scores<B: MatmulOps>(q: FloatTensor<B>, k: FloatTensor<B>, heads: usize) -> FloatTensor<B> {
    B::matmul(split::<B>(q, heads), B::float_swap_dims(split::<B>(k, heads), 2, 3))
}

/// weights·V through the head split, a batched product and the merge.
fn split_mix<B: MatmulOps>(weights: FloatTensor<B>, v: FloatTensor<B>, heads: usize) -> FloatTensor<B> {
    merge::<B>(B::matmul(weights, split::<B>(v, heads)))
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
impl MatmulOps for burn::backend::Cube {
    fn matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        gpu::matmul(lhs, rhs)
    }

    fn head_scores(q: FloatTensor<Self>, k: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        match Heads::of_scores(&q, &k, heads) {
            Some(sizes) => gpu::head_scores(q, k, sizes),
            None => split_scores::<Self>(q, k, heads),
        }
    }

    fn head_mix(weights: FloatTensor<Self>, v: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        match Heads::of_mix(&weights, &v, heads) {
            Some(sizes) => gpu::head_mix(weights, v, sizes),
            None => split_mix::<Self>(weights, v, heads),
        }
    }
}

/// The sizes of one attention product, where the kernels can run it: `f32` throughout, the same
/// batch on both sides, `d_model` a whole number of heads.
#[cfg(feature = "webgpu")]
#[derive(Clone, Copy)]
struct Heads {
    batch: usize,
    heads: usize,
    queries: usize,
    keys: usize,
    d_head: usize,
}

#[cfg(feature = "webgpu")]
impl Heads {
    /// Q `[batch, queries, d_model]`, K `[batch, keys, d_model]`.
    fn of_scores<T: TensorMetadata>(q: &T, k: &T, heads: usize) -> Option<Self> {
        let [batch, queries, d_model] = q.shape().to_vec().try_into().ok()?;
        let [k_batch, keys, k_d_model] = k.shape().to_vec().try_into().ok()?;
        let fits = batch == k_batch && d_model == k_d_model && heads > 0 && d_model % heads == 0;
        let f32s = q.dtype() == DType::F32 && k.dtype() == DType::F32;
        (fits && f32s).then_some(Self { batch, heads, queries, keys, d_head: d_model / heads })
    }

    /// weights `[batch, heads, queries, keys]`, V `[batch, keys, d_model]`.
    fn of_mix<T: TensorMetadata>(weights: &T, v: &T, heads: usize) -> Option<Self> {
        let [batch, w_heads, queries, keys] = weights.shape().to_vec().try_into().ok()?;
        let [v_batch, v_keys, d_model] = v.shape().to_vec().try_into().ok()?;
        let fits =
            batch == v_batch && keys == v_keys && heads == w_heads && heads > 0 && d_model % heads == 0;
        let f32s = weights.dtype() == DType::F32 && v.dtype() == DType::F32;
        (fits && f32s).then_some(Self { batch, heads, queries, keys, d_head: d_model / heads })
    }
}

/// The two WebGPU kernels, a thread per output element; each reads its operands through their
/// strides, so a transposed view (the backward pass's Wᵀ and dSᵀ) is read where it lies. The sums
/// are short (d_head or the number of keys or queries).
#[cfg(feature = "webgpu")]
mod gpu {
    use burn::backend::TensorMetadata;
    use burn::tensor::{DType, Shape};
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use super::Heads;
    use crate::model::cube::{F32, address, fresh, grid};

    #[allow(clippy::too_many_arguments)]
    #[cube(launch, address_type = "dynamic")]
    fn head_scores_kernel<F: Float>(
        q: &Tensor<F>,
        k: &Tensor<F>,
        s: &mut Tensor<F>,
        heads: usize,
        queries: usize,
        keys: usize,
        d_head: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let at = ABSOLUTE_POS;
        if at >= s.len() {
            terminate!();
        }
        let j = at % keys;
        let i = (at / keys) % queries;
        let h = (at / (keys * queries)) % heads;
        let b = at / (keys * queries * heads);
        let q_step = q.stride(2);
        let k_step = k.stride(2);
        let q_at = b * q.stride(0) + i * q.stride(1) + h * d_head * q_step;
        let k_at = b * k.stride(0) + j * k.stride(1) + h * d_head * k_step;
        let mut sum = F::new(0.0);
        for c in 0..d_head {
            sum += q[q_at + c * q_step] * k[k_at + c * k_step];
        }
        s[at] = sum;
    }

    #[allow(clippy::too_many_arguments)]
    #[cube(launch, address_type = "dynamic")]
    fn head_mix_kernel<F: Float>(
        w: &Tensor<F>,
        v: &Tensor<F>,
        out: &mut Tensor<F>,
        queries: usize,
        keys: usize,
        d_model: usize,
        d_head: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let at = ABSOLUTE_POS;
        if at >= out.len() {
            terminate!();
        }
        let feature = at % d_model;
        let i = (at / d_model) % queries;
        let b = at / (d_model * queries);
        let h = feature / d_head;
        let w_step = w.stride(3);
        let v_step = v.stride(1);
        let w_at = b * w.stride(0) + h * w.stride(1) + i * w.stride(2);
        let v_at = b * v.stride(0) + feature * v.stride(2);
        let mut sum = F::new(0.0);
        for j in 0..keys {
            sum += w[w_at + j * w_step] * v[v_at + j * v_step];
        }
        out[at] = sum;
    }

    /// `c = a·b` over the last two axes; the axes before them are batch axes, the same on both
    /// sides.
    #[cube(launch, address_type = "dynamic")]
    fn matmul_kernel<F: Float>(
        a: &Tensor<F>,
        b: &Tensor<F>,
        c: &mut Tensor<F>,
        #[define(F)] _dtype: ElemType,
    ) {
        let at = ABSOLUTE_POS;
        if at >= c.len() {
            terminate!();
        }
        let rank = c.rank();
        let n = c.shape(rank - 1);
        let m = c.shape(rank - 2);
        let inner = a.shape(rank - 1);
        let j = at % n;
        let i = (at / n) % m;
        let mut a_at = i * a.stride(rank - 2);
        let mut b_at = j * b.stride(rank - 1);
        // The batch axes, last to first: c's index along each.
        let mut rest = at / (n * m);
        for back in 0..rank - 2 {
            let axis = rank - 3 - back;
            let size = c.shape(axis);
            let index = rest % size;
            rest /= size;
            a_at += index * a.stride(axis);
            b_at += index * b.stride(axis);
        }
        let a_step = a.stride(rank - 1);
        let b_step = b.stride(rank - 2);
        let mut sum = F::new(0.0);
        for p in 0..inner {
            sum += a[a_at + p * a_step] * b[b_at + p * b_step];
        }
        c[at] = sum;
    }

    /// `lhs·rhs`, a fresh contiguous `f32` tensor. Every tensor of the playground is `f32`; an
    /// operand of another number type would be cast to it first.
    pub(super) fn matmul(lhs: CubeTensor, rhs: CubeTensor) -> CubeTensor {
        let f32s =
            |t: CubeTensor| if t.dtype == DType::F32 { t } else { burn_cubecl::kernel::cast(t, DType::F32) };
        let (lhs, rhs) = (f32s(lhs), f32s(rhs));
        let (a, b) = (lhs.shape().to_vec(), rhs.shape().to_vec());
        let rank = a.len();
        debug_assert!(
            rank >= 2 && b.len() == rank && a[..rank - 2] == b[..rank - 2] && a[rank - 1] == b[rank - 2],
            "matmul of {a:?} and {b:?}"
        );
        let mut dims = a[..rank - 2].to_vec();
        dims.extend([a[rank - 2], b[rank - 1]]);
        let c = fresh(&lhs, Shape::from(dims));
        let units = c.shape().num_elements();
        if units == 0 {
            return c;
        }
        let (cube_count, cube_dim) = grid(&c, units);
        let address = address(&[&lhs, &rhs, &c]);
        let client = lhs.client.clone();
        matmul_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            lhs.into_tensor_arg(),
            rhs.into_tensor_arg(),
            c.clone().into_tensor_arg(),
            F32,
        );
        c
    }

    pub(super) fn head_scores(q: CubeTensor, k: CubeTensor, sizes: Heads) -> CubeTensor {
        let Heads { batch, heads, queries, keys, d_head } = sizes;
        let s = fresh(&q, Shape::new([batch, heads, queries, keys]));
        let (cube_count, cube_dim) = grid(&s, batch * heads * queries * keys);
        let address = address(&[&q, &k, &s]);
        let client = q.client.clone();
        head_scores_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            q.into_tensor_arg(),
            k.into_tensor_arg(),
            s.clone().into_tensor_arg(),
            heads,
            queries,
            keys,
            d_head,
            F32,
        );
        s
    }

    pub(super) fn head_mix(w: CubeTensor, v: CubeTensor, sizes: Heads) -> CubeTensor {
        let Heads { batch, heads, queries, keys, d_head } = sizes;
        let d_model = heads * d_head;
        let out = fresh(&v, Shape::new([batch, queries, d_model]));
        let (cube_count, cube_dim) = grid(&out, batch * queries * d_model);
        let address = address(&[&w, &v, &out]);
        let client = v.client.clone();
        head_mix_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            w.into_tensor_arg(),
            v.into_tensor_arg(),
            out.clone().into_tensor_arg(),
            queries,
            keys,
            d_model,
            d_head,
            F32,
        );
        out
    }
}

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

    fn head_scores(q: FloatTensor<Self>, k: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        /// Keeps Q, K and the number of heads: dQ = mix(dS, K), dK = mix(dSᵀ, Q).
        #[derive(Debug)]
        struct HeadScores;

        impl<B: MatmulOps> Backward<B, 2> for HeadScores {
            type State = (FloatTensor<B>, FloatTensor<B>, usize);

            fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [q_node, k_node] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (q, k, heads) = ops.state;
                if let Some(node) = q_node {
                    grads.register::<B>(node.id, B::head_mix(grad.clone(), k, heads));
                }
                if let Some(node) = k_node {
                    grads.register::<B>(node.id, B::head_mix(B::float_swap_dims(grad, 2, 3), q, heads));
                }
            }
        }

        match HeadScores.prepare::<C>([q.node(), k.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let (q, k) = (q.primitive().clone(), k.primitive().clone());
                prep.finish((q.clone(), k.clone(), heads), B::head_scores(q, k, heads))
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::head_scores(q.into_primitive(), k.into_primitive(), heads))
            }
        }
    }

    fn head_mix(weights: FloatTensor<Self>, v: FloatTensor<Self>, heads: usize) -> FloatTensor<Self> {
        /// Keeps the weights, V and the number of heads: dW = scores(dO, V), dV = mix(Wᵀ, dO).
        #[derive(Debug)]
        struct HeadMix;

        impl<B: MatmulOps> Backward<B, 2> for HeadMix {
            type State = (FloatTensor<B>, FloatTensor<B>, usize);

            fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [w_node, v_node] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (w, v, heads) = ops.state;
                if let Some(node) = w_node {
                    grads.register::<B>(node.id, B::head_scores(grad.clone(), v, heads));
                }
                if let Some(node) = v_node {
                    grads.register::<B>(node.id, B::head_mix(B::float_swap_dims(w, 2, 3), grad, heads));
                }
            }
        }

        match HeadMix.prepare::<C>([weights.node(), v.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let (w, v) = (weights.primitive().clone(), v.primitive().clone());
                prep.finish((w.clone(), v.clone(), heads), B::head_mix(w, v, heads))
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::head_mix(weights.into_primitive(), v.into_primitive(), heads))
            }
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
    fn attention_products_per_head_match_hand_computed_ones() {
        let device = Device::flex();
        // Two heads of one feature each: head 0 owns feature 0, head 1 feature 1.
        let q = Tensor::<3>::from_floats([[[1.0, 2.0]]], &device); //    one query
        let k = Tensor::<3>::from_floats([[[3.0, 4.0], [5.0, 6.0]]], &device); // two keys
        // Head 0: 1·3, 1·5; head 1: 2·4, 2·6.
        let scores = head_scores(q, k.clone(), 2);
        scores.into_data().assert_eq(&TensorData::from([[[[3.0f32, 5.0]], [[8.0, 12.0]]]]), true);
        // Head 0 weighs the keys 1/4, 3/4 and reads feature 0 of V (3, 5): 4.5; head 1 weighs
        // them 1, 0 and reads feature 1 (4, 6): 4. The heads' outputs side by side.
        let weights = Tensor::<4>::from_floats([[[[0.25, 0.75]], [[1.0, 0.0]]]], &device);
        let mixed = head_mix(weights, k);
        mixed.into_data().assert_eq(&TensorData::from([[[4.5f32, 4.0]]]), true);
    }

    #[test]
    fn attention_products_per_head_agree_with_split_heads_forward_and_backward() {
        let device = Device::flex().autodiff();
        let (batch, queries, keys, heads, d_head) = (2, 3, 4, 2, 3);
        let d_model = heads * d_head;
        let q = ramp([batch, queries, d_model], &device).require_grad();
        let k = ramp([batch, keys, d_model], &device).require_grad();
        let v = (ramp([batch, keys, d_model], &device) * 0.5 - 0.25).require_grad();
        let w = ramp([batch, heads, queries, keys], &device).require_grad();
        let split = |x: &Tensor<3>| split_heads(x.clone(), heads);

        let ours_scores = head_scores(q.clone(), k.clone(), heads);
        let theirs_scores = split(&q).matmul(split(&k).swap_dims(2, 3));
        let ours_mixed = head_mix(w.clone(), v.clone());
        let theirs_mixed = w.clone().matmul(split(&v)).swap_dims(1, 2).reshape([batch, queries, d_model]);
        let tolerance = Tolerance::absolute(1e-5);
        let data = |t: &Tensor<4>| t.clone().into_data();
        data(&ours_scores).assert_approx_eq::<f32>(&data(&theirs_scores), tolerance);
        let data = |t: &Tensor<3>| t.clone().into_data();
        data(&ours_mixed).assert_approx_eq::<f32>(&data(&theirs_mixed), tolerance);

        // Every operand's gradient, through a loss that weighs each output element differently.
        let pick_scores = ramp([batch, heads, queries, keys], &device) + 0.5;
        let pick_mixed = ramp([batch, queries, d_model], &device) - 0.5;
        let loss =
            |s: Tensor<4>, m: Tensor<3>| (s * pick_scores.clone()).sum() + (m * pick_mixed.clone()).sum();
        let ours = loss(ours_scores, ours_mixed).backward();
        let theirs = loss(theirs_scores, theirs_mixed).backward();
        for (param, name) in [(&q, "q"), (&k, "k"), (&v, "v")] {
            let (a, b) = (param.grad(&ours).expect(name), param.grad(&theirs).expect(name));
            a.into_data().assert_approx_eq::<f32>(&b.into_data(), tolerance);
        }
        let (a, b) = (w.grad(&ours).expect("w"), w.grad(&theirs).expect("w"));
        a.into_data().assert_approx_eq::<f32>(&b.into_data(), tolerance);
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
