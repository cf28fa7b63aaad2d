//! Messages about the run that are not errors, with what to try next as buttons: training
//! diverged and was rolled back; the model is too big to train on its backend; the training
//! worker died and a fresh one carries on.

use leptos::prelude::*;

use super::{store, texts};
use crate::ui::export;
use crate::ui::store::Notice;
use crate::ui::text::{notice_text, recovered_text, too_big_text};

#[component]
pub fn RunNotice() -> impl IntoView {
    view! {
        <RecoveredNotice/>
        <DivergedNotice/>
        <TooBigNotice/>
    }
}

/// The frame every run notice shares: its kind (`data-kind`), its paragraphs, and its actions.
#[component]
fn NoticeBox(kind: &'static str, paragraphs: Vec<String>, children: Children) -> impl IntoView {
    view! {
        <div class="notice" role="status" data-testid="notice" data-kind=kind>
            {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            <div class="notice-actions">{children()}</div>
        </div>
    }
}

/// Training diverged: what the page did, and a calmer learning rate or clipping to try.
#[component]
fn DivergedNotice() -> impl IntoView {
    let store = store();
    let t = texts(store);
    move || {
        let notice = store.notice.get()?;
        let lang = store.config.with(|c| c.lang);
        let (what, advice) = notice_text(&notice, lang);
        let Notice::Diverged { .. } = notice;
        let calmer = store.config.with(|c| c.calmer_lr());
        let unclipped = store.config.with(|c| c.clip == 0.0);
        Some(view! {
            <NoticeBox kind="diverged" paragraphs=vec![what, advice]>
                <button data-testid="notice-lower-lr" on:click=move |_| store.config.update(|c| c.lr = calmer)>
                    {move || t.get().use_lr.replace("{lr}", &calmer.to_string())}
                </button>
                <Show when=move || unclipped>
                    <button data-testid="notice-clip" on:click=move |_| store.config.update(|c| c.clip = 1.0)>
                        {move || t.get().clip_at_one}
                    </button>
                </Show>
                <button on:click=move |_| store.notice.set(None)>{move || t.get().dismiss}</button>
            </NoticeBox>
        })
    }
}

/// The model needs more memory than its backend allows: why, and the largest batch that fits.
/// It stays until the settings fit (it is a state, not an event).
#[component]
fn TooBigNotice() -> impl IntoView {
    let store = store();
    let t = texts(store);
    move || {
        let report = store.size.get()?;
        let why = report.check().err()?;
        let lang = store.config.with(|c| c.lang);
        let (what, advice) = too_big_text(&report, why, lang);
        let fits = report.largest_batch();
        Some(view! {
            <NoticeBox kind="too-big" paragraphs=vec![what, advice]>
                <button data-testid="notice-fit-batch" on:click=move |_| store.config.update(|c| c.batch_size = fits)>
                    {move || t.get().use_batch.replace("{n}", &fits.to_string())}
                </button>
            </NoticeBox>
        })
    }
}

/// The worker died: what the page did, and what the worker said (to copy into a bug report).
#[component]
fn RecoveredNotice() -> impl IntoView {
    let store = store();
    let t = texts(store);
    move || {
        let recovered = store.recovered.get()?;
        let lang = store.config.with(|c| c.lang);
        let text = recovered_text(&recovered, lang);
        let details = recovered.details.clone().map(|details| {
            let copied = details.clone();
            view! {
                <details>
                    <summary>{move || t.get().details}</summary>
                    <pre data-testid="error-details">{details}</pre>
                </details>
                <button data-testid="copy-details" on:click=move |_| export::copy_text(&copied)>
                    {move || t.get().copy_details}
                </button>
            }
        });
        Some(view! {
            <NoticeBox kind="recovered" paragraphs=vec![text]>
                {details}
                <button on:click=move |_| store.recovered.set(None)>{move || t.get().dismiss}</button>
            </NoticeBox>
        })
    }
}
