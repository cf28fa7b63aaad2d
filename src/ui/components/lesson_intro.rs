//! What the lesson is about, and the formula the model computes.

use leptos::prelude::*;

use super::{store, texts};
use crate::ui::text::lesson_text;

#[component]
pub fn LessonIntro() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let scaled = Memo::new(move |_| store.config.with(|c| c.scaled));
    let lesson = Memo::new(move |_| store.config.with(|c| c.lesson));
    let about = move || lesson_text(lesson.get(), t.get());
    view! {
        <div class="panel intro" data-testid="lesson-help">
            <h2>{move || about().0}</h2>
            <p>{move || about().1}</p>
            <p>{move || t.get().formula_intro}</p>
            <math display="block" class="formula" data-testid="formula" translate="no">
                <mrow>
                    <mi>"Attention"</mi><mo>"("</mo><mi>"Q"</mi><mo>","</mo><mi>"K"</mi><mo>","</mo><mi>"V"</mi><mo>")"</mo>
                    <mo>"="</mo><mi>"softmax"</mi><mo>"("</mo>
                    {move || if scaled.get() {
                        view! {
                            <mfrac>
                                <mrow><mi>"Q"</mi><msup><mi>"K"</mi><mi>"T"</mi></msup></mrow>
                                <msqrt><msub><mi>"d"</mi><mi>"head"</mi></msub></msqrt>
                            </mfrac>
                        }.into_any()
                    } else {
                        view! { <mrow><mi>"Q"</mi><msup><mi>"K"</mi><mi>"T"</mi></msup></mrow> }.into_any()
                    }}
                    <mo>")"</mo><mi>"V"</mi>
                </mrow>
            </math>
            <p class="hint">{move || t.get().formula_seed}</p>
            <ul class="try">
                {move || about().2.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}
            </ul>
        </div>
    }
}
