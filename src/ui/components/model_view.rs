//! The model view: a thumbnail of every layer × head of the probe's attention. Clicking one selects
//! it in the other views; the switch under it turns the head off (ablation) and the page shows
//! what validation loss and accuracy become — nothing is retrained.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, ImageData};

use super::{ConceptHint, raw, store, texts};
use crate::colour::viridis_rgb;
use crate::concepts::ConceptId;
use crate::config::HeadId;

#[component]
pub fn ModelView() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let shape = Memo::new(move |_| {
        store.shown.with(|s| s.as_ref().map(|s| (s.attention.n_layers, s.attention.n_heads)))
    });

    // Each thumbnail is a canvas of one pixel per weight, scaled up by the page: a 24-character
    // map is 576 squares, handed over in one piece four times a second while the model trains.
    let thumbnail = move |layer: usize, head: usize| {
        let canvas = NodeRef::<Canvas>::new();
        Effect::new(move |_| {
            let Some(canvas) = canvas.get() else { return };
            store.shown.with(|s| {
                let Some(s) = s.as_ref() else { return };
                let n = s.attention.len;
                let map = s.attention.head(layer, head);
                if n == 0 || map.len() != n * n {
                    return;
                }
                let pixels: Vec<u8> = map
                    .iter()
                    .flat_map(|&w| {
                        let (r, g, b) = viridis_rgb(w);
                        [r, g, b, 255]
                    })
                    .collect();
                let side = n as u32;
                canvas.set_width(side);
                canvas.set_height(side);
                let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), side, side)
                else {
                    return;
                };
                if let Ok(Some(context)) = canvas.get_context("2d")
                    && let Ok(context) = context.dyn_into::<CanvasRenderingContext2d>()
                {
                    let _ = context.put_image_data(&image, 0.0, 0.0);
                }
            });
        });
        view! { <canvas node_ref=canvas class="mv-canvas" width="1" height="1" aria-hidden="true"></canvas> }
    };

    let grid = move || {
        let (n_layers, n_heads) = shape.get()?;
        let rows = (0..n_layers)
            .map(|layer| {
                let cells = (0..n_heads)
                    .map(|head| {
                        let id = HeadId { layer, head };
                        let selected = move || store.layer.get() == layer && store.head.get() == head;
                        let on = move || store.config.with(|c| !c.heads_off.contains(id));
                        view! {
                            <div class="mv-cell" class:off=move || !on()>
                                <button
                                    class="mv-thumb"
                                    class:selected=selected
                                    data-testid="model-view-cell"
                                    data-layer=layer
                                    data-head=head
                                    aria-pressed=move || selected().to_string()
                                    aria-label=move || format!("{} {}, {} {}", t.get().layer, layer + 1, t.get().head, head + 1)
                                    on:click=move |_| {
                                        store.layer.set(layer);
                                        store.head.set(head);
                                    }
                                >
                                    {thumbnail(layer, head)}
                                </button>
                                <button
                                    class="head-toggle small"
                                    data-testid="head-toggle"
                                    data-layer=layer
                                    data-head=head
                                    aria-pressed=move || on().to_string()
                                    title=move || t.get().head_toggle_help
                                    on:click=move |_| store.config.update(|c| c.heads_off.toggle(id))
                                >
                                    {move || if on() { t.get().head_on } else { t.get().head_off }}
                                </button>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="mv-row">
                        <span class="mv-layer">{move || format!("{} {}", t.get().layer, layer + 1)}</span>
                        {cells}
                    </div>
                }
            })
            .collect_view();
        Some(rows)
    };

    let summary = move || {
        let t = t.get();
        let off = store.config.with(|c| c.heads_off.clone());
        let full = store.validation.with(|v| v.last().cloned());
        let ablated = store.ablated.get();
        match (off.is_empty(), full, ablated) {
            (true, _, _) => t.ablation_none.to_string(),
            (false, Some(full), Some(ablated)) => format!(
                "{}: {off}. {}: {:.3} → {:.3}; {}: {:.1}% → {:.1}% ({})",
                t.heads_switched_off,
                t.val_loss,
                full.loss,
                ablated.loss,
                if full.accuracy.is_some() { t.val_accuracy } else { t.val_r2 },
                full.score().unwrap_or(f32::NAN) * 100.0,
                ablated.score().unwrap_or(f32::NAN) * 100.0,
                t.not_retrained,
            ),
            (false, _, _) => format!("{}: {off}", t.heads_switched_off),
        }
    };

    view! {
        <div class="panel model-view" data-testid="model-view">
            <h2>{move || t.get().model_view}<ConceptHint concept=ConceptId::MultiHead/></h2>
            <p class="hint">{move || t.get().model_view_help}</p>
            <div class="mv-grid">{grid}</div>
            <p
                class="ablation-summary"
                data-testid="ablation-summary"
                data-value=move || store.ablated.get().map(|r| raw(r.loss as f64)).unwrap_or_default()
                aria-live="polite"
            >
                {summary}
            </p>
        </div>
    }
}
