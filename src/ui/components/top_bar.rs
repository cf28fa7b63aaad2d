//! Title, lesson and language.

use leptos::prelude::*;

use super::fields::{ChoiceField, choice};
use super::{store, texts};
use crate::config::{Config, Lang, LessonId, UrlValue};
use crate::lessons;
use crate::ui::text::{language_name, lesson_name};

#[component]
pub fn TopBar() -> impl IntoView {
    let store = store();
    let t = texts(store);
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
                set: |c, v| {
                    *c = Config { lang: c.lang, backend: c.backend, seed: c.seed, ..lessons::defaults(v) };
                },
            })}
            {choice(store, t, "field inline", ChoiceField {
                label: |t| t.language, key: "lang", testid: "language-select", values: Lang::VALUES,
                name: |l, _| language_name(l), get: |c| c.lang,
                // The old sentence is in the other language: go back to the lesson's example.
                set: |c, v| { c.lang = v; c.probe.clear(); },
            })}
        </header>
    }
}
