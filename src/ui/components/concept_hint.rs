//! The one-line version of a concept beside a control or a view label: shown while the label is
//! hovered or focused, with a link that opens the guide's full entry.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use super::store;
use crate::concepts::ConceptId;
use crate::config::Config;

/// Tells the hints apart in the page (each tooltip needs its own `id`).
static NEXT: AtomicUsize = AtomicUsize::new(0);

#[component]
pub fn ConceptHint(concept: ConceptId) -> impl IntoView {
    let store = store();
    let tip = format!("concept-tip-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    let words = move || concept.words(lang.get());
    // The link is a real one (it opens in a new tab as the entry), but a click opens it here.
    let href = move || {
        store.config.with(|c| format!("?{}", Config { concept: Some(concept), ..c.clone() }.to_query()))
    };
    let open = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        store.config.update(|c| c.concept = Some(concept));
    };
    view! {
        <span class="concept-hint" data-testid="concept-hint" data-concept=concept.id()>
            <button type="button" class="hint-dot" aria-label=move || words().title aria-describedby=tip.clone() on:click=move |ev| {
                ev.prevent_default();
                store.config.update(|c| c.concept = Some(concept));
            }>
                "i"
            </button>
            <span class="hint-pop" role="tooltip" id=tip>
                {move || words().line}
                " "
                <a href=href data-testid="concept-more" on:click=open>{move || crate::ui::text::text(lang.get()).guide_more}</a>
            </span>
        </span>
    }
}
