//! The `custom` lesson's data: paste CSV/TSV lines or pick a file; the page checks every line
//! before anything is sent to the trainer, and lists each bad line with its number and reason.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::{store, texts};
use crate::lessons::Output;
use crate::lessons::custom::{self, DataError, MAX_CHARS, MAX_ROWS, MAX_TOKENS};
use crate::protocol::Command;
use crate::ui::bridge::Trainer;
use crate::ui::export;
use crate::ui::text::data_error;

#[component]
pub fn CustomData() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();

    // Checks `bytes`; sends them to the trainer only if every line is good.
    let apply = move |bytes: &[u8]| match custom::parse(bytes) {
        Ok(table) => {
            store.custom_errors.set(Vec::new());
            trainer.send(Command::Data(table));
        }
        Err(errors) => store.custom_errors.set(errors),
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            match export::read_file(&file).await {
                Ok(bytes) => {
                    if let Ok(text) = std::str::from_utf8(&bytes) {
                        store.custom_text.set(text.to_string());
                    }
                    apply(&bytes);
                }
                Err(reason) => store.custom_errors.set(vec![DataError::File { reason }]),
            }
        });
    };
    let summary = move || {
        let (train, validation, test) = store.counts.get()?;
        let t = t.get();
        let task = match store.output.get() {
            Output::Value => t.custom_numbers.to_string(),
            _ => format!("{} ({})", t.custom_classes, store.classes.get().join(", ")),
        };
        Some(format!("{}: {train} / {validation} / {test} — {task}", t.custom_training_on))
    };

    view! {
        <div class="panel custom-data">
            <h2>{move || t.get().custom_data}</h2>
            <p class="hint">{move || t.get().custom_format}</p>
            <p class="hint">
                {move || t.get().custom_limits.replace("{rows}", &MAX_ROWS.to_string()).replace("{chars}", &MAX_CHARS.to_string()).replace("{tokens}", &MAX_TOKENS.to_string())}
            </p>
            <textarea
                data-testid="custom-data-input"
                rows="8"
                spellcheck="false"
                aria-label=move || t.get().custom_data
                prop:value=move || store.custom_text.get()
                on:input=move |ev| store.custom_text.set(event_target_value(&ev))
            ></textarea>
            <div class="buttons">
                <button data-testid="custom-data-apply" on:click=move |_| store.custom_text.with_untracked(|text| apply(text.as_bytes()))>
                    {move || t.get().custom_apply}
                </button>
                <label class="file">
                    <span>{move || t.get().custom_file}</span>
                    <input type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" data-testid="custom-data-file" on:change=on_file/>
                </label>
            </div>
            <Show when=move || store.custom_errors.with(|e| !e.is_empty())>
                <div role="alert" class="errors">
                    <p>{move || t.get().custom_refused}</p>
                    <ul data-testid="custom-data-errors">
                        {move || {
                            let lang = store.config.with(|c| c.lang);
                            store.custom_errors.get().iter().map(|e| view! { <li>{data_error(e, lang)}</li> }).collect_view()
                        }}
                    </ul>
                </div>
            </Show>
            <p class="counts" data-testid="custom-data-summary">{summary}</p>
        </div>
    }
}
