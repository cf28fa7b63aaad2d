//! The concept guide: a side panel with one entry per concept (`?concept=` opens it), its formula
//! written as MathML, and a "show me" button that outlines the part of the page that embodies it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::formula::Formula;
use super::{store, texts};
use crate::concepts::ConceptId;
use crate::ui::store::Store;
use crate::ui::text::lesson_name;

/// Class of the element "show me" outlines.
const TARGET_CLASS: &str = "concept-target";

/// What "show me" found.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shown {
    /// The element is outlined.
    Found,
    /// The element is on the page but hidden (teacher mode leaves it out).
    Hidden,
}

/// The element with `data-testid` `testid`, if the page has it now.
fn find(testid: &str) -> Option<web_sys::HtmlElement> {
    let element = document().query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten()?;
    element.dyn_into().ok()
}

/// Removes the outline "show me" left.
fn clear_outline() {
    if let Ok(old) = document().query_selector_all(&format!(".{TARGET_CLASS}")) {
        for i in 0..old.length() {
            if let Some(element) = old.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = element.class_list().remove_1(TARGET_CLASS);
            }
        }
    }
}

/// Outlines `element` and brings it into view, if it is shown; a folded panel around it (the
/// settings on a phone) is unfolded first.
fn outline(element: &web_sys::HtmlElement) -> Shown {
    clear_outline();
    while let Ok(Some(folded)) = element.closest("details:not([open])") {
        if folded.set_attribute("open", "").is_err() {
            break;
        }
    }
    if element.get_client_rects().length() == 0 {
        return Shown::Hidden;
    }
    let _ = element.class_list().add_1(TARGET_CLASS);
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    Shown::Found
}

/// "Show me": outline the concept's element; when only another lesson's page has it, open that
/// lesson first and wait for the element to appear.
fn show(store: Store, concept: ConceptId, shown: RwSignal<Option<Shown>>) {
    let target = concept.target();
    if let Some(element) = find(target.testid) {
        shown.set(Some(outline(&element)));
        return;
    }
    let Some(lesson) = target.lesson else {
        shown.set(Some(Shown::Hidden));
        return;
    };
    store.config.update(|c| *c = c.with_lesson(lesson));
    leptos::task::spawn_local(async move {
        for _ in 0..50 {
            gloo_timers::future::TimeoutFuture::new(100).await;
            if let Some(element) = find(target.testid) {
                shown.set(Some(outline(&element)));
                return;
            }
        }
        shown.set(Some(Shown::Hidden));
    });
}

#[component]
pub fn ConceptGuide() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    let lesson = Memo::new(move |_| store.config.with(|c| c.lesson));
    let open = Memo::new(move |_| store.config.with(|c| c.concept));
    let shown = RwSignal::new(None::<Shown>);
    // A new entry (or a closed guide) forgets the last outline.
    Effect::new(move |_| {
        open.track();
        shown.set(None);
        clear_outline();
    });
    let close = move || store.config.update(|c| c.concept = None);

    let list = move || {
        ConceptId::ALL
            .into_iter()
            .map(|concept| {
                let current = move || open.get() == Some(concept);
                view! {
                    <li>
                        <button
                            type="button"
                            class="concept-link"
                            class:current=current
                            data-testid="concept-link"
                            data-concept=concept.id()
                            aria-current=move || current().then_some("true")
                            on:click=move |_| store.config.update(|c| c.concept = Some(concept))
                        >
                            {move || concept.words(lang.get()).title}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    let entry = move || {
        let concept = open.get()?;
        let words = concept.words(lang.get());
        let target = concept.target();
        // The button says so when it will open another lesson.
        let elsewhere = target.lesson.filter(|l| *l != lesson.get());
        let show_label = move || match elsewhere {
            Some(l) => t.get().show_me_in.replace("{}", lesson_name(l, lang.get())),
            None => t.get().show_me.to_string(),
        };
        let status = move || match shown.get() {
            Some(Shown::Hidden) => Some(t.get().show_me_hidden),
            _ => None,
        };
        Some(view! {
            <article class="concept-entry" data-testid="concept-entry" data-concept=concept.id()>
                <h3 id="concept-title">{words.title}</h3>
                {concept.formula().map(|f| view! { <Formula math=f lang testid="concept-formula"/> })}
                {words.body.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                <button
                    type="button"
                    class="primary"
                    data-testid="show-me"
                    data-target=target.testid
                    on:click=move |_| show(store, concept, shown)
                >
                    {show_label}
                </button>
                <p class="hint" role="status" data-testid="show-me-status">{status}</p>
            </article>
        })
    };

    view! {
        <Show when=move || open.get().is_some()>
            <aside
                class="concept-guide"
                data-testid="concept-guide"
                aria-labelledby="concept-guide-title"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        close();
                    }
                }
            >
                <div class="guide-head">
                    <h2 id="concept-guide-title">{move || t.get().guide_title}</h2>
                    <button type="button" data-testid="concept-close" aria-label=move || t.get().guide_close on:click=move |_| close()>
                        "×"
                    </button>
                </div>
                {entry}
                <nav aria-label=move || t.get().guide_contents>
                    <ul class="concept-list">{list}</ul>
                </nav>
            </aside>
        </Show>
    }
}
