//! Title, lesson and language.

use leptos::prelude::*;

use super::fields::{CheckField, ChoiceField, check, choice};
use super::{store, texts};
use crate::concepts::ConceptId;
use crate::config::{Lang, LessonId, UrlValue};
use crate::ui::text::{language_name, lesson_name};

/// What the share button last did.
#[derive(Clone, Debug, PartialEq)]
enum Shared {
    Copied,
    /// The clipboard refused: the link is shown to copy by hand.
    Failed(String),
}

#[component]
pub fn TopBar() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let shared = RwSignal::new(None::<Shared>);
    let share = move |_| {
        let href = window().location().href().unwrap_or_default();
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&href)).await;
            shared.set(Some(if copied.is_ok() { Shared::Copied } else { Shared::Failed(href) }));
            // The note goes away after a while; a refused copy keeps the link on screen.
            if copied.is_ok() {
                gloo_timers::future::TimeoutFuture::new(4_000).await;
                shared.update(|s| {
                    if *s == Some(Shared::Copied) {
                        *s = None;
                    }
                });
            }
        });
    };
    let share_note = move || {
        shared.get().map(|state| match state {
            Shared::Copied => view! {
                <span class="share-note" role="status" data-testid="share-status">{move || t.get().link_copied}</span>
            }
            .into_any(),
            Shared::Failed(href) => view! {
                <label class="share-note" role="status" data-testid="share-status">
                    {move || t.get().link_copy_failed}
                    <input type="text" readonly value=href on:focus=move |ev| {
                        if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                            input.select();
                        }
                    }/>
                </label>
            }
            .into_any(),
        })
    };
    view! {
        <header class="top-bar">
            <div class="brand">
                <img src="www/icon.svg" alt="" width="36" height="36"/>
                <div>
                    <h1>{move || t.get().title}</h1>
                    <p class="tagline">{move || t.get().tagline}</p>
                </div>
            </div>
            {choice(store, t, "field inline", ChoiceField {
                label: |t| t.lesson, key: "lesson", testid: "lesson-select", values: LessonId::VALUES,
                name: lesson_name, get: |c| c.lesson,
                // A new task starts from its own defaults (its example, every head on), keeping
                // the language, the backend and the seed.
                set: |c, v| *c = c.with_lesson(v),
            })}
            {choice(store, t, "field inline", ChoiceField {
                label: |t| t.language, key: "lang", testid: "language-select", values: Lang::VALUES,
                name: |l, _| language_name(l), get: |c| c.lang,
                // The old sentence is in the other language: go back to the lesson's example.
                set: |c, v| { c.lang = v; c.probe.clear(); },
            })}
            <div class="top-actions">
                {check(store, t, CheckField {
                    label: |t| t.present, key: "present", testid: "presentation-toggle",
                    get: |c| c.present, set: |c, v| c.present = v,
                })}
                <button type="button" data-testid="share-link" on:click=share title=move || t.get().share_help>
                    {move || t.get().share_link}
                </button>
                {share_note}
                <button
                    type="button"
                    data-testid="guide-button"
                    aria-pressed=move || store.config.with(|c| c.concept.is_some()).to_string()
                    on:click=move |_| store.config.update(|c| {
                        c.concept = if c.concept.is_some() { None } else { Some(ConceptId::Attention) };
                    })
                >
                    {move || t.get().guide_open}
                </button>
                <button
                    type="button"
                    class="round"
                    data-testid="tour-replay"
                    aria-label=move || t.get().tour_replay
                    title=move || t.get().tour_replay
                    on:click=move |_| store.tour.set(Some(0))
                >
                    "?"
                </button>
            </div>
        </header>
    }
}
