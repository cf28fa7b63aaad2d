//! Positional information. Attention by itself ignores word order: permute the tokens and each
//! token's output is permuted the same way. Adding a vector that depends on the position lets the
//! model tell "good but bad" from "bad but good".

use burn::module::{Module, Param};
use burn::tensor::{Tensor, TensorData};

use super::init::Init;
use crate::config::Positional;

#[derive(Module, Debug)]
pub struct PositionalEncoding {
    #[module(skip)]
    pub kind: Positional,
    /// `[max_len, d_model]`, trained; only for [`Positional::Learned`].
    pub learned: Option<Param<Tensor<2>>>,
    pub max_len: usize,
}

impl PositionalEncoding {
    pub fn new(init: &mut Init, kind: Positional, max_len: usize, d_model: usize) -> Self {
        let learned = (kind == Positional::Learned).then(|| init.normal([max_len, d_model], 1.0));
        Self { kind, learned, max_len }
    }

    /// Adds the encoding of positions `0..seq` to `x`: `[batch, seq, d_model]`.
    pub fn forward(&self, x: Tensor<3>) -> Tensor<3> {
        let [_, seq, d_model] = x.dims();
        match (&self.kind, &self.learned) {
            (Positional::Learned, Some(table)) => {
                x + table.val().slice([0..seq, 0..d_model]).unsqueeze::<3>() // [1, seq, d_model]
            }
            (Positional::Sinusoidal, _) => {
                let table = TensorData::new(sinusoidal(seq, d_model), [seq, d_model]);
                let table = Tensor::<2>::from_data(table, &x.device()).unsqueeze::<3>(); // [1, seq, d_model]
                x + table
            }
            _ => x,
        }
    }
}

/// The fixed encoding of "Attention Is All You Need": for position p and pair i,
/// `PE[p, 2i] = sin(p / 10000^(2i/d))`, `PE[p, 2i+1] = cos(p / 10000^(2i/d))`. Row-major `[seq, d]`.
pub fn sinusoidal(seq: usize, d_model: usize) -> Vec<f32> {
    let mut table = Vec::with_capacity(seq * d_model);
    for p in 0..seq {
        for j in 0..d_model {
            let pair = (j / 2) as f32;
            let angle = p as f32 / 10000f32.powf(2.0 * pair / d_model as f32);
            table.push(if j % 2 == 0 { angle.sin() } else { angle.cos() });
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sinusoidal_starts_with_sin_zero_cos_zero() {
        let t = sinusoidal(2, 4);
        assert_eq!(&t[..4], &[0.0, 1.0, 0.0, 1.0]);
        assert!((t[4] - 1f32.sin()).abs() < 1e-6);
        assert!((t[6] - (1.0f32 / 100.0).sin()).abs() < 1e-6);
    }
}
