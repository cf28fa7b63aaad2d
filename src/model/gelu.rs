//! GELU, exact: `gelu(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2))`, the feed-forward activation of every
//! block (PyTorch's `nn.GELU()` default; not the tanh approximation).
//!
//! On the CPU backend, burn computes `erf` one element at a time with a library call that the
//! compiler cannot vectorise: about a fifth of a training step of the larger benchmark model.
//! This block brings the same function with an `erf` written as one rational polynomial (no
//! branches, no library calls), so that the loop over a tensor runs on SIMD lanes, forward and
//! backward. Its error against a correctly rounded `erf` is at most 4.2e-7, or 5 units in the
//! last place of an `f32` (tested below): far under what training can notice, and the maths is
//! still the exact GELU, not the tanh approximation. On WebGPU it is one kernel each way (burn's
//! GELU is five operations forward and more backward, each its own kernel).
//!
//! ```text
//! forward   y  = 0.5·x·(1 + erf(x/√2))
//! backward  dx = dy·(Φ(x) + x·φ(x)),     Φ(x) = 0.5·(1 + erf(x/√2)),  φ(x) = exp(−x²/2)/√(2π)
//! ```

#[cfg(feature = "webgpu")]
use burn::backend::TensorMetadata;
use burn::backend::autodiff::checkpoint::{base::Checkpointer, strategy::CheckpointStrategy};
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
#[cfg(feature = "webgpu")]
use burn::backend::ops::ActivationOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, backend_extension};
#[cfg(feature = "webgpu")]
use burn::tensor::DType;
use burn::tensor::Tensor;

use super::vector_math::{erf, exp_non_positive};

/// GELU of every element, differentiable.
pub fn gelu<const D: usize>(x: Tensor<D>) -> Tensor<D> {
    Tensor::from_dispatch(<Dispatch as GeluOps>::exact_gelu(x.into_dispatch()))
}

/// The two kernels of the activation, per backend. The default bodies are burn's own; the CPU
/// backend replaces them with the vectorisable loops below.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait GeluOps: Backend {
    /// `0.5·x·(1 + erf(x/√2))`
    fn exact_gelu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::gelu(x)
    }

    /// `grad·(Φ(x) + x·φ(x))`: the gradient reaching `x` through the activation.
    fn exact_gelu_backward(x: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::gelu_backward(x, grad)
    }
}

impl GeluOps for Flex {
    fn exact_gelu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        burn::backend::flex::ops::unary::unary_op(x, gelu_f32, |x: f64| {
            0.5 * x * (1.0 + burn::backend::flex::ops::unary::erf_f64(x / core::f64::consts::SQRT_2))
        })
    }

    fn exact_gelu_backward(x: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        burn::backend::flex::ops::binary::binary_op(
            x,
            grad,
            |x: f32, g: f32| g * gelu_slope_f32(x),
            |x: f64, g: f64| {
                let cdf =
                    0.5 * (1.0 + burn::backend::flex::ops::unary::erf_f64(x / core::f64::consts::SQRT_2));
                let pdf = (-0.5 * x * x).exp() / (2.0 * core::f64::consts::PI).sqrt();
                g * (cdf + x * pdf)
            },
            None,
        )
    }
}

#[cfg(feature = "webgpu")]
impl GeluOps for burn::backend::Cube {
    fn exact_gelu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        if x.dtype() != DType::F32 {
            return Self::gelu(x);
        }
        gpu::gelu(x)
    }

    fn exact_gelu_backward(x: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        if x.dtype() != DType::F32 || grad.dtype() != DType::F32 || x.shape() != grad.shape() {
            return Self::gelu_backward(x, grad);
        }
        gpu::gelu_backward(x, grad)
    }
}

/// The two WebGPU kernels, a thread per element, with the shader language's `erf` and `exp`.
#[cfg(feature = "webgpu")]
mod gpu {
    use burn::backend::TensorMetadata;
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use super::{FRAC_1_SQRT_2, FRAC_1_SQRT_2PI};
    use crate::model::cube::{F32, address, fresh, grid, rows};

    #[cube(launch, address_type = "dynamic")]
    fn gelu_kernel<F: Float>(x: &Tensor<F>, y: &mut Tensor<F>, #[define(F)] _dtype: ElemType) {
        let i = ABSOLUTE_POS;
        if i >= y.len() {
            terminate!();
        }
        let v = x[i];
        y[i] = F::new(0.5) * v * (F::new(1.0) + (v * F::new(FRAC_1_SQRT_2)).erf());
    }

    #[cube(launch, address_type = "dynamic")]
    fn gelu_backward_kernel<F: Float>(
        x: &Tensor<F>,
        dy: &Tensor<F>,
        dx: &mut Tensor<F>,
        #[define(F)] _dtype: ElemType,
    ) {
        let i = ABSOLUTE_POS;
        if i >= dx.len() {
            terminate!();
        }
        let v = x[i];
        let cdf = F::new(0.5) * (F::new(1.0) + (v * F::new(FRAC_1_SQRT_2)).erf());
        let pdf = F::new(FRAC_1_SQRT_2PI) * (F::new(-0.5) * v * v).exp();
        dx[i] = dy[i] * (cdf + v * pdf);
    }

