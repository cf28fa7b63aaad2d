//! The worker's side: one async loop owns the
//! [`Trainer`]: it trains in slices of a few tens of milliseconds, yields to the worker's event
//! loop between slices (so that Pause, Probe and config changes get through), and reports the
//! losses of each slice in one message.

use futures::StreamExt;
use futures::channel::mpsc::UnboundedReceiver;
use gloo_worker::{HandlerId, WorkerScope};
use wasm_bindgen::JsCast;

use super::TrainerWorker;
use super::adapter::{get, request_adapter};
use crate::bench::Workload;
use crate::config::{BackendPreference, Config, LessonId};
use crate::lessons::custom::{self, Table};
use crate::lessons::{self, LessonData, Split};
use crate::model_file::ModelFile;
use crate::protocol::{
    Adapter, BackendInfo, BackendKind, BackendReason, CELL_ANSWERS_SHOWN, CellAnswer, CellAnswers, Command,
    Event, LoadFailure, Measurement, NoWebGpu, SaveFor, StepLoss,
};
use crate::size::{Budget, Shape, SizeReport};
use crate::train::{TrainError, Trainer, Verdict, weights};
use burn::tensor::Device;

/// Longest stretch of training between two looks at the message queue.
const SLICE_MS: f64 = 40.0;
/// While training runs, the probe's full reading (every stage of every head, saliency, embedding
/// map) is sent at most this often; validation still follows `eval_every`. A page cannot redraw
/// a dozen matrices faster than this anyway.
const INSPECT_EVERY_MS: f64 = 250.0;

