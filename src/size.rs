//! How much memory a model needs while it trains, known before it trains, and whether the
//! backend it would train on can give that much.
//!
//! A classroom will drag every slider to its end: 4 layers of width 256 with 8 heads and 512
//! sentences per batch needs several gigabytes while training, more than a browser tab gets. The
//! page shows this estimate beside the settings and refuses to train a model that does not fit,
//! instead of letting the tab run out of memory.
//!
//! The estimate counts what one step keeps alive at its peak, per example and per layer: the
//! values the forward pass saves for the backward pass (token vectors `[len, d_model]`, the
//! feed-forward's hidden layer `[len, d_ff]`, and per head the scores and weights `[len, len]`)
//! and the gradients flowing back; plus the model's parameters in every copy training keeps
//! (weights, gradients, Adam's two moments, the last sound weights kept against divergence, the
//! best weights kept by early stopping). The per-example factors were fitted to what burn's CPU
//! backend allocates (every allocation counted, `tests/footprint.rs`), then raised by about 1.7
//! for what the measurement cannot see: the WebAssembly allocator's fragmentation and the GPU's
//! memory pools. That test keeps them honest: the estimate must stay above the measured peak,
//! and within 2.5 times it.
//!
//! Plain numbers: the page and the worker both use it, and it is tested natively.

use serde::{Deserialize, Serialize};

use crate::protocol::BackendKind;

const FLOAT: u64 = 4;

/// Copies of the parameters that live while training runs (see the module's comment).
const PARAM_COPIES: u64 = 6;

/// Floats one example keeps alive per attention block while a training step runs, per unit of
/// each shape term: `TOKEN·len·d_model + HIDDEN·len·d_ff + SCORE·heads·len_q·len_k`. (TOKEN was
/// 28 and SCORE 10 while burn's CPU backend copied every matrix product's output and built softmax
/// and LayerNorm from five and eight tracked operations; `src/model/matmul.rs`, `softmax.rs` and
/// `layer_norm.rs` do none of that, and the measured peaks fell by a third or more.)
const TRAIN_TOKEN: u64 = 16;
const TRAIN_HIDDEN: u64 = 6;
const TRAIN_SCORE: u64 = 8;

/// The same while evaluating: no gradients, but every block's attention terms are kept for the
/// views. (TOKEN was 12; at 9 the measured evaluation peaks are still at most three quarters of
/// the estimate, and a translator's run, whose estimate evaluation decides, stays within 2.5×.)
const EVAL_TOKEN: u64 = 9;
const EVAL_HIDDEN: u64 = 1;
const EVAL_SCORE: u64 = 4;

/// An evaluation's chunk of examples stays under this much memory (and under 256 examples).
const EVAL_MEMORY: u64 = 256 << 20;
const EVAL_CHUNK_MAX: usize = 256;

/// The shape of what trains: everything the estimate depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    /// Parameters of one network (counted on the model itself).
    pub params: usize,
    /// Networks training side by side: 2 with the attention-free baseline.
    pub networks: usize,
    pub batch: usize,
    /// Examples in the biggest split that is evaluated (validation or test).
    pub held_out: usize,
    /// Longest input, in tokens (or the class token and the patches).
    pub len: usize,
    /// A translator's target length (its decoder's sequence); 0 for the other models.
    pub target_len: usize,
    pub d_model: usize,
    pub d_ff: usize,
    pub n_heads: usize,
    pub n_layers: usize,
}

impl Shape {
    /// Floats one example keeps alive in all the blocks: `(training, evaluating)`.
    fn per_example(&self) -> (u64, u64) {
        let (d, ff, h) = (self.d_model as u64, self.d_ff as u64, self.n_heads as u64);
        let block = |q: u64, k: u64, token: u64, hidden: u64, score: u64| {
            token * q * d + hidden * q * ff + score * h * q * k
        };
        let layers = self.n_layers as u64;
        let (len, target) = (self.len as u64, self.target_len as u64);
        let floats = |token, hidden, score| {
            let encoder = block(len, len, token, hidden, score);
            // A decoder block: causal self-attention over the target, cross-attention from the
            // target to the source, and its feed-forward; counted as a block over the target
            // plus a second attention.
            let decoder = if target > 0 {
                block(target, target, token, hidden, score) + block(target, len, token, 0, score)
            } else {
                0
            };
            layers * (encoder + decoder)
        };
        (floats(TRAIN_TOKEN, TRAIN_HIDDEN, TRAIN_SCORE), floats(EVAL_TOKEN, EVAL_HIDDEN, EVAL_SCORE))
    }

