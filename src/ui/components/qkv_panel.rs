//! The step-by-step panel: the seed's formula, computed on the learner's own model, for the probe
//! sentence and the chosen layer and head.
//!
//! x → x̂ = LayerNorm(x) → Q, K, V → S = Q·Kᵀ → S/√d_head (or not: the seed's formula) → mask M →
//! A = softmax → O = A·V. Hovering or focusing a score shows the dot product it came from and
//! lights up the query row of Q and the key row of K that produced it.

use leptos::prelude::*;

use super::fields::Toggle;
use super::matrix::{MatrixView, Scale, short};
use super::{ConceptHint, store, texts};
use crate::concepts::ConceptId;
use crate::config::HeadId;
use crate::inspect::{HeadStages, Matrix};

/// Terms of a dot product written out before the rest is elided.
const TERMS_SHOWN: usize = 8;

#[component]
pub fn QkvPanel() -> impl IntoView {
    let store = store();
    let t = texts(store);
    // Which formula the panel shows: the model's own at first; the switch shows the other.
    let scaled = RwSignal::new(store.config.get_untracked().scaled);
    Effect::new(move |_| scaled.set(store.config.with(|c| c.scaled)));
    let hovered = RwSignal::new(None::<(usize, usize)>);

    let layer_stages = Memo::new(move |_| {
        let layer = store.layer.get();
        store.probe.with(|p| p.as_ref().and_then(|p| p.stages.get(layer).cloned()))
    });
    let head = Memo::new(move |_| {
        let head = store.head.get();
        layer_stages.with(|l| l.as_ref().and_then(|l| l.heads.get(head).cloned()))
    });
    let tokens = Signal::derive(move || {
        store.probe.with(|p| p.as_ref().map(|p| p.tokens.clone()).unwrap_or_default())
    });
    let features = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
    let d_model_cols =
        Signal::derive(move || features(layer_stages.with(|l| l.as_ref().map_or(0, |l| l.input.cols))));
    let d_head = Memo::new(move |_| layer_stages.with(|l| l.as_ref().map_or(0, |l| l.d_head)));
    let d_head_cols = Signal::derive(move || features(d_head.get()));
    let model_scaled = Memo::new(move |_| layer_stages.with(|l| l.as_ref().is_none_or(|l| l.model_scaled)));
    let pick = move |f: fn(&HeadStages, bool) -> Matrix| {
        Signal::derive(move || head.with(|h| h.as_ref().map(|h| f(h, scaled.get()))))
    };
    let q = pick(|h, _| h.q.clone());
    let k = pick(|h, _| h.k.clone());
    let v = pick(|h, _| h.v.clone());
    let scores = pick(|h, _| h.scores.clone());
    let divided = pick(|h, s| h.formula(s).scores.clone());
    let weights = pick(|h, s| h.formula(s).weights.clone());
    let output = pick(|h, s| h.formula(s).output.clone());
    let input = Signal::derive(move || layer_stages.with(|l| l.as_ref().map(|l| l.input.clone())));
    let normed = Signal::derive(move || layer_stages.with(|l| l.as_ref().map(|l| l.normed.clone())));
    let visible = Signal::derive(move || layer_stages.with(|l| l.as_ref().map(|l| l.visible.clone())));
    let sqrt_d = move || (d_head.get() as f32).sqrt();
    let ablated = move || {
        let id = HeadId { layer: store.layer.get(), head: store.head.get() };
        store.config.with(|c| c.heads_off.contains(id))
    };

    let row_hl = Signal::derive(move || hovered.get().map(|h| h.0));
    let key_hl = Signal::derive(move || hovered.get().map(|h| h.1));
    let on_score = Callback::new(move |cell| hovered.set(cell));

    let dot_product = move || {
        let (qi, kj) = hovered.get()?;
        let tokens = tokens.get();
        head.with(|h| {
            let h = h.as_ref()?;
            let terms = h.dot_terms(qi, kj);
            let shown: Vec<String> = terms
                .iter()
                .take(TERMS_SHOWN)
                .map(|(a, b)| format!("({})({})", short(*a), short(*b)))
                .collect();
            let more = terms.len().saturating_sub(TERMS_SHOWN);
            let elided =
                if more > 0 { format!(" + … ({more} {})", t.get().more_terms) } else { String::new() };
            let s = h.scores.get(qi, kj);
            let formula = h.formula(scaled.get());
            let scaled_part = if scaled.get() {
                format!(" ; ÷ √{} = {:.3}", d_head.get(), formula.scores.get(qi, kj))
            } else {
                String::new()
            };
            Some(format!(
                "q[{}] · k[{}] = {}{} = {:.3}{} → {} {:.3}   (“{}” → “{}”)",
                qi + 1,
                kj + 1,
                shown.join(" + "),
                elided,
                s,
                scaled_part,
                t.get().weight,
                formula.weights.get(qi, kj),
                tokens.get(qi).cloned().unwrap_or_default(),
                tokens.get(kj).cloned().unwrap_or_default(),
            ))
        })
    };

    let saturation = move || {
        head.with(|h| {
            let h = h.as_ref()?;
            let (s, u) = (&h.scaled.weights, &h.unscaled.weights);
            Some(format!(
                "{}: {} {:.2} · {} {:.2}.  {}: {} {:.2} · {} {:.2} {}.",
                t.get().mean_row_max,
                t.get().with_sqrt,
                s.mean_row_max(),
                t.get().without_sqrt,
                u.mean_row_max(),
                t.get().entropy,
                t.get().with_sqrt,
                s.mean_row_entropy(),
                t.get().without_sqrt,
                u.mean_row_entropy(),
                t.get().bits,
            ))
        })
    };

    let label = move |text: fn(&crate::ui::text::Text) -> &'static str| {
        Signal::derive(move || text(t.get()).to_string())
    };
    let x_label = Signal::derive(move || {
        if store.layer.get() == 0 {
            t.get().stage_x_first.to_string()
        } else {
            t.get().stage_x_later.replace("{}", &store.layer.get().to_string())
        }
    });
    let divided_label = Signal::derive(move || {
        if scaled.get() {
            format!("S / √{} = S / {:.2}", d_head.get(), sqrt_d())
        } else {
            t.get().stage_unscaled.to_string()
        }
    });
    let weights_label = Signal::derive(move || {
        if scaled.get() { "A = softmax(S / √d)".to_string() } else { "A = softmax(S)".to_string() }
    });

    view! {
        <div class="panel qkv-panel" data-testid="qkv-panel" data-scaled=move || scaled.get().to_string()>
            <div class="panel-head">
                <h2>
                    {move || format!("{} · {} {} · {} {}", t.get().qkv_title, t.get().layer, store.layer.get() + 1, t.get().head, store.head.get() + 1)}
                    <ConceptHint concept=ConceptId::Qkv/>
                </h2>
                <Toggle testid="scale-toggle" checked=scaled label=Signal::derive(move || t.get().scale_toggle)/>
            </div>
            <p class="hint">
                {move || if scaled.get() == model_scaled.get() { t.get().formula_is_models } else { t.get().formula_what_if }}
            </p>
            <Show when=ablated>
                <p class="notice-inline" role="status">{move || t.get().head_is_off}</p>
            </Show>
            <div class="stages">
                <div class="stage-row">
                    <MatrixView testid="matrix-input" label=x_label matrix=input rows=tokens cols=d_model_cols scale=Scale::Signed/>
                    <MatrixView testid="matrix-normed" label=label(|t| t.stage_normed) matrix=normed rows=tokens cols=d_model_cols scale=Scale::Signed/>
                </div>
                <div class="stage-row bottoms" data-testid="qkv-stage-projections">
                    <MatrixView testid="matrix-q" label=label(|t| t.stage_q) matrix=q rows=tokens cols=d_head_cols scale=Scale::Signed highlight_row=row_hl/>
                    <MatrixView testid="matrix-k" label=label(|t| t.stage_k) matrix=k rows=tokens cols=d_head_cols scale=Scale::Signed highlight_row=key_hl/>
                    <MatrixView testid="matrix-v" label=label(|t| t.stage_v) matrix=v rows=tokens cols=d_head_cols scale=Scale::Signed/>
                </div>
                <div class="stage-row">
                    <MatrixView testid="matrix-scores" label=label(|t| t.stage_scores) matrix=scores rows=tokens cols=tokens scale=Scale::Signed numbers=true highlight_row=row_hl highlight_col=key_hl on_cell=on_score/>
                    <MatrixView testid="matrix-scaled" label=divided_label concept=ConceptId::Scaling matrix=divided rows=tokens cols=tokens scale=Scale::Signed numbers=true highlight_row=row_hl highlight_col=key_hl on_cell=on_score/>
                </div>
                <p class="dot-product" data-testid="dot-product" aria-live="polite">
                    {move || dot_product().unwrap_or_else(|| t.get().hover_a_score.to_string())}
                </p>
                <div class="stage-row half">
                    <MatrixView testid="matrix-mask" label=label(|t| t.stage_mask) concept=ConceptId::Mask matrix=visible rows=tokens cols=tokens scale=Scale::Probability highlight_row=row_hl highlight_col=key_hl/>
                </div>
                <p class="hint">{move || t.get().mask_help}</p>
                <div class="stage-row">
                    <MatrixView testid="matrix-weights" label=weights_label concept=ConceptId::Softmax matrix=weights rows=tokens cols=tokens scale=Scale::Probability numbers=true highlight_row=row_hl highlight_col=key_hl on_cell=on_score/>
                    <MatrixView testid="matrix-output" label=label(|t| t.stage_output) matrix=output rows=tokens cols=d_head_cols scale=Scale::Signed/>
                </div>
                <p class="saturation" data-testid="saturation">{saturation}</p>
                <p class="hint">{move || t.get().saturation_help}</p>
            </div>
        </div>
    }
}
