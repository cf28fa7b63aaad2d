//! Compare runs: the last few runs and the current one, their curves overlaid and labelled by
//! what sets their configs apart; a sweep that trains one run per value of one knob; the metric
//! history as CSV.

use leptos::prelude::*;

use super::line_chart::{LineChart, Series, downsample};
use super::{raw, store, texts};
use crate::compare::{self, Knob, MAX_RUNS, Run};
use crate::config::Config;
use crate::protocol::Command;
use crate::ui::bridge::Trainer;
use crate::ui::export;
use crate::ui::store::SMOOTHING;
use crate::ui::text::knob_name;

/// Colour classes of the runs' curves, picked by run number so a run keeps its colour.
const RUN_CLASSES: [&str; 7] = ["run-c0", "run-c1", "run-c2", "run-c3", "run-c4", "run-c5", "run-c6"];
/// Points of a run's smoothed training-loss curve.
const TRAIN_POINTS: usize = 200;

/// Which curve the comparison overlays. Option values of `compare-metric`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Metric {
    ValLoss,
    Score,
    TrainLoss,
}

impl Metric {
    const ALL: [Metric; 3] = [Metric::ValLoss, Metric::Score, Metric::TrainLoss];

    fn value(self) -> &'static str {
        match self {
            Metric::ValLoss => "val_loss",
            Metric::Score => "score",
            Metric::TrainLoss => "train_loss",
        }
    }

    fn points(self, run: &Run) -> Vec<(f64, f64)> {
        match self {
            Metric::ValLoss => run.validation.iter().map(|r| (r.step as f64, r.loss as f64)).collect(),
            Metric::Score => {
                run.validation.iter().filter_map(|r| r.score().map(|s| (r.step as f64, s as f64))).collect()
            }
            Metric::TrainLoss => {
                // A moving mean, as the training-loss readout shows it.
                let losses: Vec<f64> = run.train.iter().map(|s| s.loss as f64).collect();
                let smoothed: Vec<(f64, f64)> = run
                    .train
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let window = &losses[(i + 1).saturating_sub(SMOOTHING)..=i];
                        (s.step as f64, window.iter().sum::<f64>() / window.len() as f64)
                    })
                    .collect();
                downsample(&smoothed, TRAIN_POINTS)
            }
        }
    }
}

