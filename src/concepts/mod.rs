//! The concept guide's content: one entry per idea the page teaches, in English and Chinese, with
//! its formula and the part of the page that shows it. Plain data; the page renders it.
//!
//! - [`ConceptId`]: the entries, also the `?concept=` link values and the `data-concept` hooks.
//! - [`words`]: each entry's title, one-line hint and paragraphs in both languages.
//! - [`formulas`]: each entry's formula as a small math tree (the page writes it as MathML).
//! - [`Target`]: the element of the page that embodies the idea ("show me").

pub mod formulas;
mod words;

use crate::config::{Lang, LessonId};
pub use formulas::Math;

/// The concepts, in the order the guide lists them (from the idea of attention to its limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConceptId {
    Attention,
    Qkv,
    Softmax,
    Scaling,
    SelfAttention,
    CrossAttention,
    MultiHead,
    PositionalEncoding,
    Mask,
    LocalAttention,
    Loss,
    Optimizer,
    Overfitting,
    Interpretability,
}

impl ConceptId {
    pub const ALL: [ConceptId; 14] = [
        ConceptId::Attention,
        ConceptId::Qkv,
        ConceptId::Softmax,
        ConceptId::Scaling,
        ConceptId::SelfAttention,
        ConceptId::CrossAttention,
        ConceptId::MultiHead,
        ConceptId::PositionalEncoding,
        ConceptId::Mask,
        ConceptId::LocalAttention,
        ConceptId::Loss,
        ConceptId::Optimizer,
        ConceptId::Overfitting,
        ConceptId::Interpretability,
    ];

    /// The entry's id in links (`?concept=`) and in the page (`data-concept`).
    pub fn id(self) -> &'static str {
        match self {
            ConceptId::Attention => "attention",
            ConceptId::Qkv => "qkv",
            ConceptId::Softmax => "softmax",
            ConceptId::Scaling => "scaling",
            ConceptId::SelfAttention => "self-attention",
            ConceptId::CrossAttention => "cross-attention",
            ConceptId::MultiHead => "multi-head",
            ConceptId::PositionalEncoding => "positional-encoding",
            ConceptId::Mask => "mask",
            ConceptId::LocalAttention => "local-attention",
            ConceptId::Loss => "loss",
            ConceptId::Optimizer => "optimizer",
            ConceptId::Overfitting => "overfitting",
            ConceptId::Interpretability => "interpretability",
        }
    }

    pub fn from_id(id: &str) -> Option<ConceptId> {
        ConceptId::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Title, one-line hint and paragraphs in `lang`.
    pub fn words(self, lang: Lang) -> &'static Words {
        words::of(self, lang)
    }

    /// The formula the entry shows, if it has one.
    pub fn formula(self) -> Option<&'static Math> {
        formulas::of(self)
    }

    /// The element of the page that embodies the concept.
    pub fn target(self) -> Target {
        let on = |testid, lesson| Target { testid, lesson: Some(lesson) };
        let any = |testid| Target { testid, lesson: None };
        match self {
            ConceptId::Attention => any("attention-map"),
            ConceptId::Qkv => any("qkv-stage-projections"),
            ConceptId::Softmax => any("matrix-weights"),
            ConceptId::Scaling => any("matrix-scaled"),
            ConceptId::SelfAttention => any("head-view"),
            ConceptId::CrossAttention => on("cross-attention", LessonId::Translate),
            ConceptId::MultiHead => any("model-view"),
            ConceptId::PositionalEncoding => any("positional-select"),
            ConceptId::Mask => any("matrix-mask"),
            ConceptId::LocalAttention => any("window-input"),
            ConceptId::Loss => any("loss-chart"),
            ConceptId::Optimizer => any("optimizer-select"),
            ConceptId::Overfitting => any("accuracy-chart"),
            ConceptId::Interpretability => any("saliency"),
        }
    }

    /// The concept a settings control (named by its `Config` key) is about, for its inline hint.
    pub fn of_control(key: &str) -> Option<ConceptId> {
        Some(match key {
            "n_heads" => ConceptId::MultiHead,
            "d_model" => ConceptId::Qkv,
            "positional" => ConceptId::PositionalEncoding,
            "scaled" => ConceptId::Scaling,
            "causal" => ConceptId::Mask,
            "window" | "stride" => ConceptId::LocalAttention,
            "optimizer" | "lr" | "momentum" => ConceptId::Optimizer,
            "dropout" | "weight_decay" | "early_stop" | "split_train" | "split_val" => ConceptId::Overfitting,
            _ => return None,
        })
    }
}

/// An entry's text in one language.
#[derive(Debug)]
pub struct Words {
    pub title: &'static str,
    /// The one-line version, shown beside controls and view labels.
    pub line: &'static str,
    /// Two or three short paragraphs.
    pub body: &'static [&'static str],
}

/// Where a concept lives on the page: the `data-testid` of the element "show me" highlights, and
/// the lesson whose page has it when only one lesson's does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub testid: &'static str,
    pub lesson: Option<LessonId>,
}
