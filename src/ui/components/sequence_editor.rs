//! The sequence lessons' probe editor: one picker per position, from the lesson's own alphabet,
//! and buttons to add, remove and shuffle positions — change one token and watch the attention
//! move, without typing. It edits the same probe text as the text box above it.

use leptos::prelude::*;

use super::{store, texts};
use crate::config::{Config, LessonId};
use crate::lessons;

/// The lessons whose inputs are short sequences of single-character tokens.
pub fn edits(lesson: LessonId) -> bool {
    matches!(
        lesson,
        LessonId::Copy
            | LessonId::Reverse
            | LessonId::Sort
            | LessonId::Recall
            | LessonId::Induction
            | LessonId::Regression
            | LessonId::Recommend
    )
}

#[component]
pub fn SequenceEditor() -> impl IntoView {
    let store = store();
    let t = texts(store);
    // The lesson's alphabet (its vocabulary without padding and <unk>), longest input, tokenizer.
    let lesson = Memo::new(move |_| {
        let (lesson, seed, lang) = store.config.with(|c| (c.lesson, c.seed, c.lang));
        let data = lessons::load(&Config { lesson, seed, lang, ..Config::default() });
        let mut alphabet: Vec<String> = data.vocab.tokens().iter().skip(2).cloned().collect();
        alphabet.sort();
        (alphabet, data.max_len, data.tokenizer)
    });
    let tokens = Memo::new(move |_| {
        let (id, lang) = store.config.with(|c| (c.lesson, c.lang));
        let probe = store.config.with(|c| c.probe.clone());
        let text = if probe.trim().is_empty() { lessons::default_probe(id, lang).to_string() } else { probe };
        lesson.with(|(_, _, tokenizer)| tokenizer(&text))
    });
    let write = move |tokens: Vec<String>| store.config.update(|c| c.probe = tokens.join(" "));
    let set = move |position: usize, token: String| {
        let mut changed = tokens.get_untracked();
        if let Some(slot) = changed.get_mut(position) {
            *slot = token;
            write(changed);
        }
    };
    let add = move |_| {
        let mut changed = tokens.get_untracked();
        let (alphabet, max_len, _) = lesson.get_untracked();
        if changed.len() < max_len
            && let Some(token) = changed.last().cloned().or_else(|| alphabet.first().cloned())
        {
            changed.push(token);
            write(changed);
        }
    };
    let remove = move |_| {
        let mut changed = tokens.get_untracked();
        if changed.len() > 1 {
            changed.pop();
            write(changed);
        }
    };
    let shuffle = move |_| {
        // Fisher–Yates with the browser's random numbers: a new order each press.
        let mut changed = tokens.get_untracked();
        for i in (1..changed.len()).rev() {
            let j = (js_sys::Math::random() * (i + 1) as f64) as usize;
            changed.swap(i, j.min(i));
        }
        write(changed);
    };

    let pickers = move || {
        let alphabet = lesson.with(|(alphabet, _, _)| alphabet.clone());
        let label = t.get().position_label;
        tokens
            .get()
            .into_iter()
            .enumerate()
            .map(|(position, token)| {
                let options = alphabet
                    .iter()
                    .map(|a| view! { <option value=a.clone() selected=*a == token>{a.clone()}</option> })
                    .collect_view();
                view! {
                    <select
                        class="sequence-token"
                        data-testid="sequence-token"
                        data-position=position
                        aria-label=label.replace("{}", &(position + 1).to_string())
                        on:change=move |ev| set(position, event_target_value(&ev))
                    >
                        {options}
                    </select>
                }
            })
            .collect_view()
    };

    view! {
        <div class="sequence-editor" data-testid="sequence-editor" data-value=move || tokens.get().join(" ")>
            <div class="sequence-tokens">{pickers}</div>
            <div class="sequence-actions">
                <button type="button" data-testid="sequence-add" on:click=add>{move || t.get().add_position}</button>
                <button type="button" data-testid="sequence-remove" on:click=remove>{move || t.get().remove_position}</button>
                <button type="button" data-testid="sequence-shuffle" on:click=shuffle>{move || t.get().shuffle}</button>
            </div>
        </div>
    }
}
