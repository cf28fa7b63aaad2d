//! The image lesson's probe: the 12 × 12 picture the model reads, drawn pixel by pixel (click a
//! pixel to switch it), with the class token's attention to each patch shaded over it — "where
//! the model looked" — for the layer and head chosen on the attention map.

use leptos::prelude::*;

use super::{chosen_row, raw, store, texts};
use crate::lessons::patches::{DEFAULT_PROBE, GRID, Image, PATCH, PATCHES, SIDE};

#[component]
pub fn ImageProbe() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let image = Memo::new(move |_| {
        let text = store.config.with(|c| c.probe.clone());
        let text = if text.trim().is_empty() { DEFAULT_PROBE.to_string() } else { text };
        Image::parse(&text).unwrap_or_else(|_| Image::blank())
    });
    // The class token's row of the chosen head, over the patches (the class token's own weight
    // is left out): one weight per patch.
    let row = chosen_row(store, |_| 0);
    let looked = move || row.get().filter(|r| r.len() == 1 + PATCHES).map(|r| r[1..].to_vec());
    let set_image = move |image: Image| store.config.update(|c| c.probe = image.to_hex());
    let toggle = move |row: usize, col: usize| {
        let mut changed = image.get_untracked();
        changed.set(row, col, !changed.get(row, col));
        set_image(changed);
    };

    let patches = move || {
        let weights = looked().unwrap_or_default();
        let max = weights.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        (0..PATCHES)
            .map(|patch| {
                let w = weights.get(patch).copied().unwrap_or(0.0);
                view! {
                    <div
                        class="patch"
                        data-testid="patch-attention"
                        data-patch=patch
                        data-value=raw(w as f64)
                        title=format!("P{} · {w:.3}", patch + 1)
                        style=format!(
                            "grid-row: {} / span {PATCH}; grid-column: {} / span {PATCH}; background: rgba(255, 140, 0, {:.3})",
                            patch / GRID * PATCH + 1,
                            patch % GRID * PATCH + 1,
                            0.85 * w / max,
                        )
                    ></div>
                }
            })
            .collect_view()
    };
    let pixels = move || {
        let image = image.get();
        let label = t.get().pixel_label;
        (0..SIDE * SIDE)
            .map(|i| {
                let (row, col) = (i / SIDE, i % SIDE);
                let on = image.get(row, col);
                view! {
                    <button
                        type="button"
                        class="pixel"
                        class:on=on
                        data-testid="image-pixel"
                        data-row=row
                        data-col=col
                        aria-pressed=if on { "true" } else { "false" }
                        aria-label=label.replace("{r}", &(row + 1).to_string()).replace("{c}", &(col + 1).to_string())
                        style=format!("grid-row: {}; grid-column: {}", row + 1, col + 1)
                        on:click=move |_| toggle(row, col)
                    ></button>
                }
            })
            .collect_view()
    };

    view! {
        <div class="image-probe" data-testid="image-probe" data-value=move || image.with(Image::to_hex)>
            <div class="image-grid" style=format!("grid-template-columns: repeat({SIDE}, 1fr)")>
                {patches}
                {pixels}
            </div>
            <div class="image-actions">
                <button type="button" data-testid="image-clear" on:click=move |_| set_image(Image::blank())>
                    {move || t.get().clear_image}
                </button>
            </div>
            <p class="hint">{move || t.get().image_help}</p>
        </div>
    }
}
