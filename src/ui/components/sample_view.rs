//! The language model writes: Sample continues the probe text with the model's own characters,
//! drawn with the temperature and top-k set here. Each written character can be selected to show
//! the distribution it was drawn from and what its position attended to in the context.

use leptos::prelude::*;

use super::bars::{Bar, bars};
use super::fields::{NumberField, number};
use super::{raw, store, texts};
use crate::config::limits;
use crate::protocol::Command;
use crate::ui::bridge::Trainer;

#[component]
pub fn SampleView() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();
    let selected = RwSignal::new(None::<usize>);
    // A new sample starts with its last character selected.
    Effect::new(move |_| {
        let n = store.sample.with(|s| s.as_ref().map_or(0, |s| s.steps.len()));
        selected.set(n.checked_sub(1));
    });

    let knobs = [
        NumberField {
            label: |t| t.temperature,
            key: "temperature",
            testid: "temperature-input",
            range: (*limits::TEMPERATURE.start(), *limits::TEMPERATURE.end(), 0.1),
            get: |c| c.temperature.to_string(),
            set: |c, v| c.temperature = v,
        },
        NumberField {
            label: |t| t.top_k,
            key: "top_k",
            testid: "top-k-input",
            range: (*limits::TOP_K.start() as f64, *limits::TOP_K.end() as f64, 1.0),
            get: |c| c.top_k.to_string(),
            set: |c, v| c.top_k = v as usize,
        },
        NumberField {
            label: |t| t.sample_len,
            key: "sample_len",
            testid: "sample-length-input",
            range: (*limits::SAMPLE_LEN.start() as f64, *limits::SAMPLE_LEN.end() as f64, 1.0),
            get: |c| c.sample_len.to_string(),
            set: |c, v| c.sample_len = v as usize,
        },
    ]
    .into_iter()
    .map(|field| number(store, t, field))
    .collect_view();

    let written = move || {
        let sample = store.sample.get()?;
        let prompt = sample.tokens[..sample.prompt_len.min(sample.tokens.len())]
            .iter()
            .map(|tok| view! { <span class="token prompt">{tok.clone()}</span> })
            .collect_view();
        let steps = sample
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                view! {
                    <button
                        class="token sampled"
                        class:selected=move || selected.get() == Some(i)
                        data-testid="sample-token"
                        data-value=step.token.clone()
                        data-probability=raw(step.probability as f64)
                        title=format!("p = {:.3}", step.probability)
                        on:click=move |_| selected.set(Some(i))
                        on:mouseenter=move |_| selected.set(Some(i))
                        on:focus=move |_| selected.set(Some(i))
                    >
                        {step.token.clone()}
                    </button>
                }
            })
            .collect_view();
        let text: String = sample.text();
        Some(view! {
            <p class="tokens sample" data-testid="sample-output" data-value=text data-step=sample.step.to_string()>{prompt}{steps}</p>
        })
    };

    // The selected step: its context shaded by attention, and the candidates it was drawn from.
    let detail = move || {
        let i = selected.get()?;
        let sample = store.sample.get()?;
        let step = sample.steps.get(i)?.clone();
        let t = t.get();
        let max = step.attention.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let context = sample
            .tokens
            .iter()
            .skip(step.context_start)
            .zip(&step.attention)
            .map(|(tok, w)| {
                view! {
                    <span class="token" data-testid="sample-attention" data-value=raw(*w as f64) title=format!("{w:.3}") style=format!("background: rgba(53, 183, 121, {:.3})", w / max)>{tok.clone()}</span>
                }
            })
            .collect_view();
        let top = step.candidates.iter().position(|(tok, _)| *tok == step.token).unwrap_or(usize::MAX);
        let candidates = step
            .candidates
            .iter()
            .map(|(tok, p)| Bar { id: tok.clone(), name: tok.clone(), probability: *p })
            .collect();
        Some(view! {
            <p class="row-label">{format!("{} “{}” ({} {})", t.sample_looked_at, step.token, t.step, i + 1)}</p>
            <p class="tokens">{context}</p>
            <p class="row-label">{t.sample_candidates}</p>
            {bars(candidates, top, "sample-candidate")}
        })
    };

    view! {
        <div class="panel sample-view" data-testid="sample-view">
            <h2>{move || t.get().sample_title}</h2>
            <p class="hint">{move || t.get().sample_help}</p>
            <div class="sample-knobs">{knobs}</div>
            <button data-testid="sample-button" on:click=move |_| trainer.send(Command::Sample)>{move || t.get().sample_button}</button>
            {written}
            {detail}
        </div>
    }
}
