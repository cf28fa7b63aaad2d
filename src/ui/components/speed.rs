//! How fast training runs: steps and examples per second over the last second or so, and where
//! a step's time goes (forward, backward, optimiser, read-back), so that a learner sees what a
//! bigger model or batch costs.

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::protocol::BackendKind;

#[component]
pub fn Speed() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let speed = Memo::new(move |_| store.speed());
    let steps = move || speed.get().steps_per_second();
    let examples = move || speed.get().examples_per_second();
    let phases = move || {
        let s = speed.get();
        let t = t.get();
        let times = s.times;
        let rows = [
            ("forward", t.phase_forward, times.forward_ms),
            ("backward", t.phase_backward, times.backward_ms),
            ("optimizer", t.phase_optimizer, times.optimizer_ms),
            ("read", t.phase_read, times.read_ms),
        ];
        let longest = rows.iter().map(|r| r.2).fold(0.0, f64::max).max(1e-9);
        rows.into_iter()
            .map(|(phase, label, total)| {
                let per_step = s.per_step(total);
                view! {
                    <div class="bar" data-testid="phase-time" data-phase=phase data-value=raw(per_step)>
                        <span>{label}</span>
                        <span class="track">
                            <span class="fill" style=format!("width: {:.1}%", total / longest * 100.0)></span>
                        </span>
                        <span class="pct">{format!("{per_step:.2} ms")}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let webgpu = move || store.backend.with(|b| b.as_ref().is_some_and(|b| b.kind == BackendKind::WebGpu));
    view! {
        <div class="panel speed-panel">
            <h2>{move || t.get().speed}</h2>
            <dl class="readouts">
                <div>
                    <dt>{move || t.get().steps_per_second}</dt>
                    <dd data-testid="speed" data-value=move || steps().map(raw).unwrap_or_default()>
                        {move || steps().map(|v| format!("{v:.1}")).unwrap_or_else(|| "–".into())}
                    </dd>
                </div>
                <div>
                    <dt>{move || t.get().examples_per_second}</dt>
                    <dd data-testid="examples-per-second" data-value=move || examples().map(raw).unwrap_or_default()>
                        {move || examples().map(|v| crate::numbers::compact(v, store.config.with(|c| c.lang))).unwrap_or_else(|| "–".into())}
                    </dd>
                </div>
            </dl>
            <Show when=move || speed.with(|s| s.times.steps > 0)>
                <p class="hint">{move || t.get().phase_title}</p>
                <div class="bars phases">{phases}</div>
            </Show>
            <p class="hint">{move || if webgpu() { t.get().speed_help_webgpu } else { t.get().speed_help_cpu }}</p>
        </div>
    }
}
