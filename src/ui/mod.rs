//! The page: a leptos (CSR) app. It knows nothing of tensors: it edits the `Config`, sends
//! commands to the training worker and draws the plain numbers that come back.

mod bridge;
mod components;
mod export;
mod fatal;
mod model_io;
mod offline;
mod paint_queue;
mod persist;
mod store;
pub mod text;
mod watchdog;

use leptos::prelude::*;

use crate::bench::{TIMED, WARMUP, Workload};
use crate::config::{Config, Lang, UrlValue};
use crate::protocol::Command;
use bridge::Trainer;
use components::{
    AccuracyChart, AttentionMap, BackendBadge, BenchView, Challenges, ConceptGuide, Controls, CrossAttention,
    CustomData, ErrorPanel, InsideAttention, LessonIntro, LossChart, Metrics, ModelPanel, Notices,
    PredictPattern, ProbeBox, RunComparison, RunNotice, SampleView, Settings, Speed, TopBar, Tour,
};
use store::Store;

/// Mounts the app on `<body>`; a panic from then on shows an error panel.
pub fn mount() {
    fatal::install();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let search = window().location().search().unwrap_or_default();
    // Benchmark mode: `bench=` names a workload (`bench_warmup=` and `bench_steps=` shorten a
    // smoke run); these are not settings.
    let bench_param =
        |name: &str| web_sys::UrlSearchParams::new_with_str(&search).ok().and_then(|p| p.get(name));
    let bench = bench_param("bench").and_then(|name| Workload::from_name(&name));
    let steps =
        |name: &str, default: usize| bench_param(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    let (warmup, timed) = (steps("bench_warmup", WARMUP), steps("bench_steps", TIMED).max(1));
    let search = without_bench(&search);
    let (mut config, notices) = Config::from_query(&search);
    // A link without a language follows the browser's.
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let names_lang = params.as_ref().is_some_and(|p| p.has("lang"));
    if !names_lang {
        config.lang = browser_lang();
    }
    // Settings beyond the language: a shared link, which wins over the model kept in the browser.
    let link_has_settings = !search.trim_start_matches('?').is_empty()
        && Config::from_query(&search).0
            != Config::from_query(&format!("lang={}", config.lang.url_value())).0;
    let store = Store::new(config.clone(), notices);
    let trainer = Trainer::spawn(store);
    provide_context(store);
    provide_context(trainer);
    if let Some(workload) = bench {
        trainer.send(Command::Bench { workload, backend: config.backend, warmup, timed });
        return view! { <BenchView workload warmup timed/> }.into_any();
    }
    offline::register(config.backend);
    model_io::start(store, trainer, config, link_has_settings);

    // The one place where the settings leave the page: mirrored into the URL (replacing the
    // history entry, so dragging a slider does not flood the back button) and sent to the worker.
    Effect::new(move |previous: Option<Config>| {
        let config = store.config.get();
        if previous.is_some_and(|previous| previous != config) {
            trainer.configure(store, config.clone());
        }
        let url = format!("?{}", config.to_query());
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        let lang = config.lang;
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
            // Presentation mode: large type, high contrast (see the stylesheet).
            let _ = root.class_list().toggle_with_force("presentation", config.present);
            // The concept guide takes the right-hand side (the bottom on a narrow screen).
            let _ = root.class_list().toggle_with_force("guide-open", config.concept.is_some());
        }
        config
    });

    let translate = move || store.config.with(|c| c.lesson == crate::config::LessonId::Translate);
    // Teacher mode can leave whole panels out.
    let shown = move |panel: &'static str| move || store.config.with(|c| !c.hide.contains(panel));
    view! {
        <TopBar/>
        <Notices/>
        <ErrorPanel/>
        <RunNotice/>
        <main class="layout">
            <aside class="side">
                <Controls/>
                <BackendBadge/>
                <Show when=shown("speed")>
                    <Speed/>
                </Show>
                <Settings/>
                <ModelPanel/>
            </aside>
            <section class="views">
                <LessonIntro/>
                <Challenges/>
                <PredictPattern/>
                <Show when=move || store.config.with(|c| c.lesson == crate::config::LessonId::Custom)>
                    <CustomData/>
                </Show>
                <div class="charts">
                    <LossChart/>
                    <AccuracyChart/>
                </div>
                <Show when=shown("metrics")>
                    <Metrics/>
                </Show>
                <Show when=shown("compare")>
                    <RunComparison/>
                </Show>
                // Translation's hero view is its cross-attention; the encoder's map follows it.
                <div class="attention-row">
                    <Show when=translate fallback=|| view! { <AttentionMap/> }>
                        <CrossAttention/>
                    </Show>
                    <ProbeBox/>
                </div>
                <Show when=translate>
                    <AttentionMap/>
                </Show>
                <Show when=move || store.config.with(|c| c.lesson == crate::config::LessonId::CharLm)>
                    <SampleView/>
                </Show>
                <Show when=shown("inside")>
                    <InsideAttention/>
                </Show>
            </section>
        </main>
        <ConceptGuide/>
        <Tour/>
    }
    .into_any()
}

/// The query string without the benchmark's parameters.
fn without_bench(search: &str) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else { return search.to_string() };
    for name in ["bench", "bench_warmup", "bench_steps"] {
        params.delete(name);
    }
    String::from(params.to_string())
}

/// Chinese when the browser's first language is Chinese, else English.
fn browser_lang() -> Lang {
    let navigator = window().navigator();
    let first = navigator.languages().get(0).as_string().or_else(|| navigator.language()).unwrap_or_default();
    if first.to_lowercase().starts_with("zh") { Lang::Zh } else { Lang::En }
}
