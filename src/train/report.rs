//! What the trainer tells the outside world: plain numbers, no tensors.

use serde::{Deserialize, Serialize};

use super::metrics::Confusion;
use crate::config::HeadSet;
use crate::inspect::LayerStages;

/// The hit rate counts an answer right when its class is among this many most likely.
pub const HIT_RATE_AT: usize = 5;

/// Loss and scores of the model on one split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub step: usize,
    /// Cross-entropy, or for a regression lesson the mean squared error of the standardised
    /// numbers (the loss the model is trained on).
    pub loss: f32,
    /// Share of the asked answers that are right (lessons with classes).
    pub accuracy: Option<f32>,
    /// Hit rate at 5: share of the asked answers whose right class is among the model's five
    /// most likely (lessons with more than five classes, as recommenders are scored).
    #[serde(default)]
    pub hit_rate: Option<f32>,
    /// Regression lessons: mean squared error, in the lesson's own units (squared).
    pub mse: Option<f32>,
    /// Regression lessons: mean absolute error, in the lesson's own units.
    pub mae: Option<f32>,
    /// Regression lessons: R² = 1 − SSE/SST, the share of the targets' variance explained
    /// (1 is perfect, 0 is no better than always answering the mean, below 0 is worse).
    pub r2: Option<f32>,
    /// Multi-task lessons: each task's own loss and accuracy (`loss` is their weighted sum,
    /// `accuracy` the first task's); empty otherwise.
    pub tasks: Vec<TaskScore>,
    pub examples: usize,
    /// For a lesson with an expected attention pattern: the share of attention the best-aligned
    /// head puts on the expected cells (1 = all of it), averaged over the queries that have any.
    pub alignment: Option<f32>,
    /// Lessons with up to [`CONFUSION_MAX_CLASSES`] classes: (true, predicted) counts of the
    /// asked answers (a multi-task lesson: its first task).
    pub confusion: Option<Confusion>,
}

/// One asked answer of a split: which example and position, the true class, the model's answer
/// and the probability it gave that answer.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// Index into the split.
    pub example: usize,
    /// The position asked (0 for a lesson with one answer per input; the written step of a
    /// translation).
    pub position: usize,
    pub truth: usize,
    pub predicted: usize,
    pub confidence: f32,
}

/// Milliseconds spent in each phase of some training steps, and what they covered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseTimes {
    /// Building the batch, the forward pass and the loss.
    pub forward_ms: f64,
    /// Gradients by backpropagation.
    pub backward_ms: f64,
    /// The optimiser's update of every parameter.
    pub optimizer_ms: f64,
    /// Reading the loss back from the device.
    pub read_ms: f64,
    pub steps: usize,
    pub examples: usize,
}

impl PhaseTimes {
    pub fn total_ms(&self) -> f64 {
        self.forward_ms + self.backward_ms + self.optimizer_ms + self.read_ms
    }

    pub fn add(&mut self, other: &PhaseTimes) {
        self.forward_ms += other.forward_ms;
        self.backward_ms += other.backward_ms;
        self.optimizer_ms += other.optimizer_ms;
        self.read_ms += other.read_ms;
        self.steps += other.steps;
        self.examples += other.examples;
    }
}

/// Above this many classes (a language model's characters) no confusion matrix is counted.
pub const CONFUSION_MAX_CLASSES: usize = 20;

/// One task of a multi-task lesson.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskScore {
    pub loss: f32,
    pub accuracy: f32,
}

#[cfg(test)]
impl EvalReport {
    /// A report with only a step, a loss and an accuracy (tests of what reads reports).
    pub(crate) fn bare(step: usize, loss: f32, accuracy: Option<f32>) -> Self {
        Self {
            step,
            loss,
            accuracy,
            hit_rate: None,
            mse: None,
            mae: None,
            r2: None,
            tasks: Vec::new(),
            examples: 10,
            alignment: None,
            confusion: None,
        }
    }
}

impl EvalReport {
    /// The lesson's headline score on a 0–1 scale: accuracy, or R² for a regression lesson.
    pub fn score(&self) -> Option<f32> {
        self.accuracy.or(self.r2)
    }
}

/// Attention weights of every layer and head for one input of `len` tokens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AttentionMaps {
    pub n_layers: usize,
    pub n_heads: usize,
    pub len: usize,
    /// Row-major `[layer, head, query, key]`.
    pub weights: Vec<f32>,
}

impl AttentionMaps {
    /// The `len × len` map of one head, row-major `[query, key]`; empty when out of range.
    pub fn head(&self, layer: usize, head: usize) -> &[f32] {
        let size = self.len * self.len;
        let start = (layer * self.n_heads + head) * size;
        self.weights.get(start..start + size).unwrap_or(&[])
    }

    /// How much attention each key token receives from the queries of one head, averaged over
    /// the queries (each row sums to 1, so these sum to 1 too).
    pub fn received(&self, layer: usize, head: usize) -> Vec<f32> {
        let map = self.head(layer, head);
        if map.is_empty() {
            return Vec::new();
        }
        (0..self.len)
            .map(|k| (0..self.len).map(|q| map[q * self.len + k]).sum::<f32>() / self.len as f32)
            .collect()
    }
}

/// Text written by the model, one drawn token per step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleReport {
    /// Training steps the model had taken.
    pub step: usize,
    /// The prompt's tokens, then the written ones.
    pub tokens: Vec<String>,
    pub prompt_len: usize,
    pub steps: Vec<SampleStep>,
}

/// One drawn token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleStep {
    pub token: String,
    /// Its probability under the distribution it was drawn from (after temperature and top-k).
    pub probability: f32,
    /// The most likely tokens of that distribution, most likely first.
    pub candidates: Vec<(String, f32)>,
    /// Index in `tokens` of the first token of the context the model saw.
    pub context_start: usize,
    /// The new position's attention over that context (last layer, mean over its heads).
    pub attention: Vec<f32>,
}

