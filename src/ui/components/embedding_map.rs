//! The embedding map: every word's embedding vector projected onto its two principal components,
//! redrawn as the model trains. Words the model treats alike drift together; the lesson's word
//! groups (positive, negative, negation, …) are coloured so the separation is easy to see.

use leptos::prelude::*;

use super::{raw, store, texts};
use crate::colour::categorical;
use crate::config::LessonInput;

const WIDTH: f32 = 440.0;
const HEIGHT: f32 = 320.0;
const MARGIN: f32 = 28.0;
/// Word groups in a fixed order, so each keeps its colour.
const GROUPS: [&str; 6] = ["positive", "negative", "neutral", "negation", "intensifier", "contrast"];

fn group_colour(group: Option<&str>) -> &'static str {
    match group.and_then(|g| GROUPS.iter().position(|x| *x == g)) {
        Some(i) => categorical(i),
        None => "#8a93a6",
    }
}

#[component]
pub fn EmbeddingMap() -> impl IntoView {
    let store = store();
    let t = texts(store);

    let points = move || {
        store.embeddings.with(|map| {
            let map = map.as_ref()?;
            let (mut x0, mut x1, mut y0, mut y1) = (f32::INFINITY, f32::NEG_INFINITY, f32::INFINITY, f32::NEG_INFINITY);
            for &(x, y) in &map.points {
                (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            }
            let sx = (WIDTH - 2.0 * MARGIN) / (x1 - x0).max(1e-6);
            let sy = (HEIGHT - 2.0 * MARGIN) / (y1 - y0).max(1e-6);
            Some(
                map.tokens
                    .iter()
                    .zip(&map.points)
                    .zip(&map.groups)
                    .map(|((token, &(x, y)), group)| {
                        let (px, py) = (MARGIN + (x - x0) * sx, HEIGHT - MARGIN - (y - y0) * sy);
                        let colour = group_colour(group.as_deref());
                        view! {
                            <g
                                data-testid="embedding-point"
                                data-token=token.clone()
                                data-group=group.clone().unwrap_or_default()
                                data-x=raw(x as f64)
                                data-y=raw(y as f64)
                            >
                                <circle cx=format!("{px:.1}") cy=format!("{py:.1}") r="3.5" fill=colour/>
                                <text x=format!("{:.1}", px + 5.0) y=format!("{:.1}", py + 4.0) fill=colour class="ep-label" translate="no">
                                    {token.clone()}
                                </text>
                            </g>
                        }
                    })
                    .collect_view(),
            )
        })
    };

    let caption = move || {
        store.embeddings.with(|map| {
            map.as_ref().map(|m| {
                format!(
                    "{} {} · PC1 {:.0}% · PC2 {:.0}% {}",
                    t.get().steps,
                    m.step,
                    m.explained.0 * 100.0,
                    m.explained.1 * 100.0,
                    t.get().of_variance
                )
            })
        })
    };

    let legend = move || {
        let present: Vec<String> = store
            .embeddings
            .with(|m| m.as_ref().map(|m| m.groups.iter().flatten().cloned().collect()).unwrap_or_default());
        GROUPS
            .iter()
            .enumerate()
            .filter(|(_, g)| present.iter().any(|p| p == *g))
            .map(|(i, g)| {
                let name = t.get().word_groups.get(i).copied().unwrap_or(g);
                view! { <span class="chip" style=format!("--group:{}", categorical(i))>{name}</span> }
            })
            .collect_view()
    };

    // Patches of pixels and frames of a signal are not looked up in a table: nothing to map.
    let input = Memo::new(move |_| store.config.with(|c| c.lesson.input()));
    let nothing_to_map = move || match input.get() {
        LessonInput::Words => None,
        LessonInput::Patches => Some(t.get().embedding_none_patches),
        LessonInput::Frames => Some(t.get().embedding_none_frames),
    };

    view! {
        <div class="panel embedding-map" data-testid="embedding-map" data-points=move || store.embeddings.with(|m| m.as_ref().map_or(0, |m| m.tokens.len()))>
            <h2>{move || t.get().embedding_map}</h2>
            <Show
                when=move || nothing_to_map().is_none()
                fallback=move || view! { <p class="hint" data-testid="embedding-none">{nothing_to_map}</p> }
            >
                <p class="hint">{move || t.get().embedding_help}</p>
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") width="100%" role="img" aria-label=move || t.get().embedding_help class="embedding-svg">
                    {points}
                </svg>
                <div class="legend">{legend}<span class="readout">{caption}</span></div>
            </Show>
        </div>
    }
}
