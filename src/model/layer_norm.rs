//! LayerNorm over the last axis, forward and backward, each one loop over the rows.
//!
//! burn's LayerNorm is one backend operation, but its training graph builds the operation from
//! eight tracked steps (mean, subtract, square, mean, add ε, square root, divide, scale and shift),
//! each a pass over the activations with its own backward step. Here it is one loop over the rows
//! each way on the CPU backend, every row read while it is in cache; on WebGPU one kernel forward
//! and two backward (the rows, then γ's and β's sums over the rows).
//!
//! ```text
//! forward   μ = mean(x),  r = 1/√(mean((x − μ)²) + ε),  x̂ = (x − μ)·r,  y = x̂·γ + β
//! backward  g = dy·γ,  dx = r·(g − mean(g) − x̂·mean(g·x̂)),  dγ = Σ dy·x̂,  dβ = Σ dy
//! ```
//! (means along the row; the sums for γ and β over every row.)

use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::CheckpointStrategy};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
#[cfg(feature = "webgpu")]
use burn::backend::ops::ModuleOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::nn::LayerNorm;
use burn::tensor::{DType, Shape, Tensor};

use super::flex_rows::{contiguous, from_f32};

/// The ε under the square root: burn's `LayerNormConfig` default, which every norm of the models
/// is made with (`init.rs`).
pub const EPSILON: f64 = 1e-5;

/// `norm` applied to the last axis of `x`.
pub fn layer_norm<const D: usize>(norm: &LayerNorm, x: Tensor<D>) -> Tensor<D> {
    match &norm.beta {
        Some(beta) => Tensor::from_dispatch(<Dispatch as LayerNormOps>::layer_norm_rows(
            x.into_dispatch(),
            norm.gamma.val().into_dispatch(),
            beta.val().into_dispatch(),
            EPSILON,
        )),
        None => norm.forward(x),
    }
}

/// The kernels, per backend. The default bodies are burn's operations; the CPU backend replaces
/// the two training ones with one loop over the rows each.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait LayerNormOps: Backend {
    /// `y = x̂·γ + β`; the entry point (the autodiff backend records the backward step here).
    fn layer_norm_rows(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> FloatTensor<Self> {
        Self::layer_norm(x, gamma, Some(beta), epsilon)
    }

    /// `y`, with `x̂` and `r` (shape `[..., 1]`) kept for the backward pass.
    fn layer_norm_train(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        default_train::<Self>(x, gamma, beta, epsilon)
    }

    /// `(dx, dγ, dβ)` from the output's gradient `dy` and what the forward pass kept.
    fn layer_norm_train_backward(
        dy: FloatTensor<Self>,
        normed: FloatTensor<Self>,
        r: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        default_backward::<Self>(dy, normed, r, gamma)
    }
}

fn last_axis<T: TensorMetadata>(tensor: &T) -> usize {
    tensor.shape().num_dims() - 1
}

/// A `[width]` vector shaped `[1, …, 1, width]` to multiply or add to every row of `like`.
fn along_rows<B: Backend>(v: FloatTensor<B>, like: &FloatTensor<B>) -> FloatTensor<B> {
    let rank = like.shape().num_dims();
    let mut dims = vec![1; rank];
    dims[rank - 1] = v.shape()[0];
    B::float_reshape(v, Shape::from(dims))
}

