//! Every knob of the `Config` that this lesson uses.

use leptos::prelude::*;

use super::fields::{ChoiceField, NumberField, choice, number};
use super::{store, texts};
use crate::config::{BackendPreference, OptimizerKind, Positional, UrlValue, limits};
use crate::ui::text::{backend_name, optimizer_name, positional_name};

/// An integer range as the input's (min, max, step).
fn whole(range: std::ops::RangeInclusive<usize>, step: f64) -> (f64, f64, f64) {
    (*range.start() as f64, *range.end() as f64, step)
}

#[component]
pub fn Settings() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let model = view! {
        {number(store, t, NumberField {
            label: |t| t.d_model, key: "d_model", testid: "d-model-input", range: whole(limits::D_MODEL, 4.0),
            get: |c| c.d_model.to_string(), set: |c, v| c.d_model = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.n_heads, key: "n_heads", testid: "n-heads-input", range: whole(limits::N_HEADS, 1.0),
            get: |c| c.n_heads.to_string(), set: |c, v| c.n_heads = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.n_layers, key: "n_layers", testid: "n-layers-input", range: whole(limits::N_LAYERS, 1.0),
            get: |c| c.n_layers.to_string(), set: |c, v| c.n_layers = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.d_ff, key: "d_ff", testid: "d-ff-input", range: whole(limits::D_FF, 8.0),
            get: |c| c.d_ff.to_string(), set: |c, v| c.d_ff = v as usize,
        })}
        {choice(store, t, "field", ChoiceField {
            label: |t| t.positional, key: "positional", testid: "positional-select", values: Positional::VALUES,
            name: positional_name, get: |c| c.positional, set: |c, v| c.positional = v,
        })}
    };
    let training = view! {
        {choice(store, t, "field", ChoiceField {
            label: |t| t.optimizer, key: "optimizer", testid: "optimizer-select", values: OptimizerKind::VALUES,
            name: |o, _| optimizer_name(o), get: |c| c.optimizer, set: |c, v| c.optimizer = v,
        })}
        {number(store, t, NumberField {
            label: |t| t.lr, key: "lr", testid: "lr-input", range: (*limits::LR.start(), *limits::LR.end(), 0.0001),
            get: |c| c.lr.to_string(), set: |c, v| c.lr = v,
        })}
        {number(store, t, NumberField {
            label: |t| t.batch_size, key: "batch_size", testid: "batch-size-input", range: whole(limits::BATCH_SIZE, 1.0),
            get: |c| c.batch_size.to_string(), set: |c, v| c.batch_size = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.epochs, key: "epochs", testid: "epochs-input", range: whole(limits::EPOCHS, 1.0),
            get: |c| c.epochs.to_string(), set: |c, v| c.epochs = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.eval_every, key: "eval_every", testid: "eval-every-input", range: whole(limits::EVAL_EVERY, 1.0),
            get: |c| c.eval_every.to_string(), set: |c, v| c.eval_every = v as usize,
        })}
        {number(store, t, NumberField {
            label: |t| t.seed, key: "seed", testid: "seed-input",
            range: (*limits::SEED.start() as f64, *limits::SEED.end() as f64, 1.0),
            get: |c| c.seed.to_string(), set: |c, v| c.seed = v as u64,
        })}
        {choice(store, t, "field", ChoiceField {
            label: |t| t.backend, key: "backend", testid: "backend-select", values: BackendPreference::VALUES,
            name: backend_name, get: |c| c.backend, set: |c, v| c.backend = v,
        })}
    };
    view! {
        <div class="panel settings">
            <h2>{move || t.get().model}</h2>
            {model}
            <label class="field toggle">
                <input
                    type="checkbox"
                    id="scaled"
                    data-testid="scaled-toggle"
                    prop:checked=move || store.config.with(|c| c.scaled)
                    on:change=move |ev| store.config.update(|c| c.scaled = event_target_checked(&ev))
                />
                <span>{move || t.get().scaled}</span>
            </label>
            <p class="hint">{move || t.get().scaled_help}</p>
            <h2>{move || t.get().training}</h2>
            {training}
        </div>
    }
}
