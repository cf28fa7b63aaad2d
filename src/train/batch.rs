//! Turning examples into tensors.

use burn::tensor::{Bool, Device, Int, Tensor, TensorData};

use crate::lessons::vocab::PAD_ID;
use crate::lessons::{Example, Vocab};

/// Token ids padded to the longest sequence of the batch.
pub struct Batch {
    /// `[batch, seq]`
    pub tokens: Tensor<2, Int>,
    /// `[batch, seq]`, true at padding.
    pub padding: Tensor<2, Bool>,
    /// `[batch]` class ids.
    pub labels: Tensor<1, Int>,
}

/// Token ids, padding mask and labels of `examples`, each cut to `max_len` tokens.
pub fn encode(examples: &[&Example], vocab: &Vocab, max_len: usize, device: &Device) -> Batch {
    let sequences: Vec<Vec<usize>> =
        examples.iter().map(|e| vocab.encode(&e.tokens[..e.tokens.len().min(max_len)])).collect();
    let labels: Vec<i64> = examples.iter().map(|e| e.label as i64).collect();
    let (tokens, padding) = pad(&sequences, device);
    let labels = Tensor::from_data(TensorData::new(labels, [examples.len()]), device);
    Batch { tokens, padding, labels }
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