impl LayerNormOps for Flex {
    fn layer_norm_train(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if [&x, &gamma, &beta].iter().any(|t| t.dtype() != DType::F32) {
            return default_train::<Self>(x, gamma, beta, epsilon);
        }
        let (x, gamma, beta) = (contiguous(x), contiguous(gamma), contiguous(beta));
        let shape = x.layout().shape().clone();
        let width = shape[shape.num_dims() - 1];
        let len = shape.num_elements();
        let (gamma, beta) = (&gamma.storage::<f32>()[..width], &beta.storage::<f32>()[..width]);
        let mut y = Vec::with_capacity(len);
        let mut normed = Vec::with_capacity(len);
        let mut rs = Vec::with_capacity(len / width.max(1));
        for row in x.storage::<f32>()[..len].chunks_exact(width.max(1)) {
            let n = width as f32;
            let mean = row.iter().copied().sum::<f32>() / n;
            let variance = row.iter().map(|&v| (v - mean) * (v - mean)).sum::<f32>() / n;
            let r = 1.0 / (variance + epsilon as f32).sqrt();
            let start = normed.len();
            normed.extend(row.iter().map(|&v| (v - mean) * r));
            y.extend(normed[start..].iter().zip(gamma).zip(beta).map(|((&h, &g), &b)| h * g + b));
            rs.push(r);
        }
        let mut r_dims = shape.to_vec();
        r_dims[shape.num_dims() - 1] = 1;
        (from_f32(shape.clone(), y), from_f32(shape, normed), from_f32(Shape::from(r_dims), rs))
    }

    fn layer_norm_train_backward(
        dy: FloatTensor<Self>,
        normed: FloatTensor<Self>,
        r: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if [&dy, &normed, &r, &gamma].iter().any(|t| t.dtype() != DType::F32) || dy.shape() != normed.shape()
        {
            return default_backward::<Self>(dy, normed, r, gamma);
        }
        let (dy, normed, r, gamma) = (contiguous(dy), contiguous(normed), contiguous(r), contiguous(gamma));
        let shape = dy.layout().shape().clone();
        let width = shape[shape.num_dims() - 1].max(1);
        let len = shape.num_elements();
        let gamma = &gamma.storage::<f32>()[..width];
        let mut dx = Vec::with_capacity(len);
        let mut dgamma = vec![0.0f32; width];
        let mut dbeta = vec![0.0f32; width];
        let rows = dy.storage::<f32>()[..len]
            .chunks_exact(width)
            .zip(normed.storage::<f32>()[..len].chunks_exact(width));
        for ((dy, h), &r) in rows.zip(r.storage::<f32>()) {
            let n = width as f32;
            let mean_g = dy.iter().zip(gamma).map(|(d, g)| d * g).sum::<f32>() / n;
            let mean_gx = dy.iter().zip(gamma).zip(h).map(|((d, g), h)| d * g * h).sum::<f32>() / n;
            dx.extend(dy.iter().zip(gamma).zip(h).map(|((d, g), h)| r * (d * g - mean_g - h * mean_gx)));
            for ((acc_g, acc_b), (d, h)) in dgamma.iter_mut().zip(dbeta.iter_mut()).zip(dy.iter().zip(h)) {
                *acc_g += d * h;
                *acc_b += d;
            }
        }
        let vector = |v: Vec<f32>| from_f32(Shape::new([width]), v);
        (from_f32(shape, dx), vector(dgamma), vector(dbeta))
    }
}

#[cfg(feature = "webgpu")]
impl LayerNormOps for burn::backend::Cube {
    fn layer_norm_rows(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> FloatTensor<Self> {
        if [&x, &gamma, &beta].iter().any(|t| t.dtype() != DType::F32) {
            return Self::layer_norm(x, gamma, Some(beta), epsilon);
        }
        gpu::layer_norm(x, gamma, beta, epsilon, false).0
    }

    fn layer_norm_train(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if [&x, &gamma, &beta].iter().any(|t| t.dtype() != DType::F32) {
            return default_train::<Self>(x, gamma, beta, epsilon);
        }
        gpu::layer_norm(x, gamma, beta, epsilon, true)
    }

    fn layer_norm_train_backward(
        dy: FloatTensor<Self>,
        normed: FloatTensor<Self>,
        r: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if [&dy, &normed, &r, &gamma].iter().any(|t| t.dtype() != DType::F32) || dy.shape() != normed.shape()
        {
            return default_backward::<Self>(dy, normed, r, gamma);
        }
        gpu::layer_norm_backward(dy, normed, r, gamma)
    }
}

/// The WebGPU kernels: a thread per row for the normalisation (inference's writes `y` only) and
/// for `dx`, a thread per column for γ's and β's gradients (sums over the rows).
#[cfg(feature = "webgpu")]
mod gpu {
    use burn::backend::TensorMetadata;
    use burn::tensor::Shape;
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use crate::model::cube::{F32, address, fresh, grid, per_row, rows, width_and_rows};

