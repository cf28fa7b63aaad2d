//! The benchmark workloads on this project's own model: the classifier the lessons train (token
//! embedding, learned positions, pre-LayerNorm blocks with exact GELU, final LayerNorm, mean
//! pooling, linear head) at the sizes of `bench-tiny` and `bench-small`, trained with Adam
//! (lr 1e-3, ε 1e-8) by the same step the trainer takes, reading the loss back every step.

use burn::module::Module;
#[cfg(not(target_arch = "wasm32"))]
use burn::module::{ModuleVisitor, Param};
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Bool, Device, Int, Tensor, TensorData};
use web_time::Instant;

use super::data::{self, BATCH, VOCAB};
use super::{BenchResult, Workload};
use crate::config::{Config, OptimizerKind, Positional, Schedule};
use crate::model::{Classifier, ClassifierConfig, EncoderConfig, Init, cross_entropy_sum};
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
    /// Threads that share each batch (natively; a browser trains on one).
    #[cfg(not(target_arch = "wasm32"))]
    threads: usize,
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
            #[cfg(not(target_arch = "wasm32"))]
            threads: 1,
        }
    }

    /// Each batch split by rows between `threads` threads (at least 1), each running the forward
    /// and backward pass of its rows on its own copy of the model; their gradients add up to the
    /// whole batch's, and one Adam step applies them. The same maths as one thread, up to the
    /// order of float additions.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.clamp(1, BATCH);
        self
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
        let (tokens, labels) = data::batch(self.step, self.workload.seq_len());
        #[cfg(not(target_arch = "wasm32"))]
        if self.threads > 1 {
            // The model stays in place until its gradients are in: a failed step keeps it.
            let model = self.model.as_ref().ok_or(TrainError::Interrupted)?;
            let (loss, gradients) = self.on_threads(model, &tokens, &labels)?;
            let model = self.model.take().ok_or(TrainError::Interrupted)?;
            self.model = Some(self.optimizer.step(1e-3, model, gradients));
            self.step += 1;
            return Ok(loss);
        }
        let model = self.model.take().ok_or(TrainError::Interrupted)?;
        let (loss, gradients) = share(&model, &tokens, &labels, &self.device);
        self.model = Some(self.optimizer.step(1e-3, model, gradients));
        self.step += 1;
        loss.into_scalar_async::<f32>().await.map_err(read_error)
    }

    /// The loss and gradients of one batch, its rows split between `self.threads` threads: this
    /// one takes the first share, one spawned thread each of the others.
    #[cfg(not(target_arch = "wasm32"))]
    fn on_threads(
        &self,
        model: &Classifier,
        tokens: &[u32],
        labels: &[u32],
    ) -> Result<(f32, GradientsParams), TrainError> {
        let rows = labels.len().div_ceil(self.threads);
        let len = self.workload.seq_len();
        let device = &self.device;
        let mut shares = labels.chunks(rows).zip(tokens.chunks(rows * len));
        let run = |model: &Classifier, (labels, tokens): (&[u32], &[u32])| {
            let (loss, gradients) = share(model, tokens, labels, device);
            let loss = pollster::block_on(loss.into_scalar_async::<f32>()).map_err(read_error)?;
            Ok::<_, TrainError>((loss, gradients))
        };
        let first = shares.next().ok_or(TrainError::Interrupted)?;
        let results: Vec<_> = std::thread::scope(|scope| {
            // Each thread differentiates its own copy of the parameters (fresh autodiff leaves),
            // so the threads' graphs stay apart; the gradients keep the parameters' ids.
            let others: Vec<_> = shares
                .map(|rows| {
                    let model = model.clone().fork(device);
                    scope.spawn(move || run(&model, rows))
                })
                .collect();
            let mut results = vec![run(model, first)];
            results.extend(others.into_iter().map(|thread| {
                thread.join().unwrap_or_else(|_| Err(TrainError::Read("a benchmark thread panicked".into())))
            }));
            results
        });
        let mut loss = 0.0;
        let mut parts = Vec::with_capacity(results.len());
        for result in results {
            let (share_loss, gradients) = result?;
            loss += share_loss;
            parts.push(gradients);
        }
        let mut sum = SumGradients { total: GradientsParams::new(), parts };
        model.visit(&mut sum);
        Ok((loss, sum.total))
    }
}

/// Some rows of a batch (`labels.len()` rows, their tokens row after row): their summed
/// cross-entropy divided by the whole batch's row count, so that the shares of a batch add up
/// to its mean loss, and the gradients of that share.
fn share(
    model: &Classifier,
    tokens: &[u32],
    labels: &[u32],
    device: &Device,
) -> (Tensor<1>, GradientsParams) {
    let rows = labels.len();
    let len = tokens.len() / rows.max(1);
    let tokens: Vec<i64> = tokens.iter().copied().map(i64::from).collect();
    let labels: Vec<i64> = labels.iter().copied().map(i64::from).collect();
    let tokens = Tensor::<2, Int>::from_data(TensorData::new(tokens, [rows, len]), device); //   [rows, L]
    let targets = Tensor::<2, Int>::from_data(TensorData::new(labels, [rows, 1]), device); //   [rows, 1]
    let padding = Tensor::<2, Bool>::from_data(TensorData::new(vec![false; rows * len], [rows, len]), device);
    let weights = Tensor::<2>::ones([rows, 1], device); //                   every example counts once

    let logits = model.forward(tokens, padding).logits; //                                   [rows, 1, 2]
    let loss = cross_entropy_sum(logits, targets, weights).div_scalar(BATCH as f32); //      [1]
    let gradients = GradientsParams::from_grads(loss.backward(), model);
    (loss, gradients)
}

/// Adds up, parameter by parameter, the gradients of a batch's shares.
#[cfg(not(target_arch = "wasm32"))]
struct SumGradients {
    total: GradientsParams,
    parts: Vec<GradientsParams>,
}

#[cfg(not(target_arch = "wasm32"))]
impl ModuleVisitor for SumGradients {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let sum = self.parts.iter_mut().filter_map(|part| part.remove::<D>(param.id)).reduce(|a, b| a + b);
        if let Some(sum) = sum {
            self.total.register(param.id, sum);
        }
    }
}

/// `warmup` untimed steps, then `timed` timed ones (`WARMUP` and `TIMED` for the real benchmark).
pub async fn run(
    workload: Workload,
    device: &Device,
    warmup: usize,
    timed: usize,
) -> Result<BenchResult, TrainError> {
    run_bench(Bench::new(workload, device), warmup, timed).await
}

/// [`run`] on a given [`Bench`] (e.g. one that shares its batches between threads).
pub async fn run_bench(mut bench: Bench, warmup: usize, timed: usize) -> Result<BenchResult, TrainError> {
    let workload = bench.workload;
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
