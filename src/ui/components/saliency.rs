//! Attention vs. explanation: beside the attention each word receives, a gradient × input
//! saliency — how much each word's embedding pushes the predicted class's score — with a caution
//! that attention weights are not by themselves an explanation of the prediction.

use leptos::prelude::*;

use super::{ConceptHint, raw, store, texts};
use crate::colour::{DARK_INK, diverging, light_text_on_diverging};
use crate::concepts::ConceptId;
use crate::lessons::Output;
use crate::ui::text::class_name;

#[component]
pub fn Saliency() -> impl IntoView {
    let store = store();
    let t = texts(store);

    let attention_row = move || {
        let probe = store.probe.get()?;
        let received = probe.attention.received(store.layer.get(), store.head.get());
        let max = received.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        Some(
            probe
                .tokens
                .iter()
                .zip(received)
                .map(|(token, w)| {
                    view! {
                        <span
                            class="token shade"
                            data-testid="attention-token"
                            translate="no"
                            data-value=raw(w as f64)
                            title=format!("{w:.3}")
                            style=format!("--w: {:.3}", w / max)
                        >
                            {token.clone()}
                        </span>
                    }
                })
                .collect_view(),
        )
    };

    let saliency_row = move || {
        let probe = store.probe.get()?;
        let max = probe.saliency.iter().fold(0.0f32, |m, s| m.max(s.abs())).max(1e-6);
        Some(
            probe
                .tokens
                .iter()
                .zip(probe.saliency.iter().copied())
                .map(|(token, s)| {
                    view! {
                        <span
                            class="token"
                            class:light=light_text_on_diverging(s, max)
                            data-testid="saliency-token"
                            translate="no"
                            data-value=raw(s as f64)
                            title=format!("{s:+.3}")
                            // Black or white ink, whichever reads better on this colour.
                            style=format!(
                                "background:{}; color:{}",
                                diverging(s, max),
                                if light_text_on_diverging(s, max) { "#fff" } else { DARK_INK }
                            )
                        >
                            {token.clone()}
                        </span>
                    }
                })
                .collect_view(),
        )
    };

    let predicted = move || {
        let probe = store.probe.get()?;
        // One answer: its class as the page names it (a multi-task lesson: the sentiment head's);
        // per-position lessons list their answers.
        let name = if store.output.get() == Output::Pooled {
            let lesson = store.config.with(|c| c.lesson);
            store.classes.with(|ids| class_name(lesson, t.get(), ids, probe.predicted))
        } else {
            probe.outputs.iter().filter(|o| !o.is_empty()).cloned().collect::<Vec<_>>().join(" ")
        };
        Some(format!("{} “{}”", t.get().saliency_for, name))
    };

    view! {
        <div class="panel saliency" data-testid="saliency">
            <h2>{move || t.get().saliency_title}<ConceptHint concept=ConceptId::Interpretability/></h2>
            <p class="row-label">{move || format!("{} · {} {} · {} {}", t.get().attention_received, t.get().layer, store.layer.get() + 1, t.get().head, store.head.get() + 1)}</p>
            <p class="tokens">{attention_row}</p>
            <p class="row-label">{predicted}</p>
            <p class="tokens">{saliency_row}</p>
            <p class="hint">{move || t.get().saliency_help}</p>
            <p class="caution" role="note">{move || t.get().saliency_caution}</p>
        </div>
    }
}
