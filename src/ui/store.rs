//! The page's state: reactive signals fed by the worker's events. Plain numbers only.

use leptos::prelude::*;

use std::collections::VecDeque;

use crate::bench::BenchResult;
use crate::compare::{MAX_RUNS, Run};
use crate::config::{Config, ConfigNotice};
use crate::history;
use crate::inspect::timeline::CAPACITY;
use crate::inspect::{EmbeddingMap, Snapshot, Timeline};
use crate::lessons::Output;
use crate::lessons::custom::{self, DataError};
use crate::model_file::{FileError, History, ModelFile};
use crate::protocol::{BackendInfo, CellAnswers, Event, LoadFailure, ProbeProblem, StepLoss};
use crate::size::SizeReport;
use crate::train::{AttentionMaps, EvalReport, PhaseTimes, ProbeReport, SampleReport, Verdict};

/// Steps averaged into a training-loss readout (a single batch's loss is noisy).
pub const SMOOTHING: usize = 10;
/// Training slices the speed readout averages over (a slice is a few tens of milliseconds).
const SPEED_WINDOW: usize = 25;

/// Training speed over the last few slices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Speed {
    /// Time per phase, summed, with the steps and examples it covers.
    pub times: PhaseTimes,
    /// Wall-clock milliseconds those steps took (with the baseline's, when it trains too).
    pub wall_ms: f64,
}

impl Speed {
    pub fn steps_per_second(&self) -> Option<f64> {
        (self.wall_ms > 0.0 && self.times.steps > 0).then(|| self.times.steps as f64 / self.wall_ms * 1000.0)
    }

    pub fn examples_per_second(&self) -> Option<f64> {
        (self.wall_ms > 0.0 && self.times.steps > 0)
            .then(|| self.times.examples as f64 / self.wall_ms * 1000.0)
    }

    /// Milliseconds per step spent in one phase's total.
    pub fn per_step(&self, ms: f64) -> f64 {
        ms / self.times.steps.max(1) as f64
    }
}

/// Early stopping put back the best model: its validation result, the step training had reached,
/// and whether it stopped training early.
#[derive(Clone, Debug, PartialEq)]
pub struct Restored {
    pub best: EvalReport,
    pub at_step: usize,
    pub early: bool,
}

/// A message about the run that is not an error: the page carried on, and says what it did.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// The loss became `loss` (non-finite or exploded) at `step` with learning rate `lr`; the
    /// model (or, with `baseline`, the attention-free baseline) is back at its weights of step
    /// `restored`, and training paused.
    Diverged { step: usize, loss: f32, restored: usize, baseline: bool, lr: f64 },
}

/// The training worker died and a fresh one carries on.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// What the worker said as it panicked, if it did.
    pub details: Option<String>,
    /// It died on the GPU: the fresh one trains on the CPU.
    pub to_cpu: bool,
    /// The step of the kept model it carries on from; `None`: none was kept, it starts over.
    pub step: Option<usize>,
}

/// What happened to the model file last (saving, loading, keeping it in the browser).
#[derive(Clone, Debug, PartialEq)]
pub enum ModelStatus {
    Saved(String),
    /// A file (`Some(name)`) or the browser's kept copy (`None`) is on its way into the trainer.
    Loading(Option<String>),
    /// A file (`Some(name)`) or the browser's kept copy (`None`) was loaded at this step.
    Loaded {
        name: Option<String>,
        step: usize,
    },
    /// The file was refused before anything was sent to the trainer.
    Refused(FileError),
    /// The trainer could not use the file; the current model stays.
    Failed(LoadFailure),
    /// The browser's storage failed.
    Storage(String),
    /// What was kept was forgotten.
    Fresh,
}

/// A model file on its way into the trainer: what the page restores once it has loaded, and the
/// file itself, which goes to the trainer again if the backend changes before it has loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingLoad {
    pub name: Option<String>,
    pub config: Config,
    pub file: ModelFile,
}

