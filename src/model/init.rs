//! Seeded parameter initialisation.
//!
//! Every weight is drawn on the host from one seeded generator and then uploaded, so a seed gives
//! the same initial model on every backend (CPU or WebGPU), and a run can be reproduced from a
//! link. The distributions are PyTorch's defaults: a linear layer's weight and bias are
//! U(−1/√fan_in, 1/√fan_in), an embedding is N(0, 1).

use burn::module::Param;
use burn::nn::{Embedding, LayerNorm, LayerNormConfig, Linear};
use burn::tensor::{Device, Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Draws parameters in a fixed order from one seeded stream.
pub struct Init {
    rng: StdRng,
    device: Device,
}

impl Init {
    pub fn new(seed: u64, device: &Device) -> Self {
        Self { rng: StdRng::seed_from_u64(seed), device: device.clone() }
    }

    pub fn device(&self) -> &Device {
        &self.device
    }

    /// A parameter of the given shape with values U(−bound, bound).
    pub fn uniform<const D: usize>(&mut self, shape: [usize; D], bound: f32) -> Param<Tensor<D>> {
        let n = shape.iter().product();
        let values: Vec<f32> = (0..n).map(|_| self.rng.random_range(-1.0f32..1.0) * bound).collect();
        Param::from_data(TensorData::new(values, shape), &self.device)
    }

    /// A parameter of the given shape with values N(0, std²) (Box–Muller).
    pub fn normal<const D: usize>(&mut self, shape: [usize; D], std: f32) -> Param<Tensor<D>> {
        let n = shape.iter().product();
        let values: Vec<f32> = (0..n)
            .map(|_| {
                let u1: f32 = 1.0 - self.rng.random::<f32>(); // (0, 1]: ln is finite
                let u2: f32 = self.rng.random();
                std * (-2.0 * u1.ln()).sqrt() * (2.0 * std::f32::consts::PI * u2).cos()
            })
            .collect();
        Param::from_data(TensorData::new(values, shape), &self.device)
    }

    /// `y = x·W + b` with W `[d_in, d_out]`.
    pub fn linear(&mut self, d_in: usize, d_out: usize) -> Linear {
        let bound = 1.0 / (d_in as f32).sqrt();
        Linear { weight: self.uniform([d_in, d_out], bound), bias: Some(self.uniform([d_out], bound)) }
    }

    /// A lookup table of `n` vectors of width `d`.
    pub fn embedding(&mut self, n: usize, d: usize) -> Embedding {
        Embedding { weight: self.normal([n, d], 1.0) }
    }

    /// LayerNorm with gain 1 and bias 0 (no randomness).
    pub fn layer_norm(&mut self, d: usize) -> LayerNorm {
        LayerNormConfig::new(d).init(&self.device)
    }
}