    /// Examples per forward pass when evaluating: as many as fit in [`EVAL_MEMORY`], at most 256.
    pub fn eval_chunk(&self) -> usize {
        let (_, eval) = self.per_example();
        let fit = EVAL_MEMORY / (eval * FLOAT).max(1);
        (fit as usize).clamp(1, EVAL_CHUNK_MAX)
    }

    /// The estimate.
    pub fn footprint(&self) -> Footprint {
        let (train, eval) = self.per_example();
        let networks = self.networks.max(1) as u64;
        let resting = networks * PARAM_COPIES * self.params as u64 * FLOAT;
        let per_example = networks * train * FLOAT;
        let evaluating = self.eval_chunk().min(self.held_out.max(1)) as u64 * eval * FLOAT;
        let (b, len, target) = (self.batch as u64, self.len as u64, self.target_len as u64);
        let (d, ff, h) = (self.d_model as u64, self.d_ff as u64, self.n_heads as u64);
        let longest = len.max(target);
        // The biggest single tensor a training step makes: a layer's scores, its feed-forward
        // hidden layer, or its token vectors, for the whole batch.
        let largest_buffer = FLOAT * b * longest * (h * longest).max(ff).max(d);
        Footprint {
            params: self.params,
            batch: self.batch,
            resting_bytes: resting,
            per_example_bytes: per_example,
            eval_bytes: evaluating,
            largest_buffer,
            largest_buffer_per_example: largest_buffer / b.max(1),
        }
    }
}

/// The memory a model needs while it trains: parameters, then a part that grows with the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footprint {
    /// Parameters of the model (the baseline's are not counted here).
    pub params: usize,
    pub batch: usize,
    /// The parameters in every copy training keeps.
    pub resting_bytes: u64,
    /// What one more example in the batch adds at a training step's peak.
    pub per_example_bytes: u64,
    /// What an evaluation's chunk adds at its peak.
    pub eval_bytes: u64,
    /// The biggest single tensor a training step makes.
    pub largest_buffer: u64,
    pub largest_buffer_per_example: u64,
}

impl Footprint {
    /// Peak bytes while training (or evaluating, if that is more).
    pub fn bytes(&self) -> u64 {
        self.resting_bytes + (self.batch as u64 * self.per_example_bytes).max(self.eval_bytes)
    }

    /// Whether `budget` can hold this model while it trains.
    pub fn check(&self, budget: Budget) -> Result<(), TooBig> {
        if self.largest_buffer > budget.buffer {
            return Err(TooBig::Buffer { need: self.largest_buffer, allowed: budget.buffer });
        }
        let need = self.bytes();
        if need > budget.total {
            return Err(TooBig::Total { need, allowed: budget.total });
        }
        Ok(())
    }

    /// The largest batch that fits in `budget` (at least 1: every model the settings allow
    /// fits one example at a time).
    pub fn largest_batch(&self, budget: Budget) -> usize {
        let room = budget.total.saturating_sub(self.resting_bytes);
        let by_total = room / self.per_example_bytes.max(1);
        let by_buffer = budget.buffer / self.largest_buffer_per_example.max(1);
        (by_total.min(by_buffer) as usize).max(1)
    }
}

/// What a backend can give one model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// Bytes in all.
    pub total: u64,
    /// Bytes in one tensor.
    pub buffer: u64,
}

impl Budget {
    /// The CPU backend lives in the tab's WebAssembly memory: 32-bit, so at most 4 GiB, and far
    /// less on a school laptop. 1 GiB leaves room for the page, the data and the views.
    pub const CPU: Budget = Budget { total: 1 << 30, buffer: 1 << 30 };
    /// WebGPU: 1 GiB in all (an integrated GPU shares the laptop's memory), and 128 MiB per
    /// buffer, the size every WebGPU device must allow a shader to read
    /// (`maxStorageBufferBindingSize`'s default).
    pub const WEBGPU: Budget = Budget { total: 1 << 30, buffer: 128 << 20 };

    pub fn of(backend: BackendKind) -> Budget {
        match backend {
            BackendKind::Cpu => Self::CPU,
            BackendKind::WebGpu => Self::WEBGPU,
        }
    }
}

/// Why a model cannot train on a backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TooBig {
    /// It needs more memory in all than the backend allows.
    Total { need: u64, allowed: u64 },
    /// One of its tensors is bigger than the backend allows one buffer to be.
    Buffer { need: u64, allowed: u64 },
}

/// What the worker tells the page about the model's size, whenever the model or its batch
/// changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SizeReport {
    pub footprint: Footprint,
    pub backend: BackendKind,
}

