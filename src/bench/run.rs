//! The benchmark workloads on this project's own model: the classifier the lessons train (token
//! embedding, learned positions, pre-LayerNorm blocks with exact GELU, final LayerNorm, mean
//! pooling, linear head) at the sizes of `bench-tiny` and `bench-small`, trained with Adam
//! (lr 1e-3, ε 1e-8) by the same step the trainer takes, reading the loss back every step.

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Bool, Device, Int, Tensor, TensorData};
use web_time::Instant;

use super::data::{self, BATCH, VOCAB};
use super::{BenchResult, Workload};
use crate::config::{Config, OptimizerKind, Positional, Schedule};
use crate::model::{Classifier, ClassifierConfig, EncoderConfig, Init, cross_entropy};
use crate::pattern::Pattern;
use crate::train::optimizer;
use crate::train::trainer::{TrainError, read_error};

/// Seed of the initial weights.
const WEIGHT_SEED: u64 = 0;

impl Workload {
    fn model_config(self) -> ClassifierConfig {
        let (len, d_model, n_layers, n_heads, d_ff) = self.dims();
        ClassifierConfig {
            vocab_size: VOCAB,
            encoder: EncoderConfig {
                max_len: len,
                d_model,
                n_heads,
                n_layers,
                d_ff,
                positional: Positional::Learned,
                scaled: true,
                pattern: Pattern::default(),
                attention_free: false,
                dropout: 0.0,
            },
            n_classes: 2,
            per_token: false,
        }
    }

    /// The optimiser's settings as the playground's config holds them.
    fn training(self) -> Config {
        Config {
            optimizer: OptimizerKind::Adam,
            lr: 1e-3,
            weight_decay: 0.0,
            clip: 0.0,
            schedule: Schedule::Constant,
            ..Config::default()
        }
    }
}

/// One workload's model and optimiser, stepping through the workload's batches.
pub struct Bench {
    workload: Workload,
    device: Device,
    model: Option<Classifier>,
    optimizer: ModuleOptimizer,
    step: usize,
}

impl Bench {
    /// A fresh model on `device` (with autodiff), weights from a fixed seed.
    pub fn new(workload: Workload, device: &Device) -> Self {
        let device = device.clone().autodiff();
        let model = workload.model_config().init(&mut Init::new(WEIGHT_SEED, &device));
        Self::with_model(workload, &device, model)
    }

    /// `model` (e.g. given weights) trained on the workload from step 0.
    pub fn with_model(workload: Workload, device: &Device, model: Classifier) -> Self {
        Self {
            workload,
            device: device.clone(),
            model: Some(model),
            optimizer: optimizer::optimizer(&workload.training()),
            step: 0,
        }
    }

    /// An untrained model of the workload's shape, weights from `seed`, on `device`.
    pub fn model(workload: Workload, seed: u64, device: &Device) -> Classifier {
        workload.model_config().init(&mut Init::new(seed, &device.clone().autodiff()))
    }

    pub fn parameters(&self) -> usize {
        self.model.as_ref().map_or(0, Module::num_params)
    }

    /// One step on the next batch (upload, forward, backward, Adam), with its loss read back.
    pub async fn step(&mut self) -> Result<f32, TrainError> {
        let len = self.workload.seq_len();
        let (tokens, labels) = data::batch(self.step, len);
        let tokens: Vec<i64> = tokens.into_iter().map(i64::from).collect();
        let labels: Vec<i64> = labels.into_iter().map(i64::from).collect();
        let tokens = Tensor::<2, Int>::from_data(TensorData::new(tokens, [BATCH, len]), &self.device); // [B, L]
        let targets = Tensor::<2, Int>::from_data(TensorData::new(labels, [BATCH, 1]), &self.device); // [B, 1]
        let padding = Tensor::<2, Bool>::from_data(
            TensorData::new(vec![false; BATCH * len], [BATCH, len]),
            &self.device,
        );
        let weights = Tensor::<2>::ones([BATCH, 1], &self.device); // every example counts once

        let model = self.model.take().ok_or(TrainError::Interrupted)?;
        let logits = model.forward(tokens, padding).logits; //                                         [B, 1, 2]
        let loss = cross_entropy(logits, targets, weights); //                                         [1]
        let gradients = GradientsParams::from_grads(loss.backward(), &model);
        self.model = Some(self.optimizer.step(1e-3, model, gradients));
        self.step += 1;
        loss.into_scalar_async::<f32>().await.map_err(read_error)
    }
}

/// `warmup` untimed steps, then `timed` timed ones (`WARMUP` and `TIMED` for the real benchmark).
pub async fn run(
    workload: Workload,
    device: &Device,
    warmup: usize,
    timed: usize,
) -> Result<BenchResult, TrainError> {
    let mut bench = Bench::new(workload, device);
    for _ in 0..warmup {
        bench.step().await?;
    }
    let mut times = Vec::with_capacity(timed);
    let mut final_loss = f32::NAN;
    let start = Instant::now();
    for _ in 0..timed {
        let step_start = Instant::now();
        final_loss = bench.step().await?;
        times.push(step_start.elapsed().as_secs_f64() * 1000.0);
    }
    let seconds = start.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let steps_per_s = timed as f64 / seconds.max(1e-12);
    Ok(BenchResult {
        workload,
        steps_per_s,
        median_ms: times.get(times.len() / 2).copied().unwrap_or(f64::NAN),
        final_loss,
        parameters: bench.parameters(),
        gflops: steps_per_s * workload.flops_per_step() as f64 / 1e9,
    })
}