    pub(super) fn gelu(x: CubeTensor) -> CubeTensor {
        let x = rows(x);
        let y = fresh(&x, x.shape());
        let (cube_count, cube_dim) = grid(&x, x.shape().num_elements());
        let address = address(&[&x, &y]);
        let client = x.client.clone();
        gelu_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            x.into_tensor_arg(),
            y.clone().into_tensor_arg(),
            F32,
        );
        y
    }

    pub(super) fn gelu_backward(x: CubeTensor, dy: CubeTensor) -> CubeTensor {
        let (x, dy) = (rows(x), rows(dy));
        let dx = fresh(&x, x.shape());
        let (cube_count, cube_dim) = grid(&x, x.shape().num_elements());
        let address = address(&[&x, &dy, &dx]);
        let client = x.client.clone();
        gelu_backward_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            x.into_tensor_arg(),
            dy.into_tensor_arg(),
            dx.clone().into_tensor_arg(),
            F32,
        );
        dx
    }
}

impl<B: GeluOps, C: CheckpointStrategy> GeluOps for Autodiff<B, C> {
    fn exact_gelu(x: FloatTensor<Self>) -> FloatTensor<Self> {
        /// Keeps the input; the backward pass turns it into the slope.
        #[derive(Debug)]
        struct ExactGelu;

        impl<B: GeluOps> Backward<B, 1> for ExactGelu {
            type State = FloatTensor<B>;

            fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
                let [parent] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                if let Some(parent) = parent {
                    grads.register::<B>(parent.id, B::exact_gelu_backward(ops.state, grad));
                }
            }
        }

        match ExactGelu.prepare::<C>([x.node()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let input = x.primitive().clone();
                prep.finish(input.clone(), B::exact_gelu(input))
            }
            OpsKind::UnTracked(prep) => prep.finish(B::exact_gelu(x.into_primitive())),
        }
    }
}

const FRAC_1_SQRT_2: f32 = core::f32::consts::FRAC_1_SQRT_2;
/// `1/√(2π)`
const FRAC_1_SQRT_2PI: f32 = 0.398_942_3;

/// `0.5·x·(1 + erf(x/√2))`
#[inline(always)]
fn gelu_f32(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * FRAC_1_SQRT_2))
}

/// `Φ(x) + x·φ(x)`, the derivative of `gelu` at `x`.
#[inline(always)]
fn gelu_slope_f32(x: f32) -> f32 {
    let cdf = 0.5 * (1.0 + erf(x * FRAC_1_SQRT_2));
    let pdf = FRAC_1_SQRT_2PI * exp_non_positive(-0.5 * x * x);
    cdf + x * pdf
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData, Tolerance};

    // Hand-computed: Φ(1) = 0.841 344 7, φ(1) = 0.241 970 7, Φ(2) = 0.977 249 9, φ(2) = 0.053 990 97.
    const XS: [f32; 5] = [-2.0, -1.0, 0.0, 1.0, 2.0];
    const GELU: [f32; 5] = [-0.045_500_26, -0.158_655_25, 0.0, 0.841_344_7, 1.954_499_7];
    const SLOPE: [f32; 5] = [-0.085_231_67, -0.083_315_41, 0.5, 1.083_315_4, 1.085_231_7];

    fn check_forward_and_backward(device: Device) {
        let x = Tensor::<1>::from_floats(XS, &device).require_grad();
        let y = gelu(x.clone());
        y.clone().into_data().assert_approx_eq::<f32>(&TensorData::from(GELU), Tolerance::absolute(1e-6));
        let grads = y.sum().backward();
        let slope = x.grad(&grads).expect("x is tracked");
        slope.into_data().assert_approx_eq::<f32>(&TensorData::from(SLOPE), Tolerance::absolute(1e-6));
    }

    #[test]
    fn values_and_slopes_match_the_hand_computed_ones() {
        check_forward_and_backward(Device::flex().autodiff());
        // Without autodiff (inference, inspection) the forward kernel runs alone.
        let y = gelu(Tensor::<1>::from_floats(XS, &Device::flex()));
        y.into_data().assert_approx_eq::<f32>(&TensorData::from(GELU), Tolerance::absolute(1e-6));
    }

    #[test]
    fn agrees_with_burns_gelu_through_a_matrix() {
        let device = Device::flex().autodiff();
        let values: Vec<f32> = (0..4096).map(|i| (i as f32 - 2048.0) / 256.0).collect();
        let x = Tensor::<1>::from_floats(values.as_slice(), &device).reshape([64, 64]).require_grad();
        let weights =
            Tensor::<1>::from_floats(values.as_slice(), &device).reshape([64, 64]).div_scalar(100.0);
        let ours = gelu(x.clone()).matmul(weights.clone());
        let burns = burn::tensor::activation::gelu(x.clone()).matmul(weights);
        ours.clone()
            .into_data()
            .assert_approx_eq::<f32>(&burns.clone().into_data(), Tolerance::absolute(1e-5));
        let ours_grad = x.grad(&ours.sum().backward()).expect("tracked");
        let burns_grad = x.grad(&burns.sum().backward()).expect("tracked");
        ours_grad.into_data().assert_approx_eq::<f32>(&burns_grad.into_data(), Tolerance::absolute(1e-5));
    }
}
