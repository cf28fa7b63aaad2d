//! Train / Pause, Step, Reset, and the run's headline numbers.

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::lessons::Output;
use crate::protocol::Command;
use crate::train::Verdict;
use crate::ui::bridge::Trainer;
use crate::ui::store::SMOOTHING;
use crate::ui::text::monitor_name;

#[component]
pub fn Controls() -> impl IntoView {
    let store = store();
    let trainer = expect_context::<Trainer>();
    let t = texts(store);
    let early_stop_status = move || {
        let t = t.get();
        let (monitor, patience, lang) = store.config.with(|c| (c.monitor, c.patience, c.lang));
        let metric = monitor_name(monitor, lang);
        if let Some(restored) = store.restored.get() {
            let value = monitor.value(&restored.best).unwrap_or(restored.best.loss);
            let text = if restored.early { t.early_stopped } else { t.best_restored };
            return text
                .replace("{at}", &restored.at_step.to_string())
                .replace("{patience}", &patience.to_string())
                .replace("{best}", &restored.best.step.to_string())
                .replace("{metric}", metric)
                .replace("{value}", &format!("{value:.4}"));
        }
        match store.watch.get() {
            Some(Verdict::Improved) => t.watch_improved.replace("{metric}", metric),
            Some(Verdict::Waiting { left }) => {
                t.watch_waiting.replace("{metric}", metric).replace("{left}", &left.to_string())
            }
            Some(Verdict::Stop) | None => t.watch_on.replace("{metric}", metric),
        }
    };

    let train_loss = Memo::new(move |_| store.recent_train_loss().map(f64::from));
    // With heads switched off, the readouts show the model as it is evaluated now.
    let last_validation = Memo::new(move |_| store.ablated.get().or_else(|| store.current_validation()));
    let heads_off =
        move || store.ablated.with(Option::is_some).then(|| format!(" ({})", t.get().heads_off_short));
    let is_regression = move || store.output.get() == Output::Value;
    let shown = |value: Option<f64>, digits: usize| {
        value.map(|v| format!("{v:.digits$}")).unwrap_or_else(|| "–".into())
    };

    view! {
        <div class="panel controls">
            <div class="buttons">
                <button
                    class="primary"
                    data-testid="train-button"
                    aria-pressed=move || store.running.get().to_string()
                    disabled=move || !store.running.get() && store.too_big()
                    on:click=move |_| trainer.send(if store.running.get_untracked() { Command::Pause } else { Command::Train })
                >
                    {move || if store.running.get() { t.get().pause } else { t.get().train }}
                </button>
                <button
                    data-testid="step-button"
                    disabled=move || store.too_big()
                    on:click=move |_| trainer.send(Command::Step)
                >
                    {move || t.get().step}
                </button>
                <button
                    data-testid="reset-button"
                    on:click=move |_| trainer.send(Command::Reset(store.config.get_untracked()))
                >
                    {move || t.get().reset}
                </button>
            </div>
            <dl class="readouts">
                <div>
                    <dt>{move || t.get().steps}</dt>
                    <dd data-testid="step-count" data-value=move || store.step.get().to_string()>
                        {move || crate::numbers::count(store.step.get(), store.config.with(|c| c.lang))}
                    </dd>
                </div>
                <div>
                    <dt>{move || t.get().epoch}</dt>
                    <dd data-testid="epoch-count" data-value=move || raw(store.epoch.get())>
                        {move || format!("{:.1}", store.epoch.get())}
                    </dd>
                </div>
                <div>
                    <dt>{move || t.get().lr_now}</dt>
                    <dd data-testid="lr-now" data-value=move || store.lr.get().map(|lr| format!("{lr:e}")).unwrap_or_default()>
                        {move || store.lr.get().map(|lr| format!("{lr:.2e}")).unwrap_or_else(|| "–".into())}
                    </dd>
                </div>
                <div>
                    <dt title=move || t.get().train_loss_help.replace("{n}", &SMOOTHING.to_string())>{move || t.get().train_loss}</dt>
                    <dd data-testid="train-loss" data-value=move || train_loss.get().map(raw).unwrap_or_default()>
                        {move || shown(train_loss.get(), 4)}
                    </dd>
                </div>
                <div>
                    <dt>{move || t.get().val_loss}{heads_off}</dt>
                    <dd
                        data-testid="val-loss"
                        data-value=move || last_validation.get().map(|v| raw(v.loss as f64)).unwrap_or_default()
                    >
                        {move || shown(last_validation.get().map(|v| v.loss as f64), 4)}
                    </dd>
                </div>
                <Show when=move || !is_regression()>
                    <div>
                        <dt>{move || t.get().val_accuracy}{heads_off}</dt>
                        <dd
                            data-testid="val-accuracy"
                            data-value=move || last_validation.get().and_then(|v| v.accuracy).map(|a| raw(a as f64)).unwrap_or_default()
                        >
                            {move || last_validation.get().and_then(|v| v.accuracy).map(|a| format!("{:.1}%", a * 100.0)).unwrap_or_else(|| "–".into())}
                        </dd>
                    </div>
                </Show>
                <Show when=move || last_validation.with(|v| v.as_ref().is_some_and(|v| v.hit_rate.is_some()))>
                    <div>
                        <dt title=move || t.get().hit_rate_help>{move || t.get().val_hit_rate}{heads_off}</dt>
                        <dd
                            data-testid="val-hit-rate"
                            data-value=move || last_validation.get().and_then(|v| v.hit_rate).map(|h| raw(h as f64)).unwrap_or_default()
                        >
                            {move || last_validation.get().and_then(|v| v.hit_rate).map(|h| format!("{:.1}%", h * 100.0)).unwrap_or_default()}
                        </dd>
                    </div>
                </Show>
                <Show when=is_regression>
                    <div>
                        <dt title=move || t.get().mae_help>{move || t.get().val_mae}{heads_off}</dt>
                        <dd
                            data-testid="val-mae"
                            data-value=move || last_validation.get().and_then(|v| v.mae).map(|m| raw(m as f64)).unwrap_or_default()
                        >
                            {move || shown(last_validation.get().and_then(|v| v.mae).map(f64::from), 2)}
                        </dd>
                    </div>
                    <div>
                        <dt title=move || t.get().r2_help>{move || t.get().val_r2}{heads_off}</dt>
                        <dd
                            data-testid="val-r2"
                            data-value=move || last_validation.get().and_then(|v| v.r2).map(|r| raw(r as f64)).unwrap_or_default()
                        >
                            {move || shown(last_validation.get().and_then(|v| v.r2).map(f64::from), 3)}
                        </dd>
                    </div>
                </Show>
                <Show when=move || last_validation.with(|v| v.as_ref().is_some_and(|v| v.tasks.len() > 1))>
                    <div>
                        <dt>{move || t.get().topic_accuracy}{heads_off}</dt>
                        <dd
                            data-testid="val-topic-accuracy"
                            data-value=move || last_validation.get().and_then(|v| v.tasks.get(1).copied()).map(|s| raw(s.accuracy as f64)).unwrap_or_default()
                        >
                            {move || last_validation.get().and_then(|v| v.tasks.get(1).copied()).map(|s| format!("{:.1}%", s.accuracy * 100.0)).unwrap_or_default()}
                        </dd>
                    </div>
                </Show>
                <Show when=move || store.baseline.with(|b| !b.is_empty())>
                    <div>
                        <dt title=move || t.get().baseline_help>
                            {move || if is_regression() { t.get().baseline_r2 } else { t.get().baseline_accuracy }}
                        </dt>
                        <dd
                            data-testid="baseline-score"
                            data-value=move || store.baseline.with(|b| b.last().and_then(|r| r.score()).map(|s| raw(s as f64)).unwrap_or_default())
                        >
                            {move || store.baseline.with(|b| b.last().and_then(|r| r.score())).map(|s| {
                                if is_regression() { format!("{s:.3}") } else { format!("{:.1}%", s * 100.0) }
                            }).unwrap_or_default()}
                        </dd>
                    </div>
                </Show>
                <Show when=move || last_validation.with(|v| v.as_ref().is_some_and(|v| v.alignment.is_some()))>
                    <div>
                        <dt title=move || t.get().alignment_help>{move || t.get().alignment}</dt>
                        <dd
                            data-testid="alignment-score"
                            data-value=move || last_validation.get().and_then(|v| v.alignment).map(|a| raw(a as f64)).unwrap_or_default()
                        >
                            {move || last_validation.get().and_then(|v| v.alignment).map(|a| format!("{:.0}%", a * 100.0)).unwrap_or_default()}
                        </dd>
                    </div>
                </Show>
            </dl>
            <Show when=move || store.finished.get()>
                <p class="finished" role="status">{move || t.get().finished}</p>
            </Show>
            <Show when=move || store.config.with(|c| c.early_stop) || store.restored.with(Option::is_some)>
                <p class="early-stop" data-testid="early-stop-status" role="status" data-restored=move || store.restored.with(|r| r.as_ref().map(|r| r.best.step.to_string()))>
                    {early_stop_status}
                </p>
            </Show>
            <p class="counts">
                {move || {
                    store.counts.get().map(|(a, b, c)| format!("{}: {a} / {b} / {c}", t.get().data_counts))
                }}
            </p>
        </div>
    }
}
