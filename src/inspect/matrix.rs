//! A small dense matrix of plain numbers.

use serde::{Deserialize, Serialize};

/// Row-major `rows × cols` values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f32>,
}

impl Matrix {
    /// `values` must hold `rows × cols` numbers; a shorter vector is padded with NaN so that a
    /// malformed report shows as gaps rather than a crash.
    pub fn new(rows: usize, cols: usize, mut values: Vec<f32>) -> Self {
        values.resize(rows * cols, f32::NAN);
        Self { rows, cols, values }
    }

    pub fn get(&self, row: usize, col: usize) -> f32 {
        if row < self.rows && col < self.cols { self.values[row * self.cols + col] } else { f32::NAN }
    }

    pub fn row(&self, row: usize) -> &[f32] {
        self.values.get(row * self.cols..(row + 1) * self.cols).unwrap_or(&[])
    }

    /// Largest absolute value (0 for an empty or all-NaN matrix): the half-width of a signed scale.
    pub fn max_abs(&self) -> f32 {
        self.values.iter().filter(|v| v.is_finite()).fold(0.0, |m, v| m.max(v.abs()))
    }

    /// Mean over the rows of each row's largest value. For attention weights: 1/len when the
    /// softmax is flat, 1 when every row has saturated onto one key.
    pub fn mean_row_max(&self) -> f32 {
        if self.rows == 0 {
            return f32::NAN;
        }
        (0..self.rows).map(|r| self.row(r).iter().copied().fold(f32::NEG_INFINITY, f32::max)).sum::<f32>()
            / self.rows as f32
    }

    /// Mean entropy of the rows in bits (rows are taken to be probability distributions):
    /// log2(len) for flat rows, 0 for saturated ones.
    pub fn mean_row_entropy(&self) -> f32 {
        if self.rows == 0 {
            return f32::NAN;
        }
        let entropy = |row: &[f32]| -> f32 { row.iter().filter(|&&p| p > 0.0).map(|&p| -p * p.log2()).sum() };
        (0..self.rows).map(|r| entropy(self.row(r))).sum::<f32>() / self.rows as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_measures_of_flat_and_one_hot_rows() {
        let flat = Matrix::new(2, 4, vec![0.25; 8]);
        assert!((flat.mean_row_max() - 0.25).abs() < 1e-6);
        assert!((flat.mean_row_entropy() - 2.0).abs() < 1e-6);
        let one_hot = Matrix::new(2, 2, vec![1.0, 0.0, 0.0, 1.0]);
        assert_eq!(one_hot.mean_row_max(), 1.0);
        assert_eq!(one_hot.mean_row_entropy(), 0.0);
    }

    #[test]
    fn short_values_become_gaps_and_out_of_range_reads_are_nan() {
        let m = Matrix::new(2, 2, vec![1.0, -3.0]);
        assert!(m.get(1, 1).is_nan());
        assert!(m.get(5, 0).is_nan());
        assert_eq!(m.max_abs(), 3.0);
    }
}
