//! The training loop, one step at a time.
//!
//! burn-train's `Learner` cannot run in a browser (it reads tensors synchronously), so the loop is
//! written out here as in burn's `custom-training-loop` example: batch → forward → cross-entropy →
//! backward → optimiser step. Every read from the device is `async`, which is what WebGPU in a
//! browser requires; natively the futures complete at once.
//!
//! The trainer knows nothing of the page: whoever drives it decides when to call [`Trainer::step`],
//! [`Trainer::evaluate`] and [`Trainer::probe`] (in `inspect.rs`), and gets plain reports back.

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use web_time::Instant;

use super::batch::{self, Targets};
use super::early_stop::{EarlyStopping, Verdict};
use super::metrics::Confusion;
use super::report::{Answer, CONFUSION_MAX_CLASSES, EvalReport, HIT_RATE_AT, PhaseTimes, TaskScore};
use super::{optimizer, schedule};
use crate::config::{Config, HeadSet};
use crate::inspect::pca::Components;
use crate::lessons::InputError;
use crate::lessons::{self, LessonData, Output, Split};
use crate::model::matmul::matmul;
use crate::model::{
    ClassifierConfig, EncoderConfig, Init, InputMismatch, MatcherConfig, Network, TranslatorConfig,
    VisionConfig, cross_entropy, cross_entropy_sum, mean_squared_error, squared_error_sum,
};
use crate::pattern::Pattern;
use crate::size::Shape;

/// A step's loss counts as exploded above this many times the run's first loss (or times 1, when
/// that was smaller): a cross-entropy of 100 means wrong answers held with certainty e^100.
const EXPLODED: f32 = 100.0;

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("reading a result back from the device failed: {0}")]
    Read(String),
    #[error("there is nothing to read: type a sentence")]
    EmptyProbe,
    #[error("the lesson has no training examples")]
    NoTrainingData,
    #[error("a previous step failed midway; reset the model")]
    Interrupted,
    #[error("the lesson cannot read this: {0}")]
    BadInput(#[from] InputError),
    #[error("the saved weights do not fit this model: {0}")]
    BadWeights(String),
    #[error("the file's vocabulary or classes are not the ones this lesson builds")]
    Vocabulary,
    #[error(
        "the loss became {loss} at step {step}: training diverged; the weights of step {restored} are back"
    )]
    Diverged { step: usize, loss: f32, restored: usize },
    #[error(transparent)]
    Input(#[from] InputMismatch),
}

pub(crate) fn read_error(error: impl std::fmt::Debug) -> TrainError {
    TrainError::Read(format!("{error:?}"))
}

pub struct Trainer {
    config: Config,
    data: LessonData,
    /// The autodiff device training runs on.
    device: Device,
    /// `None` only while an optimiser step holds it.
    pub(super) model: Option<Network>,
    optimizer: ModuleOptimizer,
    /// Order of the training examples in the current epoch.
    order: Vec<usize>,
    cursor: usize,
    shuffle: StdRng,
    step: usize,
    /// Epochs granted beyond `config.epochs` by pressing Train after a finished run.
    extra_epochs: usize,
    /// The embedding map's last axes, so that the next map keeps their orientation.
    pub(super) embedding_axes: Option<Components>,
    /// Early stopping's watch over validation, when the config asks for it.
    watch: Option<EarlyStopping>,
    /// The model that scored best so far on the watched metric, and that score's report.
    checkpoint: Option<(Network, EvalReport)>,
    /// The step of the last report early stopping took.
    watched: Option<usize>,
    /// Time spent in each phase of the steps since [`Trainer::take_times`] was last called.
    times: PhaseTimes,
    /// The last weights whose loss was finite and not exploded, and their step: where a
    /// diverging run rolls back to.
    safe: Option<(Network, usize)>,
    /// The first loss of this trainer, which "exploded" is measured against.
    first_loss: Option<f32>,
    /// Parameters of the model.
    params: usize,
    /// Examples per forward pass when evaluating (no gradients, so usually more than a training
    /// batch; fewer for a big model, see [`Shape::eval_chunk`]).
    eval_chunk: usize,
}

impl Trainer {
    /// A freshly initialised model for `config` on `device` (seeded: same config, same model).
    pub fn new(config: &Config, device: &Device) -> Result<Self, TrainError> {
        Self::from_data(config, lessons::load(config), device, false)
    }

