//! The one `Config`: every knob of the playground, in one serde struct.
//!
//! The same value is the page's URL (`?lesson=sentiment&n_heads=4&…`), a lesson's preset and the
//! trainer's input. A field's name is also its URL key and the `id` of the control that edits it.
//!
//! Reading a URL never fails: unknown keys, malformed values and values out of range are dropped or
//! clamped, and every change is reported as a [`ConfigNotice`] so the page can say what it did.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::concepts::ConceptId;

/// Every knob of a run. `#[serde(default)]`: a missing key keeps its default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Which lesson (task and data) to train.
    pub lesson: LessonId,
    /// Language of the lesson's data and of the interface.
    pub lang: Lang,
    /// Width of every token vector.
    pub d_model: usize,
    /// Attention heads per layer; `d_model` must be a multiple of it.
    pub n_heads: usize,
    /// Number of attention blocks.
    pub n_layers: usize,
    /// Hidden width of the feed-forward layer in each block.
    pub d_ff: usize,
    /// How word order enters the model.
    pub positional: Positional,
    /// Divide the scores QKᵀ by √d_head (`true`), or use the seed article's unscaled formula.
    pub scaled: bool,
    /// Each query sees only the keys at or before it (as a language model must).
    pub causal: bool,
    /// Local attention: a query sees keys at most this many positions away; 0 = no limit.
    pub window: usize,
    /// Strided sparse attention: a query also sees keys a multiple of this many positions away;
    /// 0 = off. See [`crate::pattern`].
    pub stride: usize,
    /// Sampling (language-model lessons): how much the next-token distribution is flattened
    /// (> 1) or sharpened (< 1) before a token is drawn.
    pub temperature: f64,
    /// Sampling: draw only among the k most likely tokens; 0 = among all.
    pub top_k: usize,
    /// Sampling: how many tokens to write.
    pub sample_len: usize,
    /// Multi-task lessons: weight of the second task's loss (the first task's weight is 1).
    pub task_weight: f64,
    /// Train the attention-free baseline (every attention weight fixed at 1/(keys seen): each
    /// token gets the plain mean of the tokens) beside the model, on the same data and seed.
    pub baseline: bool,
    /// Optimisation algorithm.
    pub optimizer: OptimizerKind,
    /// Learning rate (the peak, with a schedule that changes it).
    pub lr: f64,
    /// How the learning rate changes over the run.
    pub schedule: Schedule,
    /// Cosine schedule: the share of the run's steps spent raising the learning rate from 0.
    pub warmup: f64,
    /// SGD: momentum (0 = plain SGD).
    pub momentum: f64,
    /// Weight decay: an L2 penalty added to the gradient (SGD, Adam), or AdamW's decoupled decay.
    pub weight_decay: f64,
    /// Gradient clipping: each parameter's gradient is scaled down to at most this norm; 0 = off.
    pub clip: f64,
    /// Dropout on the attention weights and on each block's residual branches while training.
    pub dropout: f64,
    /// Percent of the examples trained on; the rest is split into validation and test.
    pub split_train: usize,
    /// Percent of the examples held out for validation (tuning, early stopping); what remains
    /// after training and validation is the test set.
    pub split_val: usize,
    /// Stop when the validation metric `monitor` has not improved for `patience` evaluations,
    /// and go back to the best model seen.
    pub early_stop: bool,
    /// Early stopping: validation metric to watch.
    pub monitor: Monitor,
    /// Early stopping: evaluations without improvement before training stops.
    pub patience: usize,
    /// Examples per training step.
    pub batch_size: usize,
    /// Passes over the training set before training stops by itself.
    pub epochs: usize,
    /// Validation loss/accuracy and the probe's attention are recomputed every this many steps.
    pub eval_every: usize,
    /// Seed of everything random: data, split, initial weights and batch order.
    pub seed: u64,
    /// Where tensors live: burn's CPU backend, WebGPU, or whichever is faster here.
    pub backend: BackendPreference,
    /// The sentence whose attention is shown; empty means the lesson's own example.
    pub probe: String,
    /// Heads switched off (ablated) when the model is evaluated and probed; training still uses
    /// every head. In the URL: `heads_off=L1H2+L2H1` (1-based layer and head).
    pub heads_off: HeadSet,
    /// Teacher mode: controls (named by their key, e.g. `lr`) and panels (see [`PANELS`]) left
    /// out of the page. In the URL: `hide=optimizer,lr,inside`.
    pub hide: Hidden,
    /// Presentation mode: large type and high contrast, for a projector.
    pub present: bool,
    /// The concept guide's open entry; `None`: the guide is closed. In the URL:
    /// `concept=softmax` (a [`ConceptId`] id), empty when closed.
    #[serde(with = "open_concept")]
    pub concept: Option<ConceptId>,
}