#[component]
pub fn RunComparison() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();
    let metric = RwSignal::new(Metric::ValLoss);
    let knob = RwSignal::new(Knob::Lr);

    // The current run, shown once it has trained (or alone, before any other).
    let current = Memo::new(move |_| {
        store.current_run().filter(|run| run.steps() > 0 || store.runs.with(Vec::is_empty))
    });
    // The runs' numbers and configs, oldest first: the labels change only with these.
    let configs = Memo::new(move |_| {
        let mut configs: Vec<(usize, Config)> =
            store.runs.with(|runs| runs.iter().map(|r| (r.id, r.config.clone())).collect());
        configs.extend(current.with(|c| c.as_ref().map(|r| (r.id, r.config.clone()))));
        configs
    });
    let labels = Memo::new(move |_| {
        configs.with(|configs| {
            let refs: Vec<&Config> = configs.iter().map(|(_, c)| c).collect();
            compare::labels_in(&refs, store.config.with(|c| c.lang), crate::ui::text::lesson_name)
                .into_iter()
                .zip(configs)
                .map(|(label, (id, _))| label.unwrap_or_else(|| format!("{} {id}", t.get().run)))
                .collect::<Vec<_>>()
        })
    });
    // The kept runs' curves change only with the runs or the metric, not with each step.
    let kept_points = Memo::new(move |_| {
        let metric = metric.get();
        store.runs.with(|runs| runs.iter().map(|r| (r.id, metric.points(r))).collect::<Vec<_>>())
    });
    let series = Signal::derive(move || {
        let metric = metric.get();
        let mut points = kept_points.get();
        points.extend(current.with(|c| c.as_ref().map(|r| (r.id, metric.points(r)))));
        points
            .into_iter()
            .zip(labels.get())
            .map(|((id, points), label)| Series {
                name: format!("#{id} {label}"),
                class: RUN_CLASSES[id % RUN_CLASSES.len()],
                points,
                dots: metric != Metric::TrainLoss,
            })
            .collect()
    });
    let title = move || labels.with(|l| if l.len() > 1 { l.join(" vs ") } else { String::new() });
    // What a screen reader hears for the chart: the runs compared.
    let summary = Signal::derive(move || {
        let title = title();
        let runs = labels.with(Vec::len);
        if title.is_empty() { format!("{}: {runs}", t.get().compare_runs) } else { title }
    });

    let start = move |config: Config| {
        store.config.set(config.clone());
        trainer.send(Command::Reset(config));
        trainer.send(Command::Train);
    };
    // A sweep trains its runs one after the other: each finished run starts the next, and the
    // sweep ends when its last run has finished.
    Effect::new(move |_| {
        if !store.finished.get() || store.sweep_total.get_untracked() == 0 {
            return;
        }
        let mut queue = store.sweep.get_untracked();
        if queue.is_empty() {
            store.sweep_total.set(0);
        } else {
            let next = queue.remove(0);
            store.sweep.set(queue);
            start(next);
        }
    });
    let sweep = move |_| {
        let mut configs = compare::sweep(&store.config.get_untracked(), knob.get_untracked());
        if configs.is_empty() {
            return;
        }
        let first = configs.remove(0);
        let total = configs.len() + 1;
        store.sweep.set(configs);
        store.sweep_total.set(total);
        start(first);
    };
    let sweeping = move || store.sweep_total.get() > 0;
    let stop_sweep = move |_| {
        store.sweep.set(Vec::new());
        store.sweep_total.set(0);
    };
    let sweep_status = move || {
        let total = store.sweep_total.get();
        let done = total - store.sweep.with(Vec::len);
        t.get().sweep_status.replace("{n}", &done.to_string()).replace("{total}", &total.to_string())
    };
    let save_csv = move |_| {
        let csv = store.runs.with_untracked(|runs| {
            current.with_untracked(|now| compare::history_csv(&runs.iter().chain(now).collect::<Vec<_>>()))
        });
        if let Err(why) = export::download_text("attention-playground-history.csv", "text/csv", &csv) {
            store.error.set(Some(why));
        }
    };

    // One line per run: its name, steps, validation result, test score and state.
    let item = move |run: &Run, label: String| {
        let t = t.get();
        let result = run.result().cloned();
        let is_current = run.id == store.run_id.get();
        let status = if is_current && store.running.get() {
            t.run_training
        } else if run.restored.is_some() {
            t.run_best_restored
        } else if run.finished {
            t.run_finished
        } else {
            t.run_stopped
        };
        let loss = result.as_ref().map(|r| format!("{:.3}", r.loss)).unwrap_or_else(|| "–".into());
        let score = result.as_ref().and_then(|r| r.score());
        let test = run.test.as_ref().and_then(|r| r.score().or(Some(r.loss)));
        view! {
            <li
                data-testid="run-item"
                data-run=run.id
                data-current=is_current.to_string()
                data-label=label.clone()
                data-steps=run.steps()
                data-val-loss=result.as_ref().map(|r| raw(r.loss as f64))
                class:current=is_current
            >
                <span class=format!("swatch {}", RUN_CLASSES[run.id % RUN_CLASSES.len()])></span>
                <span class="run-name">{format!("#{} {label}", run.id)}</span>
                <span class="run-facts">
                    {format!("{} {} · {} {loss}", run.steps(), t.steps, t.val_loss)}
                    {score.map(|s| format!(" · {} {s:.3}", t.score))}
                    {test.map(|s| format!(" · {} {s:.3}", t.test_short))}
                    {format!(" · {status}")}
                </span>
            </li>
        }
    };
    let items = move || {
        let labels = labels.get();
        let kept = store.runs.with(|runs| {
            runs.iter().zip(labels.iter().cloned()).map(|(run, label)| item(run, label)).collect_view()
        });
        let now =
            current.with(|now| now.as_ref().zip(labels.last().cloned()).map(|(run, label)| item(run, label)));
        view! { {kept} {now} }
    };

    view! {
        <div class="panel runs-panel">
            <div class="panel-head">
                <h2>{move || t.get().compare_runs}</h2>
                <label class="field inline">
                    <span>{move || t.get().compare_metric}</span>
                    <select
                        data-testid="compare-metric"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(m) = Metric::ALL.into_iter().find(|m| m.value() == value) {
                                metric.set(m);
                            }
                        }
                    >
                        {Metric::ALL.into_iter().map(|m| view! {
                            <option value=m.value() prop:selected=move || metric.get() == m>
                                {move || match m {
                                    Metric::ValLoss => t.get().val_loss,
                                    Metric::Score => t.get().score,
                                    Metric::TrainLoss => t.get().train_loss,
                                }}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="hint">{move || t.get().compare_help.replace("{max}", &MAX_RUNS.to_string())}</p>
            <p class="compare-title" data-testid="compare-title">{title}</p>
            <div data-testid="compare-chart" data-series=move || series.with(Vec::len)>
                <LineChart
                    series=series
                    log_y=false
                    y_range=None
                    x_label=Signal::derive(move || t.get().steps)
                    summary=summary
                    name="compare"
                />
            </div>
            <ol class="runs-list" data-testid="runs-list">{items}</ol>
            <div class="buttons">
                <label class="field inline">
                    <span>{move || t.get().sweep_knob}</span>
                    <select
                        data-testid="sweep-knob"
                        disabled=sweeping
                        on:change=move |ev| {
                            if let Some(k) = Knob::from_key(&event_target_value(&ev)) {
                                knob.set(k);
                            }
                        }
                    >
                        {Knob::ALL.into_iter().map(|k| view! {
                            <option value=k.key() prop:selected=move || knob.get() == k>
                                {move || knob_name(k, store.config.with(|c| c.lang))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <Show
                    when=sweeping
                    fallback=move || view! {
                        <button type="button" data-testid="sweep-button" on:click=sweep>{move || t.get().sweep}</button>
                    }
                >
                    <span data-testid="sweep-status" role="status">{sweep_status}</span>
                    <button type="button" data-testid="sweep-stop" on:click=stop_sweep>
                        {move || t.get().sweep_stop}
                    </button>
                </Show>
            </div>
            <p class="hint">{move || t.get().sweep_help}</p>
            <div class="buttons">
                <button type="button" data-testid="export-csv" on:click=save_csv>{move || t.get().export_csv}</button>
                <button type="button" data-testid="runs-clear" on:click=move |_| store.runs.set(Vec::new())>
                    {move || t.get().clear_runs}
                </button>
            </div>
        </div>
    }
}