    /// A model for `config` trained on `data` (e.g. the learner's own), with learned attention
    /// or, when `attention_free`, the baseline's fixed uniform weights.
    pub fn from_data(
        config: &Config,
        data: LessonData,
        device: &Device,
        attention_free: bool,
    ) -> Result<Self, TrainError> {
        if data.train.is_empty() {
            return Err(TrainError::NoTrainingData);
        }
        let device = device.clone().autodiff();
        let vocab_size = data.vocab.len();
        let encoder = EncoderConfig {
            max_len: data.max_len,
            d_model: config.d_model,
            n_heads: config.n_heads,
            n_layers: config.n_layers,
            d_ff: config.d_ff,
            positional: config.positional,
            scaled: config.scaled,
            pattern: Pattern::of(config),
            attention_free,
            dropout: config.dropout,
        };
        if config.dropout > 0.0 {
            // Dropout draws on the backend's random numbers: seed them, so a run can be repeated.
            device.seed(config.seed);
        }
        let init = &mut Init::new(config.seed, &device);
        let n_classes = data.n_outputs();
        let model = match (data.output, &data.image, &data.picture) {
            (_, Some(image), _) => Network::Vision(
                VisionConfig { encoder, patch_pixels: image.patch_pixels, n_classes }.init(init),
            ),
            (_, None, Some(picture)) => Network::Matcher(
                MatcherConfig {
                    vocab_size,
                    encoder,
                    patches: picture.patches,
                    patch_values: picture.patch_pixels,
                    n_classes,
                }
                .init(init),
            ),
            (Output::Translation, None, None) => Network::Translator(
                TranslatorConfig { vocab_size, encoder, n_classes, target_len: data.target_len }.init(init),
            ),
            (output, None, None) => Network::Classifier(
                ClassifierConfig { vocab_size, encoder, n_classes, per_token: output == Output::PerToken }
                    .init(init),
            ),
        };
        let order = (0..data.train.len()).collect();
        let params = model.num_params();
        let mut trainer = Self {
            optimizer: optimizer::optimizer(config),
            config: config.clone(),
            data,
            device,
            model: Some(model),
            order,
            cursor: usize::MAX, // shuffle before the first batch
            shuffle: StdRng::seed_from_u64(config.seed ^ 0xba7c4),
            step: 0,
            extra_epochs: 0,
            embedding_axes: None,
            watch: watch(config),
            checkpoint: None,
            watched: None,
            times: PhaseTimes::default(),
            safe: None,
            first_loss: None,
            params,
            eval_chunk: 1,
        };
        trainer.eval_chunk = trainer.shape().eval_chunk();
        Ok(trainer)
    }

