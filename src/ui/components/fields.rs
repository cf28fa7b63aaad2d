//! Form controls bound to one field of the `Config`: a number input and a select over an enum.
//! A control's `id` is the field's URL key.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ConceptHint;
use crate::concepts::ConceptId;
use crate::config::{Config, Lang, UrlValue};
use crate::ui::store::Store;
use crate::ui::text::{Text, field_problem};

/// A number control for the Config field `$field`: its label is the text of the same name, its
/// `id` the field's URL key, its range the field's limits.
macro_rules! number_field {
    ($field:ident, $testid:literal, $range:expr, $step:expr) => {
        $crate::ui::components::fields::NumberField {
            label: |t| t.$field,
            key: stringify!($field),
            testid: $testid,
            range: (*$range.start() as f64, *$range.end() as f64, $step),
            get: |c| c.$field.to_string(),
            set: |c, v| c.$field = v as _,
        }
    };
}
pub(crate) use number_field;

/// A number field: its label, its keys, its range and how to read and write it.
pub struct NumberField {
    pub label: fn(&Text) -> &'static str,
    pub key: &'static str,
    pub testid: &'static str,
    /// (min, max, step) of the input; the Config's own clamping has the last word.
    pub range: (f64, f64, f64),
    pub get: fn(&Config) -> String,
    pub set: fn(&mut Config, f64),
}

/// A choice among an enum's values.
pub struct ChoiceField<T: 'static> {
    pub label: fn(&Text) -> &'static str,
    pub key: &'static str,
    pub testid: &'static str,
    pub values: &'static [T],
    /// The name of a value in the interface language.
    pub name: fn(T, Lang) -> &'static str,
    pub get: fn(&Config) -> T,
    pub set: fn(&mut Config, T),
}

/// Whether teacher mode (`hide=…`) leaves the control for `key` out of the page.
pub fn hidden(store: Store, key: &'static str) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || store.config.with(|c| c.hide.contains(key))
}

/// What became of a value typed into a number field that could not be used as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldProblem {
    /// Not a number (or nothing): the value before is kept.
    NotANumber { kept: String },
    /// Outside the field's range (or not a whole number where one is needed): the nearest
    /// allowed value is used.
    Adjusted { typed: String, kept: String },
}

/// The inline hint of the concept a control is about, if it is about one.
fn hint(key: &'static str) -> Option<impl IntoView> {
    ConceptId::of_control(key).map(|concept| view! { <ConceptHint concept/> })
}

/// A labelled number input. Values are clamped like a URL's; the input then shows what was kept,
/// and a message under it says why when that is not what was typed.
pub fn number(store: Store, t: Memo<&'static Text>, field: NumberField) -> impl IntoView {
    let NumberField { label, key, testid, range: (min, max, step), get, set } = field;
    let problem = RwSignal::new(None::<FieldProblem>);
    let message = move || {
        let lang = store.config.with(|c| c.lang);
        problem.get().map(|p| field_problem(&p, label(t.get()), min, max, lang))
    };
    view! {
        <label class="field" hidden=hidden(store, key)>
            <span>{move || label(t.get())}{hint(key)}</span>
            <input
                type="number"
                id=key
                data-testid=testid
                min=min
                max=max
                step=step
                prop:value=move || store.config.with(get)
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                on:change=move |ev| {
                    let typed = event_target_value(&ev).trim().to_string();
                    match typed.parse::<f64>() {
                        Ok(v) if v.is_finite() => {
                            store.config.update(|c| {
                                set(c, v);
                                *c = c.clone().clamped().0;
                            });
                            let kept = store.config.with_untracked(get);
                            let same = kept.parse::<f64>().is_ok_and(|k| k == v);
                            problem.set((!same).then_some(FieldProblem::Adjusted { typed, kept }));
                        }
                        _ => problem.set(Some(FieldProblem::NotANumber { kept: store.config.with_untracked(get) })),
                    }
                    // Show what was kept (the clamped value, or the old one if the text was bad).
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.set_value(&store.config.with_untracked(get));
                    }
                }
            />
            <Show when=move || problem.with(Option::is_some)>
                <span class="field-error" role="alert" data-testid="field-error" data-key=key>{message}</span>
            </Show>
        </label>
    }
}

/// A labelled select. `class` is the label's class (`field`, or `field inline` in a toolbar).
pub fn choice<T: UrlValue + PartialEq + Send + Sync>(
    store: Store,
    t: Memo<&'static Text>,
    class: &'static str,
    field: ChoiceField<T>,
) -> impl IntoView {
    let ChoiceField { label, key, testid, values, name, get, set } = field;
    let lang = Memo::new(move |_| store.config.with(|c| c.lang));
    view! {
        <label class=class hidden=hidden(store, key)>
            <span>{move || label(t.get())}{hint(key)}</span>
            <select
                id=key
                data-testid=testid
                on:change=move |ev| {
                    if let Some(v) = T::from_url_value(&event_target_value(&ev)) {
                        store.config.update(|c| set(c, v));
                    }
                }
            >
                {values
                    .iter()
                    .map(|&v| {
                        view! {
                            <option value=v.url_value() prop:selected=move || store.config.with(get) == v>
                                {move || name(v, lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A checkbox for a `bool` field of the `Config`.
pub struct CheckField {
    pub label: fn(&Text) -> &'static str,
    pub key: &'static str,
    pub testid: &'static str,
    pub get: fn(&Config) -> bool,
    pub set: fn(&mut Config, bool),
}

/// A labelled checkbox bound to a `Config` field; its `id` is the field's URL key.
pub fn check(store: Store, t: Memo<&'static Text>, field: CheckField) -> impl IntoView {
    let CheckField { label, key, testid, get, set } = field;
    view! {
        <label class="field toggle" hidden=hidden(store, key)>
            <input
                type="checkbox"
                id=key
                data-testid=testid
                prop:checked=move || store.config.with(get)
                on:change=move |ev| store.config.update(|c| set(c, event_target_checked(&ev)))
            />
            <span>{move || label(t.get())}{hint(key)}</span>
        </label>
    }
}

/// A labelled checkbox bound to a page-side switch (not a `Config` field). `children` go between
/// the box and the text (e.g. a legend swatch).
#[component]
pub fn Toggle(
    testid: &'static str,
    checked: RwSignal<bool>,
    #[prop(into)] label: Signal<&'static str>,
    /// Extra classes of the `<label>` (e.g. "small").
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <label class=format!("toggle {class}")>
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            {children.map(|c| c())}
            {move || label.get()}
        </label>
    }
}
