//! Offline after the first visit: registers the site's service worker (`sw.js`, next to the
//! page) and hands it the files this first visit loaded before it was in control, including the
//! training worker's, so that all of them are kept.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PerformanceEntry, ServiceWorkerRegistration};

use super::bridge::WorkerBuild;
use crate::config::BackendPreference;

/// `backend`: the settings' backend at start-up, which chose the training worker's build.
pub fn register(backend: BackendPreference) {
    let navigator = window().navigator();
    // Service workers exist only in secure contexts (https, or a local address).
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Err(why) = keep_files(backend).await {
            leptos::logging::warn!("working offline is not available: {why:?}");
        }
    });
}

async fn keep_files(backend: BackendPreference) -> Result<(), JsValue> {
    let container = window().navigator().service_worker();
    JsFuture::from(container.register("sw.js")).await?;
    let registration: ServiceWorkerRegistration = JsFuture::from(container.ready()?).await?.dyn_into()?;
    let Some(worker) = registration.active() else { return Ok(()) };
    let base = document().base_uri()?.unwrap_or_default();
    let urls = js_sys::Array::new();
    urls.push(&JsValue::from_str(&window().location().href()?));
    // The training worker fetches its files itself (the page's performance entries do not list
    // them); only the build this page started is kept here (the other, if the learner later
    // switches to it, is kept as it is fetched).
    for file in WorkerBuild::for_preference(backend).await.files() {
        urls.push(&JsValue::from_str(&web_sys::Url::new_with_base(file, &base)?.href()));
    }
    if let Some(performance) = window().performance() {
        for entry in performance.get_entries_by_type("resource").iter() {
            if let Ok(entry) = entry.dyn_into::<PerformanceEntry>() {
                urls.push(&JsValue::from_str(&entry.name()));
            }
        }
    }
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"type".into(), &"keep".into())?;
    js_sys::Reflect::set(&message, &"urls".into(), &urls)?;
    worker.post_message(&message)
}