/// The guide's entry in the URL: its id, or nothing.
mod open_concept {
    use crate::concepts::ConceptId;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(concept: &Option<ConceptId>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(concept.map_or("", ConceptId::id))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ConceptId>, D::Error> {
        let id = String::deserialize(deserializer)?;
        if id.is_empty() {
            return Ok(None);
        }
        ConceptId::from_id(&id)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("no concept “{id}”")))
    }
}

/// Panels a teacher can hide besides the controls: the inside-attention views, the validation
/// metrics, the run comparison, the speed readout.
pub const PANELS: [&str; 4] = ["inside", "metrics", "compare", "speed"];

/// Names hidden in teacher mode, kept sorted; written comma-separated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Hidden(std::collections::BTreeSet<String>);

impl Hidden {
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(name)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl FromIterator<String> for Hidden {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        Hidden(iter.into_iter().collect())
    }
}

impl fmt::Display for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.iter().cloned().collect::<Vec<_>>().join(","))
    }
}

impl std::str::FromStr for Hidden {
    type Err = String;
    /// Any names; [`Config::clamped`] drops those that name nothing on the page.
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(s.split([',', ' ']).map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect())
    }
}

impl Serialize for Hidden {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Hidden {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            lesson: LessonId::Sentiment,
            lang: Lang::En,
            d_model: 32,
            n_heads: 2,
            n_layers: 2,
            d_ff: 64,
            positional: Positional::Learned,
            scaled: true,
            causal: false,
            window: 0,
            stride: 0,
            temperature: 0.8,
            top_k: 0,
            sample_len: 60,
            task_weight: 1.0,
            baseline: false,
            optimizer: OptimizerKind::Adam,
            lr: 3e-3,
            schedule: Schedule::Constant,
            warmup: 0.1,
            momentum: 0.9,
            weight_decay: 0.0,
            clip: 0.0,
            dropout: 0.0,
            split_train: 70,
            split_val: 15,
            early_stop: false,
            monitor: Monitor::Loss,
            patience: 5,
            batch_size: 32,
            epochs: 40,
            eval_every: 20,
            seed: 42,
            backend: BackendPreference::Auto,
            probe: String::new(),
            heads_off: HeadSet::default(),
            hide: Hidden::default(),
            present: false,
            concept: None,
        }
    }
}

/// One attention head: layer and head, both 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HeadId {
    pub layer: usize,
    pub head: usize,
}

impl fmt::Display for HeadId {
    /// 1-based, as the page shows it: `L1H2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}H{}", self.layer + 1, self.head + 1)
    }
}

impl std::str::FromStr for HeadId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("“{s}” is not a head such as L1H2");
        let rest = s.trim().strip_prefix(['L', 'l']).ok_or_else(bad)?;
        let (layer, head) = rest.split_once(['H', 'h']).ok_or_else(bad)?;
        let layer: usize = layer.parse().map_err(|_| bad())?;
        let head: usize = head.parse().map_err(|_| bad())?;
        if layer == 0 || head == 0 {
            return Err(bad());
        }
        Ok(HeadId { layer: layer - 1, head: head - 1 })
    }
}

