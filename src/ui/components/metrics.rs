//! The seed's evaluation, step by step: per-class precision, recall and F1 on the validation split
//! with their macro averages and the confusion matrix (updated with each validation), and the
//! final exam — one evaluation on the test split, once per run.

use leptos::prelude::*;

use super::palette::{dark_text_on, viridis};
use super::{raw, store, texts};
use crate::protocol::Command;
use crate::train::{Confusion, EvalReport};
use crate::ui::bridge::Trainer;

#[component]
pub fn Metrics() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();
    let confusion = Memo::new(move |_| store.validation.with(|v| v.last().and_then(|r| r.confusion.clone())));
    let name = move |k: usize| store.classes.with(|c| c.get(k).cloned().unwrap_or_else(|| k.to_string()));

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

    let matrix = move || {
        let confusion = confusion.get()?;
        Some(confusion_grid(confusion, name, t.get().truth_down_answer_across))
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
                fallback=move || view! { <p class="hint">{move || t.get().metrics_none}</p> }
            >
                <p class="hint">{move || t.get().metrics_help}</p>
                {table}
                {matrix}
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
fn confusion_grid(
    confusion: Confusion,
    name: impl Fn(usize) -> String,
    caption: &'static str,
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
                    let ink = if dark_text_on(share) { "#111" } else { "#fff" };
                    view! {
                        <td
                            data-testid="confusion-cell"
                            data-true=truth
                            data-pred=predicted
                            data-value=count.to_string()
                            class:diagonal=truth == predicted
                            style=format!("background: {}; color: {ink}", viridis(share))
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
        {item("MAE", "test-mae", report.mae)}
        {item("R²", "test-r2", report.r2)}
    }
}
