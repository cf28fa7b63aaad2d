//! The learner's own sentence: the predicted class with its probabilities, and each word shaded
//! by the attention it receives.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::bars::{Bar, bars};
use super::example_picker::ExamplePicker;
use super::history_view::HistoryView;
use super::image_probe::ImageProbe;
use super::multimodal_view::MultimodalView;
use super::sequence_editor::{SequenceEditor, edits};
use super::signal_probe::SignalProbe;
use super::{raw, store, texts};
use crate::config::limits::PROBE_CHARS;
use crate::config::{LessonId, LessonInput};
use crate::lessons::sentiment::TOPICS;
use crate::lessons::signal;
use crate::lessons::{Output, default_probe};
use crate::ui::text::{class_name, probe_problem};

/// Quiet time after the last keystroke before the sentence is sent to the model.
const DEBOUNCE_MS: u32 = 150;

#[component]
pub fn ProbeBox() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let pending = StoredValue::new_local(None::<Timeout>);

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let timeout = Timeout::new(DEBOUNCE_MS, move || store.config.update(|c| c.probe = text));
        // Dropping the previous timeout cancels it.
        pending.set_value(Some(timeout));
    };

    let output = store.output;
    let prediction = move || {
        let probe = store.probe.get()?;
        let t = t.get();
        if let Some(value) = probe.value {
            // A regression lesson: one number.
            return Some(view! {
                <p class="row-label">{t.predicted_number}</p>
                <p class="prediction">
                    <span class="label number" data-testid="probe-value" data-value=raw(value as f64) data-step=probe.step.to_string()>{format!("{value:.1}")}</span>
                </p>
            }.into_any());
        }
        if let Some(translation) = &probe.translation {
            // A translation: the written date, each character with the model's confidence.
            let text = translation.text();
            let letters = translation
                .tokens
                .iter()
                .zip(&translation.confidence)
                .map(|(c, &p)| view! {
                    <span class="token answer" data-testid="translation-char" data-value=raw(p as f64) title=format!("{:.1}%", p * 100.0)>{c.clone()}</span>
                })
                .collect_view();
            let baseline = translation.baseline.clone().map(|b| view! {
                <p class="hint" data-testid="baseline-translation" data-value=b.clone()>{format!("{}: {b}", t.without_attention)}</p>
            });
            return Some(
                view! {
                    <p class="row-label">{t.translation}</p>
                    <p class="tokens" translate="no" data-testid="translation-output" data-value=text data-step=probe.step.to_string()>{letters}</p>
                    {baseline}
                }
                .into_any(),
            );
        }
        if output.get() == Output::PerToken {
            // One answer per position, under the input.
            let answers = probe
                .outputs
                .iter()
                .map(|o| {
                    let shown = if o.is_empty() { "–".to_string() } else { o.clone() };
                    view! { <span class="token answer" class:unasked=o.is_empty() data-testid="probe-output-token" data-value=o.clone()>{shown}</span> }
                })
                .collect_view();
            return Some(view! {
                <p class="row-label">{t.output}</p>
                <p class="tokens" translate="no" data-testid="probe-output" data-value=probe.outputs.join(" ") data-step=probe.step.to_string()>{answers}</p>
            }.into_any());
        }
        // Sentiment names its classes in the page's language; the learner's data uses its labels.
        let ids = store.classes.get();
        let lesson = store.config.with(|c| c.lesson);
        let sentiment = matches!(lesson, LessonId::Sentiment | LessonId::MultiTask);
        let name = |i: usize| class_name(lesson, t, &ids, i);
        let label = ids.get(probe.predicted).cloned().unwrap_or_else(|| "unknown".into());
        let first = probe
            .probabilities
            .iter()
            .enumerate()
            .map(|(i, &p)| Bar { id: ids.get(i).cloned().unwrap_or_default(), name: name(i), probability: p })
            .collect();
        // A multi-task lesson's second head: the topic.
        let second = (!probe.second_probabilities.is_empty()).then(|| {
            let p = &probe.second_probabilities;
            let top = (0..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0);
            let topic = |i: usize| t.topics.get(i).copied().unwrap_or("?").to_string();
            let items = p
                .iter()
                .enumerate()
                .map(|(i, &p)| Bar { id: TOPICS.get(i).copied().unwrap_or("?").into(), name: topic(i), probability: p })
                .collect();
            view! {
                <p class="row-label">{t.topic}</p>
                <p class="prediction">
                    <span class="label" data-testid="probe-second-prediction" data-value=TOPICS.get(top).copied().unwrap_or("?")>{topic(top)}</span>
                </p>
                {bars(items, top, "probe-second-probability")}
            }
        });
        Some(
            view! {
                <p class="prediction">
                    <span data-testid="probe-prediction" data-value=label.clone() data-step=probe.step.to_string() class=if sentiment { format!("label {label}") } else { "label".to_string() }>
                        {name(probe.predicted)}
                    </span>
                </p>
                {bars(first, probe.predicted, "probe-probability")}
                {second}
            }
            .into_any(),
        )
    };

    let tokens = move || {
        let probe = store.probe.get()?;
        let received = probe.attention.received(store.layer.get(), store.head.get());
        let max = received.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let unknown_hint = t.get().unknown_word;
        Some(
            probe
                .tokens
                .iter()
                .enumerate()
                .map(|(i, tok)| {
                    let w = received.get(i).copied().unwrap_or(0.0);
                    let unknown = probe.unknown.get(i).copied().unwrap_or(false);
                    view! {
                        <span
                            class="token shade"
                            class:unknown=unknown
                            data-testid="probe-token"
                            translate="no"
                            data-value=raw(w as f64)
                            title=if unknown { format!("{w:.3} — {unknown_hint}") } else { format!("{w:.3}") }
                            style=format!("--w: {:.3}", w / max)
                        >
                            {tok.clone()}
                        </span>
                    }
                })
                .collect_view(),
        )
    };

    view! {
        <div class="panel probe-panel">
            <h2>
                {move || match store.config.with(|c| c.lesson.input()) {
                    LessonInput::Words => t.get().probe,
                    LessonInput::Patches => t.get().probe_picture,
                    LessonInput::Frames => t.get().probe_signal,
                }}
            </h2>
            <Show when=move || store.config.with(|c| c.lesson == LessonId::Patches)>
                <ImageProbe/>
            </Show>
            <Show when=move || store.config.with(|c| c.lesson == LessonId::Signal)>
                <SignalProbe/>
            </Show>
            <input
                type="text"
                hidden=move || store.config.with(|c| c.lesson == LessonId::Patches)
                data-testid="probe-input"
                translate="no"
                id="probe"
                maxlength=PROBE_CHARS
                placeholder=move || match store.config.with(|c| c.lesson) {
                    LessonId::Sentiment => t.get().probe_placeholder,
                    LessonId::Recall => t.get().recall_placeholder,
                    LessonId::Induction => t.get().induction_placeholder,
                    LessonId::Regression => t.get().regression_placeholder,
                    LessonId::Custom => t.get().probe_placeholder,
                    LessonId::CharLm => t.get().charlm_placeholder,
                    LessonId::MultiTask => t.get().probe_placeholder,
                    LessonId::Translate => t.get().translate_placeholder,
                    LessonId::Signal => signal::DEFAULT_PROBE,
                    LessonId::Recommend => t.get().recommend_placeholder,
                    LessonId::Multimodal => t.get().multimodal_placeholder,
                    _ => t.get().digits_placeholder,
                }
                prop:value=move || {
                    // Follows the language (switching it clears the sentence), not every keystroke.
                    let (lesson, lang) = store.config.with(|c| (c.lesson, c.lang));
                    let probe = store.config.with_untracked(|c| c.probe.clone());
                    match (probe.is_empty(), default_probe(lesson, lang)) {
                        (false, _) => probe,
                        // The learner's data: its first text, as the model reads it.
                        (true, "") => store.probe.with(|p| p.as_ref().map(|p| p.text.clone()).unwrap_or_default()),
                        (true, example) => example.to_string(),
                    }
                }
                on:input=on_input
            />
            <Show when=move || store.config.with(|c| edits(c.lesson))>
                <SequenceEditor/>
            </Show>
            <Show when=move || store.config.with(|c| c.lesson == LessonId::Recommend)>
                <HistoryView/>
            </Show>
            <Show when=move || store.config.with(|c| c.lesson == LessonId::Multimodal)>
                <MultimodalView/>
            </Show>
            <ExamplePicker/>
            <Show when=move || store.probe_error.with(Option::is_some)>
                <p class="probe-error" role="alert" data-testid="probe-error">
                    {move || store.probe_error.with(|p| p.as_ref().map(|p| probe_problem(p, store.config.with(|c| c.lang))))}
                </p>
            </Show>
            {prediction}
            <p class="tokens" aria-label=move || t.get().probe_help>{tokens}</p>
            <Show when=move || store.config.with(|c| c.lesson != LessonId::Patches && c.probe.trim().is_empty())>
                <p class="hint" data-testid="probe-empty">{move || t.get().probe_empty}</p>
            </Show>
            <Show when=move || store.probe.with(|p| p.as_ref().is_some_and(|p| p.truncated))>
                <p class="hint">{move || t.get().truncated}</p>
            </Show>
            <p class="hint" data-testid="probe-tokens-help">
                {move || match (output.get(), store.config.with(|c| c.lesson)) {
                    (Output::Pooled, _) => t.get().probe_help,
                    (Output::Translation, _) => t.get().translate_help,
                    (_, LessonId::CharLm) => t.get().charlm_help,
                    (_, LessonId::Recommend) => t.get().recommend_help,
                    _ => t.get().digits_help,
                }}
            </p>
        </div>
    }
}
