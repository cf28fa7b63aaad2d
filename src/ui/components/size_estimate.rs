//! The model's size under its settings: parameters, and the memory training needs against what
//! the backend allows.

use leptos::prelude::*;

use super::store;
use crate::ui::text::size_text;

#[component]
pub fn SizeEstimate() -> impl IntoView {
    let store = store();
    move || {
        let report = store.size.get()?;
        let lang = store.config.with(|c| c.lang);
        let fits = report.check().is_ok();
        Some(view! {
            <p
                class="hint size-estimate"
                class:too-big=!fits
                data-testid="param-estimate"
                data-value=report.footprint.params.to_string()
                data-bytes=report.footprint.bytes().to_string()
                data-fits=fits.to_string()
            >
                {size_text(&report, lang)}
            </p>
        })
    }
}
