//! The language model writes: Sample continues the probe text with the model's own characters,
//! drawn with the temperature and top-k set here. Each written character can be selected to show
//! the distribution it was drawn from and what its position attended to in the context.

use leptos::prelude::*;

use super::bars::{Bar, bars};
use super::fields::{number, number_field};
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
        number_field!(temperature, "temperature-input", limits::TEMPERATURE, 0.1),
        number_field!(top_k, "top-k-input", limits::TOP_K, 1.0),
        number_field!(sample_len, "sample-length-input", limits::SAMPLE_LEN, 1.0),
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
                    <span class="token shade" translate="no" data-testid="sample-attention" data-value=raw(*w as f64) title=format!("{w:.3}") style=format!("--w: {:.3}", w / max)>{tok.clone()}</span>
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
            <p class="row-label" data-testid="sample-looked-at">
                {t.sample_looked_at.replace("{token}", &step.token).replace("{n}", &(i + 1).to_string())}
            </p>
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
