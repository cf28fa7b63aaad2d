//! Adam and AdamW, each parameter tensor updated in one pass.
//!
//! burn's Adam updates a parameter with thirteen tensor operations (the two running means, the
//! bias corrections, the square root, the division, the step), each a pass over the parameter
//! into a new buffer. On the CPU backend this is one loop instead, which updates the weights and
//! both running means in place; on WebGPU it is one kernel of our own (thirteen kernel launches
//! become one, per parameter tensor and step). The arithmetic is burn's, in burn's order, so on
//! the CPU the updates are the same to the last bit (the tests check), and the state is burn's
//! `AdamState`.
//!
//! ```text
//! g ← g + λ·w                            Adam's weight decay: an L2 penalty in the gradient
//! m ← β₁·m + (1 − β₁)·g                  running mean of the gradient
//! v ← β₂·v + (1 − β₂)·g²                 running mean of its square
//! Adam    w ← w − lr · m·c / (√v + ε·√(1 − β₂ᵗ)),   c = √(1 − β₂ᵗ) / (1 − β₁ᵗ)
//! AdamW   w ← w·(1 − lr·λ) − lr · m̂ / (√v̂ + ε),     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
//! ```
//! (t counts the steps from 1; Adam's first form is the second one rearranged, as burn writes it.)

use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Autodiff, Backend, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::optim::{AdamState, AdaptiveMomentumState, LearningRate, Optimizer};
use burn::tensor::{DType, Device, Tensor};

use crate::model::flex_rows::contiguous;

/// Adam or AdamW, without AMSGrad (the playground does not offer it).
#[derive(Clone, Debug)]
pub struct Adam {
    beta_1: f32,
    beta_2: f32,
    epsilon: f32,
    decay: Decay,
}

/// How the weight decay λ enters.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Decay {
    /// Adam: `λ·w` added to the gradient (none when λ is 0).
    Penalty(f32),
    /// AdamW: the weights shrunk by `lr·λ` before the step.
    Decoupled(f32),
}

impl Adam {
    /// Adam with weight decay `penalty` added to the gradient (0: none).
    pub fn new(beta_1: f32, beta_2: f32, epsilon: f32, penalty: f32) -> Self {
        Self { beta_1, beta_2, epsilon, decay: Decay::Penalty(penalty) }
    }

    /// AdamW with decoupled weight decay `weight_decay`.
    pub fn adamw(beta_1: f32, beta_2: f32, epsilon: f32, weight_decay: f32) -> Self {
        Self { beta_1, beta_2, epsilon, decay: Decay::Decoupled(weight_decay) }
    }

    /// The scalars of step `time` (counted from 1) at learning rate `lr`, computed as burn does.
    fn step_at(&self, lr: LearningRate, time: usize) -> AdamStep {
        let t = time as i32;
        let (correction_1, correction_2) = (1.0 - self.beta_1.powi(t), 1.0 - self.beta_2.powi(t));
        let rule = match self.decay {
            Decay::Penalty(_) => {
                let correction_2_sqrt = correction_2.sqrt();
                Rule::Adam {
                    factor: correction_2_sqrt / correction_1,
                    epsilon: self.epsilon * correction_2_sqrt,
                }
            }
            Decay::Decoupled(weight_decay) => {
                let rate = lr * f64::from(weight_decay);
                Rule::AdamW {
                    correction_1,
                    correction_2,
                    epsilon: self.epsilon,
                    keep: (rate != 0.0).then_some((1.0 - rate) as f32),
                }
            }
        };
        let penalty = match self.decay {
            Decay::Penalty(penalty) if penalty != 0.0 => Some(penalty),
            _ => None,
        };
        AdamStep { beta_1: self.beta_1, beta_2: self.beta_2, penalty, lr: lr as f32, rule }
    }
}

impl Optimizer for Adam {
    type State<const D: usize> = AdamState<D>;

