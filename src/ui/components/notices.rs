//! What reading the link changed (unknown, malformed or out-of-range settings).

use leptos::prelude::*;

use super::{store, texts};

#[component]
pub fn Notices() -> impl IntoView {
    let store = store();
    let t = texts(store);
    view! {
        <Show when=move || store.notices.with(|n| !n.is_empty())>
            <div class="notice" role="status" data-testid="config-notices">
                <p>{move || t.get().notices}</p>
                <ul data-testid="url-notice">
                    {move || {
                        store.notices.get().into_iter().map(|n| view! { <li>{n.to_string()}</li> }).collect_view()
                    }}
                </ul>
                <button on:click=move |_| store.notices.set(Vec::new())>{move || t.get().dismiss}</button>
            </div>
        </Show>
    }
}
