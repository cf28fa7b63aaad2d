//! The recommendation lesson's view: the shopper's history, each purchase shaded by the attention
//! the last position (where the recommendation is read) gives it, for the layer and head chosen
//! on the attention map; and the five most likely next items with their probabilities. Editing
//! the history (the sequence editor above) changes both.

use leptos::prelude::*;

use super::{chosen_row, raw, store, texts};
use crate::lessons::recommend::{calls_for, item};
use crate::train::HIT_RATE_AT;

#[component]
pub fn HistoryView() -> impl IntoView {
    let store = store();
    let t = texts(store);
    // The last query's row of the chosen head, beside the probe's tokens.
    let row = chosen_row(store, |n| n.saturating_sub(1));
    let looked = move || {
        let tokens = store.probe.with(|p| p.as_ref().map(|p| p.tokens.clone()))?;
        row.get().filter(|r| r.len() == tokens.len()).map(|r| (tokens, r))
    };

    let items = move || {
        let (tokens, weights) = looked().unwrap_or_default();
        let max = weights.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let calling = t.get().calls_for_another;
        tokens
            .into_iter()
            .zip(weights)
            .enumerate()
            .map(|(position, (token, w))| {
                let calls = item(&token).and_then(calls_for).is_some();
                view! {
                    <li
                        class="history-item shade warm"
                        class:calls=calls
                        data-testid="history-item"
                        data-position=position
                        data-value=raw(w as f64)
                        title=if calls { format!("{w:.3} — {calling}") } else { format!("{w:.3}") }
                        style=format!("--w: {:.3}", 0.85 * w / max)
                    >
                        {if calls { format!("★ {token}") } else { token }}
                    </li>
                }
            })
            .collect_view()
    };
    let recommended = move || {
        let (probabilities, classes) =
            (store.probe.with(|p| p.as_ref().map(|p| p.probabilities.clone())), store.classes.get());
        let probabilities = probabilities.unwrap_or_default();
        let mut order: Vec<usize> = (0..probabilities.len()).collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        order
            .into_iter()
            .take(HIT_RATE_AT)
            .map(|class| {
                let p = probabilities[class];
                let name = classes.get(class).cloned().unwrap_or_default();
                let id = name.clone();
                view! {
                    <li data-testid="recommendation" data-item=id data-value=raw(p as f64)>
                        <span class="recommended-item">{name}</span>
                        <span class="recommended-p">{format!("{:.1}%", p * 100.0)}</span>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <div class="history-view" data-testid="history-view">
            <p class="row-label">{move || t.get().history}</p>
            <ol class="history-items" translate="no">{items}</ol>
            <p class="row-label">{move || t.get().recommended}</p>
            <ol class="recommendations" translate="no">{recommended}</ol>
            <p class="hint">{move || t.get().history_help}</p>
        </div>
    }
}
