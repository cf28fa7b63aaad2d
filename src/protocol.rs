//! Messages between the page and the training worker. Plain data (serde), so the page never
//! sees a tensor and the worker never sees the DOM.

use serde::{Deserialize, Serialize};

use crate::bench::{BenchResult, Workload};
use crate::config::{BackendPreference, Config};
use crate::inspect::EmbeddingMap;
use crate::lessons::InputError;
use crate::lessons::Output;
use crate::lessons::custom::Table;
use crate::model_file::ModelFile;
use crate::size::SizeReport;
use crate::train::{EvalReport, PhaseTimes, ProbeReport, SampleReport, Verdict};

/// Page → worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Command {
    /// Start over: new data, new initial weights (from the config's seed), step 0.
    Reset(Config),
    /// The config changed: training knobs, the probe text and the ablated heads apply at once
    /// (the latter two re-evaluate immediately), anything else starts over.
    Configure(Config),
    /// Train continuously until paused or finished.
    Train,
    Pause,
    /// Train exactly one batch.
    Step,
    /// The final exam: evaluate the current model once on the test split.
    EvaluateTest,
    /// Write with the model (language-model lessons): continue the probe text.
    Sample,
    /// List the validation answers of one confusion-matrix cell.
    Cell {
        truth: usize,
        predicted: usize,
    },
    /// The learner's own data (already checked): kept for the `custom` lesson, which starts over
    /// on it if it is the current lesson.
    Data(Table),
    /// Write the current model as a model file (answered by [`Event::Saved`]).
    Save(SaveFor),
    /// Carry on from a model file (already read and checked by the page): answered by `Ready`
    /// then [`Event::Loaded`], or by [`Event::LoadFailed`] with the current model kept.
    Load(Box<ModelFile>),
    /// Hold the Web Lock of this name for as long as the worker lives, and tell a panic on the
    /// `BroadcastChannel` of this name (answered by [`Event::Watching`] once the lock is held), so
    /// that the page learns when the worker dies and can start a fresh one.
    Watch(String),
    /// Run a speed benchmark workload (`warmup` steps, then `timed` timed ones) on the preferred
    /// backend (`auto`: WebGPU when there is one); answered by [`Event::Bench`].
    Bench {
        workload: Workload,
        backend: BackendPreference,
        warmup: usize,
        timed: usize,
    },
}

/// Who asked for a model file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveFor {
    /// The learner pressed Save: offer it as a download.
    Download,
    /// The page keeps the latest model in the browser's storage.
    Keep,
}

/// Why a model file could not be loaded; the current model stays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LoadFailure {
    /// The file's vocabulary or classes are not what this version builds for its settings.
    Vocabulary,
    /// The weights do not fit the model its settings describe.
    Weights(String),
    Other(String),
}

/// Worker → page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Event {
    /// Which backend trains, and why.
    Backend(BackendInfo),
    /// The worker holds the lock named in [`Command::Watch`].
    Watching(String),
    /// A fresh model exists for this config (after `Reset`, or a `Configure` that needed one).
    Ready {
        config: Config,
        train_examples: usize,
        validation_examples: usize,
        test_examples: usize,
        /// What the model outputs (a class, a class per position, or a number).
        output: Output,
        /// Class names (empty for a regression).
        classes: Vec<String>,
    },
    /// Training losses of the steps since the last progress event, the learning rate the next
    /// step will use, the time those steps spent in each phase and the wall-clock time they took
    /// (with the baseline's steps, when it trains alongside).
    Progress {
        losses: Vec<StepLoss>,
        step: usize,
        epoch: f64,
        lr: f64,
        times: PhaseTimes,
        wall_ms: f64,
    },
    /// Validation loss and accuracy after `full.step` steps, with every head on, with the
    /// config's `heads_off` switched off when there are any, and of the attention-free baseline
    /// when it trains alongside; with early stopping on, what this result means for the run.
    Validation {
        full: EvalReport,
        ablated: Option<EvalReport>,
        baseline: Option<EvalReport>,
        watch: Option<Verdict>,
    },
    /// Early stopping put back the best model it saw: `early` when it stopped training because
    /// the metric stopped improving, otherwise at the end of the run.
    Restored {
        best: EvalReport,
        at_step: usize,
        early: bool,
    },
    /// The validation answers of one confusion-matrix cell.
    Cell(CellAnswers),
    /// The test split's loss and scores (the final exam).
    Test(EvalReport),
    /// The token embeddings projected to 2-D.
    Embeddings(EmbeddingMap),
    /// The probe text as the current model reads it.
    Probe(Box<ProbeReport>),
    /// Text the model wrote.
    Sample(SampleReport),
    /// The probe text could not be read (e.g. it has no words); the last reading stays.
    ProbeError(ProbeProblem),
    /// Whether training runs continuously now.
    Running(bool),
    /// The configured number of epochs is done.
    Finished,
    /// How big the model is and how much memory it needs while it trains, on the backend that
    /// trains it: after every `Ready`, and whenever the batch size changes. A model that does not
    /// fit is not trained (Train and Step answer with this again).
    Size(SizeReport),
    /// The loss became non-finite or exploded at `step` (`loss`): the model is back at its
    /// weights of step `restored`, with a fresh optimiser, and training has paused. `baseline`:
    /// it was the attention-free baseline that diverged (the model itself trained on).
    Diverged {
        step: usize,
        loss: f32,
        restored: usize,
        baseline: bool,
    },
    /// Something went wrong; the text says what, for the learner.
    Error(String),
    /// The current model as a model file (without the history, which the page adds).
    Saved(SaveFor, Box<ModelFile>),
    /// A model file was loaded (after its `Ready`): the model has had `step` steps.
    Loaded {
        step: usize,
        epoch: f64,
    },
    LoadFailed(LoadFailure),
    /// A benchmark's result, or why it could not run.
    Bench(Result<BenchResult, String>),
}

