//! A short guided start on the first visit: four cards pointing at the lesson, Train, the loss
//! chart and the attention map. Skippable; once finished or skipped it is remembered in the
//! browser and does not come back (the "?" button in the top bar replays it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{store, texts};
use crate::ui::text::Text;

/// Browser storage key that remembers the tour was seen.
const SEEN_KEY: &str = "attention-playground.tour-seen";

/// A card's title and text in the interface language.
type CardText = fn(&Text) -> (&'static str, &'static str);

/// The element each card points at (its `data-testid`), and its text.
const STOPS: [(&str, CardText); 4] = [
    ("lesson-select", |t| (t.tour_lesson_title, t.tour_lesson)),
    ("train-button", |t| (t.tour_train_title, t.tour_train)),
    ("loss-chart", |t| (t.tour_loss_title, t.tour_loss)),
    ("attention-map", |t| (t.tour_map_title, t.tour_map)),
];

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn seen() -> bool {
    storage().and_then(|s| s.get_item(SEEN_KEY).ok().flatten()).is_some()
}

fn remember() {
    if let Some(s) = storage() {
        let _ = s.set_item(SEEN_KEY, "1");
    }
}

/// Outlines the element a card points at (and scrolls it into view); clears the others.
fn highlight(target: Option<&str>) {
    let document = document();
    if let Ok(old) = document.query_selector_all(".tour-target") {
        for i in 0..old.length() {
            if let Some(element) = old.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = element.class_list().remove_1("tour-target");
            }
        }
    }
    let Some(testid) = target else { return };
    if let Ok(Some(element)) = document.query_selector(&format!("[data-testid={testid}]")) {
        let _ = element.class_list().add_1("tour-target");
        element.scroll_into_view_with_bool(false);
    }
}

#[component]
pub fn Tour() -> impl IntoView {
    let store = store();
    let stop = store.tour;
    let t = texts(store);
    if !seen() {
        stop.set(Some(0));
    }
    let close = move || {
        remember();
        stop.set(None);
    };
    Effect::new(move |_| highlight(stop.get().and_then(|i| STOPS.get(i)).map(|(id, _)| *id)));
    let next_ref = NodeRef::<leptos::html::Button>::new();
    // Keyboard users land on the card's main button at each stop.
    Effect::new(move |_| {
        if stop.get().is_some()
            && let Some(button) = next_ref.get()
        {
            let _ = button.focus();
        }
    });
    let card = move || {
        let i = stop.get()?;
        let (_, text) = STOPS.get(i)?;
        let (title, body) = text(t.get());
        let last = i + 1 == STOPS.len();
        Some(view! {
            <div
                class="tour"
                data-testid="tour"
                data-stop=i
                role="dialog"
                aria-modal="false"
                aria-labelledby="tour-title"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <p class="tour-count">{format!("{} / {}", i + 1, STOPS.len())}</p>
                <h2 id="tour-title">{title}</h2>
                <p>{body}</p>
                <div class="buttons">
                    <button type="button" data-testid="tour-skip" on:click=move |_| close()>
                        {move || t.get().tour_skip}
                    </button>
                    <button
                        type="button"
                        class="primary"
                        data-testid="tour-next"
                        node_ref=next_ref
                        on:click=move |_| if last { close() } else { stop.set(Some(i + 1)) }
                    >
                        {move || if last { t.get().tour_done } else { t.get().tour_next }}
                    </button>
                </div>
            </div>
        })
    };
    view! { {card} }
}
