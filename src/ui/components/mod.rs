//! One component per file. Each takes the `Store` from context and shows plain numbers.

mod attention_map;
mod backend_badge;
mod bars;
mod bench_view;
mod challenges;
mod charts;
mod concept_guide;
mod concept_hint;
mod controls;
mod cross_attention;
mod custom_data;
mod embedding_map;
mod error_panel;
mod example_picker;
pub(crate) mod fields;
pub(crate) mod formula;
mod head_view;
mod history_view;
mod image_probe;
mod inside;
mod lesson_intro;
mod line_chart;
mod matrix;
mod metrics;
mod model_panel;
mod model_view;
mod multimodal_view;
mod notices;
mod predict_pattern;
mod probe_box;
mod qkv_panel;
mod run_notice;
mod runs;
mod saliency;
mod sample_view;
mod sequence_editor;
mod settings;
mod signal_probe;
mod size_estimate;
mod speed;
mod timeline;
mod top_bar;
mod tour;

pub use attention_map::AttentionMap;
pub use backend_badge::BackendBadge;
pub use bench_view::BenchView;
pub use challenges::Challenges;
pub use charts::{AccuracyChart, LossChart};
pub use concept_guide::ConceptGuide;
pub use concept_hint::ConceptHint;
pub use controls::Controls;
pub use cross_attention::CrossAttention;
pub use custom_data::CustomData;
pub use embedding_map::EmbeddingMap;
pub use error_panel::ErrorPanel;
pub use head_view::HeadView;
pub use inside::InsideAttention;
pub use lesson_intro::LessonIntro;
pub use metrics::Metrics;
pub use model_panel::ModelPanel;
pub use model_view::ModelView;
pub use notices::Notices;
pub use predict_pattern::PredictPattern;
pub use probe_box::ProbeBox;
pub use qkv_panel::QkvPanel;
pub use run_notice::RunNotice;
pub use runs::RunComparison;
pub use saliency::Saliency;
pub use sample_view::SampleView;
pub use settings::Settings;
pub use size_estimate::SizeEstimate;
pub use speed::Speed;
pub use timeline::Timeline;
pub use top_bar::TopBar;
pub use tour::Tour;

use leptos::prelude::*;

use super::store::Store;
use super::text::{Text, text};

/// The store, provided by the app at the root.
pub(crate) fn store() -> Store {
    expect_context::<Store>()
}

/// The interface text in the current language, reactively.
pub(crate) fn texts(store: Store) -> Memo<&'static Text> {
    Memo::new(move |_| text(store.config.with(|c| c.lang)))
}

/// One query's row of the probe's attention, in the head chosen on the attention map (layer and
/// head): the query `query` picks from the input's length. The views that draw where one token
/// looked (the class token over a picture or a recording, the last purchase over a history) share
/// it. `None` before the first probe.
pub(crate) fn chosen_row(store: Store, query: fn(usize) -> usize) -> Memo<Option<Vec<f32>>> {
    Memo::new(move |_| {
        let (layer, head) = (store.layer.get(), store.head.get());
        store.probe.with(|p| {
            let p = p.as_ref()?;
            let (n, map) = (p.attention.len, p.attention.head(layer, head));
            let q = query(n);
            (q < n && map.len() == n * n).then(|| map[q * n..(q + 1) * n].to_vec())
        })
    })
}

/// A number as the `data-value` attribute carries it.
pub(crate) fn raw(value: f64) -> String {
    format!("{value:.4}")
}
