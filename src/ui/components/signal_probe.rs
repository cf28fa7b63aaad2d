//! The signal lesson's probe: the recording the model hears, drawn as a waveform cut into its
//! frames, with the class token's attention to each frame as a band under it — "when the model
//! listened" — for the layer and head chosen on the attention map. The learner moves the event,
//! changes its kind, adds noise or draws new noise, and the band follows.

use leptos::prelude::*;

use super::{chosen_row, raw, store, texts};
use crate::lessons::signal::{
    CLASSES, DEFAULT_PROBE, Event, FRAME, FRAMES, LAST_START, MAX_NOISE, Recording, SAMPLES,
};

/// Drawing units: one sample is this wide; the waveform's middle line and height.
const STEP: f64 = 10.0;
const MIDDLE: f64 = 60.0;
const SCALE: f64 = 36.0;
const BAND_TOP: f64 = 128.0;
const BAND_HEIGHT: f64 = 24.0;
const HEIGHT: f64 = 156.0;

#[component]
pub fn SignalProbe() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let recording = Memo::new(move |_| {
        let text = store.config.with(|c| c.probe.clone());
        let text = if text.trim().is_empty() { DEFAULT_PROBE.to_string() } else { text };
        Recording::parse(&text).ok()
    });
    // The class token's row of the chosen head, over the frames (its own weight left out).
    let row = chosen_row(store, |_| 0);
    let listened = move || row.get().filter(|r| r.len() == 1 + FRAMES).map(|r| r[1..].to_vec());
    let edit = move |change: &dyn Fn(&mut Recording)| {
        let mut changed = recording
            .get_untracked()
            .unwrap_or_else(|| Recording::parse(DEFAULT_PROBE).expect("the default probe is a signal"));
        change(&mut changed);
        store.config.update(|c| c.probe = changed.to_text());
    };
    let first = move || recording.with(|r| r.as_ref().and_then(|r| r.events.first().copied()));

    let waveform = move || {
        let samples = recording.with(|r| r.as_ref().map(Recording::samples)).unwrap_or_default();
        samples
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let y = MIDDLE - SCALE * (*v as f64).clamp(-1.6, 1.6);
                format!("{:.1},{y:.1}", (i as f64 + 0.5) * STEP)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let events = move || {
        recording.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.events
                        .iter()
                        .map(|e| {
                            view! {
                                <rect class="signal-event" x=e.start as f64 * STEP y=4 width=12.0 * STEP height=2.0 * (MIDDLE - 4.0)></rect>
                            }
                        })
                        .collect_view()
                })
                .unwrap_or_default()
        })
    };
    let frames = move || {
        let weights = listened().unwrap_or_default();
        let max = weights.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let on_event = recording.with(|r| r.as_ref().map(Recording::event_frames).unwrap_or_default());
        (0..FRAMES)
            .map(|frame| {
                let w = weights.get(frame).copied().unwrap_or(0.0);
                let x = (frame * FRAME) as f64 * STEP;
                view! {
                    <rect
                        class="signal-frame"
                        class:expected=on_event.contains(&frame)
                        data-testid="signal-frame"
                        data-frame=frame
                        data-value=raw(w as f64)
                        x=x
                        y=BAND_TOP
                        width=FRAME as f64 * STEP
                        height=BAND_HEIGHT
                        style=format!("fill: rgba(255, 140, 0, {:.3})", 0.9 * w / max)
                    >
                        <title>{format!("F{} · {w:.3}", frame + 1)}</title>
                    </rect>
                    <line class="frame-line" x1=x x2=x y1=0 y2=BAND_TOP + BAND_HEIGHT></line>
                }
            })
            .collect_view()
    };

    let on_kind = move |ev: leptos::ev::Event| {
        let kind = CLASSES.iter().position(|c| *c == event_target_value(&ev));
        edit(&|r| match (kind, r.events.is_empty()) {
            (None, _) => r.events.clear(),
            (Some(kind), true) => r.events.push(Event { kind, start: LAST_START / 2 }),
            (Some(kind), false) => r.events[0].kind = kind,
        });
    };
    let on_start = move |ev: leptos::ev::Event| {
        if let Ok(start) = event_target_value(&ev).parse::<usize>() {
            edit(&|r| {
                if let Some(e) = r.events.first_mut() {
                    e.start = start.min(LAST_START);
                }
            });
        }
    };
    let on_noise = move |ev: leptos::ev::Event| {
        if let Ok(noise) = event_target_value(&ev).parse::<f32>() {
            edit(&|r| r.noise = noise.clamp(0.0, MAX_NOISE));
        }
    };
    let reseed = move |_| edit(&|r| r.seed = r.seed.wrapping_add(1));

    view! {
        <div class="signal-probe" data-testid="signal-view" data-value=move || recording.with(|r| r.as_ref().map(Recording::to_text))>
            <svg
                class="signal-plot"
                viewBox=format!("0 0 {} {HEIGHT}", SAMPLES as f64 * STEP)
                role="img"
                aria-label=move || t.get().signal_help
            >
                <line class="axis" x1=0 x2=SAMPLES as f64 * STEP y1=MIDDLE y2=MIDDLE></line>
                {events}
                <polyline class="waveform" points=waveform></polyline>
                {frames}
            </svg>
            <div class="signal-controls">
                <label class="field inline">
                    <span>{move || t.get().signal_event}</span>
                    <select data-testid="signal-event" on:change=on_kind>
                        <option value="" selected=move || first().is_none()>"—"</option>
                        {CLASSES
                            .iter()
                            .enumerate()
                            .map(|(i, c)| view! {
                                <option value=*c selected=move || first().is_some_and(|e| e.kind == i)>
                                    {move || t.get().events[i]}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span>{move || t.get().signal_position}</span>
                    <input
                        type="range"
                        data-testid="signal-position"
                        min=0
                        max=LAST_START
                        step=1
                        disabled=move || first().is_none()
                        prop:value=move || first().map(|e| e.start).unwrap_or(0).to_string()
                        on:input=on_start
                    />
                    <output>{move || first().map(|e| e.start.to_string()).unwrap_or_default()}</output>
                </label>
                <label class="field inline">
                    <span>{move || t.get().signal_noise}</span>
                    <input
                        type="range"
                        data-testid="signal-noise"
                        min=0
                        max=MAX_NOISE
                        step=0.05
                        prop:value=move || recording.with(|r| r.as_ref().map(|r| format!("{:.2}", r.noise)).unwrap_or_default())
                        on:input=on_noise
                    />
                    <output>{move || recording.with(|r| r.as_ref().map(|r| format!("{:.2}", r.noise)).unwrap_or_default())}</output>
                </label>
                <button type="button" data-testid="signal-reseed" on:click=reseed>
                    {move || t.get().signal_seed}
                </button>
            </div>
            <p class="hint">{move || t.get().signal_help}</p>
        </div>
    }
}