impl SampleReport {
    /// The written tokens only, as plain text.
    pub fn text(&self) -> String {
        self.steps.iter().map(|s| s.token.as_str()).collect()
    }
}

/// The model's reading of one sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeReport {
    /// Training steps the model had taken.
    pub step: usize,
    pub text: String,
    pub tokens: Vec<String>,
    /// Whether each token is outside the vocabulary (read as `<unk>`).
    pub unknown: Vec<bool>,
    /// Whether the text was cut to the model's longest input.
    pub truncated: bool,
    /// Probability of each class at the first asked position; empty for a regression lesson.
    pub probabilities: Vec<f32>,
    /// The predicted number, in the lesson's units (regression lessons).
    pub value: Option<f32>,
    /// Multi-task lessons: the probability of each class of the second task.
    pub second_probabilities: Vec<f32>,
    /// Class id with the highest probability at the first asked position.
    pub predicted: usize,
    /// The predicted class name at every output position (one for a pooled lesson); empty at
    /// positions the lesson does not ask about.
    pub outputs: Vec<String>,
    /// The (query, key) cells the lesson expects attention on, if it has a pattern.
    pub expected: Vec<(usize, usize)>,
    /// Attention weights as the model computed them (with `heads_off` switched off).
    pub attention: AttentionMaps,
    /// The heads that were switched off for this reading.
    pub heads_off: HeadSet,
    /// Every stage of the attention formula, one entry per layer.
    pub stages: Vec<LayerStages>,
    /// Gradient × input of each token for the predicted class.
    pub saliency: Vec<f32>,
    /// A translation lesson: what the decoder wrote and where it looked.
    pub translation: Option<Translation>,
    /// A multimodal lesson: where each of the caption's words looked in the picture, in a
    /// translation's layout (the words as the steps, the picture's patches as the source).
    #[serde(default)]
    pub matching: Option<Translation>,
}

/// A translator's greedy translation of the probe, and its cross-attention while writing it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    /// The written target, one class per step.
    pub tokens: Vec<String>,
    /// The probability the model gave each written class.
    pub confidence: Vec<f32>,
    pub n_layers: usize,
    pub n_heads: usize,
    /// Source tokens (the probe's tokens).
    pub source: usize,
    /// Cross-attention weights, row-major `[layer, head, step, source token]`.
    pub weights: Vec<f32>,
    /// The (step, source token) cells the lesson expects attention on.
    pub expected: Vec<(usize, usize)>,
    /// The "no attention" variant's translation of the same source, when it trains alongside.
    pub baseline: Option<String>,
}

impl Translation {
    /// The written text.
    pub fn text(&self) -> String {
        self.tokens.concat()
    }

    /// One head's `steps × source` map, row-major; empty when out of range.
    pub fn head(&self, layer: usize, head: usize) -> &[f32] {
        let size = self.tokens.len() * self.source;
        let start = (layer * self.n_heads + head) * size;
        self.weights.get(start..start + size).unwrap_or(&[])
    }

    /// The mean of a layer's heads, `steps × source`.
    pub fn mean_of_heads(&self, layer: usize) -> Vec<f32> {
        let size = self.tokens.len() * self.source;
        let mut mean = vec![0.0; size];
        for head in 0..self.n_heads {
            for (m, w) in mean.iter_mut().zip(self.head(layer, head)) {
                *m += w / self.n_heads as f32;
            }
        }
        mean
    }

    /// Share of a map's attention on the expected cells, averaged over the steps that have any.
    pub fn alignment(&self, map: &[f32]) -> Option<f32> {
        let steps: std::collections::BTreeSet<usize> = self.expected.iter().map(|&(q, _)| q).collect();
        let mass: f32 = self
            .expected
            .iter()
            .filter_map(|&(q, k)| (k < self.source).then(|| map.get(q * self.source + k)).flatten())
            .sum();
        (!steps.is_empty() && !map.is_empty()).then(|| mass / steps.len() as f32)
    }

    /// The (layer, head) whose map is best aligned with the expected cells, and its alignment.
    pub fn best_head(&self) -> Option<(usize, usize, f32)> {
        (0..self.n_layers)
            .flat_map(|layer| (0..self.n_heads).map(move |head| (layer, head)))
            .filter_map(|(layer, head)| Some((layer, head, self.alignment(self.head(layer, head))?)))
            .max_by(|a, b| a.2.total_cmp(&b.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_alignment_is_the_mass_on_the_expected_cells() {
        // Two steps over three source tokens, two heads in one layer.
        let translation = Translation {
            tokens: vec!["1".into(), "2".into()],
            n_layers: 1,
            n_heads: 2,
            source: 3,
            #[rustfmt::skip]
            weights: vec![
                0.8, 0.1, 0.1,   0.2, 0.2, 0.6, // head 1
                0.1, 0.1, 0.8,   0.0, 1.0, 0.0, // head 2
            ],
            expected: vec![(0, 0), (1, 1)],
            ..Translation::default()
        };
        assert_eq!(translation.alignment(translation.head(0, 0)), Some((0.8 + 0.2) / 2.0));
        assert_eq!(translation.alignment(translation.head(0, 1)), Some((0.1 + 1.0) / 2.0));
        assert_eq!(translation.best_head(), Some((0, 1, 0.55)));
        let mean = translation.mean_of_heads(0);
        assert!((mean[0] - 0.45).abs() < 1e-6 && (mean[4] - 0.6).abs() < 1e-6);
        assert_eq!(translation.text(), "12");
    }
}
