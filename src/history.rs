//! The curves of a run, kept to a bounded size however long it trains.
//!
//! An hour of training is hundreds of thousands of steps; the page draws the loss of each, the
//! comparison keeps copies, and the kept model re-saves them every few seconds. So each series
//! has a capacity: when it is full, its older part is halved and the newest points stay as they
//! are. Training losses are merged in pairs — each merged point is the mean loss over the steps
//! the pair covered, so the curve's average over any stretch is unchanged — while validation
//! results are evaluations of one model state each and are thinned by dropping every second one.
//! The first point (where the run started) and the newest points are never touched.

use crate::protocol::StepLoss;
use crate::train::EvalReport;

/// Training-loss points kept at most.
pub const TRAIN_POINTS: usize = 4096;
/// Validation results kept at most (per series: the model's and the baseline's).
pub const EVAL_POINTS: usize = 512;
/// The newest points, left at full resolution when a series is halved.
const RECENT_TRAIN: usize = 512;
const RECENT_EVAL: usize = 64;

/// Appends training losses, halving the older part of the series whenever it is full.
pub fn push_losses(all: &mut Vec<StepLoss>, losses: impl IntoIterator<Item = StepLoss>) {
    for loss in losses {
        all.push(loss);
        if all.len() > TRAIN_POINTS {
            merge_older(all, RECENT_TRAIN);
        }
    }
}

/// Appends a validation result; one for the same step as the last replaces it (a re-evaluation
/// after a head was switched on or off).
pub fn record_eval(all: &mut Vec<EvalReport>, report: EvalReport) {
    match all.last_mut() {
        Some(last) if last.step == report.step => *last = report,
        _ => all.push(report),
    }
    if all.len() > EVAL_POINTS {
        drop_older(all, RECENT_EVAL);
    }
}

/// Brings series read from a file (which may come from anywhere) within the capacities.
pub fn bound(train: &mut Vec<StepLoss>, validation: &mut Vec<EvalReport>) {
    while train.len() > TRAIN_POINTS {
        merge_older(train, RECENT_TRAIN);
    }
    while validation.len() > EVAL_POINTS {
        drop_older(validation, RECENT_EVAL);
    }
}

/// Merges the points between the first and the newest `recent` in pairs. A point stands for the
/// steps since the point before it, so a pair's loss is the mean weighted by those spans.
fn merge_older(all: &mut Vec<StepLoss>, recent: usize) {
    let end = all.len().saturating_sub(recent).max(1);
    if end <= 2 {
        return;
    }
    let mut merged = Vec::with_capacity(all.len());
    merged.push(all[0]);
    let mut before = all[0].step;
    let mut older = all[1..end].chunks(2);
    for pair in older.by_ref() {
        let (mut steps, mut sum) = (0.0f64, 0.0f64);
        for point in pair {
            let span = point.step.saturating_sub(before).max(1) as f64;
            steps += span;
            sum += span * f64::from(point.loss);
            before = point.step;
        }
        let last = pair[pair.len() - 1];
        merged.push(StepLoss { step: last.step, loss: (sum / steps) as f32 });
    }
    merged.extend_from_slice(&all[end..]);
    *all = merged;
}