    fn step<const D: usize>(
        &self,
        lr: LearningRate,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        // The first step starts both running means at zero (β·0 + x is x exactly, as burn's first
        // step, which starts them at x).
        let (time, moment_1, moment_2) = match state {
            Some(AdamState { momentum }) => (momentum.time + 1, momentum.moment_1, momentum.moment_2),
            None => (1, grad.zeros_like(), grad.zeros_like()),
        };
        let (tensor, moment_1, moment_2) = <Dispatch as AdamOps>::adam_step(
            tensor.into_dispatch(),
            grad.into_dispatch(),
            moment_1.into_dispatch(),
            moment_2.into_dispatch(),
            self.step_at(lr, time),
        );
        let momentum = AdaptiveMomentumState::new(
            time,
            Tensor::from_dispatch(moment_1),
            Tensor::from_dispatch(moment_2),
        );
        (Tensor::from_dispatch(tensor), Some(AdamState::new(momentum)))
    }

    fn to_device<const D: usize>(mut state: Self::State<D>, device: &Device) -> Self::State<D> {
        state.momentum = state.momentum.to_device(device);
        state
    }
}

/// The scalars of one step, the same for every element.
#[derive(Clone, Copy, Debug)]
pub struct AdamStep {
    beta_1: f32,
    beta_2: f32,
    /// Adam's λ, when the gradient gets an L2 penalty.
    penalty: Option<f32>,
    lr: f32,
    rule: Rule,
}

#[derive(Clone, Copy, Debug)]
enum Rule {
    /// `w − lr · m·factor / (√v + epsilon)`.
    Adam { factor: f32, epsilon: f32 },
    /// `w·keep − lr · (m / correction_1) / (√(v / correction_2) + epsilon)`; `keep` is 1 − lr·λ
    /// (none when lr·λ is 0, as burn skips the multiplication then).
    AdamW { correction_1: f32, correction_2: f32, epsilon: f32, keep: Option<f32> },
}

impl AdamStep {
    /// One element: its weight, gradient and running means in, the new ones out.
    #[inline]
    fn apply(&self, w: f32, g: f32, m: f32, v: f32) -> (f32, f32, f32) {
        let g = match self.penalty {
            Some(penalty) => w * penalty + g,
            None => g,
        };
        let m = m * self.beta_1 + g * (1.0 - self.beta_1);
        let v = v * self.beta_2 + g * g * (1.0 - self.beta_2);
        let w = match self.rule {
            Rule::Adam { factor, epsilon } => w - m * factor / (v.sqrt() + epsilon) * self.lr,
            Rule::AdamW { correction_1, correction_2, epsilon, keep } => {
                let update = m / correction_1 / ((v / correction_2).sqrt() + epsilon);
                keep.map_or(w, |keep| w * keep) - update * self.lr
            }
        };
        (w, m, v)
    }
}

/// The update, per backend. The default body is burn's operations; the CPU backend replaces it
/// with one loop, WebGPU with one kernel.
#[backend_extension(Flex, Cube: cfg(feature = "webgpu"), Autodiff)]
pub trait AdamOps: Backend {
    /// The new weights and running means `(w, m, v)`.
    fn adam_step(
        w: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        step: AdamStep,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        default_step::<Self>(w, g, m, v, step)
    }
}

impl AdamOps for Flex {
    fn adam_step(
        w: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        step: AdamStep,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if !one_pass_fits([&w, &g, &m, &v]) {
            return default_step::<Self>(w, g, m, v, step);
        }
        let len = w.shape().num_elements();
        let g = contiguous(g);
        // Updated in place where the buffer is this tensor's alone; a buffer shared with another
        // tensor (the copy of the model kept against divergence) is copied first.
        let (mut w, mut m, mut v) = (contiguous(w), contiguous(m), contiguous(v));
        {
            let grads = &g.storage::<f32>()[..len];
            let weights = &mut w.storage_mut::<f32>()[..len];
            let (means, squares) = (&mut m.storage_mut::<f32>()[..len], &mut v.storage_mut::<f32>()[..len]);
            for (((w, &g), m), v) in
                weights.iter_mut().zip(grads).zip(means.iter_mut()).zip(squares.iter_mut())
            {
                (*w, *m, *v) = step.apply(*w, g, *m, *v);
            }
        }
        (w, m, v)
    }
}

