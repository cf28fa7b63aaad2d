//! Every knob of the `Config` that this lesson uses.

use leptos::prelude::*;

use super::SizeEstimate;
use super::fields::{CheckField, ChoiceField, NumberField, check, choice, number, number_field};
use super::{store, texts};
use crate::config::{
    BackendPreference, LessonId, Monitor, OptimizerKind, Positional, Schedule, UrlValue, limits,
};
use crate::numbers;
use crate::ui::text::{backend_name, monitor_name, optimizer_name, positional_name, schedule_name};

/// The page's one-column layout starts at this width (`@media (max-width: 860px)` in the CSS).
const NARROW_PX: f64 = 860.0;

/// A checkbox for the bool Config field `$field`.
macro_rules! check_field {
    ($field:ident, $testid:literal) => {
        CheckField {
            label: |t| t.$field,
            key: stringify!($field),
            testid: $testid,
            get: |c| c.$field,
            set: |c, v| c.$field = v,
        }
    };
}

/// A select for the Config field `$field` over the enum `$ty`, its values named by `$name`.
macro_rules! choice_field {
    ($field:ident, $testid:literal, $ty:ty, $name:expr) => {
        ChoiceField {
            label: |t| t.$field,
            key: stringify!($field),
            testid: $testid,
            values: <$ty>::VALUES,
            name: $name,
            get: |c| c.$field,
            set: |c, v| c.$field = v,
        }
    };
}

/// Multi-task lessons only: the second task's loss weight.
fn task_weight() -> NumberField {
    number_field!(task_weight, "task-weight-input", limits::TASK_WEIGHT, 0.1)
}

#[component]
pub fn Settings() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let numbers = move |fields: Vec<NumberField>| {
        fields.into_iter().map(|field| number(store, t, field)).collect_view()
    };
    let model = numbers(vec![
        number_field!(d_model, "d-model-input", limits::D_MODEL, 4.0),
        number_field!(n_heads, "n-heads-input", limits::N_HEADS, 1.0),
        number_field!(n_layers, "n-layers-input", limits::N_LAYERS, 1.0),
        number_field!(d_ff, "d-ff-input", limits::D_FF, 8.0),
    ]);
    let positional = choice(
        store,
        t,
        "field",
        choice_field!(positional, "positional-select", Positional, positional_name),
    );
    let pattern = numbers(vec![
        number_field!(window, "window-input", limits::WINDOW, 1.0),
        number_field!(stride, "stride-input", limits::STRIDE, 1.0),
    ]);
    let multitask = move || store.config.with(|c| c.lesson == LessonId::MultiTask);
    let optimizer = choice(
        store,
        t,
        "field",
        choice_field!(optimizer, "optimizer-select", OptimizerKind, |o, _| optimizer_name(o)),
    );
    let schedule =
        choice(store, t, "field", choice_field!(schedule, "schedule-select", Schedule, schedule_name));
    let lr = numbers(vec![number_field!(lr, "lr-input", limits::LR, 0.0001)]);
    let cosine = move || store.config.with(|c| c.schedule == Schedule::Cosine);
    let sgd = move || store.config.with(|c| c.optimizer == OptimizerKind::Sgd);
    let regularisation = numbers(vec![
        number_field!(weight_decay, "weight-decay-input", limits::WEIGHT_DECAY, 0.0001),
        number_field!(clip, "clip-input", limits::CLIP, 0.1),
        number_field!(dropout, "dropout-input", limits::DROPOUT, 0.05),
    ]);
    let training = numbers(vec![
        number_field!(batch_size, "batch-size-input", limits::BATCH_SIZE, 1.0),
        number_field!(epochs, "epochs-input", limits::EPOCHS, 1.0),
        number_field!(eval_every, "eval-every-input", limits::EVAL_EVERY, 1.0),
        number_field!(seed, "seed-input", limits::SEED, 1.0),
    ]);
    let backend =
        choice(store, t, "field", choice_field!(backend, "backend-select", BackendPreference, backend_name));
    let split = numbers(vec![
        number_field!(split_train, "split-train", limits::SPLIT_TRAIN, 5.0),
        number_field!(split_val, "split-val", limits::SPLIT_VAL, 5.0),
    ]);
    // The test share is what training and validation leave; the counts come from the worker.
    let test_share = move || store.config.with(|c| c.split_test());
    let counts = move || {
        let lang = store.config.with(|c| c.lang);
        store.counts.get().map(|(train, validation, test)| {
            t.get()
                .split_counts
                .replace("{train}", &numbers::count(train, lang))
                .replace("{val}", &numbers::count(validation, lang))
                .replace("{test}", &numbers::count(test, lang))
        })
    };
    let stopping = move || store.config.with(|c| c.early_stop);

    // On a phone the settings come before the lesson and its charts: they start folded there, so
    // the lesson is a screen away instead of four.
    let folded = window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w <= NARROW_PX);

    view! {
        <details class="panel settings" data-testid="settings" open=!folded>
            <summary>{move || t.get().settings_title}</summary>
            <h2>{move || t.get().model}</h2>
            {model}
            <SizeEstimate/>
            {positional}
            {check(store, t, check_field!(scaled, "scaled-toggle"))}
            <p class="hint">{move || t.get().scaled_help}</p>
            <h2>{move || t.get().attention_pattern}</h2>
            {check(store, t, check_field!(causal, "causal-toggle"))}
            {pattern}
            <p class="hint">{move || t.get().pattern_help}</p>
            {check(store, t, check_field!(baseline, "baseline-toggle"))}
            <p class="hint">
                {move || if store.config.with(|c| c.lesson == LessonId::Translate) {
                    t.get().translate_baseline_help
                } else {
                    t.get().baseline_help
                }}
            </p>
            <h2>{move || t.get().training}</h2>
            <Show when=multitask>{move || number(store, t, task_weight())}</Show>
            {optimizer}
            <Show when=sgd>
                {move || number(store, t, number_field!(momentum, "momentum-input", limits::MOMENTUM, 0.05))}
            </Show>
            {lr}
            {schedule}
            <Show when=cosine>
                {move || number(store, t, number_field!(warmup, "warmup-input", limits::WARMUP, 0.05))}
            </Show>
            {regularisation}
            <p class="hint">{move || t.get().optimizer_help}</p>
            {training}
            {check(store, t, check_field!(early_stop, "early-stop-toggle"))}
            <Show when=stopping>
                {move || choice(store, t, "field", choice_field!(monitor, "monitor-select", Monitor, monitor_name))}
                {move || number(store, t, number_field!(patience, "patience-input", limits::PATIENCE, 1.0))}
            </Show>
            <p class="hint">{move || t.get().early_stop_help}</p>
            <h2>{move || t.get().split}</h2>
            {split}
            <div class="field">
                <span>{move || t.get().split_test}</span>
                <output data-testid="split-test" data-value=move || test_share().to_string()>
                    {move || format!("{} %", test_share())}
                </output>
            </div>
            <p class="hint" data-testid="split-counts">{counts}</p>
            <p class="hint">{move || t.get().split_help}</p>
            {backend}
        </details>
    }
}
