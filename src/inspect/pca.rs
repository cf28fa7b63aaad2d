//! Principal component analysis of the token embeddings, to draw them on a plane.
//!
//! The embedding table is `[vocab, d_model]`; its two directions of largest variance (the top
//! eigenvectors of the covariance matrix, found by power iteration with deflation) become the x
//! and y axes. Words the model treats alike end up close together.

use serde::{Deserialize, Serialize};

const ITERATIONS: usize = 200;

/// The token embeddings on a plane.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmbeddingMap {
    pub step: usize,
    pub tokens: Vec<String>,
    /// The lesson's word group of each token ("positive", "negation", …), when it has one.
    pub groups: Vec<Option<String>>,
    /// `(x, y)` of each token.
    pub points: Vec<(f32, f32)>,
    /// Fraction of the total variance along each axis.
    pub explained: (f32, f32),
}

/// Two principal directions, unit length, each `d` long.
#[derive(Clone, Debug, PartialEq)]
pub struct Components {
    pub axes: [Vec<f32>; 2],
    /// Fraction of the total variance along each axis.
    pub explained: [f32; 2],
    pub mean: Vec<f32>,
}

/// The top two principal components of `n` rows of width `d` (row-major `data`). When `previous`
/// is given, each axis keeps the sign that agrees with it, so the picture does not flip over
/// between two updates.
pub fn fit(data: &[f32], n: usize, d: usize, previous: Option<&Components>) -> Components {
    let mean: Vec<f32> = (0..d)
        .map(|j| (0..n).map(|i| data[i * d + j] as f64).sum::<f64>() as f32 / n.max(1) as f32)
        .collect();
    // Covariance, d × d, in f64 for stability.
    let mut cov = vec![0.0f64; d * d];
    for i in 0..n {
        let row: Vec<f64> = (0..d).map(|j| (data[i * d + j] - mean[j]) as f64).collect();
        for a in 0..d {
            for b in 0..d {
                cov[a * d + b] += row[a] * row[b];
            }
        }
    }
    let total: f64 = (0..d).map(|j| cov[j * d + j]).sum();
    let mut axes: [Vec<f32>; 2] = [vec![0.0; d], vec![0.0; d]];
    let mut explained = [0.0f32; 2];
    for (c, axis) in axes.iter_mut().enumerate() {
        // A fixed, non-symmetric start so the result does not depend on anything random.
        let mut v: Vec<f64> =
            (0..d).map(|j| 1.0 + j as f64 * 0.01 + c as f64 * 0.1 * (j % 3) as f64).collect();
        let mut eigenvalue = 0.0;
        for _ in 0..ITERATIONS {
            let mut w = vec![0.0f64; d];
            for a in 0..d {
                w[a] = (0..d).map(|b| cov[a * d + b] * v[b]).sum();
            }
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm < 1e-12 {
                break;
            }
            eigenvalue = norm;
            v = w.into_iter().map(|x| x / norm).collect();
        }
        // Deflate: remove this direction before looking for the next.
        for a in 0..d {
            for b in 0..d {
                cov[a * d + b] -= eigenvalue * v[a] * v[b];
            }
        }
        let flip = match previous {
            Some(p) => v.iter().zip(&p.axes[c]).map(|(x, y)| x * *y as f64).sum::<f64>() < 0.0,
            None => v.iter().copied().fold(0.0f64, |m, x| if x.abs() > m.abs() { x } else { m }) < 0.0,
        };
        *axis = v.iter().map(|&x| if flip { -x as f32 } else { x as f32 }).collect();
        explained[c] = if total > 0.0 { (eigenvalue / total) as f32 } else { 0.0 };
    }
    Components { axes, explained, mean }
}

impl Components {
    /// `(x, y)` of one row of width `d`.
    pub fn project(&self, row: &[f32]) -> (f32, f32) {
        let along = |axis: &[f32]| row.iter().zip(&self.mean).zip(axis).map(|((x, m), a)| (x - m) * a).sum();
        (along(&self.axes[0]), along(&self.axes[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_direction_of_largest_spread() {
        // Points spread along (1, 1, 0) a lot and along (0, 0, 1) a little.
        let mut data = Vec::new();
        for i in -5..=5 {
            let t = i as f32;
            data.extend([t, t, 0.1 * (i % 2) as f32]);
        }
        let c = fit(&data, 11, 3, None);
        let s = std::f32::consts::FRAC_1_SQRT_2;
        assert!((c.axes[0][0] - s).abs() < 1e-4 && (c.axes[0][1] - s).abs() < 1e-4, "{:?}", c.axes[0]);
        assert!(c.axes[1][2].abs() > 0.99, "{:?}", c.axes[1]);
        assert!(c.explained[0] > 0.99);
        let (x, _) = c.project(&[5.0, 5.0, 0.0]);
        assert!((x - 5.0 * 2f32.sqrt()).abs() < 1e-3);
        // Refitting with the previous axes keeps their signs.
        let flipped =
            Components { axes: [c.axes[0].iter().map(|x| -x).collect(), c.axes[1].clone()], ..c.clone() };
        let again = fit(&data, 11, 3, Some(&flipped));
        assert!(again.axes[0][0] < 0.0);
    }
}
