//! The "Inside attention" section: the views that open up the model being trained.

use leptos::prelude::*;

use super::{EmbeddingMap, HeadView, ModelView, QkvPanel, Saliency, Timeline, store, texts};

#[component]
pub fn InsideAttention() -> impl IntoView {
    let t = texts(store());
    view! {
        <section class="inside" aria-labelledby="inside-title">
            <h2 id="inside-title" class="section-title">{move || t.get().inside_title}</h2>
            <p class="hint">{move || t.get().inside_intro}</p>
            <Timeline/>
            <div class="inside-row">
                <ModelView/>
                <HeadView/>
            </div>
            <QkvPanel/>
            <div class="inside-row">
                <EmbeddingMap/>
                <Saliency/>
            </div>
        </section>
    }
}
