//! Turning examples into tensors.

use burn::tensor::{Bool, Device, Int, Tensor, TensorData};

use crate::lessons::vocab::PAD_ID;
use crate::lessons::{Example, ImageInput, LessonData, Output};
use crate::model::Input;

/// One batch, ready for the model.
pub struct Batch {
    /// Token ids `[batch, seq]`, an image lesson's patches, or a caption and its picture.
    pub input: Input,
    /// `[batch, seq]`, true at padding positions.
    pub padding: Tensor<2, Bool>,
    /// `[batch, positions]` (positions: 1 for a pooled or regression lesson, seq otherwise).
    pub targets: Targets,
    /// `[batch, positions]`: 1 where an answer is asked, 0 elsewhere (padding, unasked positions).
    pub weights: Tensor<2>,
    /// A translation lesson: the decoder's input `[batch, steps]`, the target shifted right by
    /// one behind the start token (teacher forcing).
    pub decoder: Option<Tensor<2, Int>>,
}

/// What the model should output.
pub enum Targets {
    /// Class ids.
    Classes(Tensor<2, Int>),
    /// Standardised numbers (see [`crate::lessons::Standardize`]).
    Values(Tensor<2>),
    /// Class ids of two tasks (multi-task lessons): the first task's, the second's.
    Tasks(Box<[Tensor<2, Int>; 2]>),
}

/// Token ids (or an image lesson's patches), padding mask, targets and weights of `examples`,
/// each cut to the lesson's longest input.
pub fn encode(examples: &[&Example], data: &LessonData, device: &Device) -> Batch {
    let sequences: Vec<Vec<usize>> =
        examples.iter().map(|e| data.vocab.encode(&e.tokens[..e.tokens.len().min(data.max_len)])).collect();
    let (tokens, padding) = pad(&sequences, device);
    let [batch, seq] = tokens.dims();
    // The lesson made every example's text an image (or a picture); a text that were not would
    // read blank.
    let read = |image: &ImageInput| {
        patches(examples.iter().map(|e| (image.read)(&e.text).unwrap_or_default()), image, device)
    };
    let input = match (&data.image, &data.picture) {
        (Some(image), _) => Input::Patches(read(image)),
        (None, Some(picture)) => Input::Captioned { tokens, patches: read(picture) },
        (None, None) => Input::Tokens(tokens),
    };
    let classes = |ids: Vec<i64>, positions: usize| {
        Targets::Classes(Tensor::from_data(TensorData::new(ids, [batch, positions]), device))
    };
    let mut decoder = None;
    let (targets, weights) = match data.output {
        Output::Pooled if !data.second_classes.is_empty() => {
            let ids = |f: fn(&Example) -> usize| {
                Tensor::from_data(
                    TensorData::new(examples.iter().map(|e| f(e) as i64).collect(), [batch, 1]),
                    device,
                )
            };
            (Targets::Tasks(Box::new([ids(|e| e.label), ids(|e| e.second)])), vec![1.0f32; batch])
        }
        Output::Pooled => {
            (classes(examples.iter().map(|e| e.label as i64).collect(), 1), vec![1.0f32; batch])
        }
        Output::Value => {
            let scale = data.standardize.unwrap_or_default();
            let values: Vec<f32> = examples.iter().map(|e| scale.forward(e.value)).collect();
            (
                Targets::Values(Tensor::from_data(TensorData::new(values, [batch, 1]), device)),
                vec![1.0; batch],
            )
        }
        Output::PerToken => {
            let (ids, weights) = per_position(examples, seq);
            (classes(ids, seq), weights)
        }
        Output::Translation => {
            // The decoder reads the start token (id = number of classes), then the target
            // shifted right by one; an unasked step reads the start token.
            let steps = data.target_len;
            let start = data.classes.len() as i64;
            let (ids, weights) = per_position(examples, steps);
            let inputs: Vec<i64> = (0..batch * steps)
                .map(|i| match i % steps {
                    0 => start,
                    _ if weights[i - 1] > 0.0 => ids[i - 1],
                    _ => start,
                })
                .collect();
            decoder = Some(Tensor::from_data(TensorData::new(inputs, [batch, steps]), device));
            (classes(ids, steps), weights)
        }
    };
    let positions = weights.len() / batch.max(1);
    Batch {
        input,
        padding,
        targets,
        weights: Tensor::from_data(TensorData::new(weights, [batch, positions]), device),
        decoder,
    }
}

/// Row-major `[examples, positions]` class ids of the wanted answers and their weights (1 where
/// an answer is asked, 0 elsewhere), each example's targets cut to `positions`.
fn per_position(examples: &[&Example], positions: usize) -> (Vec<i64>, Vec<f32>) {
    let mut ids = vec![0i64; examples.len() * positions];
    let mut weights = vec![0.0f32; examples.len() * positions];
    for (row, e) in examples.iter().enumerate() {
        for (col, target) in e.targets.iter().take(positions).enumerate() {
            if let Some(t) = target {
                ids[row * positions + col] = *t as i64;
                weights[row * positions + col] = 1.0;
            }
        }
    }
    (ids, weights)
}

/// `[batch, patches, patch pixels]` from each image's patches (a wrong-sized one reads blank).
pub fn patches(images: impl Iterator<Item = Vec<f32>>, image: &ImageInput, device: &Device) -> Tensor<3> {
    let size = image.patches * image.patch_pixels;
    let mut values = Vec::new();
    let mut batch = 0;
    for pixels in images {
        if pixels.len() == size {
            values.extend(pixels);
        } else {
            values.extend(std::iter::repeat_n(0.0, size));
        }
        batch += 1;
    }
    Tensor::from_data(TensorData::new(values, [batch, image.patches, image.patch_pixels]), device)
}

/// `[batch, seq]` ids and padding mask for sequences of token ids (each at least one long).
pub fn pad(sequences: &[Vec<usize>], device: &Device) -> (Tensor<2, Int>, Tensor<2, Bool>) {
    let batch = sequences.len();
    let seq = sequences.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut ids = vec![PAD_ID as i64; batch * seq];
    let mut padding = vec![true; batch * seq];
    for (row, sequence) in sequences.iter().enumerate() {
        for (col, &id) in sequence.iter().enumerate() {
            ids[row * seq + col] = id as i64;
            padding[row * seq + col] = false;
        }
    }
    (
        Tensor::from_data(TensorData::new(ids, [batch, seq]), device),
        Tensor::from_data(TensorData::new(padding, [batch, seq]), device),
    )
}

/// `[batch, 1, queries, keys]`: 1 at the (query, key) cells of each example's expected pattern,
/// and `[batch, 1, queries, 1]`: 1 for the queries that have any.
pub fn expected_cells(
    patterns: &[Vec<(usize, usize)>],
    queries: usize,
    keys: usize,
    device: &Device,
) -> (Tensor<4>, Tensor<4>) {
    let batch = patterns.len();
    let mut cells = vec![0.0f32; batch * queries * keys];
    let mut rows = vec![0.0f32; batch * queries];
    for (b, pattern) in patterns.iter().enumerate() {
        for &(q, k) in pattern.iter().filter(|(q, k)| *q < queries && *k < keys) {
            cells[(b * queries + q) * keys + k] = 1.0;
            rows[b * queries + q] = 1.0;
        }
    }
    (
        Tensor::from_data(TensorData::new(cells, [batch, 1, queries, keys]), device),
        Tensor::from_data(TensorData::new(rows, [batch, 1, queries, 1]), device),
    )
}
