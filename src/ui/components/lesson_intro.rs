//! What the lesson is about, and the formula the model computes (the concept guide's, with or
//! without the scaling the model uses).

use leptos::prelude::*;

use super::formula::Formula;
use super::{store, texts};
use crate::concepts::formulas;
use crate::ui::text::lesson_text;

#[component]
pub fn LessonIntro() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let scaled = Memo::new(move |_| store.config.with(|c| c.scaled));
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    let lesson = Memo::new(move |_| store.config.with(|c| c.lesson));
    let about = move || lesson_text(lesson.get(), t.get());
    view! {
        <div class="panel intro" data-testid="lesson-help">
            <h2>{move || about().0}</h2>
            <p>{move || about().1}</p>
            <p>{move || t.get().formula_intro}</p>
            <Formula math=Signal::derive(move || formulas::attention(scaled.get())) lang testid="formula" class="formula"/>
            <p class="hint">{move || t.get().formula_seed}</p>
            <ul class="try">
                {move || about().2.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}
            </ul>
        </div>
    }
}