/// A set of heads, kept sorted; written as space-separated `L1H2 L2H1`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct HeadSet(std::collections::BTreeSet<HeadId>);

impl HeadSet {
    pub fn contains(&self, head: HeadId) -> bool {
        self.0.contains(&head)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = HeadId> + '_ {
        self.0.iter().copied()
    }

    /// Adds `head` if absent, removes it if present.
    pub fn toggle(&mut self, head: HeadId) {
        if !self.0.remove(&head) {
            self.0.insert(head);
        }
    }
}

impl FromIterator<HeadId> for HeadSet {
    fn from_iter<I: IntoIterator<Item = HeadId>>(iter: I) -> Self {
        HeadSet(iter.into_iter().collect())
    }
}

impl fmt::Display for HeadSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.0.iter().map(HeadId::to_string).collect();
        f.write_str(&names.join(" "))
    }
}

impl std::str::FromStr for HeadSet {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        s.split([' ', ',']).filter(|part| !part.is_empty()).map(str::parse).collect()
    }
}

impl Serialize for HeadSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for HeadSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The lessons. Option values of `lesson-select`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LessonId {
    Sentiment,
    Copy,
    Reverse,
    Sort,
    Recall,
    Induction,
    Regression,
    #[serde(rename = "charlm")]
    CharLm,
    #[serde(rename = "multitask")]
    MultiTask,
    Translate,
    Patches,
    Signal,
    Recommend,
    Multimodal,
    /// The learner's own CSV/TSV data (not in the URL: it is pasted or uploaded).
    Custom,
}

impl LessonId {
    pub const ALL: [LessonId; 15] = [
        LessonId::Sentiment,
        LessonId::Copy,
        LessonId::Reverse,
        LessonId::Sort,
        LessonId::Recall,
        LessonId::Induction,
        LessonId::Regression,
        LessonId::CharLm,
        LessonId::MultiTask,
        LessonId::Translate,
        LessonId::Patches,
        LessonId::Signal,
        LessonId::Recommend,
        LessonId::Multimodal,
        LessonId::Custom,
    ];

    /// What the lesson's model reads as its tokens: words from a vocabulary, each looked up in a
    /// table of embeddings, or (the image and signal lessons) patches of pixels and frames of a
    /// signal, each turned into a vector by one linear map, with no table to draw on a map.
    pub fn input(self) -> LessonInput {
        match self {
            LessonId::Patches => LessonInput::Patches,
            LessonId::Signal => LessonInput::Frames,
            _ => LessonInput::Words,
        }
    }
}

/// What a lesson's tokens are (see [`LessonId::input`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonInput {
    Words,
    Patches,
    Frames,
}

/// Interface and data language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];
}

/// Positional information added to the token embeddings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Positional {
    /// A trained vector per position.
    Learned,
    /// Fixed sines and cosines of different frequencies (Vaswani et al., 2017).
    Sinusoidal,
    /// No positional information: the model sees a bag of words.
    None,
}

impl Positional {
    pub const ALL: [Positional; 3] = [Positional::Learned, Positional::Sinusoidal, Positional::None];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptimizerKind {
    Adam,
    /// Adam with decoupled weight decay (Loshchilov & Hutter, 2019).
    #[serde(rename = "adamw")]
    AdamW,
    /// Stochastic gradient descent, with momentum when `momentum` > 0.
    Sgd,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 3] = [OptimizerKind::Adam, OptimizerKind::AdamW, OptimizerKind::Sgd];
}

/// Learning-rate schedules (see [`crate::train::schedule`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Schedule {
    Constant,
    /// Linear warm-up, then cosine decay to 0 at the end of the run.
    Cosine,
}

impl Schedule {
    pub const ALL: [Schedule; 2] = [Schedule::Constant, Schedule::Cosine];
}

/// The validation metric early stopping watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Monitor {
    /// Validation loss (lower is better); every lesson has it.
    Loss,
    /// Validation accuracy, or R² for a regression lesson (higher is better).
    Score,
    /// Macro-averaged F1 over the classes (higher is better); lessons with a confusion matrix.
    #[serde(rename = "f1")]
    F1,
}

