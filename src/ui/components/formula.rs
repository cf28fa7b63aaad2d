//! A formula of the concept guide written as MathML, which the browser typesets itself.

use leptos::prelude::*;

use crate::concepts::Math;
use crate::config::Lang;

/// `node` as MathML elements (inside a `<math>`).
pub fn math_view(node: &'static Math, lang: Lang) -> AnyView {
    match node {
        Math::I(s) => view! { <mi>{*s}</mi> }.into_any(),
        Math::N(s) => view! { <mn>{*s}</mn> }.into_any(),
        Math::O(s) => view! { <mo>{*s}</mo> }.into_any(),
        Math::T(s) => view! { <mtext>{*s}</mtext> }.into_any(),
        Math::Say(en, zh) => view! { <mtext>{if lang == Lang::Zh { *zh } else { *en }}</mtext> }.into_any(),
        Math::Row(items) => {
            view! { <mrow>{items.iter().map(|m| math_view(m, lang)).collect_view()}</mrow> }.into_any()
        }
        Math::Frac(a, b) => view! { <mfrac>{math_view(a, lang)}{math_view(b, lang)}</mfrac> }.into_any(),
        Math::Sqrt(a) => view! { <msqrt>{math_view(a, lang)}</msqrt> }.into_any(),
        Math::Sup(a, b) => view! { <msup>{math_view(a, lang)}{math_view(b, lang)}</msup> }.into_any(),
        Math::Sub(a, b) => view! { <msub>{math_view(a, lang)}{math_view(b, lang)}</msub> }.into_any(),
        Math::Under(a, b) => view! { <munder>{math_view(a, lang)}{math_view(b, lang)}</munder> }.into_any(),
        Math::Lines(lines) => view! {
            <mtable columnalign="left">
                {lines.iter().map(|m| view! { <mtr><mtd>{math_view(m, lang)}</mtd></mtr> }).collect_view()}
            </mtable>
        }
        .into_any(),
    }
}

/// A displayed formula; its accessible name is its plain-text reading.
#[component]
pub fn Formula(
    #[prop(into)] math: Signal<&'static Math>,
    #[prop(into)] lang: Signal<Lang>,
    testid: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <math display="block" class=class data-testid=testid translate="no" aria-label=move || math.get().text(lang.get())>
            {move || math_view(math.get(), lang.get())}
        </math>
    }
}
