//! The attention timeline: snapshots of the probe's attention (and the losses) taken while the
//! model trains, so the page can replay how the pattern formed.
//!
//! Memory stays bounded however long training runs: when the timeline is full, every second
//! snapshot is dropped (the first and the newest are kept) and the spacing between snapshots
//! doubles, so the snapshots always cover the whole run evenly.

use serde::{Deserialize, Serialize};

use crate::train::AttentionMaps;

/// Snapshots kept at most.
pub const CAPACITY: usize = 120;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub step: usize,
    /// Training loss around this step (mean of recent steps), when known.
    pub train_loss: Option<f32>,
    pub validation_loss: Option<f32>,
    pub attention: AttentionMaps,
}

/// Snapshots of one probe sentence, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// The sentence (as tokens) the snapshots show; a new sentence starts a new timeline.
    pub tokens: Vec<String>,
    pub snapshots: Vec<Snapshot>,
    /// Fewest steps between two kept snapshots; doubles each time the timeline is thinned.
    min_gap: usize,
    capacity: usize,
}

impl Timeline {
    pub fn new(capacity: usize) -> Self {
        Self { tokens: Vec::new(), snapshots: Vec::new(), min_gap: 0, capacity: capacity.max(2) }
    }

    /// Adds a snapshot of `tokens`. A snapshot of the same step replaces the last one (the probe
    /// was re-read, e.g. after a head was switched off); a different sentence starts over; an
    /// earlier step (the model went back to earlier weights) drops the snapshots after it.
    pub fn record(&mut self, tokens: &[String], snapshot: Snapshot) {
        if self.tokens != tokens {
            *self = Self::new(self.capacity);
            self.tokens = tokens.to_vec();
        }
        self.snapshots.retain(|kept| kept.step <= snapshot.step);
        let n = self.snapshots.len();
        let same_step = self.snapshots.last().is_some_and(|last| last.step == snapshot.step);
        // Too close to the snapshot kept before the newest: replace the newest, so the latest
        // state is always there without crowding the timeline.
        let too_close = n >= 2 && snapshot.step < self.snapshots[n - 2].step + self.min_gap;
        if same_step || too_close {
            self.snapshots[n - 1] = snapshot;
            return;
        }
        self.snapshots.push(snapshot);
        if self.snapshots.len() > self.capacity {
            self.thin();
        }
    }

    /// Keeps every second snapshot (and always the newest), and doubles the spacing.
    fn thin(&mut self) {
        let newest = self.snapshots.pop();
        let kept: Vec<Snapshot> = self.snapshots.drain(..).step_by(2).collect();
        self.snapshots = kept;
        self.snapshots.extend(newest);
        let span = match (self.snapshots.first(), self.snapshots.last()) {
            (Some(a), Some(b)) => b.step - a.step,
            _ => 0,
        };
        self.min_gap = span / self.capacity.max(1) * 2;
    }

    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(step: usize) -> Snapshot {
        Snapshot { step, train_loss: None, validation_loss: None, attention: AttentionMaps::default() }
    }

    #[test]
    fn stays_bounded_and_covers_the_whole_run() {
        let tokens = vec!["a".to_string()];
        let mut timeline = Timeline::new(10);
        for step in (0..=10_000).step_by(20) {
            timeline.record(&tokens, at(step));
            assert!(timeline.len() <= 10);
        }
        let steps: Vec<usize> = timeline.snapshots.iter().map(|s| s.step).collect();
        assert_eq!(steps.first(), Some(&0));
        assert_eq!(steps.last(), Some(&10_000));
        assert!(steps.windows(2).all(|w| w[0] < w[1]), "{steps:?}");
        assert!(timeline.len() >= 5, "{steps:?}");
    }

    #[test]
    fn going_back_drops_the_later_snapshots() {
        let tokens = vec!["a".to_string()];
        let mut timeline = Timeline::new(10);
        for step in [0, 20, 40, 60] {
            timeline.record(&tokens, at(step));
        }
        timeline.record(&tokens, at(30));
        let steps: Vec<usize> = timeline.snapshots.iter().map(|s| s.step).collect();
        assert_eq!(steps, [0, 20, 30]);
    }

    #[test]
    fn same_step_replaces_and_a_new_sentence_starts_over() {
        let mut timeline = Timeline::new(10);
        timeline.record(&["a".into()], at(0));
        timeline.record(&["a".into()], at(20));
        timeline.record(&["a".into()], at(20));
        assert_eq!(timeline.len(), 2);
        timeline.record(&["b".into()], at(40));
        assert_eq!(timeline.len(), 1);
        assert_eq!(timeline.tokens, vec!["b".to_string()]);
    }
}