/// Drops every second result between the first and the newest `recent`.
fn drop_older<T>(all: &mut Vec<T>, recent: usize) {
    let end = all.len().saturating_sub(recent).max(1);
    let mut index = 0;
    all.retain(|_| {
        let keep = index == 0 || index >= end || index % 2 == 0;
        index += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn losses(steps: std::ops::RangeInclusive<usize>) -> Vec<StepLoss> {
        steps.map(|step| StepLoss { step, loss: 1.0 / step as f32 }).collect()
    }

    fn report(step: usize) -> EvalReport {
        EvalReport::bare(step, step as f32, None)
    }

    /// Mean loss per step over the steps (first, last] a series covers.
    fn mean_after_first(series: &[StepLoss]) -> f64 {
        let mut before = series[0].step;
        let (mut steps, mut sum) = (0.0, 0.0);
        for point in &series[1..] {
            let span = (point.step - before) as f64;
            steps += span;
            sum += span * f64::from(point.loss);
            before = point.step;
        }
        sum / steps
    }

    #[test]
    fn a_short_run_is_kept_point_for_point() {
        let mut all = Vec::new();
        push_losses(&mut all, losses(1..=TRAIN_POINTS));
        assert_eq!(all, losses(1..=TRAIN_POINTS));
    }

    #[test]
    fn a_long_run_stays_bounded_and_keeps_its_start_its_end_and_its_mean() {
        let raw = losses(1..=1_000_000);
        let mut all = Vec::new();
        for chunk in raw.chunks(37) {
            push_losses(&mut all, chunk.iter().copied());
            assert!(all.len() <= TRAIN_POINTS);
        }
        assert!(all.len() > TRAIN_POINTS / 2, "halving leaves half: {}", all.len());
        assert_eq!(all[0], raw[0], "the first loss is kept");
        assert_eq!(
            all[all.len() - RECENT_TRAIN..],
            raw[raw.len() - RECENT_TRAIN..],
            "the newest are untouched"
        );
        assert!(all.windows(2).all(|w| w[0].step < w[1].step), "steps still increase");
        let (kept, exact) = (mean_after_first(&all), mean_after_first(&raw));
        assert!((kept - exact).abs() < 1e-6 * exact, "mean loss {kept} vs {exact}");
    }

    #[test]
    fn merging_weighs_each_point_by_the_steps_it_stands_for() {
        // 1 stands for step 1; 2 for steps 2..=4 (already merged); 3 for step 5; 4 for step 6.
        let mut all = vec![
            StepLoss { step: 1, loss: 9.0 },
            StepLoss { step: 4, loss: 1.0 },
            StepLoss { step: 5, loss: 5.0 },
            StepLoss { step: 6, loss: 7.0 },
        ];
        merge_older(&mut all, 1);
        assert_eq!(
            all,
            vec![
                StepLoss { step: 1, loss: 9.0 },
                StepLoss { step: 5, loss: (3.0 * 1.0 + 5.0) / 4.0 },
                StepLoss { step: 6, loss: 7.0 },
            ]
        );
    }

    #[test]
    fn validation_results_are_thinned_not_averaged() {
        let mut all = Vec::new();
        for step in 1..=100_000 {
            record_eval(&mut all, report(step * 10));
            assert!(all.len() <= EVAL_POINTS);
        }
        assert_eq!(all[0], report(10));
        assert_eq!(all.last(), Some(&report(1_000_000)));
        assert!(all.iter().all(|r| r.loss == r.step as f32), "each kept result is one real evaluation");
        let newest: Vec<usize> = all[all.len() - RECENT_EVAL..].iter().map(|r| r.step).collect();
        let expected: Vec<usize> = (100_000 - RECENT_EVAL + 1..=100_000).map(|s| s * 10).collect();
        assert_eq!(newest, expected);
    }

    #[test]
    fn a_re_evaluation_of_the_same_step_replaces_it() {
        let mut all = vec![report(10)];
        record_eval(&mut all, EvalReport { accuracy: Some(0.5), ..report(10) });
        assert_eq!(all, vec![EvalReport { accuracy: Some(0.5), ..report(10) }]);
    }

    #[test]
    fn a_file_with_a_huge_history_is_brought_within_bounds() {
        let mut train = losses(1..=50_000);
        let mut validation: Vec<EvalReport> = (1..=5_000).map(report).collect();
        bound(&mut train, &mut validation);
        assert!(train.len() <= TRAIN_POINTS && validation.len() <= EVAL_POINTS);
        assert_eq!(train.last(), Some(&StepLoss { step: 50_000, loss: 1.0 / 50_000.0 }));
        assert_eq!(validation.last(), Some(&report(5_000)));
    }
}
