//! The multimodal lesson's view: the picture the caption is read against, with the cells lit by
//! the chosen word's cross-attention (for the layer and head chosen on the attention map), the
//! caption's words to choose from, and a table of every word's attention to every cell — each
//! word linked to the patches it read ("red" → the red shape's cell).

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::lessons::multimodal::{CELLS, COLS, Object, Picture, colour_of, default_probe, shape_of, split};
use crate::train::Translation;

/// Drawing units: one cell is this wide and high.
const SIDE: f64 = 60.0;
/// The colours of [`crate::lessons::multimodal::COLOURS`] on screen.
const FILLS: [&str; 4] = ["#d62728", "#2ca02c", "#1f5fbf", "#e6c300"];

#[component]
pub fn MultimodalView() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let text = Memo::new(move |_| {
        let (probe, lang) = store.config.with(|c| (c.probe.clone(), c.lang));
        if probe.trim().is_empty() { default_probe(lang).to_string() } else { probe }
    });
    let picture = Memo::new(move |_| text.with(|text| split(text).ok().map(|(_, p)| p)));
    let matching = Memo::new(move |_| store.probe.with(|p| p.as_ref().and_then(|p| p.matching.clone())));
    let words =
        Memo::new(move |_| matching.with(|m| m.as_ref().map(|m| m.tokens.clone()).unwrap_or_default()));
    let chosen = RwSignal::new(0usize);
    let word = Memo::new(move |_| chosen.get().min(words.with(Vec::len).saturating_sub(1)));
    // The chosen head's words × cells map (the layer and head chosen on the attention map).
    let map = Memo::new(move |_| {
        let (layer, head) = (store.layer.get(), store.head.get());
        matching.with(|m| {
            let m = m.as_ref()?;
            let map = m.head(layer.min(m.n_layers.saturating_sub(1)), head.min(m.n_heads.saturating_sub(1)));
            (map.len() == m.tokens.len() * m.source).then(|| map.to_vec())
        })
    });
    let weight =
        move |w: usize, cell: usize| map.with(|m| m.as_ref().and_then(|m| m.get(w * CELLS + cell).copied()));
    let expected = move |w: usize, cell: usize| {
        matching.with(|m| m.as_ref().is_some_and(|m: &Translation| m.expected.contains(&(w, cell))))
    };

    let cells = move || {
        let w = word.get();
        // Shaded against the row's largest weight, so that a faint preference still shows.
        let max = (0..CELLS).filter_map(|cell| weight(w, cell)).fold(0.0f32, f32::max).max(1e-6);
        (0..CELLS)
            .map(|cell| {
                let value = weight(w, cell).unwrap_or(0.0);
                let (x, y) = ((cell % COLS) as f64 * SIDE, (cell / COLS) as f64 * SIDE);
                let shape = picture.with(|p| p.as_ref().and_then(|p| p.at(cell).copied()));
                view! {
                    <g class="mm-cell" class:expected=move || expected(word.get(), cell)>
                        <rect
                            class="mm-patch"
                            data-testid="multimodal-patch"
                            data-patch=cell
                            data-value=raw(value as f64)
                            x=x
                            y=y
                            width=SIDE
                            height=SIDE
                            style=format!("fill: rgba(255, 140, 0, {:.3})", 0.9 * value / max)
                        >
                            <title>{format!("{} {} · {value:.3}", t.get().multimodal_patch, cell + 1)}</title>
                        </rect>
                        {shape.map(|o| draw(o, x, y))}
                        <text class="mm-number" x=x + 4.0 y=y + 12.0>{cell + 1}</text>
                    </g>
                }
            })
            .collect_view()
    };
    let word_buttons = move || {
        words
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                let named = colour_of(&token).is_some() || shape_of(&token).is_some();
                view! {
                    <button
                        type="button"
                        class="mm-word"
                        class:named=named
                        data-testid="multimodal-word"
                        data-word=i
                        aria-pressed=move || (word.get() == i).to_string()
                        on:click=move |_| chosen.set(i)
                        on:focus=move |_| chosen.set(i)
                    >
                        {token}
                    </button>
                }
            })
            .collect_view()
    };
    let table = move || {
        let tokens = words.get();
        let header = (0..CELLS).map(|cell| view! { <th scope="col">{cell + 1}</th> }).collect_view();
        let rows = tokens
            .into_iter()
            .enumerate()
            .map(|(w, token)| {
                let cells = (0..CELLS)
                    .map(|cell| {
                        let value = weight(w, cell).unwrap_or(0.0);
                        view! {
                            <td
                                class="shade warm"
                                data-testid="multimodal-cell"
                                data-word=w
                                data-patch=cell
                                data-value=raw(value as f64)
                                class:expected=expected(w, cell)
                                class:chosen=move || word.get() == w
                                style=format!("--w: {:.3}", 0.85 * value)
                            >
                                {format!("{value:.2}")}
                            </td>
                        }
                    })
                    .collect_view();
                view! { <tr><th scope="row" translate="no">{token}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <table class="mm-table">
                <caption>{move || t.get().multimodal_view}</caption>
                <thead><tr><th scope="col">{move || format!("{} \\ {}", t.get().multimodal_word, t.get().multimodal_patch)}</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    let shown = move || {
        let t = t.get();
        matching.with(|m| {
            m.as_ref().map(|m| {
                let layer = store.layer.get().min(m.n_layers.saturating_sub(1));
                let head = store.head.get().min(m.n_heads.saturating_sub(1));
                format!("{}: {} {} · {} {}", t.multimodal_shown, t.layer, layer + 1, t.head, head + 1)
            })
        })
    };

    view! {
        <div class="multimodal-view" data-testid="multimodal-view" data-value=move || picture.with(|p| p.as_ref().map(Picture::to_text))>
            <svg
                class="mm-picture"
                viewBox=format!("0 0 {} {}", COLS as f64 * SIDE, (CELLS / COLS) as f64 * SIDE)
                role="img"
                aria-label=move || t.get().multimodal_help
            >
                {cells}
            </svg>
            <div class="mm-words" role="group" aria-label=move || t.get().multimodal_word>{word_buttons}</div>
            <p class="hint">{move || t.get().multimodal_help}</p>
            <p class="readout">{shown}</p>
            <div class="mm-table-wrap">{table}</div>
        </div>
    }
}

/// A shape in its colour, inside the cell whose corner is (`x`, `y`).
fn draw(object: Object, x: f64, y: f64) -> impl IntoView {
    let fill = FILLS.get(object.colour).copied().unwrap_or("#888");
    let (cx, cy, r) = (x + SIDE / 2.0, y + SIDE / 2.0, SIDE * 0.3);
    match object.shape {
        0 => view! { <circle class="mm-shape" cx=cx cy=cy r=r style=format!("fill: {fill}")></circle> }.into_any(),
        1 => view! {
            <rect class="mm-shape" x=cx - r y=cy - r width=2.0 * r height=2.0 * r style=format!("fill: {fill}")></rect>
        }
        .into_any(),
        _ => {
            let points = format!("{cx:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", cy - r, cx + r, cy + r, cx - r, cy + r);
            view! { <polygon class="mm-shape" points=points style=format!("fill: {fill}")></polygon> }.into_any()
        }
    }
}
