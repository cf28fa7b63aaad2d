//! The lesson's challenges: small goals checked live against the run, each with a ladder of
//! hints. What is done is remembered in the browser.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::{store, texts};
use crate::challenges::{ChallengeId, Progress};
use crate::ui::store::Store;

/// Browser storage key of the challenges done (their ids, comma-separated).
const DONE_KEY: &str = "attention-playground.challenges-done";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load_done() -> BTreeSet<String> {
    let saved = storage().and_then(|s| s.get_item(DONE_KEY).ok().flatten()).unwrap_or_default();
    saved.split(',').filter(|id| ChallengeId::from_id(id).is_some()).map(String::from).collect()
}

fn save_done(done: &BTreeSet<String>) {
    if let Some(s) = storage() {
        let _ = s.set_item(DONE_KEY, &done.iter().cloned().collect::<Vec<_>>().join(","));
    }
}

/// The run as the challenges see it: the trained model's settings, its latest validation and
/// the probe's attention in the selected head.
fn progress(store: Store) -> Progress {
    let config = store.trained_config.get().unwrap_or_else(|| store.config.get());
    let latest = |reports: &Vec<crate::train::EvalReport>| reports.last().and_then(|r| r.accuracy);
    let (layer, head) = (store.layer.get(), store.head.get());
    let (tokens, received) = store.probe.with(|p| {
        p.as_ref().map_or_else(Default::default, |p| (p.tokens.clone(), p.attention.received(layer, head)))
    });
    Progress {
        config,
        steps: store.step.get(),
        accuracy: store.validation.with(latest),
        baseline_accuracy: store.baseline.with(latest),
        tokens,
        received,
    }
}

#[component]
pub fn Challenges() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let done = RwSignal::new(load_done());
    let lesson = Memo::new(move |_| store.config.with(|c| c.lesson));
    // Checks every open challenge of the lesson whenever the run moves on.
    Effect::new(move |_| {
        let progress = progress(store);
        let met: Vec<ChallengeId> = ChallengeId::of(progress.config.lesson)
            .filter(|c| !done.with_untracked(|d| d.contains(c.id())) && c.met(&progress))
            .collect();
        if !met.is_empty() {
            done.update(|d| d.extend(met.iter().map(|c| c.id().to_string())));
            done.with_untracked(save_done);
        }
    });

    let item = move |challenge: ChallengeId| {
        let shown_hints = RwSignal::new(0usize);
        let is_done = move || done.with(|d| d.contains(challenge.id()));
        let words = move || challenge.words(store.config.with(|c| c.lang));
        view! {
            <li
                class="challenge"
                class:done=is_done
                data-testid="challenge"
                data-challenge=challenge.id()
                data-state=move || if is_done() { "done" } else { "open" }
            >
                <span class="challenge-mark" aria-hidden="true">{move || if is_done() { "✓" } else { "○" }}</span>
                <div>
                    <p class="challenge-goal">
                        {move || words().goal}
                        <Show when=is_done>
                            " "
                            <strong class="finished">{move || t.get().challenge_done}</strong>
                        </Show>
                    </p>
                    <ol class="challenge-hints">
                        {move || {
                            words().hints.into_iter().take(shown_hints.get()).map(|h| view! { <li data-testid="challenge-hint">{h}</li> }).collect_view()
                        }}
                    </ol>
                    <Show when=move || shown_hints.get() < 3 && !is_done()>
                        <button type="button" class="small" data-testid="challenge-hint-button" on:click=move |_| shown_hints.update(|n| *n += 1)>
                            {move || if shown_hints.get() == 0 { t.get().challenge_hint } else { t.get().challenge_more_hint }}
                        </button>
                    </Show>
                </div>
            </li>
        }
    };

    view! {
        <Show when=move || ChallengeId::of(lesson.get()).next().is_some()>
            <div class="panel challenges" data-testid="challenges">
                <h2>{move || t.get().challenges_title}</h2>
                <ul>{move || ChallengeId::of(lesson.get()).map(item).collect_view()}</ul>
            </div>
        </Show>
    }
}
