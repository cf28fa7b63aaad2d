//! The translation lesson's hero view: the decoder's cross-attention while it wrote the probe's
//! translation. One row per written character, one column per source token, colour = how much
//! that step read that token. Starts on the head best aligned with the lesson's expected
//! pattern (named above the map); any head, or the mean of a layer's heads, can be picked.

use leptos::prelude::*;

use super::fields::Toggle;
use super::matrix::{MatrixView, Scale};
use super::{ConceptHint, raw, store, texts};
use crate::concepts::ConceptId;
use crate::inspect::Matrix;
use crate::train::Translation;

/// Which map is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    /// The head best aligned with the expected pattern (follows training).
    Best,
    /// The mean of a layer's heads.
    Mean(usize),
    Head(usize, usize),
}

impl Shown {
    fn value(self) -> String {
        match self {
            Self::Best => "best".into(),
            Self::Mean(layer) => format!("{layer}-mean"),
            Self::Head(layer, head) => format!("{layer}-{head}"),
        }
    }

    fn parse(value: &str) -> Self {
        let mut parts = value.split('-');
        match (parts.next().and_then(|l| l.parse().ok()), parts.next()) {
            (Some(layer), Some("mean")) => Self::Mean(layer),
            (Some(layer), Some(head)) => head.parse().map_or(Self::Best, |head| Self::Head(layer, head)),
            _ => Self::Best,
        }
    }

    /// The map this choice shows of `translation`, and the (layer, head) it resolved to.
    fn map(self, translation: &Translation) -> (Vec<f32>, Self) {
        match self {
            Self::Best => match translation.best_head() {
                Some((layer, head, _)) => Self::Head(layer, head).map(translation),
                None => Self::Mean(translation.n_layers.saturating_sub(1)).map(translation),
            },
            Self::Mean(layer) => (translation.mean_of_heads(layer), self),
            Self::Head(layer, head) => (translation.head(layer, head).to_vec(), self),
        }
    }
}

