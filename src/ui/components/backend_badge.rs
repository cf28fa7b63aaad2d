//! Which backend trains, with the reason in its tooltip.

use leptos::prelude::*;

use super::{store, texts};
use crate::ui::text::backend_reason;

#[component]
pub fn BackendBadge() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let label = move || match store.backend.get() {
        Some(info) => info.kind.label().to_string(),
        None => t.get().backend_choosing.to_string(),
    };
    let reason = move || {
        let lang = store.config.with(|c| c.lang);
        store.backend.with(|info| info.as_ref().map(|info| backend_reason(info, lang)).unwrap_or_default())
    };
    view! {
        <div class="panel backend-row">
            <span class="label">{move || t.get().backend}</span>
            <span
                class="badge"
                class:gpu=move || store.backend.with(|b| b.as_ref().is_some_and(|i| i.kind == crate::protocol::BackendKind::WebGpu))
                data-testid="backend"
                title=reason
            >
                {label}
            </span>
            <span class="reason">{reason}</span>
        </div>
    }
}