pub(super) async fn run(
    scope: WorkerScope<TrainerWorker>,
    mut queue: UnboundedReceiver<(HandlerId, Command)>,
) {
    let mut session = Session {
        scope,
        page: None,
        backends: Backends::default(),
        trainer: None,
        baseline: None,
        custom: None,
        running: false,
        last_inspection: f64::NEG_INFINITY,
        stale: false,
        validated: None,
        kind: BackendKind::Cpu,
    };
    loop {
        if !session.running {
            // Training stopped: show the model as it is now, validation included (so that the
            // confusion matrix and its listed answers describe the same model).
            // The probe too: training may have stopped between two evaluations.
            if session.trainer.as_ref().is_some_and(|t| Some(t.steps()) != session.validated) {
                session.validate().await;
                session.stale = true;
            }
            if session.stale {
                session.inspect().await;
            }
            match queue.next().await {
                Some((id, command)) => session.handle(id, command).await,
                None => return,
            }
        }
        while let Ok((id, command)) = queue.try_recv() {
            session.handle(id, command).await;
        }
        if session.running {
            session.train_slice().await;
            // A macrotask boundary, so that messages from the page are delivered.
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
}

struct Session {
    scope: WorkerScope<TrainerWorker>,
    /// Who to answer (the page's bridge).
    page: Option<HandlerId>,
    backends: Backends,
    trainer: Option<Trainer>,
    /// The attention-free baseline, trained step for step beside `trainer` when the config asks.
    baseline: Option<Trainer>,
    /// The learner's own data, for the `custom` lesson (its sample until they bring some).
    custom: Option<Table>,
    running: bool,
    /// When the probe's full reading was last sent (`performance.now()`).
    last_inspection: f64,
    /// Whether the model has changed since that reading.
    stale: bool,
    /// The step of the last validation sent.
    validated: Option<usize>,
    /// The backend the model trains on.
    kind: BackendKind,
}

impl Session {
    fn send(&self, event: Event) {
        if let Some(id) = self.page {
            self.scope.respond(id, event);
        }
    }

    fn error(&self, message: impl std::fmt::Display) {
        self.send(Event::Error(message.to_string()));
    }

    fn set_running(&mut self, running: bool) {
        self.running = running;
        self.send(Event::Running(running));
    }

    /// The model's size and what it needs while training, on its backend (with the baseline's
    /// network when it trains alongside).
    fn size(&self) -> Option<SizeReport> {
        let trainer = self.trainer.as_ref()?;
        let shape = Shape { networks: 1 + usize::from(self.baseline.is_some()), ..trainer.shape() };
        Some(SizeReport { footprint: shape.footprint(), backend: self.kind })
    }

    /// Tells the page the model's size; returns whether it may train.
    fn report_size(&self) -> bool {
        let Some(report) = self.size() else { return false };
        self.send(Event::Size(report));
        report.check().is_ok()
    }

    async fn handle(&mut self, id: HandlerId, command: Command) {
        self.page = Some(id);
        match command {
            Command::Reset(config) => self.reset(config).await,
            Command::Configure(config) => match &mut self.trainer {
                Some(trainer) if !config.needs_reset(trainer.config()) => {
                    let probe_changed = config.probe != trainer.config().probe;
                    let heads_changed = config.heads_off != trainer.config().heads_off;
                    let sampling_changed = (config.temperature, config.top_k, config.sample_len)
                        != (
                            trainer.config().temperature,
                            trainer.config().top_k,
                            trainer.config().sample_len,
                        );
                    trainer.update_training(&config);
                    if let Some(baseline) = &mut self.baseline {
                        baseline.update_training(&config);
                    }
                    // The batch size may have changed: a bigger batch may not fit.
                    if !self.report_size() && self.running {
                        self.set_running(false);
                    }
                    if heads_changed {
                        // Ablation: recompute validation and the probe at once, no training.
                        self.validate().await;
                        self.probe().await;
                    } else if probe_changed {
                        self.probe().await;
                    }
                    if (probe_changed || sampling_changed) && !self.running {
                        self.sample().await;
                    }
                }
                _ => self.reset(config).await,
            },
            Command::Train => {
                if let Some(trainer) = &mut self.trainer
                    && trainer.finished()
                {
                    // Pressing Train after the last epoch trains as many epochs again.
                    trainer.extend();
                    if let Some(baseline) = &mut self.baseline {
                        baseline.extend();
                    }
                }
                let fits = self.report_size();
                self.set_running(fits);
            }
            Command::Pause => self.set_running(false),
            Command::Sample => self.sample().await,
            Command::Cell { truth, predicted } => self.cell(truth, predicted).await,
            Command::EvaluateTest => {
                self.set_running(false);
                if let Some(trainer) = &self.trainer {
                    match trainer.evaluate(Split::Test).await {
                        Ok(report) => self.send(Event::Test(report)),
                        Err(e) => self.error(e),
                    }
                }
            }
            Command::Data(table) => {
                self.custom = Some(table);
                if let Some(config) = self.trainer.as_ref().map(|t| t.config().clone())
                    && config.lesson == LessonId::Custom
                {
                    self.reset(config).await;
                }
            }
            Command::Watch(name) => match super::watch::hold(&name).await {
                Ok(()) => self.send(Event::Watching(name)),
                // Without Web Locks the page cannot notice a dead worker; training works as before.
                Err(why) => web_sys::console::warn_1(&why.into()),
            },
            Command::Save(purpose) => self.save(purpose).await,
            Command::Load(file) => self.load(*file).await,
            Command::Bench { workload, backend, warmup, timed } => {
                self.bench(workload, backend, warmup, timed).await
            }
            Command::Step => {
                self.set_running(false);
                if !self.report_size() {
                    return;
                }
                self.train_steps(1).await;
                if self.evaluate().await == Some(Verdict::Stop) {
                    self.restore_best(true);
                    self.send(Event::Finished);
                }
            }
        }
    }

    async fn reset(&mut self, config: Config) {
        let was_running = self.running;
        self.running = false;
        let data = match (config.lesson, &self.custom) {
            (LessonId::Custom, Some(table)) => custom::lesson(table, config.seed, config.proportions()),
            _ => lessons::load(&config),
        };
        let (device, info) = self.backends.choose(&config, &data).await;
        self.kind = info.kind;
        self.send(Event::Backend(info));
        self.baseline = None;
        if config.baseline {
            match Trainer::from_data(&config, data.clone(), &device, true) {
                Ok(baseline) => self.baseline = Some(baseline),
                Err(e) => self.error(e),
            }
        }
        match Trainer::from_data(&config, data, &device, false) {
            Ok(trainer) => {
                self.send(ready(&trainer));
                self.trainer = Some(trainer);
                let fits = self.report_size();
                self.evaluate().await;
                self.set_running(was_running && fits);
            }
            Err(e) => {
                self.trainer = None;
                self.error(e);
                self.set_running(false);
            }
        }
    }

    /// The current model as a model file.
    async fn save(&mut self, purpose: SaveFor) {
        let Some(trainer) = &self.trainer else { return };
        match trainer.to_file(self.custom.clone()).await {
            Ok(file) => self.send(Event::Saved(purpose, Box::new(file))),
            Err(e) => self.error(e),
        }
    }

    /// Carries on from a model file on the backend the file's settings choose. The current model
    /// is replaced only once the new one has loaded.
    async fn load(&mut self, file: ModelFile) {
        let (config, _) = file.config();
        let data = weights::lesson_data(&file);
        let (device, info) = self.backends.choose(&config, &data).await;
        let trainer = match Trainer::from_file(&file, &device) {
            Ok(trainer) => trainer,
            Err(e) => {
                let failure = match e {
                    TrainError::Vocabulary => LoadFailure::Vocabulary,
                    TrainError::BadWeights(why) => LoadFailure::Weights(why),
                    other => LoadFailure::Other(other.to_string()),
                };
                return self.send(Event::LoadFailed(failure));
            }
        };
        self.kind = info.kind;
        self.send(Event::Backend(info));
        self.set_running(false);
        if let Some(table) = &file.header.custom {
            self.custom = Some(table.clone());
        }
        // The attention-free baseline is not saved: it starts over beside the loaded model.
        self.baseline =
            config.baseline.then(|| Trainer::from_data(&config, data, &device, true).ok()).flatten();
        self.send(ready(&trainer));
        self.send(Event::Loaded { step: trainer.steps(), epoch: trainer.epoch() });
        self.trainer = Some(trainer);
        self.report_size();
        self.validated = None;
        self.evaluate().await;
    }

    /// The speed benchmark: its own model and data, nothing shared with the lesson's.
    async fn bench(&mut self, workload: Workload, backend: BackendPreference, warmup: usize, timed: usize) {
        self.set_running(false);
        let (device, info) = match backend {
            BackendPreference::Cpu => {
                (Device::flex(), info(BackendKind::Cpu, BackendReason::Chosen, None, None))
            }
            preference => match self.backends.webgpu().await {
                Ok((device, adapter)) => {
                    (device, info(BackendKind::WebGpu, BackendReason::Chosen, Some(adapter), None))
                }
                Err(why) => {
                    let auto = preference == BackendPreference::Auto;
                    (
                        Device::flex(),
                        info(BackendKind::Cpu, BackendReason::NoWebGpu { why, auto }, None, None),
                    )
                }
            },
        };
        self.send(Event::Backend(info));
        let result = crate::bench::run::run(workload, &device, warmup, timed).await;
        self.send(Event::Bench(result.map_err(|e| e.to_string())));
    }

    /// Trains for about [`SLICE_MS`], evaluating whenever `eval_every` steps have passed.
    async fn train_slice(&mut self) {
        let start = now_ms();
        while self.running && now_ms() - start < SLICE_MS {
            let Some(trainer) = &self.trainer else { return self.set_running(false) };
            if trainer.finished() {
                self.set_running(false);
                self.restore_best(false);
                self.send(Event::Finished);
                return;
            }
            let until_eval = trainer.config().eval_every - trainer.steps() % trainer.config().eval_every;
            self.train_steps_within(until_eval, start).await;
            let Some(trainer) = &self.trainer else { return };
            let due = trainer.steps() % trainer.config().eval_every == 0 || trainer.finished();
            if due && self.evaluate().await == Some(Verdict::Stop) {
                self.set_running(false);
                self.restore_best(true);
                self.send(Event::Finished);
                return;
            }
        }
    }

    async fn train_steps(&mut self, n: usize) {
        self.train_steps_within(n, f64::INFINITY).await;
    }

    /// Up to `n` steps, stopping early once [`SLICE_MS`] has passed since `start`.
    async fn train_steps_within(&mut self, n: usize, start: f64) {
        let Some(trainer) = &mut self.trainer else { return };
        let mut losses = Vec::with_capacity(n);
        let mut failure = None;
        let begin = now_ms();
        for _ in 0..n {
            match trainer.step().await {
                Ok(loss) => losses.push(StepLoss { step: trainer.steps(), loss }),
                Err(e) => {
                    failure = Some((e, false));
                    break;
                }
            }
            if let Some(baseline) = &mut self.baseline
                && let Err(e) = baseline.step().await
            {
                failure = Some((e, true));
                break;
            }
            if now_ms() - start >= SLICE_MS || trainer.finished() {
                break;
            }
        }
        let progress = Event::Progress {
            losses,
            step: trainer.steps(),
            epoch: trainer.epoch(),
            lr: trainer.learning_rate(),
            times: trainer.take_times(),
            wall_ms: now_ms() - begin,
        };
        self.send(progress);
        match failure {
            Some((TrainError::Diverged { step, loss, restored }, baseline)) => {
                self.stale = true;
                self.send(Event::Diverged { step, loss, restored, baseline });
                self.set_running(false);
            }
            // A read from the GPU that fails mid-run means the device is lost or broken: end
            // this worker, and the page carries on from its kept model on the CPU.
            Some((e @ TrainError::Read(_), _)) if self.kind == BackendKind::WebGpu => {
                super::watch::panicked(format!("WebGPU failed while training: {e}"));
                self.running = false;
            }
            Some((e, _)) => {
                self.error(e);
                self.set_running(false);
            }
            None => {}
        }
    }

    /// Validation loss/accuracy, then the probe's reading and the embedding map (at most every
    /// [`INSPECT_EVERY_MS`] while training runs). Returns early stopping's verdict, if it is on.
    async fn evaluate(&mut self) -> Option<Verdict> {
        let verdict = self.validate().await;
        if self.running && now_ms() - self.last_inspection < INSPECT_EVERY_MS {
            self.stale = true;
            return verdict;
        }
        self.inspect().await;
        verdict
    }

    /// Early stopping: back to the best model seen, and tell the page. The views are refreshed
    /// once training has stopped.
    fn restore_best(&mut self, early: bool) {
        let Some(trainer) = &mut self.trainer else { return };
        let at_step = trainer.steps();
        if let Some(best) = trainer.restore_best() {
            self.stale = true;
            self.send(Event::Restored { best, at_step, early });
        }
    }

    /// The validation answers in one confusion cell.
    async fn cell(&mut self, truth: usize, predicted: usize) {
        let Some(trainer) = &self.trainer else { return };
        let answers = match trainer.answers(Split::Validation).await {
            Ok(answers) => answers,
            Err(e) => return self.error(e),
        };
        let data = trainer.data();
        let per_position = data.output != lessons::Output::Pooled;
        let in_cell: Vec<_> =
            answers.iter().filter(|a| a.truth == truth && a.predicted == predicted).collect();
        let listed = in_cell
            .iter()
            .take(CELL_ANSWERS_SHOWN)
            .filter_map(|a| {
                let example = data.validation.get(a.example)?;
                let token = (data.output == lessons::Output::PerToken)
                    .then(|| example.tokens.get(a.position).cloned())
                    .flatten();
                Some(CellAnswer {
                    text: example.text.clone(),
                    position: per_position.then_some(a.position),
                    token,
                    confidence: a.confidence,
                })
            })
            .collect();
        let step = trainer.steps();
        self.send(Event::Cell(CellAnswers { truth, predicted, step, total: in_cell.len(), answers: listed }));
    }

    /// The probe's reading and the embedding map; with training stopped, a language model also
    /// writes a sample.
    async fn inspect(&mut self) {
        self.stale = false;
        self.last_inspection = now_ms();
        self.probe().await;
        if !self.running {
            self.sample().await;
        }
        let Some(trainer) = &mut self.trainer else { return };
        match trainer.embedding_map().await {
            Ok(Some(map)) => self.send(Event::Embeddings(map)),
            Ok(None) => {}
            Err(e) => self.error(e),
        }
    }

    /// Validation with every head, and with the config's `heads_off` switched off if any are;
    /// early stopping's verdict on it when early stopping is on.
    async fn validate(&mut self) -> Option<Verdict> {
        let Some(trainer) = &mut self.trainer else { return None };
        let full = match trainer.evaluate(Split::Validation).await {
            Ok(report) => report,
            Err(e) => {
                self.error(e);
                return None;
            }
        };
        let watch = trainer.watch(&full);
        let heads_off = &trainer.config().heads_off;
        let ablated = if heads_off.is_empty() {
            None
        } else {
            match trainer.evaluate_with(Split::Validation, heads_off).await {
                Ok(report) => Some(report),
                Err(e) => {
                    self.error(e);
                    return None;
                }
            }
        };
        let baseline = match &self.baseline {
            Some(baseline) => match baseline.evaluate(Split::Validation).await {
                Ok(report) => Some(report),
                Err(e) => {
                    self.error(e);
                    return None;
                }
            },
            None => None,
        };
        self.validated = Some(full.step);
        self.send(Event::Validation { full, ablated, baseline, watch });
        watch
    }

    /// A language-model lesson writes a continuation of the probe text; other lessons do not.
    async fn sample(&mut self) {
        let Some(trainer) = &self.trainer else { return };
        if trainer.config().lesson != LessonId::CharLm {
            return;
        }
        match trainer.sample(&trainer.config().probe).await {
            Ok(report) => self.send(Event::Sample(report)),
            Err(e) => self.send(Event::ProbeError(e.into())),
        }
    }

    async fn probe(&mut self) {
        let Some(trainer) = &self.trainer else { return };
        let text = &trainer.config().probe;
        match trainer.probe(text).await {
            Ok(mut report) => {
                // A translation: the "no attention" variant translates the same text beside it.
                if let (Some(translation), Some(baseline)) = (&mut report.translation, &self.baseline) {
                    let text = if text.trim().is_empty() { &trainer.data().default_probe } else { text };
                    translation.baseline = baseline.translate(text).await.ok();
                }
                self.send(Event::Probe(Box::new(report)))
            }
            Err(e) => self.send(Event::ProbeError(e.into())),
        }
    }
}

/// The CPU device, and the WebGPU device once it has been asked for (it can be initialised only
/// once per worker, so the outcome is kept).
#[derive(Default)]
struct Backends {
    webgpu: Option<Result<(Device, Adapter), NoWebGpu>>,
    /// The last `auto` decision, reused until the model's shape changes.
    measured: Option<(Config, BackendInfo)>,
}

impl Backends {
    async fn webgpu(&mut self) -> Result<(Device, Adapter), NoWebGpu> {
        if self.webgpu.is_none() {
            self.webgpu = Some(init_webgpu().await);
        }
        self.webgpu.clone().unwrap_or(Err(NoWebGpu::NoApi))
    }

    /// The device for `config.backend`, and what to tell the learner about it.
    async fn choose(&mut self, config: &Config, data: &LessonData) -> (Device, BackendInfo) {
        let cpu = Device::flex();
        match config.backend {
            BackendPreference::Cpu => {
                let adapter = self.webgpu.as_ref().and_then(|r| r.as_ref().ok()).map(|(_, a)| a.clone());
                (cpu, info(BackendKind::Cpu, BackendReason::Chosen, adapter, None))
            }
            BackendPreference::WebGpu => match self.webgpu().await {
                Ok((device, adapter)) => {
                    (device, info(BackendKind::WebGpu, BackendReason::Chosen, Some(adapter), None))
                }
                Err(why) => {
                    (cpu, info(BackendKind::Cpu, BackendReason::NoWebGpu { why, auto: false }, None, None))
                }
            },
            BackendPreference::Auto => {
                let (webgpu, adapter) = match self.webgpu().await {
                    Ok(found) => found,
                    Err(why) => {
                        return (
                            cpu,
                            info(BackendKind::Cpu, BackendReason::NoWebGpu { why, auto: true }, None, None),
                        );
                    }
                };
                if let Some((measured_for, decision)) = &self.measured
                    && same_model_shape(measured_for, config)
                {
                    let device = if decision.kind == BackendKind::WebGpu { webgpu } else { cpu };
                    return (device, decision.clone());
                }
                let cpu_ms = ms_per_step(config, data, &cpu, BackendKind::Cpu).await;
                let webgpu_ms = ms_per_step(config, data, &webgpu, BackendKind::WebGpu).await;
                let measured = Some(Measurement { cpu_ms_per_step: cpu_ms, webgpu_ms_per_step: webgpu_ms });
                let faster_gpu = webgpu_ms < cpu_ms;
                let kind = if faster_gpu { BackendKind::WebGpu } else { BackendKind::Cpu };
                let decision = info(kind, BackendReason::Measured, Some(adapter), measured);
                self.measured = Some((config.clone(), decision.clone()));
                (if faster_gpu { webgpu } else { cpu }, decision)
            }
        }
    }
}

/// The page's news that `trainer` holds a fresh (or freshly loaded) model.
fn ready(trainer: &Trainer) -> Event {
    let data = trainer.data();
    Event::Ready {
        config: trainer.config().clone(),
        train_examples: data.train.len(),
        validation_examples: data.validation.len(),
        test_examples: data.test.len(),
        output: data.output,
        classes: data.classes.clone(),
    }
}

fn info(
    kind: BackendKind,
    reason: BackendReason,
    adapter: Option<Adapter>,
    measured: Option<Measurement>,
) -> BackendInfo {
    BackendInfo { kind, reason, adapter, measured }
}

fn same_model_shape(a: &Config, b: &Config) -> bool {
    (a.lesson, a.lang, a.d_model, a.n_heads, a.n_layers, a.d_ff, a.batch_size)
        == (b.lesson, b.lang, b.d_model, b.n_heads, b.n_layers, b.d_ff, b.batch_size)
}

/// Milliseconds per training step of `config`'s model on `device`: one warm-up step (shader
/// compilation, allocation), then up to three timed steps or about a second, whichever is first.
async fn ms_per_step(config: &Config, data: &LessonData, device: &Device, kind: BackendKind) -> f64 {
    let Ok(mut trainer) = Trainer::from_data(config, data.clone(), device, false) else {
        return f64::INFINITY;
    };
    // A model too big for this backend is not run on it, not even to time it.
    if trainer.shape().footprint().check(Budget::of(kind)).is_err() {
        return f64::INFINITY;
    }
    if trainer.step().await.is_err() {
        return f64::INFINITY;
    }
    let start = now_ms();
    let mut steps = 0;
    while steps < 3 && (steps == 0 || now_ms() - start < 1000.0) {
        if trainer.step().await.is_err() {
            return f64::INFINITY;
        }
        steps += 1;
    }
    (now_ms() - start) / steps as f64
}

/// Asks the browser for a WebGPU adapter, then initialises burn's wgpu runtime on it.
/// Returns the device and a description of the adapter.
#[cfg(feature = "webgpu")]
async fn init_webgpu() -> Result<(Device, Adapter), NoWebGpu> {
    let adapter = request_adapter().await?;
    let device = Device::wgpu_options().init_async().await.map_err(|e| NoWebGpu::Failed(e.to_string()))?;
    Ok((device, adapter))
}

/// The CPU-only worker, which the page starts where the browser offers no adapter: it says why
/// there is none, as the full worker would (and, should an adapter have appeared since, that this
/// worker cannot use it).
#[cfg(not(feature = "webgpu"))]
async fn init_webgpu() -> Result<(Device, Adapter), NoWebGpu> {
    request_adapter().await?;
    Err(NoWebGpu::NotInThisWorker)
}

/// `performance.now()` of the worker, in milliseconds.
fn now_ms() -> f64 {
    let performance = get(&js_sys::global(), "performance");
    get(&performance, "now")
        .dyn_into::<js_sys::Function>()
        .ok()
        .and_then(|now| now.call0(&performance).ok())
        .and_then(|t| t.as_f64())
        .unwrap_or_else(js_sys::Date::now)
}
