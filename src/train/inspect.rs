//! Reading the model for the page: the probe sentence's prediction, attention and every stage of
//! the attention formula, gradient × input saliency, and the embedding map. All reads from the
//! device are `async` and batched into as few transfers as possible.

use burn::module::Module;
use burn::tensor::{Bool, Device, Int, Tensor, TensorData, Transaction};

use super::batch;
use super::report::{AttentionMaps, ProbeReport, Translation};
use super::trainer::{TrainError, Trainer, argmax, read_error};
use crate::inspect::stages::LayerNumbers;
use crate::inspect::{EmbeddingMap, LayerStages, pca};
use crate::lessons::ImageInput;
use crate::lessons::vocab::{PAD_ID, UNK_ID};
use crate::model::attention::attend;
use crate::model::matmul::matmul;
use crate::model::{Input, Mask, Network};
use crate::pattern::Pattern;

impl Trainer {
    /// The model's reading of `text` (empty: the lesson's own example), with the configured heads
    /// switched off: class probabilities, every head's attention, every stage of the formula for
    /// every layer and head, and a saliency per token.
    pub async fn probe(&self, text: &str) -> Result<ProbeReport, TrainError> {
        let text = if text.trim().is_empty() { self.data().default_probe.as_str() } else { text };
        if let Some(image) = self.data().image.as_ref().or(self.data().picture.as_ref()) {
            (image.read)(text)?;
        }
        let mut tokens = (self.data().tokenizer)(text);
        if tokens.is_empty() {
            return Err(TrainError::EmptyProbe);
        }
        let truncated = tokens.len() > self.data().max_len;
        tokens.truncate(self.data().max_len);
        let unknown = tokens.iter().map(|t| !self.data().vocab.contains(t)).collect();
        let ids = self.data().vocab.encode(&tokens);
        let len = tokens.len();
        let heads_off = &self.config().heads_off;
        let n_heads = self.config().n_heads;
        let d_head = self.config().d_head();

        // A translator first writes its translation (greedy), then is read while writing it.
        let written = match self.model()? {
            Network::Translator(_) => Some(self.decode(&ids).await?),
            Network::Classifier(_) | Network::Vision(_) | Network::Matcher(_) => None,
        };
        // Reading it back: every written class but the last is read (teacher forcing on its own
        // answer), so each step's attention is the one it wrote with.
        let decoder_input = written
            .as_ref()
            .map(|w| decoder_input(self.data().classes.len(), &w[..w.len().saturating_sub(1)]));

        let model = self.model()?.valid();
        let device = self.device().clone().without_autodiff();
        let (input, padding) = self.input(text, &ids, &device)?;
        let pattern = Pattern::of(self.config());
        let mask = Mask::new(padding.clone(), &pattern);
        let embedded = model.embed(input)?; //                       [1, len, d_model]
        let target = decoder_input.as_ref().map(|input| ids_tensor(input, &device));
        let output = model.forward_embedded(embedded, padding, target, heads_off);
        let attention = Tensor::cat(output.attention(), 0); //        [layers, heads, q, k]
        let cross_layers = output.cross.len();

        let mut reads = Transaction::default().register(output.logits.clone()).register(attention);
        if cross_layers > 0 {
            reads = reads.register(Tensor::cat(output.cross.clone(), 0)); // [layers, heads, steps, src]
        }
        for block in &output.blocks {
            let a = &block.attention;
            // Both variants of the formula from the same Q and K, with the model's own code.
            let unscaled = attend(a.scores.clone(), &mask, None); //       [1, heads, q, k]
            let scaled = attend(a.scores.clone(), &mask, Some(d_head)); // [1, heads, q, k]
            reads = reads
                .register(block.input.clone())
                .register(block.normed.clone())
                .register(a.q.clone())
                .register(a.k.clone())
                .register(a.v.clone())
                .register(a.scores.clone())
                .register(unscaled.clone())
                .register(scaled.clone())
                .register(matmul(unscaled, a.v.clone())) //                            [1, heads, len, d_head]
                .register(matmul(scaled, a.v.clone()));
        }
        let mut data = reads.execute_async().await.map_err(read_error)?.into_iter();
        let mut next = move || -> Result<Vec<f32>, TrainError> {
            let tensor = data.next().ok_or_else(|| TrainError::Read("a tensor is missing".into()))?;
            tensor.try_to_vec::<f32>().map_err(read_error)
        };
        let logits = next()?; //                                       [positions, outputs]
        let weights = next()?;
        let cross = if cross_layers > 0 { next()? } else { Vec::new() };
        let n_layers = output.blocks.len();
        let mut stages = Vec::with_capacity(n_layers);
        for _ in 0..n_layers {
            let numbers = LayerNumbers {
                input: next()?,
                normed: next()?,
                q: next()?,
                k: next()?,
                v: next()?,
                scores: next()?,
                weights: [next()?, next()?],
                outputs: [next()?, next()?],
            };
            stages.push(LayerStages::new(len, n_heads, self.config().scaled, pattern.blocked(len), numbers));
        }
        // Each output position's most likely class; the class bars show the first asked position's
        // (the only one for a pooled lesson; the last for a lesson that answers at the end).
        let n_outputs = self.data().n_outputs().max(1);
        // A multi-task lesson's second head follows the first task's classes.
        let n_first =
            if self.data().second_classes.is_empty() { n_outputs } else { self.data().classes.len() };
        let predictions: Vec<usize> = logits.chunks(n_outputs).map(|row| argmax(&row[..n_first])).collect();
        let second_logits = logits.get(n_first..n_outputs).unwrap_or(&[]);
        let second_probabilities = softmax(second_logits);
        // Positions the lesson does not ask about get no answer.
        let asked = (self.data().asked)(predictions.len());
        let shown = asked.iter().position(|&a| a).unwrap_or(0);
        let predicted = predictions.get(shown).copied().unwrap_or(0);
        let value =
            self.data().standardize.map(|scale| scale.inverse(logits.first().copied().unwrap_or(0.0)));
        let outputs = match value {
            Some(value) => vec![format!("{value:.1}")],
            None if !second_logits.is_empty() => {
                let first = self.data().classes.get(predicted).cloned().unwrap_or_default();
                let second =
                    self.data().second_classes.get(argmax(second_logits)).cloned().unwrap_or_default();
                vec![first, second]
            }
            None => predictions
                .iter()
                .zip(asked)
                .map(|(&c, asked)| {
                    if asked { self.data().classes.get(c).map_or("?", String::as_str) } else { "" }
                        .to_string()
                })
                .collect(),
        };
        let expected = self.data().expected.map(|pattern| pattern.cells(text, &tokens)).unwrap_or_default();
        let shown_logits = logits.chunks(n_outputs).nth(shown).unwrap_or(&[]);
        let probabilities =
            if value.is_some() { Vec::new() } else { softmax(shown_logits.get(..n_first).unwrap_or(&[])) };
        let mut saliency = self.saliency(text, &ids, &predictions, decoder_input.as_deref()).await?;
        saliency.truncate(len); // a matcher's input also holds the picture's patches
        // A matcher: where each of the caption's words looked in the picture.
        let (expected, matching) = match &self.data().picture {
            Some(picture) if cross_layers > 0 => {
                let matching = Translation {
                    tokens: tokens.clone(),
                    n_layers: cross_layers,
                    n_heads,
                    source: picture.patches,
                    weights: cross.clone(),
                    expected,
                    ..Translation::default()
                };
                (Vec::new(), Some(matching))
            }
            _ => (expected, None),
        };
        // A translation: what was written, how sure each step was, and where each step looked.
        let (expected, translation) = match written {
            Some(written) => {
                let classes = &self.data().classes;
                let translation = Translation {
                    tokens: written.iter().map(|&c| classes.get(c).cloned().unwrap_or_default()).collect(),
                    confidence: logits
                        .chunks(n_outputs)
                        .zip(&written)
                        .map(|(row, &c)| softmax(row).get(c).copied().unwrap_or(0.0))
                        .collect(),
                    n_layers: cross_layers,
                    n_heads,
                    source: len,
                    weights: cross,
                    expected,
                    baseline: None,
                };
                // The encoder's map is square; the expected cells belong to the cross-attention.
                (Vec::new(), Some(translation))
            }
            None => (expected, None),
        };
        Ok(ProbeReport {
            step: self.steps(),
            text: text.to_string(),
            attention: AttentionMaps { n_layers, n_heads, len, weights },
            tokens,
            unknown,
            truncated,
            probabilities,
            value,
            second_probabilities,
            predicted,
            outputs,
            expected,
            heads_off: heads_off.clone(),
            stages,
            saliency,
            translation,
            matching,
        })
    }

