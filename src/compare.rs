//! Comparing runs: what a finished run keeps, how runs are named by what sets them apart
//! ("scaled vs unscaled", "1 head vs 4 heads"), the sweeps over one knob, and the metric history
//! as CSV. Plain data; no DOM, no tensors.

use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang, LessonId, OptimizerKind, Positional, Schedule, UrlValue};
use crate::protocol::StepLoss;
use crate::train::EvalReport;

/// Runs kept for comparison besides the current one; the oldest is dropped first.
pub const MAX_RUNS: usize = 6;

/// A run: its config and its history.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Numbered from 1 in the order the runs started.
    pub id: usize,
    pub config: Config,
    pub train: Vec<StepLoss>,
    pub validation: Vec<EvalReport>,
    /// Early stopping's best model, which the run ended on, if it was restored.
    pub restored: Option<EvalReport>,
    pub test: Option<EvalReport>,
    /// Whether it ran all its epochs or was stopped early (not just interrupted).
    pub finished: bool,
}

impl Run {
    pub fn steps(&self) -> usize {
        self.train.last().map_or(0, |s| s.step)
    }

    /// The validation result the run ended on: the restored best, or the last.
    pub fn result(&self) -> Option<&EvalReport> {
        self.restored.as_ref().or(self.validation.last())
    }
}

/// Knobs that do not change what is trained (how it is shown, sampled or where it runs).
const NOT_COMPARED: [&str; 6] = ["probe", "heads_off", "backend", "temperature", "top_k", "sample_len"];

/// The knobs (URL keys) whose values are not the same in all `configs`, in the Config's order.
pub fn differing_keys(configs: &[&Config]) -> Vec<String> {
    let queries: Vec<Vec<(String, String)>> = configs.iter().map(|c| pairs(c)).collect();
    let Some(first) = queries.first() else { return Vec::new() };
    first
        .iter()
        .enumerate()
        .filter(|(_, (key, _))| !NOT_COMPARED.contains(&key.as_str()))
        .filter(|(i, (_, value))| queries.iter().any(|q| q.get(*i).map(|p| &p.1) != Some(value)))
        .map(|(_, (key, _))| key.clone())
        .collect()
}

fn pairs(config: &Config) -> Vec<(String, String)> {
    serde_urlencoded::from_str(&config.to_query()).unwrap_or_default()
}

/// Names a lesson in a language (the page's titles).
pub type LessonNamer = fn(LessonId, Lang) -> &'static str;

/// One knob's value as a run's label shows it (in English, as the CSV export writes it).
pub fn describe(config: &Config, key: &str) -> String {
    describe_in(config, key, Lang::En, |lesson, _| lesson.url_value())
}

/// One knob's value as a run's label shows it, in `lang`.
pub fn describe_in(config: &Config, key: &str, lang: Lang, lesson_name: LessonNamer) -> String {
    let zh = lang == Lang::Zh;
    let plural = |n: usize, one: &str, many: &str, zh_unit: &str| {
        if zh { format!("{n} {zh_unit}") } else { format!("{n} {}", if n == 1 { one } else { many }) }
    };
    let either = |on: bool, en: [&str; 2], zh_words: [&str; 2]| {
        let words = if zh { zh_words } else { en };
        (if on { words[0] } else { words[1] }).to_string()
    };
    match key {
        "scaled" => either(config.scaled, ["scaled", "unscaled"], ["缩放", "不缩放"]),
        "causal" => either(config.causal, ["causal", "not causal"], ["因果", "非因果"]),
        "baseline" => either(config.baseline, ["with baseline", "no baseline"], ["有基线", "无基线"]),
        "early_stop" => {
            either(config.early_stop, ["early stopping", "no early stopping"], ["早停", "不早停"])
        }
        "n_heads" => plural(config.n_heads, "head", "heads", "个头"),
        "n_layers" => plural(config.n_layers, "layer", "layers", "层"),
        "epochs" => plural(config.epochs, "epoch", "epochs", "轮"),
        "optimizer" => match config.optimizer {
            OptimizerKind::Adam => "Adam",
            OptimizerKind::AdamW => "AdamW",
            OptimizerKind::Sgd => "SGD",
        }
        .into(),
        "positional" => match (config.positional, zh) {
            (Positional::Learned, false) => "learned positions",
            (Positional::Sinusoidal, false) => "sinusoidal positions",
            (Positional::None, false) => "no positions",
            (Positional::Learned, true) => "可学习位置",
            (Positional::Sinusoidal, true) => "正弦位置",
            (Positional::None, true) => "无位置",
        }
        .into(),
        "schedule" => match (config.schedule, zh) {
            (_, false) => format!("{} lr", config.schedule.url_value()),
            (Schedule::Constant, true) => "恒定学习率".into(),
            (Schedule::Cosine, true) => "余弦学习率".into(),
        },
        "lesson" => lesson_name(config.lesson, lang).into(),
        "batch_size" => {
            if zh {
                format!("批量 {}", config.batch_size)
            } else {
                format!("batch {}", config.batch_size)
            }
        }
        "split_train" => {
            if zh {
                format!("训练 {}%", config.split_train)
            } else {
                format!("{}% train", config.split_train)
            }
        }
        "split_val" => {
            if zh {
                format!("验证 {}%", config.split_val)
            } else {
                format!("{}% validation", config.split_val)
            }
        }
        _ => {
            let value = pairs(config).into_iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_default();
            format!("{key} {value}")
        }
    }
}

/// A label per config, naming only what sets it apart from the others; `None` where nothing
/// does (the caller names it by number). In English, as the CSV export writes them.
pub fn labels(configs: &[&Config]) -> Vec<Option<String>> {
    labels_in(configs, Lang::En, |lesson, _| lesson.url_value())
}

