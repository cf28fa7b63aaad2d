//! The model as a file: save it, load one (here or on another computer, either backend), and
//! what this browser keeps of it between visits, with "start fresh" to forget that.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{store, texts};
use crate::model_file::{EXTENSION, FileError};
use crate::protocol::{Command, LoadFailure, SaveFor};
use crate::ui::bridge::Trainer;
use crate::ui::model_io;
use crate::ui::store::ModelStatus;
use crate::ui::text::Text;

#[component]
pub fn ModelPanel() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let trainer = expect_context::<Trainer>();
    let on_file = move |ev: leptos::ev::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(input) = input else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            model_io::load_picked(store, trainer, file);
        }
        // The same file may be picked again later.
        input.set_value("");
    };
    let status = move || {
        let status = store.model_status.get()?;
        let t = t.get();
        let (text, problem) = describe(t, &status);
        Some(view! {
            <p class=if problem { "model-status problem" } else { "model-status" } role="status" data-testid="model-status" data-problem=problem.to_string()>
                {text}
            </p>
        })
    };
    let kept = move || {
        store.kept.get().map(|(step, _)| {
            view! {
                <p class="hint" data-testid="model-kept" data-step=step.to_string()>
                    {t.get().model_kept.replace("{step}", &crate::numbers::count(step, store.config.with(|c| c.lang)))}
                </p>
            }
        })
    };
    view! {
        <div class="panel model-panel">
            <h2>{move || t.get().model_file}</h2>
            <p class="hint">{move || t.get().model_file_help}</p>
            <div class="buttons">
                <button
                    type="button"
                    data-testid="save-model"
                    disabled=move || store.trained_config.with(Option::is_none)
                    on:click=move |_| trainer.send(Command::Save(SaveFor::Download))
                >
                    {move || t.get().save_model}
                </button>
                <label class="file">
                    <span>{move || t.get().load_model}</span>
                    <input type="file" accept=format!(".{EXTENSION}") data-testid="load-model" on:change=on_file/>
                </label>
            </div>
            {status}
            {kept}
            <button
                type="button"
                class="quiet"
                data-testid="start-fresh"
                title=move || t.get().start_fresh_help
                on:click=move |_| model_io::start_fresh(store, trainer)
            >
                {move || t.get().start_fresh}
            </button>
        </div>
    }
}

/// The status line, and whether it reports a problem.
fn describe(t: &Text, status: &ModelStatus) -> (String, bool) {
    match status {
        ModelStatus::Saved(name) => (t.model_saved.replace("{name}", name), false),
        ModelStatus::Loading(Some(name)) => (t.model_loading.replace("{name}", name), false),
        ModelStatus::Loading(None) => (t.model_loading_kept.to_string(), false),
        ModelStatus::Loaded { name: Some(name), step } => {
            (t.model_loaded.replace("{name}", name).replace("{step}", &step.to_string()), false)
        }
        ModelStatus::Loaded { name: None, step } => {
            (t.model_restored.replace("{step}", &step.to_string()), false)
        }
        ModelStatus::Fresh => (t.model_fresh.to_string(), false),
        ModelStatus::Refused(error) => (
            match error {
                FileError::Foreign => t.file_foreign.to_string(),
                FileError::Truncated => t.file_truncated.to_string(),
                FileError::Newer(version) => t.file_newer.replace("{version}", &version.to_string()),
                FileError::Corrupt(why) => format!("{} ({why})", t.file_corrupt),
            },
            true,
        ),
        ModelStatus::Failed(failure) => (
            match failure {
                LoadFailure::Vocabulary => t.load_vocabulary.to_string(),
                LoadFailure::Weights(why) => format!("{} ({why})", t.load_weights),
                LoadFailure::Other(why) => format!("{} ({why})", t.load_other),
            },
            true,
        ),
        ModelStatus::Storage(why) => (format!("{} ({why})", t.storage_failed), true),
    }
}
