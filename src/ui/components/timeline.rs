//! The attention timeline: a scrubber over the snapshots the page keeps while the model trains
//! (the probe's attention and the losses at that step). Dragging it, or pressing play, replays how
//! the pattern formed in the heatmap, head view and model view; "live" returns to the model now.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

use super::{store, texts};

/// Milliseconds per snapshot when playing.
const FRAME_MS: u32 = 250;

#[component]
pub fn Timeline() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let player = StoredValue::new_local(None::<Interval>);
    let playing = RwSignal::new(false);
    let count = Memo::new(move |_| store.timeline.with(|t| t.len()));
    let position = move || store.replay.get().unwrap_or(count.get().saturating_sub(1));

    let stop = move || {
        player.set_value(None);
        playing.set(false);
    };
    let seek = move |i: usize| {
        let last = count.get_untracked().saturating_sub(1);
        store.replay.set((i < last).then_some(i));
    };
    let play = move |_| {
        if playing.get_untracked() {
            return stop();
        }
        let last = count.get_untracked().saturating_sub(1);
        // From the start, unless a replay is already under way.
        let start = match store.replay.get_untracked() {
            Some(i) if i < last => i,
            _ => 0,
        };
        seek(start);
        playing.set(true);
        let interval = Interval::new(FRAME_MS, move || {
            let last = count.get_untracked().saturating_sub(1);
            let next = store.replay.get_untracked().map_or(last, |i| i + 1);
            seek(next);
            if next >= last {
                player.set_value(None);
                playing.set(false);
            }
        });
        player.set_value(Some(interval));
    };

    let readout = move || {
        let i = position();
        store.timeline.with(|timeline| {
            let s = timeline.snapshots.get(i)?;
            // Trained losses get small: keep three significant digits.
            let loss = |l: Option<f32>| match l {
                None => "–".to_string(),
                Some(l) if l.abs() < 0.01 => format!("{l:.2e}"),
                Some(l) => format!("{l:.3}"),
            };
            Some(format!(
                "{} {}/{} · {} {} · {} {} · {} {}",
                t.get().snapshot,
                i + 1,
                timeline.len(),
                t.get().steps,
                s.step,
                t.get().train_loss,
                loss(s.train_loss),
                t.get().val_loss,
                loss(s.validation_loss),
            ))
        })
    };

    view! {
        <div class="panel timeline" data-testid="timeline" data-count=move || count.get()>
            <div class="panel-head">
                <h2>{move || t.get().timeline}</h2>
                <button data-testid="timeline-play" aria-pressed=move || playing.get().to_string() on:click=play>
                    {move || if playing.get() { t.get().pause } else { t.get().play }}
                </button>
                <button
                    data-testid="timeline-live"
                    disabled=move || store.replay.get().is_none()
                    on:click=move |_| {
                        stop();
                        store.replay.set(None);
                    }
                >
                    {move || t.get().live}
                </button>
            </div>
            <input
                type="range"
                class="scrubber"
                data-testid="timeline-slider"
                min="0"
                max=move || count.get().saturating_sub(1)
                step="1"
                disabled=move || count.get() < 2
                prop:value=move || position().to_string()
                aria-label=move || t.get().timeline
                aria-valuetext=readout
                on:input=move |ev| {
                    stop();
                    seek(event_target_value(&ev).parse().unwrap_or(0));
                }
            />
            <p class="readout" data-testid="timeline-readout" data-index=position>{readout}</p>
            <p class="hint">{move || t.get().timeline_help}</p>
        </div>
    }
}
