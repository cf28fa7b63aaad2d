//! Early stopping: watch one validation metric, remember when it was best, and stop once it has
//! not improved for `patience` evaluations in a row. Plain numbers; the trainer keeps the model
//! that scored best beside it (see [`crate::train::Trainer::watch`]).

use serde::{Deserialize, Serialize};

use super::EvalReport;
use crate::config::Monitor;

/// What one validation result means for the run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Verdict {
    /// A new best: keep this model.
    Improved,
    /// No better than the best; `left` more evaluations like this and training stops.
    Waiting { left: usize },
    /// `patience` evaluations without improvement: stop and go back to the best model.
    Stop,
}

/// The best validation result so far.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Best {
    pub step: usize,
    pub value: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EarlyStopping {
    monitor: Monitor,
    patience: usize,
    best: Option<Best>,
    /// Evaluations since the best one.
    waited: usize,
}

impl Monitor {
    /// The watched number in `report`, if the lesson has it: the loss always; accuracy (R² for a
    /// regression); macro F1 where a confusion matrix was counted.
    pub fn value(self, report: &EvalReport) -> Option<f32> {
        let value = match self {
            Monitor::Loss => Some(report.loss),
            Monitor::Score => report.score(),
            Monitor::F1 => report.confusion.as_ref().map(|c| c.macro_scores().f1),
        };
        value.filter(|v| v.is_finite())
    }

    pub fn higher_is_better(self) -> bool {
        self != Monitor::Loss
    }
}

impl EarlyStopping {
    pub fn new(monitor: Monitor, patience: usize) -> Self {
        Self { monitor, patience: patience.max(1), best: None, waited: 0 }
    }

    pub fn monitor(&self) -> Monitor {
        self.monitor
    }

    pub fn best(&self) -> Option<Best> {
        self.best
    }

    /// A fresh patience, keeping the best so far (training goes on from the best model).
    pub fn restart(&mut self) {
        self.waited = 0;
    }

    /// Takes one validation result. A lesson without the watched metric is judged on its loss.
    pub fn observe(&mut self, report: &EvalReport) -> Verdict {
        let (value, higher) = match self.monitor.value(report) {
            Some(value) => (value, self.monitor.higher_is_better()),
            None => (report.loss, false),
        };
        let better = match self.best {
            None => true,
            Some(best) if higher => value > best.value,
            Some(best) => value < best.value,
        };
        if better {
            self.best = Some(Best { step: report.step, value });
            self.waited = 0;
            return Verdict::Improved;
        }
        self.waited += 1;
        if self.waited >= self.patience {
            Verdict::Stop
        } else {
            Verdict::Waiting { left: self.patience - self.waited }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(step: usize, loss: f32, accuracy: f32) -> EvalReport {
        EvalReport::bare(step, loss, Some(accuracy))
    }

    #[test]
    fn stops_after_patience_evaluations_without_a_lower_loss() {
        let mut watch = EarlyStopping::new(Monitor::Loss, 2);
        assert_eq!(watch.observe(&report(0, 1.0, 0.5)), Verdict::Improved);
        assert_eq!(watch.observe(&report(10, 0.5, 0.6)), Verdict::Improved);
        assert_eq!(watch.observe(&report(20, 0.5, 0.7)), Verdict::Waiting { left: 1 }, "equal is not better");
        assert_eq!(watch.observe(&report(30, 0.4, 0.7)), Verdict::Improved, "a new best resets the count");
        assert_eq!(watch.observe(&report(40, 0.6, 0.7)), Verdict::Waiting { left: 1 });
        assert_eq!(watch.observe(&report(50, 0.7, 0.9)), Verdict::Stop);
        assert_eq!(watch.best(), Some(Best { step: 30, value: 0.4 }));
    }

    #[test]
    fn accuracy_is_watched_upwards_and_a_missing_metric_falls_back_to_the_loss() {
        let mut watch = EarlyStopping::new(Monitor::Score, 1);
        watch.observe(&report(0, 1.0, 0.5));
        assert_eq!(watch.observe(&report(10, 2.0, 0.6)), Verdict::Improved);
        assert_eq!(watch.observe(&report(20, 0.1, 0.6)), Verdict::Stop);
        let mut watch = EarlyStopping::new(Monitor::F1, 3);
        watch.observe(&report(0, 1.0, 0.5));
        assert_eq!(watch.observe(&report(10, 0.9, 0.1)), Verdict::Improved, "no confusion: judged on loss");
    }
}
