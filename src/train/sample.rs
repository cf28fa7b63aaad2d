//! Writing with the model: autoregressive sampling, one token at a time, each step recording
//! the distribution it drew from and the attention of the new position over its context.
//!
//! ```text
//! context → model → logits of the last position → ÷ temperature → keep the k largest → softmax
//!         → draw one token → append it to the context → repeat
//! ```

use burn::module::Module;
use burn::tensor::Transaction;
use rand::RngExt;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::batch;
use super::report::{SampleReport, SampleStep};
use super::trainer::{TrainError, Trainer, read_error};
use crate::model::Input;

/// Candidates kept per step for the page (the most likely tokens and their probabilities).
const CANDIDATES: usize = 5;

impl Trainer {
    /// Continues `prompt` (empty: the lesson's own) by `config.sample_len` tokens, drawn with
    /// `config.temperature` and `config.top_k` (0: every token); the draw is seeded by the config's
    /// seed, so the same model and settings write the same text.
    pub async fn sample(&self, prompt: &str) -> Result<SampleReport, TrainError> {
        let data = self.data();
        let prompt = if prompt.trim().is_empty() { data.default_probe.as_str() } else { prompt };
        let mut tokens = (data.tokenizer)(prompt);
        if tokens.is_empty() {
            return Err(TrainError::EmptyProbe);
        }
        let config = self.config();
        let temperature = config.temperature.max(1e-3) as f32;
        let mut rng = StdRng::seed_from_u64(config.seed ^ 0x5a3e);
        let model = self.model()?.valid();
        let device = self.device().clone().without_autodiff();
        let prompt_len = tokens.len();
        let mut steps = Vec::with_capacity(config.sample_len);
        for _ in 0..config.sample_len {
            // The newest `max_len` tokens are the context.
            let start = tokens.len().saturating_sub(data.max_len);
            let ids = data.vocab.encode(&tokens[start..]);
            let len = ids.len();
            let (token_ids, padding) = batch::pad(&[ids], &device);
            let output = model.forward(Input::Tokens(token_ids), padding, None)?;
            let [_, _, n_classes] = output.logits.dims();
            let logits = output.logits.slice([0..1, len - 1..len, 0..n_classes]); //  [1, 1, classes]
            let last = output.blocks.last().ok_or(TrainError::Interrupted)?;
            let [_, heads, _, _] = last.attention.weights.dims();
            let attention =
                last.attention.weights.clone().slice([0..1, 0..heads, len - 1..len, 0..len]).mean_dim(1); // [1, 1, 1, len]
            let mut read = Transaction::default()
                .register(logits)
                .register(attention)
                .execute_async()
                .await
                .map_err(read_error)?
                .into_iter();
            let mut next = || -> Result<Vec<f32>, TrainError> {
                read.next()
                    .ok_or_else(|| TrainError::Read("a tensor is missing".into()))?
                    .try_to_vec::<f32>()
                    .map_err(read_error)
            };
            let logits = next()?;
            let attention = next()?;
            let probabilities = distribution(&logits, temperature, config.top_k);
            let drawn = draw(&probabilities, rng.random::<f32>());
            let token = data.classes.get(drawn).cloned().unwrap_or_default();
            let mut ranked: Vec<usize> = (0..probabilities.len()).collect();
            ranked.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
            let candidates = ranked
                .iter()
                .take(CANDIDATES)
                .filter(|&&i| probabilities[i] > 0.0)
                .map(|&i| (data.classes.get(i).cloned().unwrap_or_default(), probabilities[i]))
                .collect();
            steps.push(SampleStep {
                token: token.clone(),
                probability: probabilities[drawn],
                candidates,
                context_start: start,
                attention,
            });
            tokens.push(token);
        }
        Ok(SampleReport { step: self.steps(), tokens, prompt_len, steps })
    }
}

/// softmax(logits / temperature) over the `top_k` largest logits (0: all); the rest get 0.
pub fn distribution(logits: &[f32], temperature: f32, top_k: usize) -> Vec<f32> {
    let mut cut = f32::NEG_INFINITY;
    if top_k > 0 && top_k < logits.len() {
        let mut sorted = logits.to_vec();
        sorted.sort_by(|a, b| b.total_cmp(a));
        cut = sorted[top_k - 1];
    }
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let weights: Vec<f32> =
        logits.iter().map(|&l| if l >= cut { ((l - max) / temperature).exp() } else { 0.0 }).collect();
    let total: f32 = weights.iter().sum();
    weights.into_iter().map(|w| w / total).collect()
}

/// The index whose cumulative probability first exceeds `u` ∈ [0, 1).
pub fn draw(probabilities: &[f32], u: f32) -> usize {
    let mut cumulative = 0.0;
    for (i, &p) in probabilities.iter().enumerate() {
        cumulative += p;
        if u < cumulative {
            return i;
        }
    }
    probabilities.iter().rposition(|&p| p > 0.0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_and_top_k_shape_the_distribution() {
        let logits = [2.0f32.ln(), 1.0f32.ln(), 1.0f32.ln(), 0.0];
        // T = 1: proportional to e^logit = [2, 1, 1, 1] / 5.
        let p = distribution(&logits, 1.0, 0);
        assert!((p[0] - 0.4).abs() < 1e-6 && (p[3] - 0.2).abs() < 1e-6);
        // Top-1 keeps only the largest.
        assert_eq!(distribution(&logits, 1.0, 1), vec![1.0, 0.0, 0.0, 0.0]);
        // A low temperature sharpens towards the largest, a high one flattens.
        assert!(distribution(&logits, 0.1, 0)[0] > 0.99);
        assert!(distribution(&logits, 100.0, 0)[0] < 0.26);
        assert_eq!(draw(&[0.25, 0.5, 0.25], 0.1), 0);
        assert_eq!(draw(&[0.25, 0.5, 0.25], 0.5), 1);
        assert_eq!(draw(&[0.25, 0.5, 0.25], 0.99), 2);
    }
}
