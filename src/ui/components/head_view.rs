//! The head view (after BertViz): the sentence twice, queries on the left and keys on the right,
//! a line from each query to each key it attends to. Thickness and opacity = weight; one colour per
//! head; heads can be switched on and off; hovering or focusing a word isolates its lines.

use std::fmt::Write;

use leptos::prelude::*;

use super::{ConceptHint, raw, store, texts};
use crate::colour::categorical;
use crate::concepts::ConceptId;

const ROW: f32 = 24.0;
const TOP: f32 = 16.0;
const LEFT_X: f32 = 150.0;
const RIGHT_X: f32 = 290.0;
const WIDTH: f32 = 440.0;
/// Lines for weights below this are not drawn (they would be invisible anyway).
const FAINTEST: f32 = 0.02;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Query,
    Key,
}

#[component]
pub fn HeadView() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let hidden = RwSignal::new(Vec::<usize>::new());
    let isolated = RwSignal::new(None::<(Side, usize)>);
    let n_heads = Memo::new(move |_| store.shown.with(|s| s.as_ref().map_or(0, |s| s.attention.n_heads)));
    // The words change only with the sentence, so keyboard focus on them survives updates.
    let tokens =
        Memo::new(move |_| store.shown.with(|s| s.as_ref().map(|s| s.tokens.clone()).unwrap_or_default()));

    // The lines as SVG markup, handed to the page in one piece: a language model's 24 characters
    // and its heads make hundreds of lines, redrawn four times a second while it trains, and
    // one string costs the page far less than a dozen attributes on each line.
    let lines = move || {
        let layer = store.layer.get();
        let only = isolated.get();
        let hidden = hidden.get();
        store.shown.with(|s| {
            let mut markup = String::new();
            let Some(s) = s.as_ref() else { return markup };
            let n = s.attention.len;
            for h in (0..s.attention.n_heads).filter(|h| !hidden.contains(h)) {
                let map = s.attention.head(layer, h);
                if map.len() != n * n {
                    continue;
                }
                // Heads side by side by a pixel or two, so overlapping lines stay visible.
                let offset = (h as f32 - (s.attention.n_heads as f32 - 1.0) / 2.0) * 1.5;
                for q in 0..n {
                    for k in 0..n {
                        let w = map[q * n + k];
                        let shown = match only {
                            Some((Side::Query, i)) => q == i,
                            Some((Side::Key, j)) => k == j,
                            None => true,
                        };
                        if !shown || w < FAINTEST {
                            continue;
                        }
                        let (y1, y2) = (TOP + ROW * q as f32 + offset, TOP + ROW * k as f32 + offset);
                        // Numbers only: nothing the learner typed goes into the markup.
                        let _ = write!(
                            markup,
                            r#"<line data-testid="head-view-line" data-head="{h}" data-q="{q}" data-k="{k}" data-value="{}" x1="{}" y1="{y1}" x2="{}" y2="{y2}" stroke="{}" stroke-width="{:.2}" stroke-opacity="{:.2}"/>"#,
                            raw(w as f64),
                            LEFT_X + 6.0,
                            RIGHT_X - 6.0,
                            categorical(h),
                            0.6 + 5.0 * w,
                            0.15 + 0.85 * w,
                        );
                    }
                }
            }
            markup
        })
    };

    let words = move |side: Side| {
        let (x, anchor) = if side == Side::Query { (LEFT_X, "end") } else { (RIGHT_X, "start") };
        tokens
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                view! {
                    <text
                        data-testid="head-view-token"
                        translate="no"
                        data-side=if side == Side::Query { "query" } else { "key" }
                        x=x
                        y=TOP + ROW * i as f32 + 4.0
                        text-anchor=anchor
                        tabindex="0"
                        class="hv-token"
                        class:active=move || isolated.get() == Some((side, i))
                        on:mouseenter=move |_| isolated.set(Some((side, i)))
                        on:mouseleave=move |_| isolated.set(None)
                        on:focus=move |_| isolated.set(Some((side, i)))
                        on:blur=move |_| isolated.set(None)
                    >
                        {token}
                    </text>
                }
            })
            .collect_view()
    };

    let height = move || TOP + ROW * tokens.with(Vec::len).max(1) as f32;

    view! {
        <div class="panel head-view" data-testid="head-view">
            <div class="panel-head">
                <h2>{move || format!("{} · {} {}", t.get().head_view, t.get().layer, store.layer.get() + 1)}<ConceptHint concept=ConceptId::SelfAttention/></h2>
                <div class="head-toggles" role="group" aria-label=move || t.get().heads_shown>
                    {move || (0..n_heads.get()).map(|h| view! {
                        <label class="toggle small head-chip" style=format!("--head:{}", categorical(h))>
                            <input
                                type="checkbox"
                                data-testid="head-view-toggle"
                                data-head=h
                                prop:checked=move || !hidden.get().contains(&h)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    hidden.update(|hs| {
                                        hs.retain(|&x| x != h);
                                        if !on { hs.push(h); }
                                    });
                                }
                            />
                            {move || format!("{} {}", t.get().head, h + 1)}
                        </label>
                    }).collect_view()}
                </div>
            </div>
            <p class="hint">{move || t.get().head_view_help}</p>
            <svg
                viewBox=move || format!("0 0 {WIDTH} {}", height())
                width="100%"
                role="img"
                aria-label=move || t.get().head_view_help
                class="head-view-svg"
            >
                <text x=LEFT_X y="8" text-anchor="end" class="hv-caption">{move || t.get().query}</text>
                <text x=RIGHT_X y="8" text-anchor="start" class="hv-caption">{move || t.get().key}</text>
                <g transform="translate(0 12)">
                    <g class="hv-lines" inner_html=lines></g>
                    <g>{move || words(Side::Query)}</g>
                    <g>{move || words(Side::Key)}</g>
                </g>
            </svg>
        </div>
    }
}