/// The attention the heatmap, head view and model view draw: the live probe, or a snapshot of the
/// timeline being replayed.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownAttention {
    pub tokens: Vec<String>,
    pub attention: AttentionMaps,
    pub step: usize,
    /// Whether this is the current model (not a replayed snapshot).
    pub live: bool,
}

/// Every signal of the page. `Copy`, so components take it by value.
#[derive(Clone, Copy)]
pub struct Store {
    /// The settings as the controls show them (the URL mirrors this).
    pub config: RwSignal<Config>,
    /// The config of the model the worker trains now (from its last `Ready`, with the training
    /// knobs it last trained with).
    pub trained_config: RwSignal<Option<Config>>,
    /// What reading the URL changed.
    pub notices: RwSignal<Vec<ConfigNotice>>,
    pub backend: RwSignal<Option<BackendInfo>>,
    pub running: RwSignal<bool>,
    pub finished: RwSignal<bool>,
    pub step: RwSignal<usize>,
    pub epoch: RwSignal<f64>,
    /// The learning rate the next step uses (after the schedule); `None` before the first step.
    pub lr: RwSignal<Option<f64>>,
    /// The final exam's result: the test split, evaluated once per run.
    pub test: RwSignal<Option<EvalReport>>,
    /// Loss of every training step since the last reset (older steps merged in pairs once there
    /// are many: see [`history`]).
    pub train_losses: RwSignal<Vec<StepLoss>>,
    /// Validation results since the last reset (all heads on; thinned once there are many).
    pub validation: RwSignal<Vec<EvalReport>>,
    /// The latest validation result with the config's `heads_off` switched off, if any are.
    pub ablated: RwSignal<Option<EvalReport>>,
    /// Every validation result of the attention-free baseline, when it trains alongside.
    pub baseline: RwSignal<Vec<EvalReport>>,
    pub probe: RwSignal<Option<ProbeReport>>,
    /// Why the current probe text could not be read.
    pub probe_error: RwSignal<Option<ProbeProblem>>,
    /// Examples in train / validation / test.
    pub counts: RwSignal<Option<(usize, usize, usize)>>,
    pub error: RwSignal<Option<String>>,
    /// The latest notice about the run, until dismissed or the next fresh model.
    pub notice: RwSignal<Option<Notice>>,
    /// The model's size and the memory it needs while training, on its backend.
    pub size: RwSignal<Option<SizeReport>>,
    /// The training worker died and a fresh one took over, until dismissed.
    pub recovered: RwSignal<Option<Recovered>>,
    /// Which attention map is shown (0-based).
    pub layer: RwSignal<usize>,
    pub head: RwSignal<usize>,
    pub log_scale: RwSignal<bool>,
    /// Snapshots of the probe's attention during training.
    pub timeline: RwSignal<Timeline>,
    /// The snapshot being replayed; `None` follows the live model.
    pub replay: RwSignal<Option<usize>>,
    pub shown: Memo<Option<ShownAttention>>,
    pub embeddings: RwSignal<Option<EmbeddingMap>>,
    /// What the current model outputs, and its class names (from the worker: for the learner's
    /// own data it depends on their labels).
    pub output: RwSignal<Output>,
    pub classes: RwSignal<Vec<String>>,
    /// The `custom` lesson's data box, and why its last content was refused.
    pub custom_text: RwSignal<String>,
    pub custom_errors: RwSignal<Vec<DataError>>,
    /// The language model's latest writing.
    pub sample: RwSignal<Option<SampleReport>>,
    /// The last training slices' timings (newest last).
    pub speed_window: RwSignal<VecDeque<Speed>>,
    /// Early stopping's verdict on the latest validation, when it is on.
    pub watch: RwSignal<Option<Verdict>>,
    /// Early stopping went back to the best model of this run.
    pub restored: RwSignal<Option<Restored>>,
    /// The confusion cell whose answers are listed, and the answers once they arrive.
    pub cell: RwSignal<Option<(usize, usize)>>,
    pub cell_answers: RwSignal<Option<CellAnswers>>,
    /// Earlier runs kept for comparison (oldest first), and the number the current run has.
    pub runs: RwSignal<Vec<Run>>,
    pub run_id: RwSignal<usize>,
    /// The configs a sweep still has to train, and how many it has in all: zero when no sweep is
    /// running (a sweep runs until its last run has finished).
    pub sweep: RwSignal<Vec<Config>>,
    pub sweep_total: RwSignal<usize>,
    /// The guided tour's card on screen; `None` when it is closed.
    pub tour: RwSignal<Option<usize>>,
    pub model_status: RwSignal<Option<ModelStatus>>,
    /// A model file the trainer is loading.
    pub pending_load: RwSignal<Option<PendingLoad>>,
    /// The step and settings of the model kept in the browser, once one is.
    pub kept: RwSignal<Option<(usize, Config)>>,
    /// Whether the page is still deciding between the kept model and a fresh one (nothing is
    /// kept meanwhile, so a fresh model cannot overwrite the one about to be restored).
    pub restoring: RwSignal<bool>,
    /// The speed benchmark's result (in benchmark mode).
    pub bench: RwSignal<Option<Result<BenchResult, String>>>,
}

