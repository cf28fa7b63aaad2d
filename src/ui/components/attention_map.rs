//! The attention heatmap of the probe sentence: one row per query token, one column per key
//! token, colour = weight. Hovering a cell names the pair and its exact weight.

use leptos::prelude::*;

use super::palette::{dark_text_on, gradient, viridis};
use super::{raw, store, texts};

/// Up to this many tokens, each cell also prints its weight.
const NUMBERS_UP_TO: usize = 12;

#[component]
pub fn AttentionMap() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let hovered = RwSignal::new(None::<(usize, usize)>);
    let n_layers = Memo::new(move |_| store.probe.with(|p| p.as_ref().map_or(0, |p| p.attention.n_layers)));
    let n_heads = Memo::new(move |_| store.probe.with(|p| p.as_ref().map_or(0, |p| p.attention.n_heads)));

    let grid = move || {
        let probe = store.probe.get()?;
        let (layer, head) = (store.layer.get(), store.head.get());
        let map = probe.attention.head(layer, head).to_vec();
        let n = probe.attention.len;
        if map.len() != n * n {
            return None;
        }
        let tokens = probe.tokens.clone();
        let numbers = n <= NUMBERS_UP_TO;
        let header = tokens
            .iter()
            .enumerate()
            .map(|(k, tok)| view! { <div class="key-label" class:hot=move || hovered.get().is_some_and(|h| h.1 == k)><span>{tok.clone()}</span></div> })
            .collect_view();
        let rows = (0..n)
            .map(|q| {
                let label = tokens[q].clone();
                let cells = (0..n)
                    .map(|k| {
                        let w = map[q * n + k];
                        let tip = format!("{} → {}: {:.4} (layer {}, head {})", tokens[q], tokens[k], w, layer + 1, head + 1);
                        view! {
                            <div
                                class="cell"
                                class:dark=dark_text_on(w)
                                data-testid="attention-cell"
                                data-q=q.to_string()
                                data-k=k.to_string()
                                data-value=raw(w as f64)
                                title=tip
                                style=format!("background:{}", viridis(w))
                                on:mouseenter=move |_| hovered.set(Some((q, k)))
                                on:mouseleave=move |_| hovered.set(None)
                            >
                                {numbers.then(|| format!("{:.2}", w).trim_start_matches('0').to_string())}
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="query-label" class:hot=move || hovered.get().is_some_and(|h| h.0 == q)>{label}</div>
                    {cells}
                }
            })
            .collect_view();
        Some(view! {
            <div
                class="heatmap"
                data-testid="attention-map"
                data-n=n.to_string()
                role="img"
                aria-label=format!("attention of layer {}, head {} over {} tokens", layer + 1, head + 1, n)
                style=format!("grid-template-columns: auto repeat({n}, minmax(1.6rem, 1fr))")
            >
                <div class="corner"></div>
                {header}
                {rows}
            </div>
        })
    };

    let readout = move || {
        let (q, k) = hovered.get()?;
        let probe = store.probe.get()?;
        let map = probe.attention.head(store.layer.get(), store.head.get());
        let w = map.get(q * probe.attention.len + k)?;
        Some(format!(
            "{} “{}” → {} “{}”: {:.4}",
            t.get().query,
            probe.tokens.get(q)?,
            t.get().key,
            probe.tokens.get(k)?,
            w
        ))
    };

    view! {
        <div class="panel attention-panel">
            <div class="panel-head">
                <h2>{move || t.get().attention}</h2>
                <label class="field inline small">
                    <span>{move || t.get().layer}</span>
                    <select
                        data-testid="layer-select"
                        on:change=move |ev| store.layer.set(event_target_value(&ev).parse().unwrap_or(0))
                    >
                        {move || (0..n_layers.get()).map(|l| view! {
                            <option value=l.to_string() prop:selected=move || store.layer.get() == l>{l + 1}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field inline small">
                    <span>{move || t.get().head}</span>
                    <select
                        data-testid="head-select"
                        on:change=move |ev| store.head.set(event_target_value(&ev).parse().unwrap_or(0))
                    >
                        {move || (0..n_heads.get()).map(|h| view! {
                            <option value=h.to_string() prop:selected=move || store.head.get() == h>{h + 1}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="hint">{move || t.get().attention_help}</p>
            {grid}
            <div class="legend">
                <span>"0"</span>
                <span class="ramp" style=format!("background:{}", gradient())></span>
                <span>"1"</span>
                <span class="readout" aria-live="polite">{readout}</span>
            </div>
        </div>
    }
}