    /// A translation lesson: `text` translated by greedy decoding, as plain text.
    pub async fn translate(&self, text: &str) -> Result<String, TrainError> {
        let mut tokens = (self.data().tokenizer)(text);
        if tokens.is_empty() {
            return Err(TrainError::EmptyProbe);
        }
        tokens.truncate(self.data().max_len);
        let written = self.decode(&self.data().vocab.encode(&tokens)).await?;
        Ok(written.iter().filter_map(|&c| self.data().classes.get(c).map(String::as_str)).collect())
    }

    /// Greedy decoding: the translator writes one class at a time, each time the most likely
    /// one given the source and what it has written so far, for the lesson's target length.
    pub async fn decode(&self, ids: &[usize]) -> Result<Vec<usize>, TrainError> {
        let model = self.model()?.valid();
        let device = self.device().clone().without_autodiff();
        let start = self.data().classes.len();
        let (token_ids, padding) = batch::pad(&[ids.to_vec()], &device);
        let mut written: Vec<usize> = Vec::with_capacity(self.data().target_len);
        for _ in 0..self.data().target_len {
            let input = decoder_input(start, &written);
            let steps = input.len();
            let target = ids_tensor(&input, &device); //                   [1, steps]
            let output = model.forward(Input::Tokens(token_ids.clone()), padding.clone(), Some(target))?;
            let [_, _, n_classes] = output.logits.dims();
            let last = output.logits.slice([0..1, steps - 1..steps, 0..n_classes]); // [1, 1, classes]
            let row = last.into_data_async().await.map_err(read_error)?;
            written.push(argmax(&row.try_to_vec::<f32>().map_err(read_error)?));
        }
        Ok(written)
    }