impl Store {
    pub fn new(config: Config, notices: Vec<ConfigNotice>) -> Self {
        let probe = RwSignal::new(None::<ProbeReport>);
        let timeline = RwSignal::new(Timeline::new(CAPACITY));
        let replay = RwSignal::new(None::<usize>);
        let shown = Memo::new(move |_| match replay.get() {
            Some(i) => timeline.with(|t| {
                t.snapshots.get(i).map(|s| ShownAttention {
                    tokens: t.tokens.clone(),
                    attention: s.attention.clone(),
                    step: s.step,
                    live: false,
                })
            }),
            None => probe.with(|p| {
                p.as_ref().map(|p| ShownAttention {
                    tokens: p.tokens.clone(),
                    attention: p.attention.clone(),
                    step: p.step,
                    live: true,
                })
            }),
        });
        Self {
            config: RwSignal::new(config),
            trained_config: RwSignal::new(None),
            notices: RwSignal::new(notices),
            backend: RwSignal::new(None),
            running: RwSignal::new(false),
            finished: RwSignal::new(false),
            step: RwSignal::new(0),
            epoch: RwSignal::new(0.0),
            lr: RwSignal::new(None),
            test: RwSignal::new(None),
            train_losses: RwSignal::new(Vec::new()),
            validation: RwSignal::new(Vec::new()),
            ablated: RwSignal::new(None),
            baseline: RwSignal::new(Vec::new()),
            probe,
            probe_error: RwSignal::new(None),
            counts: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            size: RwSignal::new(None),
            recovered: RwSignal::new(None),
            layer: RwSignal::new(0),
            head: RwSignal::new(0),
            log_scale: RwSignal::new(false),
            timeline,
            replay,
            shown,
            embeddings: RwSignal::new(None),
            output: RwSignal::new(Output::Pooled),
            classes: RwSignal::new(Vec::new()),
            custom_text: RwSignal::new(custom::sample()),
            custom_errors: RwSignal::new(Vec::new()),
            sample: RwSignal::new(None),
            speed_window: RwSignal::new(VecDeque::new()),
            watch: RwSignal::new(None),
            restored: RwSignal::new(None),
            cell: RwSignal::new(None),
            cell_answers: RwSignal::new(None),
            runs: RwSignal::new(Vec::new()),
            run_id: RwSignal::new(0),
            sweep: RwSignal::new(Vec::new()),
            sweep_total: RwSignal::new(0),
            tour: RwSignal::new(None),
            model_status: RwSignal::new(None),
            pending_load: RwSignal::new(None),
            kept: RwSignal::new(None),
            restoring: RwSignal::new(true),
            bench: RwSignal::new(None),
        }
    }

