//! Title, lesson and language.

use leptos::prelude::*;

use super::{store, texts};
use crate::config::{Lang, LessonId, UrlValue};
use crate::ui::text::{language_name, lesson_name};

#[component]
pub fn TopBar() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    let lesson = Memo::new(move |_| store.config.with(|c| c.lesson));
    view! {
        <header class="top-bar">
            <div class="brand">
                <img src="www/icon.svg" alt="" width="36" height="36"/>
                <div>
                    <h1>{move || t.get().title}</h1>
                    <p class="tagline">{move || t.get().tagline}</p>
                </div>
            </div>
            <label class="field inline">
                <span>{move || t.get().lesson}</span>
                <select
                    data-testid="lesson-select"
                    id="lesson"
                    on:change=move |ev| {
                        if let Some(l) = LessonId::from_url_value(&event_target_value(&ev)) {
                            store.config.update(|c| c.lesson = l);
                        }
                    }
                >
                    {LessonId::ALL
                        .iter()
                        .map(|&l| {
                            view! {
                                <option value=l.url_value() prop:selected=move || lesson.get() == l>
                                    {move || lesson_name(l, lang.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field inline">
                <span>{move || t.get().language}</span>
                <select
                    data-testid="language-select"
                    id="lang"
                    on:change=move |ev| {
                        if let Some(l) = Lang::from_url_value(&event_target_value(&ev)) {
                            store.config.update(|c| {
                                c.lang = l;
                                c.probe.clear(); // the old sentence is in the other language
                            });
                        }
                    }
                >
                    {Lang::ALL
                        .iter()
                        .map(|&l| {
                            view! {
                                <option value=l.url_value() prop:selected=move || lang.get() == l>
                                    {language_name(l)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </header>
    }
}