#[cfg(feature = "webgpu")]
impl AdamOps for burn::backend::Cube {
    fn adam_step(
        w: FloatTensor<Self>,
        g: FloatTensor<Self>,
        m: FloatTensor<Self>,
        v: FloatTensor<Self>,
        step: AdamStep,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        if !one_pass_fits([&w, &g, &m, &v]) {
            return default_step::<Self>(w, g, m, v, step);
        }
        gpu::adam_step(w, g, m, v, &step)
    }
}

/// Whether the one-pass update applies: four `f32` tensors of one shape (the default body
/// handles anything else).
fn one_pass_fits<T: TensorMetadata>(tensors: [&T; 4]) -> bool {
    let shape = tensors[0].shape();
    tensors.iter().all(|t| t.dtype() == DType::F32 && t.shape() == shape)
}

/// The update as one WebGPU kernel: a thread per element reads its weight, gradient and two
/// running means once and writes the three new values, with `AdamStep::apply`'s arithmetic.
#[cfg(feature = "webgpu")]
mod gpu {
    use burn::backend::TensorMetadata;
    use burn_cubecl::tensor::CubeTensor;
    use cubecl::prelude::*;

    use super::{AdamStep, Rule};
    use crate::model::cube::{F32, address, fresh, grid, rows};

    /// `adamw` picks the rule at compile time: Adam's `w − m·a / (√v + ε) · lr` or AdamW's
    /// `w·keep − (m / a) / (√(v / b) + ε) · lr`; `penalised` adds Adam's `λ·w` to the gradient.
    #[allow(clippy::too_many_arguments)]
    #[cube(launch, address_type = "dynamic")]
    fn adam_kernel<F: Float>(
        w: &Tensor<F>,
        g: &Tensor<F>,
        m: &Tensor<F>,
        v: &Tensor<F>,
        w_out: &mut Tensor<F>,
        m_out: &mut Tensor<F>,
        v_out: &mut Tensor<F>,
        beta_1: InputScalar,
        beta_2: InputScalar,
        lambda: InputScalar,
        lr: InputScalar,
        a: InputScalar,
        b: InputScalar,
        epsilon: InputScalar,
        keep: InputScalar,
        #[comptime] adamw: bool,
        #[comptime] penalised: bool,
        #[define(F)] _dtype: ElemType,
    ) {
        let i = ABSOLUTE_POS;
        if i >= w_out.len() {
            terminate!();
        }
        let weight = w[i];
        let mut grad = g[i];
        if penalised {
            grad = weight * lambda.get::<F>() + grad;
        }
        let beta_1 = beta_1.get::<F>();
        let beta_2 = beta_2.get::<F>();
        let one = F::new(1.0);
        let mean = m[i] * beta_1 + grad * (one - beta_1);
        let square = v[i] * beta_2 + grad * grad * (one - beta_2);
        if adamw {
            let update = mean / a.get::<F>() / ((square / b.get::<F>()).sqrt() + epsilon.get::<F>());
            w_out[i] = weight * keep.get::<F>() - update * lr.get::<F>();
        } else {
            w_out[i] = weight - mean * a.get::<F>() / (square.sqrt() + epsilon.get::<F>()) * lr.get::<F>();
        }
        m_out[i] = mean;
        v_out[i] = square;
    }

    /// The new `(w, m, v)`, each a fresh contiguous tensor.
    pub(super) fn adam_step(
        w: CubeTensor,
        g: CubeTensor,
        m: CubeTensor,
        v: CubeTensor,
        step: &AdamStep,
    ) -> (CubeTensor, CubeTensor, CubeTensor) {
        let (w, g, m, v) = (rows(w), rows(g), rows(m), rows(v));
        let len = w.shape().num_elements();
        if len == 0 {
            return (w, m, v);
        }
        let (w_out, m_out, v_out) = (fresh(&w, w.shape()), fresh(&w, w.shape()), fresh(&w, w.shape()));
        let (cube_count, cube_dim) = grid(&w, len);
        let address = address(&[&w, &g, &m, &v, &w_out, &m_out, &v_out]);
        let scalar = |value: f32| InputScalar::new(value, F32);
        let (adamw, a, b, epsilon, keep) = match step.rule {
            Rule::Adam { factor, epsilon } => (false, factor, 1.0, epsilon, 1.0),
            Rule::AdamW { correction_1, correction_2, epsilon, keep } => {
                (true, correction_1, correction_2, epsilon, keep.unwrap_or(1.0))
            }
        };
        let client = w.client.clone();
        adam_kernel::launch(
            &client,
            cube_count,
            cube_dim,
            address,
            w.into_tensor_arg(),
            g.into_tensor_arg(),
            m.into_tensor_arg(),
            v.into_tensor_arg(),
            w_out.clone().into_tensor_arg(),
            m_out.clone().into_tensor_arg(),
            v_out.clone().into_tensor_arg(),
            scalar(step.beta_1),
            scalar(step.beta_2),
            scalar(step.penalty.unwrap_or(0.0)),
            scalar(step.lr),
            scalar(a),
            scalar(b),
            scalar(epsilon),
            scalar(keep),
            adamw,
            step.penalty.is_some(),
            F32,
        );
        (w_out, m_out, v_out)
    }
}