    /// The validation result of the model as it is now (every head on): the last one, or after
    /// early stopping put the best model back, that model's (until it trains on).
    pub fn current_validation(&self) -> Option<EvalReport> {
        let last = self.validation.with(|v| v.last().cloned());
        let restored = self
            .restored
            .get()
            .filter(|r| last.as_ref().is_none_or(|last| r.at_step >= last.step))
            .map(|r| r.best);
        restored.or(last)
    }

    /// Speed over the last [`SPEED_WINDOW`] slices.
    pub fn speed(&self) -> Speed {
        self.speed_window.with(|window| {
            window.iter().fold(Speed::default(), |mut sum, s| {
                sum.times.add(&s.times);
                sum.wall_ms += s.wall_ms;
                sum
            })
        })
    }

    /// The current run as the comparison sees it (`None` before the first model is ready).
    pub fn current_run(&self) -> Option<Run> {
        let config = self.trained_config.get()?;
        Some(Run {
            id: self.run_id.get(),
            config,
            train: self.train_losses.get(),
            validation: self.validation.get(),
            restored: self.restored.with(|r| r.as_ref().map(|r| r.best.clone())),
            test: self.test.get(),
            finished: self.finished.get(),
        })
    }

    /// Keeps the current run for comparison if it trained at all.
    fn archive(&self) {
        let Some(run) = self.current_run_untracked() else { return };
        if run.steps() == 0 {
            return;
        }
        self.runs.update(|runs| {
            runs.push(run);
            let excess = runs.len().saturating_sub(MAX_RUNS);
            runs.drain(..excess);
        });
    }

    fn current_run_untracked(&self) -> Option<Run> {
        untrack(|| self.current_run())
    }

    /// Mean training loss of the last [`SMOOTHING`] steps.
    pub fn recent_train_loss(&self) -> Option<f32> {
        self.train_losses.with(|all| {
            let recent = &all[all.len().saturating_sub(SMOOTHING)..];
            (!recent.is_empty()).then(|| recent.iter().map(|s| s.loss).sum::<f32>() / recent.len() as f32)
        })
    }

    /// Whether the model is too big to train on its backend (Train and Step are then off).
    pub fn too_big(&self) -> bool {
        self.size.with(|size| size.is_some_and(|report| report.check().is_err()))
    }

