//! Every knob of the `Config` that this lesson uses. A control's `id` is its URL key.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{store, texts};
use crate::config::{BackendPreference, Config, OptimizerKind, Positional, UrlValue, limits};
use crate::ui::store::Store;
use crate::ui::text::{Text, backend_name, optimizer_name, positional_name};

#[component]
pub fn Settings() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    view! {
        <div class="panel settings">
            <h2>{move || t.get().model}</h2>
            {number(store, t, |t| t.d_model, "d_model", "d-model-input", (*limits::D_MODEL.start() as f64, *limits::D_MODEL.end() as f64, 4.0),
                |c| c.d_model.to_string(), |c, v| c.d_model = v as usize)}
            {number(store, t, |t| t.n_heads, "n_heads", "n-heads-input", (*limits::N_HEADS.start() as f64, *limits::N_HEADS.end() as f64, 1.0),
                |c| c.n_heads.to_string(), |c, v| c.n_heads = v as usize)}
            {number(store, t, |t| t.n_layers, "n_layers", "n-layers-input", (*limits::N_LAYERS.start() as f64, *limits::N_LAYERS.end() as f64, 1.0),
                |c| c.n_layers.to_string(), |c, v| c.n_layers = v as usize)}
            {number(store, t, |t| t.d_ff, "d_ff", "d-ff-input", (*limits::D_FF.start() as f64, *limits::D_FF.end() as f64, 8.0),
                |c| c.d_ff.to_string(), |c, v| c.d_ff = v as usize)}
            {choice(store, t, |t| t.positional, "positional", "positional-select", Positional::VALUES,
                move |p| positional_name(p, lang.get()), |c| c.positional, |c, v| c.positional = v)}
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
            {choice(store, t, |t| t.optimizer, "optimizer", "optimizer-select", OptimizerKind::VALUES,
                |o| optimizer_name(o), |c| c.optimizer, |c, v| c.optimizer = v)}
            {number(store, t, |t| t.lr, "lr", "lr-input", (*limits::LR.start(), *limits::LR.end(), 0.0001),
                |c| c.lr.to_string(), |c, v| c.lr = v)}
            {number(store, t, |t| t.batch_size, "batch_size", "batch-size-input", (*limits::BATCH_SIZE.start() as f64, *limits::BATCH_SIZE.end() as f64, 1.0),
                |c| c.batch_size.to_string(), |c, v| c.batch_size = v as usize)}
            {number(store, t, |t| t.epochs, "epochs", "epochs-input", (*limits::EPOCHS.start() as f64, *limits::EPOCHS.end() as f64, 1.0),
                |c| c.epochs.to_string(), |c, v| c.epochs = v as usize)}
            {number(store, t, |t| t.eval_every, "eval_every", "eval-every-input", (*limits::EVAL_EVERY.start() as f64, *limits::EVAL_EVERY.end() as f64, 1.0),
                |c| c.eval_every.to_string(), |c, v| c.eval_every = v as usize)}
            {number(store, t, |t| t.seed, "seed", "seed-input", (*limits::SEED.start() as f64, *limits::SEED.end() as f64, 1.0),
                |c| c.seed.to_string(), |c, v| c.seed = v as u64)}
            {choice(store, t, |t| t.backend, "backend", "backend-select", BackendPreference::VALUES,
                move |b| backend_name(b, lang.get()), |c| c.backend, |c, v| c.backend = v)}
        </div>
    }
}

/// A labelled number input bound to one field. Values are clamped like a URL's; the input then
/// shows what was kept.
#[allow(clippy::too_many_arguments)]
fn number(
    store: Store,
    t: Memo<&'static Text>,
    label: fn(&Text) -> &'static str,
    key: &'static str,
    testid: &'static str,
    (min, max, step): (f64, f64, f64),
    get: fn(&Config) -> String,
    set: fn(&mut Config, f64),
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{move || label(t.get())}</span>
            <input
                type="number"
                id=key
                data-testid=testid
                min=min
                max=max
                step=step
                prop:value=move || store.config.with(get)
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    match text.trim().parse::<f64>() {
                        Ok(v) if v.is_finite() => store.config.update(|c| {
                            set(c, v);
                            *c = c.clone().clamped().0;
                        }),
                        _ => {}
                    }
                    // Show what was kept (the clamped value, or the old one if the text was bad).
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.set_value(&store.config.with_untracked(get));
                    }
                }
            />
        </label>
    }
}

/// A labelled select over an enum's values.
#[allow(clippy::too_many_arguments)]
fn choice<T: UrlValue + PartialEq + Send + Sync>(
    store: Store,
    t: Memo<&'static Text>,
    label: fn(&Text) -> &'static str,
    key: &'static str,
    testid: &'static str,
    values: &'static [T],
    name: impl Fn(T) -> &'static str + Copy + Send + Sync + 'static,
    get: fn(&Config) -> T,
    set: fn(&mut Config, T),
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{move || label(t.get())}</span>
            <select
                id=key
                data-testid=testid
                on:change=move |ev| {
                    if let Some(v) = T::from_url_value(&event_target_value(&ev)) {
                        store.config.update(|c| set(c, v));
                    }
                }
            >
                {values
                    .iter()
                    .map(|&v| {
                        view! {
                            <option value=v.url_value() prop:selected=move || store.config.with(get) == v>
                                {move || name(v)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