    /// `y`, and with `keep` (training) `x̂` and `r` for the backward pass; inference (`keep`
    /// false) writes `y` only. `keep` is fixed when the kernel compiles: two kernels, no branch.
    #[allow(clippy::too_many_arguments)]
    #[cube(launch, address_type = "dynamic")]
    fn layer_norm_kernel<F: Float>(
        x: &Tensor<F>,
        gamma: &Tensor<F>,
        beta: &Tensor<F>,
        y: &mut Tensor<F>,
        normed: &mut Tensor<F>,
        r: &mut Tensor<F>,
        width: usize,
        epsilon: InputScalar,
        #[comptime] keep: bool,
        #[define(F)] _dtype: ElemType,
    ) {
        let row = ABSOLUTE_POS;
        let start = row * width;
        if start >= x.len() {
            terminate!();
        }
        let n = F::cast_from(width as u32);
        let mut sum = F::new(0.0);
        for j in 0..width {
            sum += x[start + j];
        }
        let mean = sum / n;
        let mut squares = F::new(0.0);
        for j in 0..width {
            let d = x[start + j] - mean;
            squares += d * d;
        }
        let scale = F::new(1.0) / (squares / n + epsilon.get::<F>()).sqrt();
        for j in 0..width {
            let h = (x[start + j] - mean) * scale;
            if keep {
                normed[start + j] = h;
            }
            y[start + j] = h * gamma[j] + beta[j];
        }
        if keep {
            r[row] = scale;
        }
    }

    #[cube(launch, address_type = "dynamic")]
    fn layer_norm_backward_kernel<F: Float>(
        dy: &Tensor<F>,
        normed: &Tensor<F>,
        r: &Tensor<F>,
        gamma: &Tensor<F>,
        dx: &mut Tensor<F>,
        width: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let row = ABSOLUTE_POS;
        let start = row * width;
        if start >= dy.len() {
            terminate!();
        }
        let n = F::cast_from(width as u32);
        let mut sum_g = F::new(0.0);
        let mut sum_gx = F::new(0.0);
        for j in 0..width {
            let g = dy[start + j] * gamma[j];
            sum_g += g;
            sum_gx += g * normed[start + j];
        }
        let (mean_g, mean_gx) = (sum_g / n, sum_gx / n);
        let scale = r[row];
        for j in 0..width {
            dx[start + j] = scale * (dy[start + j] * gamma[j] - mean_g - normed[start + j] * mean_gx);
        }
    }

    #[cube(launch, address_type = "dynamic")]
    fn layer_norm_params_backward_kernel<F: Float>(
        dy: &Tensor<F>,
        normed: &Tensor<F>,
        dgamma: &mut Tensor<F>,
        dbeta: &mut Tensor<F>,
        width: usize,
        #[define(F)] _dtype: ElemType,
    ) {
        let column = ABSOLUTE_POS;
        if column >= width {
            terminate!();
        }
        let count = dy.len() / width;
        let mut sum_gamma = F::new(0.0);
        let mut sum_beta = F::new(0.0);
        for row in 0..count {
            let d = dy[row * width + column];
            sum_gamma += d * normed[row * width + column];
            sum_beta += d;
        }
        dgamma[column] = sum_gamma;
        dbeta[column] = sum_beta;
    }