    /// Folds one event from the worker into the state.
    pub fn apply(&self, event: Event) {
        match event {
            Event::Backend(info) => self.backend.set(Some(info)),
            Event::Ready { config, train_examples, validation_examples, test_examples, output, classes } => {
                self.archive();
                self.run_id.update(|id| *id += 1);
                self.speed_window.set(VecDeque::new());
                self.watch.set(None);
                self.restored.set(None);
                self.cell.set(None);
                self.cell_answers.set(None);
                // Keep the layer/head selection inside the new model.
                self.layer.update(|l| *l = (*l).min(config.n_layers - 1));
                self.head.update(|h| *h = (*h).min(config.n_heads - 1));
                self.trained_config.set(Some(config));
                self.counts.set(Some((train_examples, validation_examples, test_examples)));
                self.output.set(output);
                self.sample.set(None);
                self.classes.set(classes);
                self.train_losses.set(Vec::new());
                self.validation.set(Vec::new());
                self.ablated.set(None);
                self.baseline.set(Vec::new());
                self.timeline.set(Timeline::new(CAPACITY));
                self.replay.set(None);
                self.embeddings.set(None);
                self.step.set(0);
                self.epoch.set(0.0);
                self.finished.set(false);
                self.error.set(None);
                self.notice.set(None);
                self.lr.set(None);
                self.test.set(None);
            }
            Event::Progress { losses, step, epoch, lr, times, wall_ms } => {
                if times.steps > 0 {
                    self.speed_window.update(|window| {
                        window.push_back(Speed { times, wall_ms });
                        if window.len() > SPEED_WINDOW {
                            window.pop_front();
                        }
                    });
                }
                if !losses.is_empty() {
                    self.train_losses.update(|all| history::push_losses(all, losses));
                    // The run is labelled by the training knobs it trained with last.
                    let now = self.config.get_untracked();
                    self.trained_config.update(|trained| {
                        if let Some(trained) = trained
                            && !now.needs_reset(trained)
                        {
                            *trained = now;
                        }
                    });
                }
                self.step.set(step);
                self.epoch.set(epoch);
                self.lr.set(Some(lr));
            }
            Event::Validation { full, ablated, baseline, watch } => {
                if watch.is_some() {
                    self.watch.set(watch);
                }
                self.validation.update(|all| history::record_eval(all, full));
                if let Some(baseline) = baseline {
                    self.baseline.update(|all| history::record_eval(all, baseline));
                }
                self.ablated.set(ablated);
            }
            Event::Embeddings(map) => self.embeddings.set(Some(map)),
            Event::Probe(report) => {
                let snapshot = Snapshot {
                    step: report.step,
                    train_loss: self.recent_train_loss(),
                    validation_loss: self.validation.with_untracked(|v| v.last().map(|r| r.loss)),
                    attention: report.attention.clone(),
                };
                let replaying = self.replay.get_untracked().is_some();
                self.timeline.update(|t| t.record(&report.tokens, snapshot));
                if replaying {
                    // Stay on a valid snapshot if the timeline was thinned or restarted.
                    let last = self.timeline.with_untracked(|t| t.len().saturating_sub(1));
                    self.replay.update(|r| *r = r.map(|i| i.min(last)));
                }
                self.probe.set(Some(*report));
                self.probe_error.set(None);
            }
            Event::Sample(report) => self.sample.set(Some(report)),
            Event::Test(report) => self.test.set(Some(report)),
            Event::Restored { best, at_step, early } => {
                self.restored.set(Some(Restored { best, at_step, early }))
            }
            Event::Cell(answers) => {
                if self.cell.get_untracked() == Some((answers.truth, answers.predicted)) {
                    self.cell_answers.set(Some(answers));
                }
            }
            Event::ProbeError(problem) => self.probe_error.set(Some(problem)),
            Event::Running(running) => {
                self.running.set(running);
                if running {
                    self.finished.set(false);
                    // The notice described why training paused.
                    self.notice.set(None);
                }
            }
            Event::Finished => self.finished.set(true),
            Event::Size(report) => self.size.set(Some(report)),
            // Handled by `model_io` (the watchdog).
            Event::Watching(_) => {}
            Event::Diverged { step, loss, restored, baseline } => {
                if baseline {
                    self.baseline.update(|all| all.retain(|r| r.step <= restored));
                } else {
                    // The steps after `restored` are undone: their curve goes too.
                    self.train_losses.update(|all| all.retain(|s| s.step <= restored));
                    self.validation.update(|all| all.retain(|r| r.step <= restored));
                    self.step.set(restored);
                }
                let lr = self.config.with_untracked(|c| c.lr);
                self.notice.set(Some(Notice::Diverged { step, loss, restored, baseline, lr }));
            }
            Event::Error(message) => self.error.set(Some(message)),
            Event::Loaded { step, epoch } => {
                let Some(pending) = self.pending_load.get_untracked() else { return };
                self.pending_load.set(None);
                self.restoring.set(false);
                let History { mut train, mut validation } = pending.file.header.history;
                history::bound(&mut train, &mut validation);
                self.train_losses.set(train);
                self.validation.set(validation);
                self.step.set(step);
                self.epoch.set(epoch);
                self.trained_config.set(Some(pending.config.clone()));
                self.config.set(pending.config);
                self.model_status.set(Some(ModelStatus::Loaded { name: pending.name, step }));
            }
            Event::LoadFailed(failure) => {
                self.pending_load.set(None);
                self.model_status.set(Some(ModelStatus::Failed(failure)));
            }
            // The page's files are written by `model_io`, which sees these first.
            Event::Saved(..) => {}
            Event::Bench(result) => self.bench.set(Some(result)),
        }
    }
}