    /// Gradient × input for one input: for each token, Σ_j ∂s/∂e_j · e_j over the features j of
    /// its embedding e, where s is the logit of the predicted class (summed over the output
    /// positions of a per-token lesson), or the predicted number of a regression lesson. Positive: the token pushes towards the prediction.
    async fn saliency(
        &self,
        text: &str,
        ids: &[usize],
        predictions: &[usize],
        decoder_input: Option<&[usize]>,
    ) -> Result<Vec<f32>, TrainError> {
        let model = self.model()?;
        let (input, padding) = self.input(text, ids, self.device())?;
        // A leaf of its own, so the gradient stops here: [1, len, d_model].
        let embedded = model.embed(input)?.detach().require_grad();
        let target = decoder_input.map(|input| ids_tensor(input, self.device()));
        let output = model.forward_embedded(embedded.clone(), padding, target, &self.config().heads_off);
        let [_, positions, n_classes] = output.logits.dims();
        let picked: Vec<i64> = (0..positions)
            .map(|p| predictions.get(p).copied().unwrap_or(0).min(n_classes - 1) as i64)
            .collect();
        let picked = Tensor::<3, Int>::from_data(TensorData::new(picked, [1, positions, 1]), self.device());
        let logit = output.logits.gather(2, picked).sum(); // [1]
        let gradients = logit.backward();
        let gradient = embedded
            .grad(&gradients)
            .ok_or_else(|| TrainError::Read("the embedding received no gradient".into()))?;
        let per_token = (gradient * embedded.inner()).sum_dim(2); //       [1, len, 1]
        let values = per_token.into_data_async().await.map_err(read_error)?;
        values.try_to_vec::<f32>().map_err(read_error)
    }

    /// One input for the model: the token ids `ids` of `text`, for an image lesson the image
    /// `text` describes, for a multimodal lesson both; and its padding mask (none).
    fn input(
        &self,
        text: &str,
        ids: &[usize],
        device: &Device,
    ) -> Result<(Input, Tensor<2, Bool>), TrainError> {
        let (token_ids, padding) = batch::pad(&[ids.to_vec()], device);
        let read = |image: &ImageInput| -> Result<Tensor<3>, TrainError> {
            Ok(batch::patches(std::iter::once((image.read)(text)?), image, device))
        };
        let input = match (&self.data().image, &self.data().picture) {
            (Some(image), _) => Input::Patches(read(image)?),
            (None, Some(picture)) => Input::Captioned { tokens: token_ids, patches: read(picture)? },
            (None, None) => Input::Tokens(token_ids),
        };
        Ok((input, padding))
    }

    /// Every known token's embedding, projected onto its two principal components; `None` for a
    /// model that reads no tokens (images).
    pub async fn embedding_map(&mut self) -> Result<Option<EmbeddingMap>, TrainError> {
        let Some(embedding) = self.model()?.valid().token_embedding().map(|e| e.weight.val()) else {
            return Ok(None);
        };
        let table = embedding; //                                              [vocab, d_model]
        let [vocab, d_model] = table.dims();
        let values = table.into_data_async().await.map_err(read_error)?;
        let values: Vec<f32> = values.try_to_vec::<f32>().map_err(read_error)?;
        // Padding and <unk> are not words: leave them off the map.
        let ids: Vec<usize> = (0..vocab).filter(|&i| i != PAD_ID && i != UNK_ID).collect();
        let rows: Vec<f32> =
            ids.iter().flat_map(|&i| values[i * d_model..(i + 1) * d_model].to_vec()).collect();
        let axes = pca::fit(&rows, ids.len(), d_model, self.embedding_axes.as_ref());
        let data = self.data();
        let map = EmbeddingMap {
            step: self.steps(),
            tokens: ids.iter().map(|&i| data.vocab.token(i).to_string()).collect(),
            groups: ids.iter().map(|&i| data.word_group(data.vocab.token(i)).map(str::to_string)).collect(),
            points: rows.chunks(d_model).map(|row| axes.project(row)).collect(),
            explained: (axes.explained[0], axes.explained[1]),
        };
        self.embedding_axes = Some(axes);
        Ok(Some(map))
    }
}

/// What the decoder reads after writing `written`, to write the next class: the start token,
/// then `written`.
fn decoder_input(start: usize, written: &[usize]) -> Vec<usize> {
    std::iter::once(start).chain(written.iter().copied()).collect()
}

/// `[1, len]` ids.
fn ids_tensor(ids: &[usize], device: &Device) -> Tensor<2, Int> {
    let ids: Vec<i64> = ids.iter().map(|&i| i as i64).collect();
    let len = ids.len();
    Tensor::from_data(TensorData::new(ids, [1, len]), device)
}

/// softmax of a few logits, on the host.
fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let total: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / total).collect()
}