/// Only reached with tensors that track gradients, which the optimiser never passes.
impl<B: AdamOps, C: CheckpointStrategy> AdamOps for Autodiff<B, C> {}

/// The default update: burn's operations, in the order of burn's Adam and AdamW.
fn default_step<B: Backend>(
    w: FloatTensor<B>,
    g: FloatTensor<B>,
    m: FloatTensor<B>,
    v: FloatTensor<B>,
    step: AdamStep,
) -> (FloatTensor<B>, FloatTensor<B>, FloatTensor<B>) {
    let g = match step.penalty {
        Some(penalty) => B::float_add(B::float_mul_scalar(w.clone(), penalty.into()), g),
        None => g,
    };
    let m = B::float_add(
        B::float_mul_scalar(m, step.beta_1.into()),
        B::float_mul_scalar(g.clone(), (1.0 - step.beta_1).into()),
    );
    let g_squared = B::float_mul(g.clone(), g);
    let v = B::float_add(
        B::float_mul_scalar(v, step.beta_2.into()),
        B::float_mul_scalar(g_squared, (1.0 - step.beta_2).into()),
    );
    let w = match step.rule {
        Rule::Adam { factor, epsilon } => {
            let update = B::float_div(
                B::float_mul_scalar(m.clone(), factor.into()),
                B::float_add_scalar(B::float_sqrt(v.clone()), epsilon.into()),
            );
            B::float_sub(w, B::float_mul_scalar(update, step.lr.into()))
        }
        Rule::AdamW { correction_1, correction_2, epsilon, keep } => {
            let corrected_1 = B::float_div_scalar(m.clone(), correction_1.into());
            let corrected_2 = B::float_div_scalar(v.clone(), correction_2.into());
            let update =
                B::float_div(corrected_1, B::float_add_scalar(B::float_sqrt(corrected_2), epsilon.into()));
            let kept = match keep {
                Some(keep) => B::float_mul_scalar(w, keep.into()),
                None => w,
            };
            B::float_sub(kept, B::float_mul_scalar(update, step.lr.into()))
        }
    };
    (w, m, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::module::{Module, Param};
    use burn::nn::{Linear, LinearConfig};
    use burn::optim::decay::WeightDecayConfig;
    use burn::optim::{AdamConfig, AdamWConfig, GradientsParams, ModuleOptimizer};
    use burn::tensor::TensorData;

    fn values(layer: &Linear) -> Vec<f32> {
        let mut all = layer.weight.val().into_data().try_to_vec::<f32>().expect("f32");
        all.extend(layer.bias.as_ref().expect("bias").val().into_data().try_to_vec::<f32>().expect("f32"));
        all
    }

    /// `steps` steps of `optimizer` on a 5 → 3 layer and a loss with uneven gradients, at a
    /// learning rate that changes every step; the weights after each step.
    fn trained(mut optimizer: ModuleOptimizer, steps: usize) -> Vec<Vec<f32>> {
        let device = Device::flex().autodiff();
        let mut layer: Linear = LinearConfig::new(5, 3).init(&device);
        let weights: Vec<f32> = (0..15).map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.13).collect();
        layer.weight = Param::from_data(TensorData::new(weights, [5, 3]), &device);
        layer.bias = Some(Param::from_data(TensorData::new(vec![0.3f32, -0.2, 0.1], [3]), &device));
        let x = Tensor::<2>::from_data(
            TensorData::new((0..20).map(|i| ((i * 3 % 7) as f32 - 3.0) * 0.4).collect::<Vec<f32>>(), [4, 5]),
            &device,
        );
        let mut after = Vec::new();
        for step in 0..steps {
            let y = layer.forward(x.clone());
            let loss = (y.clone() * y.clone() * y).sum();
            let gradients = GradientsParams::from_grads(loss.backward(), &layer);
            layer = optimizer.step(1e-2 / (1.0 + step as f64), layer, gradients);
            after.push(values(&layer));
        }
        after
    }

    #[test]
    fn adam_matches_burns_to_the_last_bit() {
        for penalty in [0.0, 0.05] {
            let decay = (penalty > 0.0).then_some(WeightDecayConfig { penalty });
            let burns = AdamConfig::new().with_epsilon(1e-8).with_weight_decay(decay).init();
            let ours = ModuleOptimizer::from(Adam::new(0.9, 0.999, 1e-8, penalty));
            assert_eq!(trained(ours, 6), trained(burns, 6), "weight decay {penalty}");
        }
    }

    #[test]
    fn adamw_matches_burns_to_the_last_bit() {
        for weight_decay in [0.0, 0.1] {
            let burns = AdamWConfig::new().with_epsilon(1e-8).with_weight_decay(weight_decay).init();
            let ours = ModuleOptimizer::from(Adam::adamw(0.9, 0.999, 1e-8, weight_decay));
            assert_eq!(trained(ours, 6), trained(burns, 6), "weight decay {weight_decay}");
        }
    }

    #[test]
    fn the_cpu_loop_matches_the_default_body() {
        // Non-contiguous inputs (a transposed view) take the copy path of `contiguous`.
        let device = Device::flex();
        let tensor = |seed: usize| {
            let data: Vec<f32> = (0..12).map(|i| (((i + seed) * 5 % 13) as f32 - 6.0) * 0.21).collect();
            Tensor::<2>::from_data(TensorData::new(data, [3, 4]), &device).transpose()
        };
        let v = tensor(3).abs();
        for optimizer in [Adam::new(0.9, 0.999, 1e-8, 0.02), Adam::adamw(0.8, 0.99, 1e-6, 0.1)] {
            let step = optimizer.step_at(3e-2, 4);
            let dispatch = |t: &Tensor<2>| t.clone().into_dispatch();
            let run = |out: (FloatTensor<Dispatch>, FloatTensor<Dispatch>, FloatTensor<Dispatch>)| {
                [out.0, out.1, out.2]
                    .map(|t| Tensor::<2>::from_dispatch(t).into_data().try_to_vec::<f32>().expect("f32"))
            };
            let ours = run(<Dispatch as AdamOps>::adam_step(
                dispatch(&tensor(0)),
                dispatch(&tensor(1)),
                dispatch(&tensor(2)),
                dispatch(&v),
                step,
            ));
            let default = run(default_step::<Dispatch>(
                dispatch(&tensor(0)),
                dispatch(&tensor(1)),
                dispatch(&tensor(2)),
                dispatch(&v),
                step,
            ));
            assert_eq!(ours, default, "{optimizer:?}");
        }
    }

    #[test]
    fn a_copy_of_the_model_kept_aside_is_left_as_it_was() {
        let device = Device::flex().autodiff();
        let layer: Linear = LinearConfig::new(3, 2).init(&device);
        let kept = layer.clone();
        let before = values(&kept);
        let x = Tensor::<2>::ones([2, 3], &device);
        let gradients = GradientsParams::from_grads(layer.forward(x).sum().backward(), &layer);
        let mut optimizer = ModuleOptimizer::from(Adam::new(0.9, 0.999, 1e-8, 0.0));
        let stepped = optimizer.step(0.1, layer, gradients);
        assert_eq!(values(&kept), before);
        // Adam's first step moves every weight by about the learning rate.
        for (after, before) in values(&stepped).iter().zip(&before) {
            assert!(((after - before).abs() - 0.1).abs() < 1e-4, "{before} → {after}");
        }
        assert_eq!(stepped.num_params(), kept.num_params());
    }
}