/// [`labels`] in `lang`.
pub fn labels_in(configs: &[&Config], lang: Lang, lesson_name: LessonNamer) -> Vec<Option<String>> {
    let keys = differing_keys(configs);
    let separator = if lang == Lang::Zh { "，" } else { ", " };
    configs
        .iter()
        .map(|config| {
            (!keys.is_empty()).then(|| {
                keys.iter()
                    .map(|k| describe_in(config, k, lang, lesson_name))
                    .collect::<Vec<_>>()
                    .join(separator)
            })
        })
        .collect()
}

/// The knobs a sweep can vary. Option values of `sweep-knob`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Knob {
    Lr,
    Heads,
    Layers,
    Width,
    BatchSize,
    Scaled,
    Positional,
    Optimizer,
    Dropout,
    WeightDecay,
}

impl Knob {
    pub const ALL: [Knob; 10] = [
        Knob::Lr,
        Knob::Heads,
        Knob::Layers,
        Knob::Width,
        Knob::BatchSize,
        Knob::Scaled,
        Knob::Positional,
        Knob::Optimizer,
        Knob::Dropout,
        Knob::WeightDecay,
    ];

    /// The Config field (URL key) it varies.
    pub fn key(self) -> &'static str {
        match self {
            Knob::Lr => "lr",
            Knob::Heads => "n_heads",
            Knob::Layers => "n_layers",
            Knob::Width => "d_model",
            Knob::BatchSize => "batch_size",
            Knob::Scaled => "scaled",
            Knob::Positional => "positional",
            Knob::Optimizer => "optimizer",
            Knob::Dropout => "dropout",
            Knob::WeightDecay => "weight_decay",
        }
    }

    pub fn from_key(key: &str) -> Option<Knob> {
        Knob::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// The configs of a sweep over `knob`: `config` with that knob set to each of a few telling
/// values (the learning rate a tenth, as is and ten times; 1, 2 and 4 heads; …), each clamped
/// into range, repeats dropped. Everything else, the seed included, stays the same.
pub fn sweep(config: &Config, knob: Knob) -> Vec<Config> {
    let with = |change: &dyn Fn(&mut Config)| {
        let mut c = config.clone();
        change(&mut c);
        c.heads_off = Default::default();
        c.clamped().0
    };
    let configs: Vec<Config> = match knob {
        Knob::Lr => [0.1, 1.0, 10.0].iter().map(|f| with(&|c| c.lr = config.lr * f)).collect(),
        Knob::Heads => [1, 2, 4].iter().map(|&n| with(&|c| c.n_heads = n)).collect(),
        Knob::Layers => [1, 2, 3].iter().map(|&n| with(&|c| c.n_layers = n)).collect(),
        Knob::Width => [16, 32, 64].iter().map(|&n| with(&|c| c.d_model = n)).collect(),
        Knob::BatchSize => [8, 32, 128].iter().map(|&n| with(&|c| c.batch_size = n)).collect(),
        Knob::Scaled => [true, false].iter().map(|&b| with(&|c| c.scaled = b)).collect(),
        Knob::Positional => Positional::ALL.iter().map(|&p| with(&|c| c.positional = p)).collect(),
        Knob::Optimizer => OptimizerKind::ALL.iter().map(|&o| with(&|c| c.optimizer = o)).collect(),
        Knob::Dropout => [0.0, 0.1, 0.3].iter().map(|&d| with(&|c| c.dropout = d)).collect(),
        Knob::WeightDecay => [0.0, 0.01, 0.1].iter().map(|&w| with(&|c| c.weight_decay = w)).collect(),
    };
    let mut unique: Vec<Config> = Vec::new();
    for c in configs {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique
}

/// The metric history of `runs` as CSV: one row per step that has a training loss or a
/// validation result, with the run's number and label.
pub fn history_csv(runs: &[&Run]) -> String {
    let configs: Vec<&Config> = runs.iter().map(|r| &r.config).collect();
    let labels = labels(&configs);
    let mut out = String::from(
        "run,label,step,train_loss,val_loss,val_accuracy,val_macro_f1,val_mse,val_mae,val_r2,alignment\n",
    );
    let number = |v: Option<f32>| v.map(|v| v.to_string()).unwrap_or_default();
    for (run, label) in runs.iter().zip(labels) {
        let label = label.unwrap_or_else(|| format!("run {}", run.id)).replace('"', "\"\"");
        let mut steps: Vec<usize> =
            run.train.iter().map(|s| s.step).chain(run.validation.iter().map(|r| r.step)).collect();
        steps.sort_unstable();
        steps.dedup();
        let (mut t, mut v) = (0, 0);
        for step in steps {
            let mut train = None;
            while t < run.train.len() && run.train[t].step <= step {
                if run.train[t].step == step {
                    train = Some(run.train[t].loss);
                }
                t += 1;
            }
            let mut validation = None;
            while v < run.validation.len() && run.validation[v].step <= step {
                if run.validation[v].step == step {
                    validation = Some(&run.validation[v]);
                }
                v += 1;
            }
            let f1 = validation.and_then(|r| r.confusion.as_ref()).map(|c| c.macro_scores().f1);
            out.push_str(&format!(
                "{},\"{label}\",{step},{},{},{},{},{},{},{},{}\n",
                run.id,
                number(train),
                number(validation.map(|r| r.loss)),
                number(validation.and_then(|r| r.accuracy)),
                number(f1),
                number(validation.and_then(|r| r.mse)),
                number(validation.and_then(|r| r.mae)),
                number(validation.and_then(|r| r.r2)),
                number(validation.and_then(|r| r.alignment)),
            ));
        }
    }
    out
}