impl Monitor {
    pub const ALL: [Monitor; 3] = [Monitor::Loss, Monitor::Score, Monitor::F1];
}

/// The user's choice of backend (`?backend=auto|cpu|webgpu`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendPreference {
    /// WebGPU when present and measured faster than the CPU backend, else the CPU backend.
    Auto,
    Cpu,
    #[serde(rename = "webgpu")]
    WebGpu,
}

impl BackendPreference {
    pub const ALL: [BackendPreference; 3] =
        [BackendPreference::Auto, BackendPreference::Cpu, BackendPreference::WebGpu];
}

/// Enum values as they appear in the URL and as `<option value=…>`.
pub trait UrlValue: Sized + Copy + 'static {
    const VALUES: &'static [Self];
    fn url_value(self) -> &'static str;
    fn from_url_value(value: &str) -> Option<Self> {
        Self::VALUES.iter().copied().find(|v| v.url_value() == value)
    }
}

macro_rules! url_values {
    ($ty:ty { $($variant:ident => $text:literal),* $(,)? }) => {
        impl UrlValue for $ty {
            const VALUES: &'static [Self] = &<$ty>::ALL;
            fn url_value(self) -> &'static str {
                match self { $(<$ty>::$variant => $text),* }
            }
        }
    };
}

url_values!(LessonId {
    Sentiment => "sentiment",
    Copy => "copy",
    Reverse => "reverse",
    Sort => "sort",
    Recall => "recall",
    Induction => "induction",
    Regression => "regression",
    CharLm => "charlm",
    MultiTask => "multitask",
    Translate => "translate",
    Patches => "patches",
    Signal => "signal",
    Recommend => "recommend",
    Multimodal => "multimodal",
    Custom => "custom",
});
url_values!(Lang { En => "en", Zh => "zh" });
url_values!(Positional { Learned => "learned", Sinusoidal => "sinusoidal", None => "none" });
url_values!(OptimizerKind { Adam => "adam", AdamW => "adamw", Sgd => "sgd" });
url_values!(Schedule { Constant => "constant", Cosine => "cosine" });
url_values!(Monitor { Loss => "loss", Score => "score", F1 => "f1" });
url_values!(BackendPreference { Auto => "auto", Cpu => "cpu", WebGpu => "webgpu" });

/// Something [`Config::from_query`] or [`Config::clamped`] changed in what it was given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ConfigNotice {
    /// A key that is not a knob of the playground.
    UnknownKey { key: String },
    /// A value that could not be read as the knob's type.
    Malformed { key: String, value: String },
    /// A value outside the knob's range, replaced by the nearest allowed one.
    Clamped { key: String, from: String, to: String },
}