    /// `(y, x̂, r)`; with `keep` false (inference) `x̂` and `r` are one-element stand-ins, never
    /// written, so only `y` gets a buffer of the activations' size.
    pub(super) fn layer_norm(
        x: CubeTensor,
        gamma: CubeTensor,
        beta: CubeTensor,
        epsilon: f64,
        keep: bool,
    ) -> (CubeTensor, CubeTensor, CubeTensor) {
        let (x, gamma, beta) = (rows(x), rows(gamma), rows(beta));
        let (normed_shape, r_shape) =
            if keep { (x.shape(), per_row(&x)) } else { (Shape::new([1]), Shape::new([1])) };
        let (y, normed, r) = (fresh(&x, x.shape()), fresh(&x, normed_shape), fresh(&x, r_shape));
        let (width, count) = width_and_rows(&x);
        let (cube_count, cube_dim) = grid(&x, count);
        let address = address(&[&x, &gamma, &beta, &y, &normed, &r]);
        let client = x.client.clone();
        layer_norm_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            x.into_tensor_arg(),
            gamma.into_tensor_arg(),
            beta.into_tensor_arg(),
            y.clone().into_tensor_arg(),
            normed.clone().into_tensor_arg(),
            r.clone().into_tensor_arg(),
            width,
            InputScalar::new(epsilon as f32, F32),
            keep,
            F32,
        );
        (y, normed, r)
    }

    /// `(dx, dγ, dβ)`.
    pub(super) fn layer_norm_backward(
        dy: CubeTensor,
        normed: CubeTensor,
        r: CubeTensor,
        gamma: CubeTensor,
    ) -> (CubeTensor, CubeTensor, CubeTensor) {
        let (dy, normed, r, gamma) = (rows(dy), rows(normed), rows(r), rows(gamma));
        let (width, count) = width_and_rows(&dy);
        let dx = fresh(&dy, dy.shape());
        let (dgamma, dbeta) = (fresh(&dy, Shape::new([width])), fresh(&dy, Shape::new([width])));
        let client = dy.client.clone();

        let (cube_count, cube_dim) = grid(&dy, count);
        let address_rows = address(&[&dy, &normed, &r, &gamma, &dx]);
        layer_norm_backward_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address_rows,
            dy.clone().into_tensor_arg(),
            normed.clone().into_tensor_arg(),
            r.into_tensor_arg(),
            gamma.into_tensor_arg(),
            dx.clone().into_tensor_arg(),
            width,
            F32,
        );
        let (cube_count, cube_dim) = grid(&dy, width);
        let address_columns = address(&[&dy, &normed, &dgamma, &dbeta]);
        layer_norm_params_backward_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address_columns,
            dy.into_tensor_arg(),
            normed.into_tensor_arg(),
            dgamma.clone().into_tensor_arg(),
            dbeta.clone().into_tensor_arg(),
            width,
            F32,
        );
        (dx, dgamma, dbeta)
    }
}

/// The default training forward pass: burn's operations.
fn default_train<B: Backend>(
    x: FloatTensor<B>,
    gamma: FloatTensor<B>,
    beta: FloatTensor<B>,
    epsilon: f64,
) -> (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>) {
    let axis = last_axis(&x);
    let mean = B::float_mean_dim(x.clone(), axis); //                            [..., 1]
    let centred = B::float_sub(x, mean);
    let variance = B::float_mean_dim(B::float_mul(centred.clone(), centred.clone()), axis);
    let r = B::float_recip(B::float_sqrt(B::float_add_scalar(variance, epsilon.into()))); // [..., 1]
    let normed = B::float_mul(centred, r.clone()); //                            [..., width]
    let (gamma, beta) = (along_rows::<B>(gamma, &normed), along_rows::<B>(beta, &normed));
    let y = B::float_add(B::float_mul(normed.clone(), gamma), beta);
    (y, normed, r)
}

