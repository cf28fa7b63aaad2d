//! What reading the link changed (unknown, malformed or out-of-range settings).

use leptos::prelude::*;

use super::{store, texts};
use crate::ui::text::config_notice;

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
                        let lang = store.config.with(|c| c.lang);
                        store.notices.get().iter().map(|n| view! { <li>{config_notice(n, lang)}</li> }).collect_view()
                    }}
                </ul>
                <button on:click=move |_| store.notices.set(Vec::new())>{move || t.get().dismiss}</button>
            </div>
        </Show>
    }
}