#[component]
pub fn CrossAttention() -> impl IntoView {
    let store = store();
    let t = texts(store);
    let chosen = RwSignal::new(Shown::Best);
    let hovered = RwSignal::new(None::<(usize, usize)>);
    let overlay = RwSignal::new(true);
    let translation =
        Memo::new(move |_| store.probe.with(|p| p.as_ref().and_then(|p| p.translation.clone())));
    let source = Signal::derive(move || {
        store.probe.with(|p| p.as_ref().map(|p| p.tokens.clone()).unwrap_or_default())
    });
    let written = Signal::derive(move || {
        translation.with(|tr| tr.as_ref().map(|tr| tr.tokens.clone()).unwrap_or_default())
    });
    let shown = Memo::new(move |_| {
        let choice = chosen.get();
        translation.with(|tr| tr.as_ref().map(|tr| choice.map(tr)))
    });
    let matrix = Signal::derive(move || {
        let (steps, source) =
            translation.with(|tr| tr.as_ref().map_or((0, 0), |tr| (tr.tokens.len(), tr.source)));
        shown.with(|s| {
            let (map, _) = s.as_ref()?;
            (steps > 0 && map.len() == steps * source).then(|| Matrix::new(steps, source, map.clone()))
        })
    });
    let alignment = Memo::new(move |_| {
        translation.with(|tr| {
            let tr = tr.as_ref()?;
            shown.with(|s| s.as_ref().and_then(|(map, _)| tr.alignment(map)))
        })
    });
    let expected = Memo::new(move |_| {
        translation.with(|tr| tr.as_ref().map(|tr| tr.expected.clone()).unwrap_or_default())
    });
    let marked = Signal::derive(move || if overlay.get() { expected.get() } else { Vec::new() });

    let label = Signal::derive(move || {
        let t = t.get();
        match shown.with(|s| s.as_ref().map(|(_, resolved)| *resolved)) {
            Some(Shown::Head(layer, head)) => {
                format!("{} · {} {} · {} {}", t.cross_attention, t.layer, layer + 1, t.head, head + 1)
            }
            Some(Shown::Mean(layer)) => {
                format!("{} · {} {} · {}", t.cross_attention, t.layer, layer + 1, t.mean_of_heads)
            }
            _ => t.cross_attention.to_string(),
        }
    });
    let options = move || {
        let t = t.get();
        let (n_layers, n_heads) =
            translation.with(|tr| tr.as_ref().map_or((0, 0), |tr| (tr.n_layers, tr.n_heads)));
        let best = translation.with(|tr| tr.as_ref().and_then(Translation::best_head));
        let best_label = match best {
            Some((layer, head, _)) => {
                format!("{} ({} {} · {} {})", t.best_aligned_head, t.layer, layer + 1, t.head, head + 1)
            }
            None => t.best_aligned_head.to_string(),
        };
        let mut options = vec![(Shown::Best, best_label)];
        for layer in 0..n_layers {
            options.push((Shown::Mean(layer), format!("{} {} · {}", t.layer, layer + 1, t.mean_of_heads)));
            for head in 0..n_heads {
                options.push((
                    Shown::Head(layer, head),
                    format!("{} {} · {} {}", t.layer, layer + 1, t.head, head + 1),
                ));
            }
        }
        options
            .into_iter()
            .map(|(choice, text)| view! { <option value=choice.value() prop:selected=move || chosen.get() == choice>{text}</option> })
            .collect_view()
    };
    let readout = move || {
        let (step, k) = hovered.get()?;
        let w = matrix.with(|m| m.as_ref().map(|m| m.get(step, k)))?;
        let written = written.get();
        let source = source.get();
        Some(
            t.get()
                .cross_readout
                .replace("{step}", &(step + 1).to_string())
                .replace("{out}", written.get(step)?)
                .replace("{src}", source.get(k)?)
                .replace("{w}", &format!("{w:.4}")),
        )
    };

    view! {
        <Show when=move || translation.with(Option::is_some)>
            <div class="panel cross-panel" data-testid="cross-attention-panel">
                <div class="panel-head">
                    <h2>{move || t.get().cross_attention}<ConceptHint concept=ConceptId::CrossAttention/></h2>
                    <label class="field inline small">
                        <span>{move || t.get().shown_map}</span>
                        <select
                            data-testid="cross-head-select"
                            on:change=move |ev| chosen.set(Shown::parse(&event_target_value(&ev)))
                        >
                            {options}
                        </select>
                    </label>
                </div>
                <p class="hint">{move || t.get().cross_help}</p>
                <Toggle testid="expected-overlay" checked=overlay label=Signal::derive(move || t.get().expected_overlay) class="small">
                    <span class="expected-key"></span>
                </Toggle>
                <p class="readout" data-testid="cross-alignment" data-value=move || alignment.get().map(|a| raw(a as f64)).unwrap_or_default()>
                    {move || alignment.get().map(|a| format!("{}: {:.0}%", t.get().alignment_of_map, a * 100.0))}
                </p>
                <div
                    data-testid="cross-attention"
                    data-rows=move || written.with(Vec::len)
                    data-cols=move || source.with(Vec::len)
                >
                    <MatrixView
                        testid="cross-matrix"
                        label=label
                        matrix=matrix
                        rows=written
                        cols=source
                        scale=Scale::Probability
                        cell_testid="cross-cell"
                        query_key=true
                        numbers=true
                        highlight_row=Signal::derive(move || hovered.get().map(|h| h.0))
                        highlight_col=Signal::derive(move || hovered.get().map(|h| h.1))
                        on_cell=Callback::new(move |cell| hovered.set(cell))
                        marked=marked
                    />
                </div>
                <p class="readout" aria-live="polite">{readout}</p>
            </div>
        </Show>
    }
}
