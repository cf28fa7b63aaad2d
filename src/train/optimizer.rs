//! The optimiser a config asks for: SGD (with momentum; burn's), Adam or AdamW (ours, in
//! `adam.rs`: burn's arithmetic in one pass), with weight decay and gradient clipping.
//!
//! ```text
//! SGD     v ← μ·v + g          w ← w − lr·v                    (g includes λ·w with weight decay)
//! Adam    m, v: running means of g and g², bias-corrected;  w ← w − lr·m̂/(√v̂ + ε)
//! AdamW   as Adam, but the decay is decoupled:             w ← w·(1 − lr·λ) − lr·m̂/(√v̂ + ε)
//! ```
//!
//! Clipping scales each parameter tensor's gradient down to at most `clip` in L2 norm (burn's rule:
//! per tensor, where PyTorch's `clip_grad_norm_` uses one norm over all parameters).

use burn::grad_clipping::GradientClippingConfig;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{ModuleOptimizer, SgdConfig};

use super::adam::Adam;
use crate::config::{Config, OptimizerKind};

/// β₁ and β₂ of Adam and AdamW: the usual 0.9 and 0.999 (burn's, PyTorch's and TensorFlow's).
const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;

/// ε of Adam and AdamW: 1e-8 as in the Adam paper, PyTorch and TensorFlow (burn's default is 1e-5).
const EPSILON: f32 = 1e-8;

/// The optimiser for `config`'s kind, momentum, weight decay and clipping.
pub fn optimizer(config: &Config) -> ModuleOptimizer {
    let clipping = (config.clip > 0.0).then_some(GradientClippingConfig::Norm(config.clip as f32));
    let decay =
        (config.weight_decay > 0.0).then_some(WeightDecayConfig { penalty: config.weight_decay as f32 });
    // Adam and AdamW: our one-pass update (`adam.rs`), the same arithmetic as burn's.
    let adam = |adam: Adam| match clipping.clone() {
        Some(clipping) => ModuleOptimizer::from(adam).with_grad_clipping(clipping.init()),
        None => ModuleOptimizer::from(adam),
    };
    match config.optimizer {
        OptimizerKind::Adam => adam(Adam::new(BETA_1, BETA_2, EPSILON, decay.map_or(0.0, |d| d.penalty))),
        OptimizerKind::AdamW => adam(Adam::adamw(BETA_1, BETA_2, EPSILON, config.weight_decay as f32)),
        OptimizerKind::Sgd => SgdConfig::new()
            .with_momentum((config.momentum > 0.0).then_some(MomentumConfig {
                momentum: config.momentum,
                // PyTorch's convention: the new gradient enters the velocity undamped.
                dampening: 0.0,
                nesterov: false,
            }))
            .with_weight_decay(decay)
            .with_gradient_clipping(clipping)
            .init(),
    }
}

/// Whether going from `previous` to `config` needs a fresh optimiser (its state — momentum, Adam's
/// moments — belongs to the old one).
pub fn changed(previous: &Config, config: &Config) -> bool {
    let knobs = |c: &Config| (c.optimizer, c.momentum.to_bits(), c.weight_decay.to_bits(), c.clip.to_bits());
    knobs(previous) != knobs(config)
}
