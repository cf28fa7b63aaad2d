//! The last error, visible until dismissed.

use leptos::prelude::*;

use super::{store, texts};

#[component]
pub fn ErrorPanel() -> impl IntoView {
    let store = store();
    let t = texts(store);
    view! {
        <Show when=move || store.error.with(Option::is_some)>
            <div class="error" role="alert">
                <span data-testid="error">{move || store.error.get().unwrap_or_default()}</span>
                <button on:click=move |_| store.error.set(None)>{move || t.get().dismiss}</button>
            </div>
        </Show>
    }
}
