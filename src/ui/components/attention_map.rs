//! The attention heatmap of the probe sentence: one row per query token, one column per key
//! token, colour = weight. Hovering or focusing a cell names the pair and its exact weight. Shows
//! the live model, or the timeline's snapshot while one is replayed.

use leptos::prelude::*;

use super::fields::Toggle;
use super::matrix::{MatrixView, Scale};
use super::{ConceptHint, store, texts};
use crate::concepts::ConceptId;
use crate::inspect::Matrix;

/// Up to this many tokens, each cell also prints its weight.
const NUMBERS_UP_TO: usize = 12;

#[component]
pub fn AttentionMap() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let hovered = RwSignal::new(None::<(usize, usize)>);
    let n_layers = Memo::new(move |_| store.probe.with(|p| p.as_ref().map_or(0, |p| p.attention.n_layers)));
    let n_heads = Memo::new(move |_| store.probe.with(|p| p.as_ref().map_or(0, |p| p.attention.n_heads)));
    let tokens = Signal::derive(move || {
        store.shown.with(|s| s.as_ref().map(|s| s.tokens.clone()).unwrap_or_default())
    });
    let matrix = Signal::derive(move || {
        let (layer, head) = (store.layer.get(), store.head.get());
        store.shown.with(|s| {
            let s = s.as_ref()?;
            let n = s.attention.len;
            let map = s.attention.head(layer, head);
            (map.len() == n * n).then(|| Matrix::new(n, n, map.to_vec()))
        })
    });
    let label = Signal::derive(move || {
        format!(
            "{} · {} {} · {} {}",
            t.get().attention,
            t.get().layer,
            store.layer.get() + 1,
            t.get().head,
            store.head.get() + 1
        )
    });
    let numbers = Memo::new(move |_| tokens.with(|t| t.len() <= NUMBERS_UP_TO));
    // The lesson's expected pattern, outlined on the map.
    let overlay = RwSignal::new(true);
    let expected =
        Memo::new(move |_| store.probe.with(|p| p.as_ref().map(|p| p.expected.clone()).unwrap_or_default()));
    let marked = Signal::derive(move || if overlay.get() { expected.get() } else { Vec::new() });

    let readout = move || {
        let (q, k) = hovered.get()?;
        let w = matrix.with(|m| m.as_ref().map(|m| m.get(q, k)))?;
        let tokens = tokens.get();
        Some(format!(
            "{} “{}” → {} “{}”: {:.4}",
            t.get().query,
            tokens.get(q)?,
            t.get().key,
            tokens.get(k)?,
            w
        ))
    };

    view! {
        <div class="panel attention-panel">
            <div class="panel-head">
                <h2>
                    {move || if store.probe.with(|p| p.as_ref().is_some_and(|p| p.translation.is_some())) {
                        t.get().encoder_attention
                    } else {
                        t.get().attention
                    }}
                    <ConceptHint concept=ConceptId::Attention/>
                </h2>
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
            <Show when=move || expected.with(|e| !e.is_empty())>
                <Toggle testid="expected-overlay" checked=overlay label=Signal::derive(move || t.get().expected_overlay) class="small">
                    <span class="expected-key"></span>
                </Toggle>
            </Show>
            <Show when=move || store.shown.with(|s| s.as_ref().is_some_and(|s| !s.live))>
                <p class="replay-note" role="status">
                    {move || store.shown.with(|s| s.as_ref().map(|s| t.get().replaying_step.replace("{}", &s.step.to_string())))}
                </p>
            </Show>
            <div data-testid="attention-map" data-n=move || tokens.with(Vec::len)>
                {move || {
                    // Rebuilt when the cell numbers appear or disappear (sentence length).
                    let numbers = numbers.get();
                    view! {
                        <MatrixView
                            testid="attention-matrix"
                            label=label
                            matrix=matrix
                            rows=tokens
                            cols=tokens
                            scale=Scale::Probability
                            cell_testid="attention-cell"
                            query_key=true
                            numbers=numbers
                            highlight_row=Signal::derive(move || hovered.get().map(|h| h.0))
                            highlight_col=Signal::derive(move || hovered.get().map(|h| h.1))
                            on_cell=Callback::new(move |cell| hovered.set(cell))
                            marked=marked
                        />
                    }
                }}
            </div>
            <p class="readout" aria-live="polite">{readout}</p>
        </div>
    }
}
