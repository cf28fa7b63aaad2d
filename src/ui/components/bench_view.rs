//! Benchmark mode (`?bench=bench-tiny` or `?bench=bench-small`, with `&backend=cpu` for the CPU
//! path): the worker trains the workload (20 warm-up steps, 200 timed) while the page only
//! watches (`bench_warmup=` and `bench_steps=` shorten a smoke run), then shows steps per second
//! and the final loss (`bench-result`: `data-value`,
//! `data-loss`) and the longest task that blocked the page while it trained
//! (`data-longest-task-ms`).

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{raw, store, texts};
use crate::bench::Workload;
use crate::ui::text::backend_reason;

#[component]
pub fn BenchView(workload: Workload, warmup: usize, timed: usize) -> impl IntoView {
    let store = store();
    let t = texts(store);
    let longest = RwSignal::new(0.0f64);
    // Long tasks count from the moment the worker starts the workload (it says which backend it
    // trains on first), not during the page's own start-up.
    let training_since = StoredValue::new(None::<f64>);
    Effect::new(move || {
        if store.backend.with(Option::is_some) && training_since.get_value().is_none() {
            let now = web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
            training_since.set_value(Some(now));
        }
    });
    watch_long_tasks(longest, training_since);
    let lang = move || store.config.with(|c| c.lang);
    let result = move || {
        store.bench.get().map(|result| match result {
            Ok(r) => view! {
                <dl class="readouts">
                    <div><dt>{move || t.get().steps_per_second}</dt>
                        <dd data-testid="bench-result" data-value=raw(r.steps_per_s) data-loss=r.final_loss.to_string()
                            data-longest-task-ms=move || raw(longest.get())>{format!("{:.1}", r.steps_per_s)}</dd></div>
                    <div><dt>"ms / step (median)"</dt><dd>{format!("{:.2}", r.median_ms)}</dd></div>
                    <div><dt>"GFLOP/s"</dt><dd>{format!("{:.2}", r.gflops)}</dd></div>
                    <div><dt>{move || t.get().train_loss}</dt><dd>{format!("{:.4}", r.final_loss)}</dd></div>
                    <div><dt>"parameters"</dt><dd>{crate::numbers::count(r.parameters, lang())}</dd></div>
                </dl>
            }
            .into_any(),
            Err(why) => view! { <p role="alert" data-testid="bench-error">{why}</p> }.into_any(),
        })
    };
    view! {
        <main class="bench-view">
            <div class="panel">
                <h1>{format!("{} · {warmup} + {timed} steps", workload.name())}</h1>
                <p class="hint" data-testid="backend">
                    {move || store.backend.with(|b| b.as_ref().map(|b| format!("{} — {}", b.kind.label(), backend_reason(b, lang()))))}
                </p>
                <Show when=move || store.bench.with(Option::is_none)>
                    <p role="status">{move || t.get().backend_choosing}</p>
                </Show>
                {result}
            </div>
        </main>
    }
}

/// Keeps the duration of the longest task the page's main thread ran since `since` (a "long task"
/// is one over 50 ms; browsers without the Long Tasks API leave it at 0). Plain `js_sys` calls:
/// the observer needs nothing more.
fn watch_long_tasks(longest: RwSignal<f64>, since: StoredValue<Option<f64>>) {
    let get = |target: &JsValue, key: &str| {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let callback = Closure::<dyn FnMut(JsValue)>::new(move |list: JsValue| {
        let entries = get(&list, "getEntries").dyn_into::<Function>().and_then(|f| f.call0(&list));
        if let Ok(entries) = entries.and_then(|e| e.dyn_into::<Array>()) {
            for entry in entries.iter() {
                let start = get(&entry, "startTime").as_f64().unwrap_or(0.0);
                if since.get_value().is_none_or(|since| start < since) {
                    continue;
                }
                let duration = get(&entry, "duration").as_f64().unwrap_or(0.0);
                longest.update(|l| *l = l.max(duration));
            }
        }
    });
    let started = (|| -> Result<(), JsValue> {
        let constructor: Function = get(&js_sys::global(), "PerformanceObserver").dyn_into()?;
        let observer = Reflect::construct(&constructor, &Array::of1(callback.as_ref()))?;
        let options = Object::new();
        Reflect::set(&options, &"entryTypes".into(), &Array::of1(&"longtask".into()))?;
        get(&observer, "observe").dyn_into::<Function>()?.call1(&observer, &options)?;
        Ok(())
    })();
    if started.is_ok() {
        callback.forget();
    }
}