/// Allowed ranges of the numeric knobs; the UI's controls use the same bounds.
pub mod limits {
    use std::ops::RangeInclusive;
    pub const D_MODEL: RangeInclusive<usize> = 4..=256;
    pub const N_HEADS: RangeInclusive<usize> = 1..=8;
    pub const N_LAYERS: RangeInclusive<usize> = 1..=4;
    pub const D_FF: RangeInclusive<usize> = 4..=1024;
    /// Up to rates that make any model diverge, so a learner can see it happen (and be caught).
    pub const LR: RangeInclusive<f64> = 1e-5..=1e6;
    pub const BATCH_SIZE: RangeInclusive<usize> = 1..=512;
    pub const EPOCHS: RangeInclusive<usize> = 1..=1000;
    pub const EVAL_EVERY: RangeInclusive<usize> = 1..=1000;
    pub const WINDOW: RangeInclusive<usize> = 0..=64;
    pub const STRIDE: RangeInclusive<usize> = 0..=64;
    pub const TEMPERATURE: RangeInclusive<f64> = 0.05..=3.0;
    pub const TOP_K: RangeInclusive<usize> = 0..=64;
    pub const SAMPLE_LEN: RangeInclusive<usize> = 1..=200;
    pub const TASK_WEIGHT: RangeInclusive<f64> = 0.0..=4.0;
    pub const WARMUP: RangeInclusive<f64> = 0.0..=0.5;
    pub const MOMENTUM: RangeInclusive<f64> = 0.0..=0.99;
    pub const WEIGHT_DECAY: RangeInclusive<f64> = 0.0..=1.0;
    pub const CLIP: RangeInclusive<f64> = 0.0..=100.0;
    pub const DROPOUT: RangeInclusive<f64> = 0.0..=0.5;
    /// Percent of the examples in training; validation and test keep at least
    /// [`MIN_HELD_OUT`] percent each.
    pub const SPLIT_TRAIN: RangeInclusive<usize> = 10..=90;
    pub const SPLIT_VAL: RangeInclusive<usize> = 5..=45;
    pub const MIN_HELD_OUT: usize = 5;
    pub const PATIENCE: RangeInclusive<usize> = 1..=100;
    /// Seeds stay below 2^53 so that they survive a round trip through a JavaScript number.
    pub const SEED: RangeInclusive<u64> = 0..=(1 << 53) - 1;
    /// Characters of probe text kept.
    pub const PROBE_CHARS: usize = 200;
}

impl Config {
    /// The query string (without `?`) that [`Config::from_query`] reads back to `self`.
    pub fn to_query(&self) -> String {
        // A flat struct of strings, numbers, bools and unit enums cannot fail to serialize.
        serde_urlencoded::to_string(self).unwrap_or_default()
    }