    /// What the memory this model needs depends on (one network: the caller adds the baseline).
    pub fn shape(&self) -> Shape {
        let (config, data) = (&self.config, &self.data);
        let all = || data.train.iter().chain(&data.validation).chain(&data.test);
        // A batch is as long as its longest input: at most the longest example (an image is
        // always all its patches; a captioned picture's patches are counted beside its words).
        let longest = all().map(|e| e.tokens.len()).max().unwrap_or(0).min(data.max_len)
            + data.picture.map_or(0, |p| p.patches);
        Shape {
            params: self.params,
            networks: 1,
            batch: config.batch_size,
            held_out: data.validation.len().max(data.test.len()),
            len: if data.image.is_some() { data.max_len } else { longest.max(1) },
            target_len: data.target_len,
            d_model: config.d_model,
            d_ff: config.d_ff,
            n_heads: config.n_heads,
            n_layers: config.n_layers,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The device training runs on (with autodiff).
    pub(super) fn device(&self) -> &Device {
        &self.device
    }

    pub fn data(&self) -> &LessonData {
        &self.data
    }

    /// Training steps taken so far.
    pub fn steps(&self) -> usize {
        self.step
    }

    pub fn steps_per_epoch(&self) -> usize {
        self.data.train.len().div_ceil(self.config.batch_size.max(1))
    }

    /// Epochs completed (a fraction while inside one).
    pub fn epoch(&self) -> f64 {
        self.step as f64 / self.steps_per_epoch() as f64
    }

    /// Whether the configured number of epochs (plus any granted by [`Trainer::extend`]) has
    /// been trained.
    pub fn finished(&self) -> bool {
        self.epoch() >= (self.config.epochs + self.extra_epochs) as f64
    }

    /// Allows another `epochs` epochs after the run has finished.
    pub fn extend(&mut self) {
        self.extra_epochs += self.config.epochs;
    }

    /// Applies changed training knobs (learning rate, schedule, batch size, epochs, …) without
    /// touching the model. A changed optimiser (kind, momentum, weight decay, clipping) starts
    /// with fresh optimiser state.
    pub fn update_training(&mut self, config: &Config) {
        if optimizer::changed(&self.config, config) {
            self.optimizer = optimizer::optimizer(config);
        }
        let stopping = |c: &Config| (c.early_stop, c.monitor, c.patience);
        if stopping(&self.config) != stopping(config) {
            self.watch = watch(config);
            self.checkpoint = None;
            self.watched = None;
        }
        self.config = config.clone();
    }

    /// Steps in the whole run: the configured epochs and any granted since.
    pub fn total_steps(&self) -> usize {
        (self.config.epochs + self.extra_epochs) * self.steps_per_epoch()
    }

    /// The learning rate of the next step, after the schedule.
    pub fn learning_rate(&self) -> f64 {
        let c = &self.config;
        schedule::learning_rate(c.schedule, c.lr, c.warmup, self.step, self.total_steps())
    }

    pub fn model(&self) -> Result<&Network, TrainError> {
        self.model.as_ref().ok_or(TrainError::Interrupted)
    }

    /// Moves to `steps` steps without training, drawing the batches an uninterrupted run would
    /// have drawn (so that training on continues in the same data order). Steps beyond what any
    /// run here takes are counted but not drawn.
    pub(super) fn skip_to(&mut self, steps: usize) {
        const MAX_DRAWN: usize = 1_000_000;
        while self.step < steps.min(MAX_DRAWN) {
            self.next_batch();
            self.step += 1;
        }
        self.step = self.step.max(steps);
    }

    /// The next training batch, reshuffling at each epoch boundary.
    fn next_batch(&mut self) -> Vec<usize> {
        let size = self.config.batch_size.max(1);
        if self.cursor >= self.order.len() {
            self.order.shuffle(&mut self.shuffle);
            self.cursor = 0;
        }
        let end = (self.cursor + size).min(self.order.len());
        let indices = self.order[self.cursor..end].to_vec();
        self.cursor = end;
        indices
    }

    /// Early stopping: takes a validation report (with every head on) of the current model.
    /// A new best keeps a copy of the model. `None` when early stopping is off.
    /// A second report of the same step (a head switched off and on again) is not counted.
    pub fn watch(&mut self, report: &EvalReport) -> Option<Verdict> {
        if self.checkpoint.as_ref().is_some_and(|(_, best)| best.step == report.step)
            || self.watched == Some(report.step)
        {
            return None;
        }
        self.watched = Some(report.step);
        let verdict = self.watch.as_mut()?.observe(report);
        if verdict == Verdict::Improved {
            let model = self.model.as_ref()?.clone();
            self.checkpoint = Some((model, report.clone()));
        }
        Some(verdict)
    }

    /// Puts back the model that scored best under early stopping, and returns its validation
    /// report; `None` when there is no such model. Training may go on from it, with a fresh
    /// patience.
    pub fn restore_best(&mut self) -> Option<EvalReport> {
        let (model, report) = self.checkpoint.as_ref()?;
        self.model = Some(model.clone());
        self.safe = None; // later weights are no place to roll back to
        if let Some(watch) = &mut self.watch {
            watch.restart();
        }
        Some(report.clone())
    }

    /// Time spent per phase since the last call, and how many steps and examples it covers.
    pub fn take_times(&mut self) -> PhaseTimes {
        std::mem::take(&mut self.times)
    }

    /// One optimiser step on one batch; returns the batch's loss (before the update).
    ///
    /// Each phase is timed on the host clock. On the CPU backend the work is done inside its
    /// phase; on WebGPU the forward, backward and optimiser phases only record work for the GPU,
    /// and the read-back waits for all of it.
    pub async fn step(&mut self) -> Result<f32, TrainError> {
        let start = Instant::now();
        let indices = self.next_batch();
        let examples: Vec<_> = indices.iter().map(|&i| &self.data.train[i]).collect();
        let batch = batch::encode(&examples, &self.data, &self.device);

        let model = self.model.take().ok_or(TrainError::Interrupted)?;
        // The weights this step starts from, kept in case its loss shows they are broken (the
        // parameters are shared handles: the copy costs nothing until the optimiser replaces them).
        let kept = model.clone();
        let output = match model.forward(batch.input, batch.padding, batch.decoder) {
            Ok(output) => output,
            Err(mismatch) => {
                self.model = Some(model);
                return Err(mismatch.into());
            }
        };
        let loss = match batch.targets {
            Targets::Classes(ids) => cross_entropy(output.logits, ids, batch.weights), //          [1]
            Targets::Values(values) => mean_squared_error(output.logits, values, batch.weights), // [1]
            Targets::Tasks(tasks) => {
                let [first, second] = *tasks;
                // Two heads side by side: the first task's classes, then the second's.
                let (a, b) = split_tasks(output.logits, self.data.classes.len());
                let weight = self.config.task_weight as f32;
                cross_entropy(a, first, batch.weights.clone())
                    + cross_entropy(b, second, batch.weights) * weight
            }
        };
        let forward = Instant::now();
        let gradients = GradientsParams::from_grads(loss.backward(), &model);
        let backward = Instant::now();
        let lr = self.learning_rate();
        self.model = Some(self.optimizer.step(lr, model, gradients));
        self.step += 1;
        let optimised = Instant::now();

        let loss = loss.into_scalar_async::<f32>().await.map_err(read_error);
        let read = Instant::now();
        let ms = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64() * 1000.0;
        let times = &mut self.times;
        times.forward_ms += ms(start, forward);
        times.backward_ms += ms(forward, backward);
        times.optimizer_ms += ms(backward, optimised);
        times.read_ms += ms(optimised, read);
        times.steps += 1;
        times.examples += indices.len();
        self.guard(loss?, kept)
    }

    /// Divergence: a non-finite or exploded loss means the weights it was computed with are
    /// broken. Puts back the last weights with a sound loss (and their step), starts the
    /// optimiser afresh (its moments hold the explosion) and reports what happened; whoever
    /// drives the trainer pauses and tells the learner.
    fn guard(&mut self, loss: f32, start: Network) -> Result<f32, TrainError> {
        let first = *self.first_loss.get_or_insert(if loss.is_finite() { loss } else { 1.0 });
        let step = self.step; // this step's loss is the loss of the weights after step - 1 updates
        if loss.is_finite() && loss <= EXPLODED * first.max(1.0) {
            self.safe = Some((start, step - 1));
            return Ok(loss);
        }
        let (model, restored) = self.safe.clone().unwrap_or((start, step - 1));
        self.model = Some(model);
        self.step = restored;
        self.optimizer = optimizer::optimizer(&self.config);
        Err(TrainError::Diverged { step, loss, restored })
    }

    /// Mean loss and accuracy on a whole split, without gradients, with every head on.
    pub async fn evaluate(&self, split: Split) -> Result<EvalReport, TrainError> {
        self.evaluate_with(split, &HeadSet::default()).await
    }

    /// Mean loss and scores on a whole split with the heads in `heads_off` switched off
    /// (ablation: their output is zeroed; nothing is retrained). For a lesson with an expected
    /// attention pattern, also the alignment of the best-aligned head.
    pub async fn evaluate_with(&self, split: Split, heads_off: &HeadSet) -> Result<EvalReport, TrainError> {
        let model = self.model()?.valid();
        let device = self.device.clone().without_autodiff();
        let examples = self.data.split(split);
        // Per chunk: the loss summed, then the lesson's sums (see `Sums`), then alignment mass,
        // then the confusion counts.
        let (mut sums, mut aligned, mut rows, mut confusions) = (vec![], vec![], vec![], vec![]);
        let first_classes = self.data.classes.len();
        let counted =
            (1..=CONFUSION_MAX_CLASSES).contains(&first_classes) && self.data.output != Output::Value;
        for chunk in examples.chunks(self.eval_chunk) {
            let refs: Vec<_> = chunk.iter().collect();
            let batch = batch::encode(&refs, &self.data, &device);
            let [n, seq] = batch.padding.dims();
            let embedded = model.embed(batch.input)?;
            let output = model.forward_embedded(embedded, batch.padding, batch.decoder, heads_off);
            let [_, positions, _] = output.logits.dims();
            let self_attention = output.attention();
            let weights = batch.weights;
            match batch.targets {
                Targets::Classes(ids) => {
                    let predicted = output.logits.clone().argmax(2).reshape([n, positions]); // [batch, positions]
                    if counted {
                        confusions.push(confusion(
                            predicted.clone(),
                            ids.clone(),
                            weights.clone(),
                            first_classes,
                        ));
                    }
                    let correct = predicted.equal(ids.clone()).float() * weights.clone();
                    let hits = in_top(output.logits.clone(), ids.clone(), HIT_RATE_AT) * weights.clone();
                    sums.push(cross_entropy_sum(output.logits, ids, weights.clone()));
                    sums.push(correct.sum());
                    sums.push(hits.sum());
                    sums.push(weights.sum());
                }
                Targets::Tasks(tasks) => {
                    let [first, second] = *tasks;
                    // Per task: cross-entropy summed, right answers; then n.
                    let (a, b) = split_tasks(output.logits, self.data.classes.len());
                    for (task, (logits, ids)) in [(a, first), (b, second)].into_iter().enumerate() {
                        let predicted = logits.clone().argmax(2).reshape([n, 1]);
                        if counted && task == 0 {
                            confusions.push(confusion(
                                predicted.clone(),
                                ids.clone(),
                                weights.clone(),
                                first_classes,
                            ));
                        }
                        sums.push(cross_entropy_sum(logits, ids.clone(), weights.clone()));
                        sums.push(predicted.equal(ids).float().sum());
                    }
                    sums.push(weights.sum());
                }
                Targets::Values(values) => {
                    // Standardised units: SSE, Σ|error|, Σy, Σy², n.
                    let predicted = output.logits.clone().reshape([n, 1]);
                    sums.push(squared_error_sum(output.logits, values.clone(), weights.clone()));
                    sums.push((predicted - values.clone()).abs().sum());
                    sums.push(values.clone().sum());
                    sums.push((values.clone() * values).sum());
                    sums.push(weights.sum());
                }
            }
            if let Some(expected) = self.data.expected {
                // Attention mass each head puts on the expected cells, summed over the queries:
                // the encoder's self-attention, or a translator's cross-attention.
                let patterns: Vec<_> = chunk.iter().map(|e| expected.cells(&e.text, &e.tokens)).collect();
                let maps = if output.cross.is_empty() { self_attention } else { output.cross };
                let [_, _, queries, keys] = maps.first().map_or([n, 1, seq, seq], |m| m.dims());
                let (cells, wanted_rows) = batch::expected_cells(&patterns, queries, keys, &device);
                for weights in maps {
                    let mass = (weights * cells.clone()).sum_dim(3) * wanted_rows.clone(); // [batch, heads, seq, 1]
                    aligned.push(mass.sum_dim(0).sum_dim(2).flatten::<1>(0, 3)); //        [heads]
                }
                rows.push(wanted_rows.sum());
            }
        }
        let mut report = EvalReport {
            step: self.step,
            loss: f32::NAN,
            accuracy: None,
            hit_rate: None,
            mse: None,
            mae: None,
            r2: None,
            tasks: Vec::new(),
            examples: 0,
            alignment: None,
            confusion: None,
        };
        if sums.is_empty() {
            return Ok(report);
        }
        // One read for the whole split: [the lesson's sums…, expected rows, per layer × head mass…].
        let chunks = examples.len().div_ceil(self.eval_chunk);
        let per_chunk = sums.len() / chunks;
        let mut parts = vec![Tensor::cat(sums, 0).reshape([chunks, per_chunk]).sum_dim(0).flatten::<1>(0, 1)];
        if !rows.is_empty() {
            parts.push(Tensor::cat(rows, 0).sum());
            // Chunks are laid out chunk-major; sum each (layer, head) over the chunks.
            let heads = aligned.len() / chunks * self.config.n_heads;
            parts.push(Tensor::cat(aligned, 0).reshape([chunks, heads]).sum_dim(0).flatten::<1>(0, 1));
        }
        let cells = if confusions.is_empty() { 0 } else { first_classes * first_classes };
        if cells > 0 {
            parts.push(Tensor::cat(confusions, 0).reshape([chunks, cells]).sum_dim(0).flatten::<1>(0, 1));
        }
        let totals = Tensor::cat(parts, 0).into_data_async().await.map_err(read_error)?;
        let totals: Vec<f32> = totals.try_to_vec::<f32>().map_err(read_error)?;
        let (lesson_sums, rest) = totals.split_at(per_chunk);
        let (alignment, counts) = rest.split_at(rest.len() - cells);
        if cells > 0 {
            report.confusion = Some(Confusion { classes: first_classes, counts: counts.to_vec() });
        }
        report.examples = examples.len();
        if !self.data.second_classes.is_empty()
            && let [loss_a, hits_a, loss_b, hits_b, n] = *lesson_sums
        {
            let n = n.max(1.0);
            report.tasks = vec![
                TaskScore { loss: loss_a / n, accuracy: hits_a / n },
                TaskScore { loss: loss_b / n, accuracy: hits_b / n },
            ];
            report.loss = (loss_a + loss_b * self.config.task_weight as f32) / n;
            report.accuracy = Some(hits_a / n);
        } else if let [sse, abs, sum, sum_sq, n] = *lesson_sums {
            let n = n.max(1.0);
            let scale = self.data.standardize.unwrap_or_default();
            let total_variation = (sum_sq - sum * sum / n).max(1e-9);
            report.loss = sse / n;
            report.mse = Some(sse / n * scale.std * scale.std);
            report.mae = Some(abs / n * scale.std);
            report.r2 = Some(1.0 - sse / total_variation);
        } else if let [loss, hits, top, answers] = *lesson_sums {
            let answers = answers.max(1.0);
            report.loss = loss / answers;
            report.accuracy = Some(hits / answers);
            report.hit_rate = (self.data.classes.len() > HIT_RATE_AT).then_some(top / answers);
        }
        if let Some((rows, mass)) = alignment.split_first() {
            let rows = rows.max(1.0);
            report.alignment = Some(mass.iter().map(|m| m / rows).fold(0.0f32, f32::max));
        }
        Ok(report)
    }
}

/// 1 where the class `ids` names is among the `k` highest of `logits`, else 0: `[batch,
/// positions, classes]`, `[batch, positions]` → `[batch, positions]`. (A class ranks by how many
/// classes score strictly higher; ties count in its favour.)
fn in_top(logits: Tensor<3>, ids: Tensor<2, Int>, k: usize) -> Tensor<2> {
    let [batch, positions, classes] = logits.dims();
    let right = logits.clone().gather(2, ids.reshape([batch, positions, 1])); //  [batch, positions, 1]
    let higher = logits.greater(right.repeat_dim(2, classes)).float().sum_dim(2); // [batch, positions, 1]
    higher.lower_elem(k as f32).float().reshape([batch, positions])
}

impl Trainer {
    /// Every asked answer on a split (a multi-task lesson: its first task), with the model's
    /// prediction and the probability it gave that prediction; empty for a regression lesson.
    /// One read from the device.
    pub async fn answers(&self, split: Split) -> Result<Vec<Answer>, TrainError> {
        let model = self.model()?.valid();
        let device = self.device.clone().without_autodiff();
        let examples = self.data.split(split);
        let first_classes = self.data.classes.len();
        // Per chunk, flattened [answers] each: predicted, confidence, truth, weight.
        let (mut parts, mut layout) = (vec![], vec![]);
        for (chunk_index, chunk) in examples.chunks(self.eval_chunk).enumerate() {
            let refs: Vec<_> = chunk.iter().collect();
            let batch = batch::encode(&refs, &self.data, &device);
            let output = model.forward(batch.input, batch.padding, batch.decoder)?;
            let ids = match batch.targets {
                Targets::Classes(ids) => ids,
                Targets::Tasks(tasks) => {
                    let [first, _] = *tasks;
                    first
                }
                Targets::Values(_) => return Ok(Vec::new()),
            };
            let [n, positions] = ids.dims();
            let logits = split_tasks(output.logits, first_classes).0; //          [batch, positions, classes]
            let probabilities = burn::tensor::activation::softmax(logits, 2);
            let confidence = probabilities.clone().max_dim(2).reshape([n * positions]);
            let predicted = probabilities.argmax(2).reshape([n * positions]).float();
            parts.extend([predicted, confidence, ids.reshape([n * positions]).float()]);
            parts.push(batch.weights.reshape([n * positions]));
            layout.push((chunk_index * self.eval_chunk, n, positions));
        }
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let values = Tensor::cat(parts, 0).into_data_async().await.map_err(read_error)?;
        let values: Vec<f32> = values.try_to_vec::<f32>().map_err(read_error)?;
        let mut answers = Vec::new();
        let mut offset = 0;
        for (first_example, n, positions) in layout {
            let size = n * positions;
            let column = |k: usize| &values[offset + k * size..offset + (k + 1) * size];
            let (predicted, confidence, truth, weight) = (column(0), column(1), column(2), column(3));
            for i in (0..size).filter(|&i| weight[i] > 0.0) {
                answers.push(Answer {
                    example: first_example + i / positions,
                    position: i % positions,
                    truth: truth[i] as usize,
                    predicted: predicted[i] as usize,
                    confidence: confidence[i],
                });
            }
            offset += 4 * size;
        }
        Ok(answers)
    }
}

/// An early-stopping watch for `config`, if it asks for one.
fn watch(config: &Config) -> Option<EarlyStopping> {
    config.early_stop.then(|| EarlyStopping::new(config.monitor, config.patience))
}

/// `[classes²]`: the (true, predicted) counts of one batch, row-major, each answer counted with its
/// weight (0 where nothing is asked): `onehot(truth)ᵀ · onehot(predicted)`.
fn confusion(
    predicted: Tensor<2, Int>,
    truth: Tensor<2, Int>,
    weights: Tensor<2>,
    classes: usize,
) -> Tensor<1> {
    let [n, positions] = truth.dims();
    let answers = n * positions;
    let device = truth.device();
    let ids =
        Tensor::<1, Int>::arange(0..classes as i64, &device).reshape([1, classes]).repeat_dim(0, answers);
    let one_hot =
        |t: Tensor<2, Int>| t.reshape([answers, 1]).repeat_dim(1, classes).equal(ids.clone()).float();
    let truth = one_hot(truth) * weights.reshape([answers, 1]); //    [answers, classes]
    matmul(truth.transpose(), one_hot(predicted)).reshape([classes * classes]) // [classes, classes]
}

/// `[batch, positions, first + second]` → the first task's logits and the second's.
pub(super) fn split_tasks(logits: Tensor<3>, first: usize) -> (Tensor<3>, Tensor<3>) {
    let [batch, positions, outputs] = logits.dims();
    (
        logits.clone().slice([0..batch, 0..positions, 0..first]),
        logits.slice([0..batch, 0..positions, first..outputs]),
    )
}

/// Index of the largest value (the first one on ties).
pub fn argmax(values: &[f32]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &v)| if v > best.1 { (i, v) } else { best })
        .0
}

#[cfg(test)]
mod tests {
    use burn::tensor::TensorData;

    use super::*;

    #[test]
    fn in_top_says_whether_the_right_class_is_among_the_k_most_likely() {
        let device = Device::flex();
        // One example, two positions, four classes. Position 0 wants class 2, the second highest;
        // position 1 wants class 1, the lowest.
        let logits: Tensor<3> = Tensor::from_data(
            TensorData::new(vec![0.1f32, 0.4, 0.3, 0.2, 0.9, 0.1, 0.5, 0.7], [1, 2, 4]),
            &device,
        );
        let ids: Tensor<2, Int> = Tensor::from_data(TensorData::new(vec![2i64, 1], [1, 2]), &device);
        let read = |k| {
            let data = pollster::block_on(in_top(logits.clone(), ids.clone(), k).into_data_async());
            data.expect("read").try_to_vec::<f32>().expect("f32")
        };
        assert_eq!(read(1), vec![0.0, 0.0]);
        assert_eq!(read(2), vec![1.0, 0.0]);
        assert_eq!(read(3), vec![1.0, 0.0]);
        assert_eq!(read(4), vec![1.0, 1.0]);
    }
}
