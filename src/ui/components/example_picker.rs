//! Examples from the lesson's own validation split to probe with, each with the answer the data
//! expects — so the model's reading can be checked against the truth. The page generates the
//! lesson's data as the worker does (same lesson, language and seed give the same examples).

use leptos::prelude::*;

use super::{store, texts};
use crate::config::{Config, LessonId};
use crate::lessons::{self, Example, LessonData, Output, charlm, custom};

/// Validation examples offered.
const SHOWN: usize = 40;
/// Characters of an example shown in the list.
const PREVIEW: usize = 48;

#[component]
pub fn ExamplePicker() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let examples = Memo::new(move |_| {
        let (lesson, lang, seed, split_train, split_val) =
            store.config.with(|c| (c.lesson, c.lang, c.seed, c.split_train, c.split_val));
        let config = Config { lesson, lang, seed, split_train, split_val, ..Config::default() };
        let data = if lesson == LessonId::Custom {
            match store.custom_text.with(|text| custom::parse(text.as_bytes())) {
                Ok(table) => custom::lesson(&table, seed, config.proportions()),
                Err(_) => return Vec::new(),
            }
        } else {
            lessons::load(&config)
        };
        data.validation
            .iter()
            .take(SHOWN)
            .map(|e| (probe_text(lesson, e), answer(&data, e)))
            .collect::<Vec<_>>()
    });
    // The expected answer, when the probe is one of the examples.
    let expected = move || {
        let probe = store.config.with(|c| c.probe.clone());
        examples.with(|all| all.iter().find(|(text, _)| *text == probe).map(|(_, answer)| answer.clone()))
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(i) = event_target_value(&ev).parse::<usize>()
            && let Some((text, _)) = examples.with_untracked(|all| all.get(i).cloned())
        {
            store.config.update(|c| c.probe = text);
        }
    };

    view! {
        <label class="field">
            <span>{move || t.get().examples}</span>
            <select data-testid="example-select" on:change=on_change>
                <option value="" selected=true>"—"</option>
                {move || examples.get().into_iter().enumerate().map(|(i, (text, _))| {
                    // A picture's text is its pixels in hexadecimal: number it instead.
                    let preview: String = if store.config.with(|c| c.lesson == LessonId::Patches) {
                        format!("{} {}", t.get().image_example, i + 1)
                    } else {
                        text.chars().take(PREVIEW).collect()
                    };
                    view! { <option value=i.to_string() translate="no">{preview}</option> }
                }).collect_view()}
            </select>
        </label>
        {move || expected().map(|answer| view! {
            <p class="hint" data-testid="example-answer" data-value=answer.clone()>
                {format!("{}: {answer}", t.get().expected_answer)}
            </p>
        })}
    }
}

/// The text that, typed into the probe, gives the example's tokens.
fn probe_text(lesson: LessonId, example: &Example) -> String {
    match lesson {
        LessonId::CharLm => charlm::detokenize(&example.tokens),
        _ => example.text.clone(),
    }
}

/// What the data says the model should answer, as the page shows answers.
fn answer(data: &LessonData, example: &Example) -> String {
    let class = |names: &[String], i: usize| names.get(i).cloned().unwrap_or_default();
    match data.output {
        Output::Value => format!("{:.1}", example.value),
        Output::Pooled if data.second_classes.is_empty() => class(&data.classes, example.label),
        Output::Pooled => {
            format!(
                "{} · {}",
                class(&data.classes, example.label),
                class(&data.second_classes, example.second)
            )
        }
        Output::Translation => {
            example.targets.iter().filter_map(|t| t.map(|c| class(&data.classes, c))).collect()
        }
        Output::PerToken => example
            .targets
            .iter()
            .map(|t| t.map(|c| class(&data.classes, c)).unwrap_or_else(|| "–".into()))
            .collect::<Vec<_>>()
            .join(" "),
    }
}