    /// Reads a query string (with or without the leading `?`), keeping every valid knob it holds
    /// and reporting what it dropped or clamped; knobs it does not name take the lesson's defaults.
    /// Never fails.
    pub fn from_query(query: &str) -> (Config, Vec<ConfigNotice>) {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let known = Self::keys();
        let mut accepted: Vec<(String, String)> = Vec::new();
        let mut notices = Vec::new();
        for (key, value) in pairs {
            if !known.contains(&key) {
                notices.push(ConfigNotice::UnknownKey { key });
                continue;
            }
            // A later value of the same key replaces an earlier one.
            accepted.retain(|(k, _)| *k != key);
            accepted.push((key.clone(), value.clone()));
            if Self::parse_pairs(&accepted).is_none() {
                accepted.pop();
                notices.push(ConfigNotice::Malformed { key, value });
            }
        }
        // Keys the query does not give take the named lesson's defaults.
        let lesson = Self::parse_pairs(&accepted).unwrap_or_default().lesson;
        let mut pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&crate::lessons::defaults(lesson).to_query()).unwrap_or_default();
        pairs.retain(|(key, _)| !accepted.iter().any(|(k, _)| k == key));
        pairs.extend(accepted);
        let config = Self::parse_pairs(&pairs).unwrap_or_default();
        let (config, clamped) = config.clamped();
        notices.extend(clamped);
        (config, notices)
    }

    fn parse_pairs(pairs: &[(String, String)]) -> Option<Config> {
        let query = serde_urlencoded::to_string(pairs).ok()?;
        serde_urlencoded::from_str(&query).ok()
    }

    /// The URL keys, in declaration order.
    pub fn keys() -> Vec<String> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&Config::default().to_query()).unwrap_or_default();
        pairs.into_iter().map(|(k, _)| k).collect()
    }

    /// `self` with every knob moved into its allowed range, and what was changed.
    pub fn clamped(mut self) -> (Config, Vec<ConfigNotice>) {
        let mut notices = Vec::new();
        let mut note = |key: &str, from: String, to: String| {
            if from != to {
                notices.push(ConfigNotice::Clamped { key: key.into(), from, to });
            }
        };
        macro_rules! clamp {
            ($field:ident, $range:expr) => {{
                let range = $range;
                let before = self.$field;
                let after = if before < *range.start() {
                    *range.start()
                } else if before > *range.end() {
                    *range.end()
                } else {
                    before
                };
                self.$field = after;
                note(stringify!($field), before.to_string(), after.to_string());
            }};
        }
        clamp!(n_heads, limits::N_HEADS);
        clamp!(d_model, limits::D_MODEL);
        clamp!(n_layers, limits::N_LAYERS);
        clamp!(d_ff, limits::D_FF);
        clamp!(batch_size, limits::BATCH_SIZE);
        clamp!(epochs, limits::EPOCHS);
        clamp!(eval_every, limits::EVAL_EVERY);
        clamp!(window, limits::WINDOW);
        clamp!(stride, limits::STRIDE);
        clamp!(top_k, limits::TOP_K);
        clamp!(sample_len, limits::SAMPLE_LEN);
        clamp!(seed, limits::SEED);
        clamp!(patience, limits::PATIENCE);
        clamp!(split_train, limits::SPLIT_TRAIN);
        clamp!(split_val, limits::SPLIT_VAL);
        // The test set keeps its share: validation gives way to training.
        if self.split_train + self.split_val > 100 - limits::MIN_HELD_OUT {
            let before = self.split_val;
            self.split_val = 100 - limits::MIN_HELD_OUT - self.split_train;
            note("split_val", before.to_string(), self.split_val.to_string());
        }
        // Decimal knobs: a value that is not a number (NaN, ∞) takes the default first.
        macro_rules! clamp_decimal {
            ($field:ident, $range:expr) => {{
                if !self.$field.is_finite() {
                    let default = Config::default().$field;
                    note(stringify!($field), self.$field.to_string(), default.to_string());
                    self.$field = default;
                }
                clamp!($field, $range);
            }};
        }
        clamp_decimal!(temperature, limits::TEMPERATURE);
        clamp_decimal!(task_weight, limits::TASK_WEIGHT);
        clamp_decimal!(lr, limits::LR);
        clamp_decimal!(warmup, limits::WARMUP);
        clamp_decimal!(momentum, limits::MOMENTUM);
        clamp_decimal!(weight_decay, limits::WEIGHT_DECAY);
        clamp_decimal!(clip, limits::CLIP);
        clamp_decimal!(dropout, limits::DROPOUT);
        // Heads split d_model evenly: round d_model to the nearest multiple of n_heads.
        if !self.d_model.is_multiple_of(self.n_heads) {
            let before = self.d_model;
            let down = before - before % self.n_heads;
            let up = down + self.n_heads;
            let after =
                if down >= *limits::D_MODEL.start() && before - down <= up - before { down } else { up };
            self.d_model = after;
            note("d_model", before.to_string(), after.to_string());
        }
        let outside: Vec<HeadId> =
            self.heads_off.iter().filter(|h| h.layer >= self.n_layers || h.head >= self.n_heads).collect();
        if !outside.is_empty() {
            let before = self.heads_off.to_string();
            self.heads_off = self.heads_off.iter().filter(|h| !outside.contains(h)).collect();
            note("heads_off", before, self.heads_off.to_string());
        }
        let keys = Config::keys();
        let unknown: Vec<String> = self
            .hide
            .iter()
            .filter(|n| !keys.iter().any(|k| k == n) && !PANELS.contains(n))
            .map(String::from)
            .collect();
        if !unknown.is_empty() {
            let before = self.hide.to_string();
            self.hide =
                self.hide.iter().filter(|n| !unknown.iter().any(|u| u == n)).map(String::from).collect();
            note("hide", before, self.hide.to_string());
        }
        if self.probe.chars().count() > limits::PROBE_CHARS {
            let cut: String = self.probe.chars().take(limits::PROBE_CHARS).collect();
            note(
                "probe",
                format!("{} characters", self.probe.chars().count()),
                format!("{} characters", limits::PROBE_CHARS),
            );
            self.probe = cut;
        }
        (self, notices)
    }

    /// The config for another lesson: that lesson's own defaults, keeping what belongs to the
    /// learner or the classroom rather than to the task (language, backend, seed, hidden
    /// controls, presentation mode).
    pub fn with_lesson(&self, lesson: LessonId) -> Config {
        Config {
            lang: self.lang,
            backend: self.backend,
            seed: self.seed,
            hide: self.hide.clone(),
            present: self.present,
            concept: self.concept,
            ..crate::lessons::defaults(lesson)
        }
    }

    /// A learning rate to suggest after training diverged with this config's: a tenth of it, and
    /// no more than the lesson's default, rounded to one significant digit (within the limits).
    pub fn calmer_lr(&self) -> f64 {
        let default = crate::lessons::defaults(self.lesson).lr;
        let calmer = (self.lr / 10.0).min(default);
        let magnitude = 10f64.powf(calmer.log10().floor());
        let rounded = (calmer / magnitude).floor() * magnitude;
        // `1e-3` rather than `0.0010000000000000002`: round through a short decimal string.
        let rounded: f64 = format!("{rounded:.1e}").parse().unwrap_or(rounded);
        rounded.clamp(*limits::LR.start(), *limits::LR.end())
    }

    /// Percent of the examples in the test set: what training and validation leave.
    pub fn split_test(&self) -> usize {
        100usize.saturating_sub(self.split_train + self.split_val)
    }

    /// The train / validation / test shares the lessons cut their examples by.
    pub fn proportions(&self) -> crate::lessons::Proportions {
        crate::lessons::Proportions { train: self.split_train, validation: self.split_val }
    }

    /// Width of one head: `d_model / n_heads`.
    pub fn d_head(&self) -> usize {
        self.d_model / self.n_heads
    }

    /// Whether going from `previous` to `self` needs a freshly initialised model: anything but the
    /// training knobs (dropout is part of the model), the probe text, the sampling knobs, the
    /// ablated heads and the page's view (hidden controls, presentation mode, the guide's entry)
    /// does.
    pub fn needs_reset(&self, previous: &Config) -> bool {
        let training_only = |c: &Config| Config {
            optimizer: OptimizerKind::Adam,
            lr: 0.0,
            schedule: Schedule::Constant,
            warmup: 0.0,
            momentum: 0.0,
            weight_decay: 0.0,
            clip: 0.0,
            batch_size: 0,
            epochs: 0,
            eval_every: 0,
            early_stop: false,
            monitor: Monitor::Loss,
            patience: 0,
            probe: String::new(),
            heads_off: HeadSet::default(),
            hide: Hidden::default(),
            present: false,
            concept: None,
            temperature: 0.0,
            top_k: 0,
            sample_len: 0,
            task_weight: 0.0,
            ..c.clone()
        };
        training_only(self) != training_only(previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_the_query_string() {
        let config = Config::default();
        let (back, notices) = Config::from_query(&config.to_query());
        assert_eq!(back, config);
        assert!(notices.is_empty(), "{notices:?}");
    }

    #[test]
    fn calmer_lr_is_a_round_tenth_and_never_above_the_lessons_default() {
        let default = Config::default();
        let wild = Config { lr: 1e6, ..default.clone() };
        assert_eq!(wild.calmer_lr(), default.lr);
        let keen = Config { lr: default.lr / 2.0, ..default.clone() };
        let calmer = keen.calmer_lr();
        assert!(calmer <= keen.lr / 10.0 && calmer > keen.lr / 100.0, "{calmer}");
        assert_eq!(default.lr, 3e-3);
        assert_eq!(Config { lr: 0.02, ..default.clone() }.calmer_lr(), 2e-3);
        assert_eq!(Config { lr: 1e-5, ..default }.calmer_lr(), 1e-5);
    }

    #[test]
    fn keys_are_the_field_names() {
        let keys = Config::keys();
        assert_eq!(keys.first().map(String::as_str), Some("lesson"));
        assert!(keys.iter().any(|k| k == "backend"));
        assert_eq!(keys.len(), 39);
    }

    #[test]
    fn odd_d_model_is_rounded_to_a_multiple_of_the_heads() {
        let (config, notices) = Config::from_query("d_model=30&n_heads=4");
        assert_eq!(config.d_model, 28);
        assert_eq!(notices.len(), 1);
    }

    #[test]
    fn heads_off_reads_one_based_names_and_drops_heads_outside_the_model() {
        let (config, notices) = Config::from_query("heads_off=L1H2+l2h1+L9H1");
        let expected: HeadSet =
            [HeadId { layer: 0, head: 1 }, HeadId { layer: 1, head: 0 }].into_iter().collect();
        assert_eq!(config.heads_off, expected);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert_eq!(
            config.to_query().split('&').find(|p| p.starts_with("heads_off")),
            Some("heads_off=L1H2+L2H1")
        );
        let (config, notices) = Config::from_query("heads_off=L0H1");
        assert!(config.heads_off.is_empty());
        assert!(matches!(notices[0], ConfigNotice::Malformed { .. }));
    }

    #[test]
    fn hide_keeps_controls_and_panels_and_drops_other_names() {
        let (config, notices) = Config::from_query("hide=optimizer,lr,inside,bogus&present=true");
        assert_eq!(config.hide.iter().collect::<Vec<_>>(), vec!["inside", "lr", "optimizer"]);
        assert!(config.present);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(config.to_query().contains("hide=inside%2Clr%2Coptimizer"), "{}", config.to_query());
        let (back, notices) = Config::from_query(&config.to_query());
        assert_eq!(back, config);
        assert!(notices.is_empty());
        let other = config.with_lesson(LessonId::Reverse);
        assert_eq!((other.hide, other.present, other.lesson), (config.hide.clone(), true, LessonId::Reverse));
        assert!(!Config { present: false, hide: Hidden::default(), ..config.clone() }.needs_reset(&config));
    }

    #[test]
    fn concept_links_open_a_guide_entry_and_unknown_ones_are_reported() {
        let (config, notices) = Config::from_query("concept=softmax&lesson=reverse");
        assert_eq!(config.concept, Some(ConceptId::Softmax));
        assert!(notices.is_empty(), "{notices:?}");
        assert!(config.to_query().contains("concept=softmax"));
        assert_eq!(Config::from_query(&config.to_query()).0, config);
        // Reading the guide changes nothing of the model, and follows the learner to another lesson.
        assert!(!Config { concept: None, ..config.clone() }.needs_reset(&config));
        assert_eq!(config.with_lesson(LessonId::Sort).concept, Some(ConceptId::Softmax));
        let (config, notices) = Config::from_query("concept=telepathy");
        assert_eq!(config.concept, None);
        assert!(
            matches!(&notices[..], [ConfigNotice::Malformed { key, .. }] if key == "concept"),
            "{notices:?}"
        );
        assert!(Config::default().to_query().ends_with("concept="));
    }

    #[test]
    fn the_split_keeps_a_test_set() {
        let (config, notices) = Config::from_query("split_train=85&split_val=20");
        assert_eq!((config.split_train, config.split_val, config.split_test()), (85, 10, 5));
        assert_eq!(notices.len(), 1, "{notices:?}");
        let (config, _) = Config::from_query("split_train=99&split_val=1");
        assert_eq!((config.split_train, config.split_val, config.split_test()), (90, 5, 5));
        assert_eq!(Config::default().split_test(), 15);
    }

    #[test]
    fn training_knobs_do_not_need_a_reset() {
        let a = Config::default();
        let b = Config {
            lr: 0.1,
            batch_size: 8,
            probe: "x".into(),
            heads_off: "L1H1".parse().unwrap(),
            ..a.clone()
        };
        assert!(!b.needs_reset(&a));
        let c = Config { n_heads: 4, ..a.clone() };
        assert!(c.needs_reset(&a));
        let d = Config { early_stop: true, patience: 2, monitor: Monitor::F1, ..a.clone() };
        assert!(!d.needs_reset(&a));
        let e = Config { split_train: 60, ..a.clone() };
        assert!(e.needs_reset(&a), "a new split is new data");
    }
}