/// The validation answers with true class `truth` that the model answered `predicted`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellAnswers {
    pub truth: usize,
    pub predicted: usize,
    /// The model's step when they were read.
    pub step: usize,
    /// How many answers the cell holds; `answers` lists the first [`CELL_ANSWERS_SHOWN`].
    pub total: usize,
    pub answers: Vec<CellAnswer>,
}

/// Answers listed per confusion cell.
pub const CELL_ANSWERS_SHOWN: usize = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellAnswer {
    /// The input.
    pub text: String,
    /// A lesson with an answer per position: the position asked and the input token there
    /// (a translation: the step written, and no token).
    pub position: Option<usize>,
    pub token: Option<String>,
    /// The probability the model gave its answer.
    pub confidence: f32,
}

/// Why the probe text could not be read; the page words it in the learner's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProbeProblem {
    /// Not one token of the lesson's alphabet in it (e.g. only punctuation).
    NothingToRead,
    /// An image or signal lesson's text is not an image or a signal.
    NotAnInput(InputError),
    /// The model could not be run on it (e.g. a device read failed), in the worker's words.
    Failed(String),
}

#[cfg(feature = "ml")]
impl From<crate::train::TrainError> for ProbeProblem {
    fn from(error: crate::train::TrainError) -> Self {
        use crate::train::TrainError;
        match error {
            TrainError::EmptyProbe => Self::NothingToRead,
            TrainError::BadInput(why) => Self::NotAnInput(why),
            other => Self::Failed(other.to_string()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepLoss {
    pub step: usize,
    pub loss: f32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    Cpu,
    WebGpu,
}

impl BackendKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::WebGpu => "WebGPU",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BackendInfo {
    pub kind: BackendKind,
    /// Why this backend: the user's choice, a failure, or the measurement `auto` made.
    pub reason: BackendReason,
    /// The WebGPU adapter, when there is one.
    pub adapter: Option<Adapter>,
    /// Milliseconds per training step measured on each backend, when `auto` measured.
    pub measured: Option<Measurement>,
}

/// Why a backend trains (the page words it in the learner's language).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BackendReason {
    /// The learner chose it.
    Chosen,
    /// WebGPU was asked for (`auto`: tried) and is not available, so the CPU backend trains.
    NoWebGpu { why: NoWebGpu, auto: bool },
    /// `auto` timed a few steps on both and picked the faster (see [`BackendInfo::measured`]).
    Measured,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NoWebGpu {
    /// The browser has no `navigator.gpu`.
    NoApi,
    /// `requestAdapter()` gave no adapter.
    NoAdapter,
    /// Asking for the adapter or the device failed; the browser's words.
    Failed(String),
    /// The page started the CPU-only worker (it found no adapter when it started it).
    NotInThisWorker,
}

/// A WebGPU adapter: its name (vendor, architecture, description) and whether it is a software
/// fallback (such as SwiftShader).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adapter {
    pub name: String,
    pub software: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub cpu_ms_per_step: f64,
    pub webgpu_ms_per_step: f64,
}
