//! The loss and accuracy charts of the current run.

use leptos::prelude::*;

use super::fields::Toggle;
use super::line_chart::{LineChart, Series};
use super::{ConceptHint, store, texts};
use crate::concepts::ConceptId;
use crate::lessons::Output;
use crate::train::EvalReport;

#[component]
pub fn LossChart() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let series = Signal::derive(move || {
        let t = t.get();
        let mut series = vec![
            Series {
                name: t.train_loss.into(),
                class: "train",
                points: store
                    .train_losses
                    .with(|l| l.iter().map(|s| (s.step as f64, s.loss as f64)).collect()),
                dots: false,
            },
            Series {
                name: t.val_loss.into(),
                class: "validation",
                points: store.validation.with(|v| v.iter().map(|r| (r.step as f64, r.loss as f64)).collect()),
                dots: true,
            },
        ];
        // A multi-task lesson: each task's own validation loss.
        for (task, (name, class)) in
            [(t.sentiment_loss, "task-a"), (t.topic_loss, "task-b")].into_iter().enumerate()
        {
            let points: Vec<(f64, f64)> = store.validation.with(|v| {
                v.iter().filter_map(|r| r.tasks.get(task).map(|s| (r.step as f64, s.loss as f64))).collect()
            });
            if !points.is_empty() {
                series.push(Series { name: name.into(), class, points, dots: false });
            }
        }
        if store.baseline.with(|b| !b.is_empty()) {
            series.push(Series {
                name: t.baseline_loss.into(),
                class: "baseline",
                points: store.baseline.with(|v| v.iter().map(|r| (r.step as f64, r.loss as f64)).collect()),
                dots: true,
            });
        }
        series
    });
    let summary = Signal::derive(move || {
        let first = store.validation.with(|v| v.first().map(|r| r.loss));
        let last = store.validation.with(|v| v.last().map(|r| r.loss));
        match (first, last) {
            (Some(a), Some(b)) if a > 0.0 => t
                .get()
                .loss_summary
                .replace("{value}", &format!("{b:.3}"))
                .replace("{change}", &format!("{:+.0}", (b / a - 1.0) * 100.0)),
            _ => t.get().no_training_yet.into(),
        }
    });
    view! {
        <div class="panel chart-panel" data-testid="loss-chart" data-points=move || store.train_losses.with(Vec::len).to_string()>
            <div class="panel-head">
                <h2>{move || t.get().loss_chart}<ConceptHint concept=ConceptId::Loss/></h2>
                <Toggle testid="log-scale-toggle" checked=store.log_scale label=Signal::derive(move || t.get().log_scale) class="small"/>
            </div>
            <LineChart
                series=series
                log_y=store.log_scale
                y_range=None
                x_label=Signal::derive(move || t.get().steps)
                summary=summary
                name="loss"
            />
        </div>
    }
}

#[component]
pub fn AccuracyChart() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let regression = move || store.output.get() == Output::Value;
    let series = Signal::derive(move || {
        // Accuracy, or R² for a regression lesson (drawn clamped to the 0–1 axis).
        let score = |reports: &Vec<EvalReport>| -> Vec<(f64, f64)> {
            reports
                .iter()
                .filter_map(|r| r.score().map(|s| (r.step as f64, s.clamp(0.0, 1.0) as f64)))
                .collect()
        };
        let mut series = vec![Series {
            name: if regression() { t.get().val_r2 } else { t.get().val_accuracy }.into(),
            class: "accuracy",
            points: store.validation.with(score),
            dots: true,
        }];
        // Lessons with an expected pattern: how well the best head matches it, on the same 0–1 axis.
        let alignment: Vec<(f64, f64)> = store
            .validation
            .with(|v| v.iter().filter_map(|r| r.alignment.map(|a| (r.step as f64, a as f64))).collect());
        let topic: Vec<(f64, f64)> = store.validation.with(|v| {
            v.iter().filter_map(|r| r.tasks.get(1).map(|s| (r.step as f64, s.accuracy as f64))).collect()
        });
        if !topic.is_empty() {
            series.push(Series {
                name: t.get().topic_accuracy.into(),
                class: "task-b",
                points: topic,
                dots: true,
            });
        }
        if !alignment.is_empty() {
            series.push(Series {
                name: t.get().alignment.into(),
                class: "alignment",
                points: alignment,
                dots: true,
            });
        }
        if store.baseline.with(|b| !b.is_empty()) {
            series.push(Series {
                name: if regression() { t.get().baseline_r2 } else { t.get().baseline_accuracy }.into(),
                class: "baseline",
                points: store.baseline.with(score),
                dots: true,
            });
        }
        series
    });
    let summary = Signal::derive(move || {
        store
            .validation
            .with(|v| {
                v.last().map(|r| match (r.accuracy, r.r2) {
                    (Some(a), _) => t.get().accuracy_summary.replace("{value}", &format!("{:.1}", a * 100.0)),
                    (None, Some(r2)) => t.get().r2_summary.replace("{value}", &format!("{r2:.3}")),
                    (None, None) => String::new(),
                })
            })
            .unwrap_or_else(|| t.get().no_training_yet.into())
    });
    view! {
        <div class="panel chart-panel" data-testid="accuracy-chart">
            <div class="panel-head">
                <h2>{move || if regression() { t.get().r2_chart } else { t.get().accuracy_chart }}<ConceptHint concept=ConceptId::Overfitting/></h2>
            </div>
            <LineChart
                series=series
                log_y=false
                y_range=Some((0.0, 1.0))
                x_label=Signal::derive(move || t.get().steps)
                summary=summary
                name="accuracy"
            />
        </div>
    }
}
