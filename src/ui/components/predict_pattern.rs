//! Predict, then see: the learner picks the attention pattern they expect from a few thumbnails;
//! once the model has trained a while, the page compares the pick with the learned heads.

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::config::LessonId;
use crate::predict::{self, Guess, THUMBNAIL};
use crate::ui::text::guess_name;

/// Training steps before the learned heads are compared with the pick.
pub const COMPARE_AFTER: usize = 100;

/// A pattern as a small grid (darker: more attention).
fn thumbnail(guess: Guess) -> impl IntoView {
    let n = THUMBNAIL;
    let map = guess.map(n, 2);
    let cells = (0..n * n)
        .map(|i| {
            let (q, k) = (i / n, i % n);
            let w = map[i];
            view! { <rect x=k * 10 y=q * 10 width="9" height="9" rx="1" fill="var(--accent)" fill-opacity=format!("{:.2}", 0.08 + 0.92 * w)/> }
        })
        .collect_view();
    view! { <svg viewBox="0 0 50 50" width="50" height="50" aria-hidden="true">{cells}</svg> }
}

fn percent(x: f32) -> String {
    format!("{:.0}%", x * 100.0)
}

#[component]
pub fn PredictPattern() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    let guess = RwSignal::new(None::<Guess>);
    // A new lesson (or a fresh model of it) asks again.
    Effect::new(move |_| {
        store.config.with(|c| c.lesson);
        guess.set(None);
    });
    let verdict = Memo::new(move |_| {
        let g = guess.get()?;
        if store.step.get() < COMPARE_AFTER {
            return None;
        }
        store.probe.with(|p| p.as_ref().and_then(|p| predict::compare(&p.attention, g)))
    });
    let options = move || {
        Guess::ALL
            .into_iter()
            .map(|g| {
                view! {
                    <button
                        type="button"
                        class="predict-option"
                        class:picked=move || guess.get() == Some(g)
                        data-testid="predict-option"
                        data-guess=g.id()
                        aria-pressed=move || (guess.get() == Some(g)).to_string()
                        on:click=move |_| guess.set(Some(g))
                    >
                        {thumbnail(g)}
                        <span>{move || guess_name(g, lang.get())}</span>
                    </button>
                }
            })
            .collect_view()
    };
    let head_name = move |layer: usize, head: usize| {
        format!("{} {} · {} {}", t.get().layer, layer + 1, t.get().head, head + 1)
    };
    let result = move || {
        let g = guess.get()?;
        let Some(v) = verdict.get() else {
            return Some(view! { <p class="hint" data-testid="predict-wait">{t.get().predict_wait.replace("{}", &COMPARE_AFTER.to_string())}</p> }.into_any());
        };
        let l = lang.get();
        let fits = t
            .get()
            .predict_fits
            .replace("{guess}", guess_name(g, l))
            .replace("{head}", &head_name(v.guess.layer, v.guess.head))
            .replace("{share}", &percent(v.guess.overlap));
        let closest = t
            .get()
            .predict_closest
            .replace("{guess}", guess_name(v.closest.guess, l))
            .replace("{head}", &head_name(v.closest.layer, v.closest.head))
            .replace("{share}", &percent(v.closest.overlap));
        Some(
            view! {
                <div
                    class="predict-result"
                    data-testid="predict-result"
                    data-guess=g.id()
                    data-closest=v.closest.guess.id()
                    data-right=v.right().to_string()
                    data-value=raw(v.guess.overlap as f64)
                    role="status"
                >
                    <p>{fits}</p>
                    <p>{closest}</p>
                    <p><strong>{if v.right() { t.get().predict_right } else { t.get().predict_other }}</strong></p>
                </div>
            }
            .into_any(),
        )
    };
    // The heads compared are always a model's self-attention (square maps). Where the lesson's own
    // map is cross-attention, the panel says which self-attention it means.
    let which = move || {
        let which = match store.config.with(|c| c.lesson) {
            LessonId::Translate => t.get().predict_which_translate,
            LessonId::Multimodal => t.get().predict_which_multimodal,
            _ => return None,
        };
        Some(view! { <p class="hint" data-testid="predict-which">{which}</p> })
    };
    view! {
        <div class="panel predict" data-testid="predict-pattern">
            <h2>{move || t.get().predict_title}</h2>
            <p class="hint">{move || t.get().predict_prompt}</p>
            {which}
            <div class="predict-options" role="group" aria-label=move || t.get().predict_title>{options}</div>
            {result}
        </div>
    }
}