/// The default backward pass: burn's operations.
fn default_backward<B: Backend>(
    dy: FloatTensor<B>,
    normed: FloatTensor<B>,
    r: FloatTensor<B>,
    gamma: FloatTensor<B>,
) -> (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>) {
    let axis = last_axis(&dy);
    let width = dy.shape()[axis];
    let g = B::float_mul(dy.clone(), along_rows::<B>(gamma, &dy));
    let mean_g = B::float_mean_dim(g.clone(), axis);
    let mean_gx = B::float_mean_dim(B::float_mul(g.clone(), normed.clone()), axis);
    let dx = B::float_mul(B::float_sub(B::float_sub(g, mean_g), B::float_mul(normed.clone(), mean_gx)), r);
    let rows = dy.shape().num_elements() / width.max(1);
    let over_rows = |t: FloatTensor<B>| {
        let t = B::float_reshape(t, Shape::new([rows, width])); //                [rows, width]
        B::float_reshape(B::float_sum_dim(t, 0), Shape::new([width])) //          [width]
    };
    let dgamma = over_rows(B::float_mul(dy.clone(), normed));
    (dx, dgamma, over_rows(dy))
}

impl<B: LayerNormOps, C: CheckpointStrategy> LayerNormOps for Autodiff<B, C> {
    fn layer_norm_rows(
        x: FloatTensor<Self>,
        gamma: FloatTensor<Self>,
        beta: FloatTensor<Self>,
        epsilon: f64,
    ) -> FloatTensor<Self> {
        /// Keeps x̂, r and γ: all the backward pass reads.
        #[derive(Debug)]
        struct Norm;

        impl<B: LayerNormOps> Backward<B, 3> for Norm {
            type State = (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>);

            fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [x_node, gamma_node, beta_node] = ops.parents;
                let dy = grads.consume::<B>(&ops.node);
                let (normed, r, gamma) = ops.state;
                let (dx, dgamma, dbeta) = B::layer_norm_train_backward(dy, normed, r, gamma);
                for (node, grad) in [(x_node, dx), (gamma_node, dgamma), (beta_node, dbeta)] {
                    if let Some(node) = node {
                        grads.register::<B>(node.id, grad);
                    }
                }
            }
        }

