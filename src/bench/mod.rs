//! The speed benchmark: the `bench-tiny` and `bench-small` workloads of the peer benchmark
//! (a counting task, batch 32, Adam, the loss read back every step), run on this project's own
//! model and training step, natively and in the browser.

use serde::{Deserialize, Serialize};

use data::BATCH;

pub mod data;
#[cfg(feature = "ml")]
pub mod run;

/// Steps before the timer starts (shader compilation, allocator warm-up) and timed steps.
pub const WARMUP: usize = 20;
pub const TIMED: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Workload {
    Tiny,
    Small,
}

impl Workload {
    pub const ALL: [Workload; 2] = [Workload::Tiny, Workload::Small];

    pub fn name(self) -> &'static str {
        match self {
            Self::Tiny => "bench-tiny",
            Self::Small => "bench-small",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.name() == name)
    }

    /// (sequence length, d_model, blocks, heads, feed-forward width)
    pub(crate) fn dims(self) -> (usize, usize, usize, usize, usize) {
        match self {
            Self::Tiny => (16, 32, 1, 2, 64),
            Self::Small => (32, 64, 2, 4, 256),
        }
    }

    pub fn seq_len(self) -> usize {
        self.dims().0
    }

    /// Matmul FLOPs of one training step (forward × 3), as the workload's definition counts them.
    pub fn flops_per_step(self) -> u64 {
        let (l, d, blocks, _, ff) = self.dims();
        let (l, d, blocks, ff) = (l as u64, d as u64, blocks as u64, ff as u64);
        let forward = blocks * (8 * l * d * d + 4 * l * l * d + 4 * l * d * ff) + 2 * d * 2;
        3 * BATCH as u64 * forward
    }
}

/// What one benchmark run measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    pub workload: Workload,
    pub steps_per_s: f64,
    pub median_ms: f64,
    /// Loss of the last timed step.
    pub final_loss: f32,
    pub parameters: usize,
    /// Achieved matmul GFLOP/s.
    pub gflops: f64,
}
