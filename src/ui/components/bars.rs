//! Probability bars: one row per class (or candidate), its name, a bar and a percentage. Used for
//! the probe's prediction, a multi-task lesson's second head and the language model's candidates.

use leptos::prelude::*;

use super::raw;

/// One bar: `id` goes to `data-class` (a stable name for tests), `name` is shown.
pub struct Bar {
    pub id: String,
    pub name: String,
    pub probability: f32,
}

/// The bars, the one at `top` highlighted; each carries `data-testid=testid`.
pub fn bars(items: Vec<Bar>, top: usize, testid: &'static str) -> impl IntoView {
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, Bar { id, name, probability: p })| {
            view! {
                <div class="bar" class:top=i == top data-testid=testid data-class=id data-value=raw(p as f64)>
                    <span class="name">{name}</span>
                    <span class="track"><span class="fill" style=format!("width:{:.1}%", p * 100.0)></span></span>
                    <span class="pct">{format!("{:.0}%", p * 100.0)}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="bars">{rows}</div> }
}