impl SizeReport {
    pub fn budget(&self) -> Budget {
        Budget::of(self.backend)
    }

    pub fn check(&self) -> Result<(), TooBig> {
        self.footprint.check(self.budget())
    }

    pub fn largest_batch(&self) -> usize {
        self.footprint.largest_batch(self.budget())
    }
}

/// Bytes as a person reads them: "850 kB", "12 MB", "1.3 GB" (decimal units).
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000_000 => format!("{:.0} kB", (b / 1e3).max(1.0)),
        1_000_000..1_000_000_000 => format!("{:.0} MB", b / 1e6),
        _ => format!("{:.1} GB", b / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(batch: usize) -> Shape {
        Shape {
            params: 10_000,
            networks: 1,
            batch,
            held_out: 1000,
            len: 32,
            target_len: 0,
            d_model: 64,
            d_ff: 128,
            n_heads: 4,
            n_layers: 2,
        }
    }

    #[test]
    fn the_estimate_adds_up_by_hand() {
        let f = shape(8).footprint();
        // Per example and layer: 16·32·64 + 6·32·128 + 8·4·32·32 = 32,768 + 24,576 + 32,768.
        let per_example = 2 * (32_768 + 24_576 + 32_768) * 4;
        assert_eq!(f.per_example_bytes, per_example);
        assert_eq!(f.resting_bytes, 6 * 10_000 * 4);
        // Evaluating: 9·32·64 + 1·32·128 + 4·4·32·32 per layer; 256 examples fit in 256 MiB.
        assert_eq!(f.eval_bytes, 256 * 2 * (18_432 + 4_096 + 16_384) * 4);
        assert_eq!(f.bytes(), f.resting_bytes + f.eval_bytes.max(8 * per_example));
        // The biggest tensor: the scores, 8 · 32 · (4 · 32) floats.
        assert_eq!(f.largest_buffer, 4 * 8 * 32 * 128);
    }

    #[test]
    fn the_baseline_doubles_the_training_part() {
        let one = shape(64).footprint();
        let two = Shape { networks: 2, ..shape(64) }.footprint();
        assert_eq!(two.resting_bytes, 2 * one.resting_bytes);
        assert_eq!(two.per_example_bytes, 2 * one.per_example_bytes);
    }

    #[test]
    fn a_big_batch_is_refused_and_the_largest_batch_fits() {
        let huge = Shape { d_model: 256, d_ff: 1024, n_heads: 8, n_layers: 4, ..shape(512) };
        let f = huge.footprint();
        assert!(matches!(f.check(Budget::CPU), Err(TooBig::Total { .. })), "{}", human_bytes(f.bytes()));
        let batch = f.largest_batch(Budget::CPU);
        assert!((1..512).contains(&batch), "{batch}");
        let fits = Shape { batch, ..huge }.footprint();
        assert_eq!(fits.check(Budget::CPU), Ok(()));
        let over = Shape { batch: batch + 1, ..huge }.footprint();
        assert!(over.check(Budget::CPU).is_err());
    }

    #[test]
    fn webgpu_also_limits_one_buffer() {
        // Inputs longer than any lesson's, with many heads: one layer's scores outgrow a WebGPU
        // buffer.
        let long = Shape { len: 128, n_heads: 8, d_model: 8, d_ff: 8, ..shape(512) };
        let f = long.footprint();
        assert!(f.largest_buffer > Budget::WEBGPU.buffer);
        assert!(matches!(f.check(Budget::WEBGPU), Err(TooBig::Buffer { .. })));
        let batch = f.largest_batch(Budget::WEBGPU);
        assert_eq!(Shape { batch, ..long }.footprint().check(Budget::WEBGPU), Ok(()));
    }

    #[test]
    fn evaluation_chunks_shrink_for_big_models() {
        assert_eq!(shape(8).eval_chunk(), 256);
        let big = Shape { d_model: 256, d_ff: 1024, n_heads: 8, n_layers: 4, len: 48, ..shape(8) };
        let chunk = big.eval_chunk();
        assert!(chunk < 256, "{chunk}");
        assert!(big.footprint().eval_bytes <= EVAL_MEMORY);
    }

    #[test]
    fn bytes_read_as_a_person_writes_them() {
        assert_eq!(human_bytes(850_000), "850 kB");
        assert_eq!(human_bytes(12_400_000), "12 MB");
        assert_eq!(human_bytes(1_340_000_000), "1.3 GB");
        assert_eq!(human_bytes(10), "1 kB");
    }
}