        match Norm.prepare::<C>([x.node(), gamma.node(), beta.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let gamma = gamma.into_primitive();
                let (y, normed, r) =
                    B::layer_norm_train(x.into_primitive(), gamma.clone(), beta.into_primitive(), epsilon);
                prep.finish((normed, r, gamma), y)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::layer_norm_rows(
                x.into_primitive(),
                gamma.into_primitive(),
                beta.into_primitive(),
                epsilon,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::module::Param;
    use burn::nn::LayerNormConfig;
    use burn::tensor::{Device, TensorData, Tolerance};

    fn norm(gamma: &[f32], beta: &[f32], device: &Device) -> LayerNorm {
        let mut norm = LayerNormConfig::new(gamma.len()).init(device);
        norm.gamma = Param::from_tensor(Tensor::from_floats(gamma, device));
        norm.beta = Some(Param::from_tensor(Tensor::from_floats(beta, device)));
        norm
    }

    #[test]
    fn values_and_gradients_match_hand_computed_ones() {
        let device = Device::flex().autodiff();
        // x = [1, 2, 3, 6]: μ = 3, x − μ = [−2, −1, 0, 3], variance 14/4 = 3.5, r = 1/√3.5.
        let x = Tensor::<2>::from_floats([[1.0, 2.0, 3.0, 6.0]], &device).require_grad();
        let layer = norm(&[1.0, 2.0, 1.0, 1.0], &[0.0, 0.0, 0.0, 1.0], &device);
        let y = layer_norm(&layer, x.clone());
        let s = 3.5f32.sqrt();
        let expected = TensorData::from([[-2.0 / s, -2.0 / s, 0.0, 3.0 / s + 1.0]]);
        y.clone().into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-5));
        // Loss = y₀ (γ₀ = 1): g = [1, 0, 0, 0], mean(g) = 1/4, mean(g·x̂) = x̂₀/4 = −2/(4·√3.5),
        // dx = r·(g − 1/4 − x̂·mean(g·x̂)) = (1/√3.5)·([3/4, −1/4, −1/4, −1/4] + [−2, −1, 0, 3]/7).
        let pick = Tensor::<2>::from_floats([[1.0, 0.0, 0.0, 0.0]], &device);
        let grads = (y * pick).sum().backward();
        let dx = x.grad(&grads).expect("tracked");
        let expected = [0.75 - 2.0 / 7.0, -0.25 - 1.0 / 7.0, -0.25, -0.25 + 3.0 / 7.0].map(|v: f32| v / s);
        dx.into_data().assert_approx_eq::<f32>(&TensorData::from([expected]), Tolerance::absolute(1e-5));
        // dγ = dy·x̂ and dβ = dy, summed over the one row.
        let dgamma = layer.gamma.grad(&grads).expect("tracked");
        let expected = TensorData::from([-2.0 / s, 0.0, 0.0, 0.0]);
        dgamma.into_data().assert_approx_eq::<f32>(&expected, Tolerance::absolute(1e-5));
        let dbeta = layer.beta.as_ref().expect("a bias").grad(&grads).expect("tracked");
        dbeta
            .into_data()
            .assert_approx_eq::<f32>(&TensorData::from([1.0f32, 0.0, 0.0, 0.0]), Tolerance::absolute(1e-6));
    }

    #[test]
    fn agrees_with_burns_layer_norm_forward_and_backward() {
        let device = Device::flex().autodiff();
        let values: Vec<f32> = (0..2 * 8 * 3).map(|i| ((i * 37 % 101) as f32 - 50.0) / 10.0).collect();
        // A transposed view, as activations sometimes arrive: the rows are not contiguous.
        let x = Tensor::<1>::from_floats(values.as_slice(), &device)
            .reshape([2, 8, 3])
            .swap_dims(1, 2)
            .require_grad();
        let layer = norm(
            &[0.5, 1.0, 1.5, 2.0, -1.0, 0.25, 1.0, 3.0],
            &[0.1, -0.2, 0.3, 0.0, 0.5, -1.0, 0.0, 2.0],
            &device,
        );
        let pick = Tensor::<1>::from_floats(values.as_slice(), &device).reshape([2, 3, 8]);
        let ours = layer_norm(&layer, x.clone());
        let burns = layer.forward(x.clone());
        ours.clone()
            .into_data()
            .assert_approx_eq::<f32>(&burns.clone().into_data(), Tolerance::absolute(1e-5));
        let ours = (ours * pick.clone()).sum().backward();
        let burns = (burns * pick).sum().backward();
        let close = |a: Tensor<3>, b: Tensor<3>| {
            a.into_data().assert_approx_eq::<f32>(&b.into_data(), Tolerance::absolute(1e-4))
        };
        close(x.grad(&ours).expect("tracked"), x.grad(&burns).expect("tracked"));
        let params = |grads| {
            let beta = layer.beta.as_ref().expect("a bias");
            [layer.gamma.grad(grads).expect("tracked"), beta.grad(grads).expect("tracked")]
        };
        for (a, b) in params(&ours).into_iter().zip(params(&burns)) {
            a.into_data().assert_approx_eq::<f32>(&b.into_data(), Tolerance::absolute(1e-4));
        }
        // Without gradients (evaluation), the same numbers.
        let plain = Device::flex();
        let x = Tensor::<1>::from_floats(values.as_slice(), &plain).reshape([2, 8, 3]).swap_dims(1, 2);
        let layer = norm(
            &[0.5, 1.0, 1.5, 2.0, -1.0, 0.25, 1.0, 3.0],
            &[0.1, -0.2, 0.3, 0.0, 0.5, -1.0, 0.0, 2.0],
            &plain,
        );
        let tolerance = Tolerance::absolute(1e-5);
        layer_norm(&layer, x.clone())
            .into_data()
            .assert_approx_eq::<f32>(&layer.forward(x).into_data(), tolerance);
    }
}
