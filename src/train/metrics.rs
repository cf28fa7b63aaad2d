//! The seed's validation metrics from a confusion matrix: per-class precision, recall and F1, and
//! their macro averages (the plain mean over the classes, so a rare class counts as much as a
//! common one). Plain numbers: computed on the host from the counts the trainer reads back.
//!
//! ```text
//! precision(k) = C[k,k] / Σ_t C[t,k]      of the answers "k", the share that were right
//! recall(k)    = C[k,k] / Σ_p C[k,p]      of the true k's, the share that were found
//! F1(k)        = 2·P·R / (P + R)
//! ```
//!
//! As scikit-learn does by default, a ratio with nothing to divide by counts as 0, and the macro
//! averages run over the classes that occur in the truth or in the answers.

use serde::{Deserialize, Serialize};

/// Counts of (true class, predicted class) over the asked answers of a split.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Confusion {
    pub classes: usize,
    /// Row-major `[true class, predicted class]`.
    pub counts: Vec<f32>,
}

/// One class's scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClassScores {
    pub precision: f32,
    pub recall: f32,
    pub f1: f32,
    /// How many answers truly are this class.
    pub support: f32,
}

impl Confusion {
    pub fn count(&self, truth: usize, predicted: usize) -> f32 {
        self.counts.get(truth * self.classes + predicted).copied().unwrap_or(0.0)
    }

    fn row(&self, truth: usize) -> f32 {
        (0..self.classes).map(|p| self.count(truth, p)).sum()
    }

    fn column(&self, predicted: usize) -> f32 {
        (0..self.classes).map(|t| self.count(t, predicted)).sum()
    }

    pub fn total(&self) -> f32 {
        self.counts.iter().sum()
    }

    pub fn accuracy(&self) -> f32 {
        let right: f32 = (0..self.classes).map(|k| self.count(k, k)).sum();
        ratio(right, self.total())
    }

    pub fn scores(&self, class: usize) -> ClassScores {
        let hit = self.count(class, class);
        let precision = ratio(hit, self.column(class));
        let recall = ratio(hit, self.row(class));
        let f1 = ratio(2.0 * precision * recall, precision + recall);
        ClassScores { precision, recall, f1, support: self.row(class) }
    }

    /// The classes that occur in the truth or in the answers.
    fn present(&self) -> Vec<usize> {
        (0..self.classes).filter(|&k| self.row(k) > 0.0 || self.column(k) > 0.0).collect()
    }

    /// Macro-averaged precision, recall and F1.
    pub fn macro_scores(&self) -> ClassScores {
        let present = self.present();
        let n = present.len().max(1) as f32;
        let all: Vec<ClassScores> = present.iter().map(|&k| self.scores(k)).collect();
        ClassScores {
            precision: all.iter().map(|s| s.precision).sum::<f32>() / n,
            recall: all.iter().map(|s| s.recall).sum::<f32>() / n,
            f1: all.iter().map(|s| s.f1).sum::<f32>() / n,
            support: self.total(),
        }
    }
}

fn ratio(a: f32, b: f32) -> f32 {
    if b > 0.0 { a / b } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_a_confusion_matrix_worked_by_hand() {
        // Three classes; rows are the truth, columns the answers:
        //        a  b  c
        //   a    5  1  0      recall a = 5/6,  precision a = 5/7
        //   b    2  3  1      recall b = 3/6,  precision b = 3/4
        //   c    0  0  4      recall c = 4/4,  precision c = 4/5
        let confusion = Confusion { classes: 3, counts: vec![5.0, 1.0, 0.0, 2.0, 3.0, 1.0, 0.0, 0.0, 4.0] };
        let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
        let a = confusion.scores(0);
        assert!(close(a.precision, 5.0 / 7.0) && close(a.recall, 5.0 / 6.0) && a.support == 6.0);
        let f1_a = 2.0 * (5.0 / 7.0) * (5.0 / 6.0) / (5.0 / 7.0 + 5.0 / 6.0);
        assert!(close(a.f1, f1_a));
        let b = confusion.scores(1);
        assert!(close(b.precision, 0.75) && close(b.recall, 0.5) && close(b.f1, 0.6));
        let c = confusion.scores(2);
        assert!(close(c.precision, 0.8) && close(c.recall, 1.0));
        let m = confusion.macro_scores();
        assert!(close(m.precision, (5.0 / 7.0 + 0.75 + 0.8) / 3.0));
        assert!(close(m.recall, (5.0 / 6.0 + 0.5 + 1.0) / 3.0));
        assert!(close(confusion.accuracy(), 12.0 / 16.0));
    }

    #[test]
    fn a_class_never_answered_scores_zero_and_an_absent_class_is_left_out() {
        // Class b is true twice but never answered; class c never occurs at all.
        let confusion = Confusion { classes: 3, counts: vec![3.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0] };
        let b = confusion.scores(1);
        assert_eq!((b.precision, b.recall, b.f1), (0.0, 0.0, 0.0));
        let m = confusion.macro_scores();
        // Over a and b only: precision (0.6 + 0)/2, recall (1 + 0)/2.
        assert!((m.precision - 0.3).abs() < 1e-6 && (m.recall - 0.5).abs() < 1e-6);
    }
}
