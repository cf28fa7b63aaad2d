//! The seed's evaluation, step by step: per-class precision, recall and F1 on the validation split
//! with their macro averages and the confusion matrix (updated with each validation), and the
//! final exam — one evaluation on the test split, once per run.

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::colour::{DARK_INK, dark_text_on, viridis};
use crate::lessons::Output;
use crate::protocol::Command;
use crate::train::{Confusion, EvalReport};
use crate::ui::bridge::Trainer;
use crate::ui::text::class_name;

#[component]
pub fn Metrics() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();
    let confusion = Memo::new(move |_| store.current_validation().and_then(|r| r.confusion));
    let name = move |k: usize| {
        let lesson = store.config.with(|c| c.lesson);
        store.classes.with(|ids| class_name(lesson, t.get(), ids, k))
    };

    let table = move || {
        let confusion = confusion.get()?;
        let t = t.get();
        let cell = |metric: &'static str, class: String, value: f32| {
            view! { <td data-metric=metric data-class=class data-value=raw(value as f64)>{format!("{value:.3}")}</td> }
        };
        let rows = (0..confusion.classes)
            .map(|k| {
                let s = confusion.scores(k);
                let class = name(k);
                view! {
                    <tr>
                        <th scope="row">{class.clone()}</th>
                        {cell("precision", class.clone(), s.precision)}
                        {cell("recall", class.clone(), s.recall)}
                        {cell("f1", class.clone(), s.f1)}
                        <td data-metric="support" data-class=class data-value=s.support.to_string()>{s.support}</td>
                    </tr>
                }
            })
            .collect_view();
        let m = confusion.macro_scores();
        Some(view! {
            <table class="metrics-table" data-testid="metrics-table">
                <thead>
                    <tr><th>{t.class}</th><th>{t.precision}</th><th>{t.recall}</th><th>"F1"</th><th>{t.support}</th></tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{t.macro_average}</th>
                        {cell("precision", "macro".into(), m.precision)}
                        {cell("recall", "macro".into(), m.recall)}
                        {cell("f1", "macro".into(), m.f1)}
                        <td data-metric="support" data-class="macro" data-value=m.support.to_string()>{m.support}</td>
                    </tr>
                </tfoot>
            </table>
        })
    };

    // A regression lesson: its errors in the lesson's own units, and R².
    let regression_table = move || {
        let report = store.current_validation()?;
        let row = |metric: &'static str, label: &'static str, value: Option<f32>| {
            value.map(|v| {
                view! {
                    <tr>
                        <th scope="row">{label}</th>
                        <td data-metric=metric data-value=raw(v as f64)>{format!("{v:.4}")}</td>
                    </tr>
                }
            })
        };
        Some(view! {
            <table class="metrics-table" data-testid="metrics-table">
                <tbody>
                    {row("mse", "MSE", report.mse)}
                    {row("mae", "MAE", report.mae)}
                    {row("r2", "R²", report.r2)}
                </tbody>
            </table>
        })
    };

    // Clicking a cell lists its answers: the worker reads every validation answer once.
    let pick = move |truth: usize, predicted: usize| {
        store.cell.set(Some((truth, predicted)));
        store.cell_answers.set(None);
        trainer.send(Command::Cell { truth, predicted });
    };
    let matrix = move || {
        let confusion = confusion.get()?;
        Some(confusion_grid(confusion, name, t.get().truth_down_answer_across, store.cell, pick))
    };
    let cell_list = move || {
        let (truth, predicted) = store.cell.get()?;
        let t = t.get();
        let title = t.cell_title.replace("{truth}", &name(truth)).replace("{answer}", &name(predicted));
        let body = match store.cell_answers.get() {
            None => view! { <p class="hint">{t.cell_loading}</p> }.into_any(),
            Some(cell) => {
                let summary = t
                    .cell_summary
                    .replace("{total}", &cell.total.to_string())
                    .replace("{shown}", &cell.answers.len().to_string())
                    .replace("{step}", &cell.step.to_string());
                let rows = cell
                    .answers
                    .into_iter()
                    .map(|a| {
                        let place = match (a.position, a.token) {
                            (Some(p), Some(token)) => t
                                .cell_at_token
                                .replace("{n}", &(p + 1).to_string())
                                .replace("{token}", &token),
                            (Some(p), None) => t.cell_at_step.replace("{n}", &(p + 1).to_string()),
                            _ => String::new(),
                        };
                        view! {
                            <li data-testid="cell-example" data-confidence=raw(a.confidence as f64)>
                                <span class="cell-text">{a.text}</span>
                                <span class="cell-place">{place}</span>
                                <span class="cell-confidence">{format!("{:.0}%", a.confidence * 100.0)}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="hint" data-testid="cell-total" data-value=cell.total>{summary}</p>
                    <ol class="cell-list">{rows}</ol>
                }
                .into_any()
            }
        };
        Some(view! {
            <div class="cell-answers" data-testid="cell-examples" data-true=truth data-pred=predicted>
                <div class="panel-head">
                    <h3>{title}</h3>
                    <button type="button" class="small" data-testid="cell-close" on:click=move |_| store.cell.set(None)>
                        {t.close}
                    </button>
                </div>
                {body}
            </div>
        })
    };

    let evaluated = move || store.test.with(Option::is_some);
    let exam = move || {
        let report = store.test.get()?;
        let t = t.get();
        Some(view! {
            <dl class="readouts" data-testid="test-metrics" data-step=report.step>
                {test_readouts(report.clone(), t.test_loss, t.val_accuracy, t.macro_f1)}
            </dl>
            <p class="hint">{t.test_evaluated.replace("{}", &report.step.to_string())}</p>
        })
    };

    view! {
        <div class="panel metrics-panel">
            <h2>{move || t.get().metrics_title}</h2>
            <Show
                when=move || confusion.with(Option::is_some)
                fallback=move || view! {
                    <Show
                        when=move || store.output.get() == Output::Value
                        fallback=move || view! { <p class="hint">{move || t.get().metrics_none}</p> }
                    >
                        <p class="hint">{move || t.get().regression_metrics_help}</p>
                        {regression_table}
                    </Show>
                }
            >
                <p class="hint">{move || t.get().metrics_help}</p>
                {table}
                {matrix}
                {cell_list}
            </Show>
            <h3>{move || t.get().final_exam}</h3>
            <p class="hint">{move || t.get().final_exam_help}</p>
            <button
                type="button"
                data-testid="test-eval-button"
                disabled=evaluated
                on:click=move |_| trainer.send(Command::EvaluateTest)
            >
                {move || t.get().evaluate_test}
            </button>
            {exam}
        </div>
    }
}

/// The confusion matrix as a grid: rows are the true classes, columns the answers; each cell
/// shaded by its share of its row.
/// Clicking a cell (or Enter on it) calls `pick(truth, predicted)`; `selected` is outlined.
fn confusion_grid(
    confusion: Confusion,
    name: impl Fn(usize) -> String,
    caption: &'static str,
    selected: RwSignal<Option<(usize, usize)>>,
    pick: impl Fn(usize, usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let n = confusion.classes;
    let header = (0..n).map(|p| view! { <th scope="col">{name(p)}</th> }).collect_view();
    let rows = (0..n)
        .map(|truth| {
            let total: f32 = (0..n).map(|p| confusion.count(truth, p)).sum();
            let cells = (0..n)
                .map(|predicted| {
                    let count = confusion.count(truth, predicted);
                    let share = if total > 0.0 { count / total } else { 0.0 };
                    let ink = if dark_text_on(share) { DARK_INK } else { "#fff" };
                    view! {
                        <td
                            data-testid="confusion-cell"
                            data-true=truth
                            data-pred=predicted
                            data-value=count.to_string()
                            class:diagonal=truth == predicted
                            class:selected=move || selected.get() == Some((truth, predicted))
                            style=format!("background: {}; color: {ink}", viridis(share))
                            tabindex="0"
                            role="button"
                            on:click=move |_| pick(truth, predicted)
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    pick(truth, predicted);
                                }
                            }
                        >
                            {count}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{name(truth)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="confusion" data-testid="confusion-matrix">
            <caption>{caption}</caption>
            <thead><tr><th></th>{header}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The test split's loss and scores: accuracy and macro F1, or MAE and R² for a regression.
fn test_readouts(
    report: EvalReport,
    loss: &'static str,
    accuracy: &'static str,
    f1: &'static str,
) -> impl IntoView {
    let item = |label: &str, id: &'static str, value: Option<f32>| {
        value.map(|v| {
            view! {
                <div>
                    <dt>{label.to_string()}</dt>
                    <dd data-testid=id data-value=raw(v as f64)>{format!("{v:.4}")}</dd>
                </div>
            }
        })
    };
    let macro_f1 = report.confusion.as_ref().map(|c| c.macro_scores().f1);
    view! {
        {item(loss, "test-loss", Some(report.loss))}
        {item(accuracy, "test-accuracy", report.accuracy)}
        {item(f1, "test-macro-f1", macro_f1)}
        {item("MSE", "test-mse", report.mse)}
        {item("MAE", "test-mae", report.mae)}
        {item("R²", "test-r2", report.r2)}
    }
}
