//! The guide's formulas as small math trees: the page writes each node as the MathML element of
//! the same name, and [`Math::text`] gives the plain-text reading. Every formula is the one the
//! code computes (see `model/attention.rs`, `model/position.rs`, `pattern.rs`, `model/loss.rs`,
//! `train/inspect.rs`); tests in `tests/concepts.rs` evaluate the attention formulas against the
//! model.

use super::ConceptId;

/// One node of a formula.
#[derive(Debug, PartialEq)]
pub enum Math {
    /// A name: `<mi>`.
    I(&'static str),
    /// A number: `<mn>`.
    N(&'static str),
    /// An operator or bracket: `<mo>`.
    O(&'static str),
    /// A label that reads the same in every language (`head`, `CE`): `<mtext>`.
    T(&'static str),
    /// Words inside a formula, in English and Chinese: `<mtext>`.
    Say(&'static str, &'static str),
    /// A group: `<mrow>`.
    Row(&'static [Math]),
    /// `<mfrac>`: numerator, denominator.
    Frac(&'static Math, &'static Math),
    /// `<msqrt>`.
    Sqrt(&'static Math),
    /// `<msup>`: base, exponent.
    Sup(&'static Math, &'static Math),
    /// `<msub>`: base, index.
    Sub(&'static Math, &'static Math),
    /// `<munder>`: an operator with a limit under it (Σ over j).
    Under(&'static Math, &'static Math),
    /// Several formulas, one per line: `<mtable>`.
    Lines(&'static [Math]),
}

use crate::config::Lang;
use Math::{Frac, I, Lines, N, O, Row, Say, Sqrt, Sub, Sup, T, Under};

impl Math {
    /// The formula as one line of plain text (`softmax(Q·Kᵀ / √d_head)·V`), for tests and logs.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            I(s) | N(s) | T(s) => s.to_string(),
            Say(en, zh) => if lang == Lang::Zh { zh } else { en }.to_string(),
            O(s) => match *s {
                "=" | "+" | "−" | "←" | "≤" | "," => format!(" {s} "),
                _ => s.to_string(),
            },
            Row(items) => items.iter().map(|m| m.text(lang)).collect(),
            Frac(a, b) => format!("({}) / ({})", a.text(lang), b.text(lang)),
            Sqrt(a) => format!("√({})", a.text(lang)),
            Sup(a, b) => format!("{}^{}", a.text(lang), b.text(lang)),
            Sub(a, b) => format!("{}_{}", a.text(lang), b.text(lang)),
            Under(a, b) => format!("{}_{}", a.text(lang), b.text(lang)),
            Lines(lines) => lines.iter().map(|m| m.text(lang)).collect::<Vec<_>>().join(" ; "),
        }
    }
}

// Pieces used in several formulas.
const D_HEAD: Math = Sub(&I("d"), &T("head"));
const KT: Math = Sup(&I("K"), &I("T"));
const X_HAT: Math = I("x̂");
const SCALED_SCORES: Math = Frac(&Row(&[I("Q"), O("·"), KT]), &Sqrt(&D_HEAD));
/// softmax(Q·Kᵀ / √d_head)·V
const ATTENTION: Math = Row(&[I("softmax"), O("("), SCALED_SCORES, O(")"), O("·"), I("V")]);
/// The article's formula: softmax(Q·Kᵀ)·V
const ATTENTION_UNSCALED: Math = Row(&[I("softmax"), O("("), I("Q"), O("·"), KT, O(")"), O("·"), I("V")]);

/// `name = input·W_name + b_name`
macro_rules! projection {
    ($out:literal, $input:expr, $w:literal) => {
        Row(&[I($out), O("="), $input, O("·"), Sub(&I("W"), &I($w)), O("+"), Sub(&I("b"), &I($w))])
    };
}

const QKV: Math = Lines(&[
    Row(&[X_HAT, O("="), I("LayerNorm"), O("("), I("x"), O(")")]),
    projection!("Q", X_HAT, "Q"),
    projection!("K", X_HAT, "K"),
    projection!("V", X_HAT, "V"),
]);

const SOFTMAX: Math = Row(&[
    Sub(&Row(&[I("softmax"), O("("), I("s"), O(")")]), &I("j")),
    O("="),
    Frac(
        &Sup(&I("e"), &Sub(&I("s"), &I("j"))),
        &Row(&[Under(&O("Σ"), &I("k")), Sup(&I("e"), &Sub(&I("s"), &I("k")))]),
    ),
]);

const SCALING: Math = Lines(&[
    Row(&[
        I("A"),
        O("="),
        I("softmax"),
        O("("),
        SCALED_SCORES,
        O(")"),
        O(","),
        D_HEAD,
        O("="),
        Frac(&Sub(&I("d"), &T("model")), &I("h")),
    ]),
    Row(&[Say("the article: ", "原文："), I("A"), O("="), I("softmax"), O("("), I("Q"), O("·"), KT, O(")")]),
]);

const SELF_ATTENTION: Math = Lines(&[
    Row(&[I("y"), O("="), ATTENTION]),
    Row(&[I("Q"), O(","), I("K"), O(","), I("V"), Say(" all from the same ", " 都来自同一个 "), X_HAT]),
]);

const MEMORY: Math = I("m");
const CROSS_ATTENTION: Math = Lines(&[
    projection!("Q", X_HAT, "Q"),
    projection!("K", MEMORY, "K"),
    projection!("V", MEMORY, "V"),
    Row(&[I("y"), O("="), ATTENTION]),
]);

const MULTI_HEAD: Math = Lines(&[
    Row(&[
        Sub(&T("head"), &I("i")),
        O("="),
        I("softmax"),
        O("("),
        Frac(&Row(&[Sub(&I("Q"), &I("i")), O("·"), Sup(&Sub(&I("K"), &I("i")), &I("T"))]), &Sqrt(&D_HEAD)),
        O(")"),
        O("·"),
        Sub(&I("V"), &I("i")),
    ]),
    Row(&[
        I("y"),
        O("="),
        I("Concat"),
        O("("),
        Sub(&T("head"), &N("1")),
        O(","),
        O("…"),
        O(","),
        Sub(&T("head"), &I("h")),
        O(")"),
        O("·"),
        Sub(&I("W"), &I("O")),
        O("+"),
        Sub(&I("b"), &I("O")),
    ]),
]);

/// 10000^(2k / d_model)
const WAVELENGTH: Math = Sup(&N("10000"), &Row(&[N("2"), I("k"), O("/"), Sub(&I("d"), &T("model"))]));
const POSITIONAL: Math = Lines(&[
    Row(&[
        Sub(&I("x"), &I("p")),
        O("="),
        I("embed"),
        O("("),
        Sub(&I("token"), &I("p")),
        O(")"),
        O("+"),
        Sub(&I("P"), &I("p")),
    ]),
    Row(&[
        Sub(&I("P"), &Row(&[I("p"), O(","), N("2"), I("k")])),
        O("="),
        I("sin"),
        O("("),
        Frac(&I("p"), &WAVELENGTH),
        O(")"),
        O(","),
        Sub(&I("P"), &Row(&[I("p"), O(","), N("2"), I("k"), O("+"), N("1")])),
        O("="),
        I("cos"),
        O("("),
        Frac(&I("p"), &WAVELENGTH),
        O(")"),
    ]),
]);

const M_IJ: Math = Sub(&I("M"), &Row(&[I("i"), I("j")]));
const MASK: Math = Lines(&[
    Row(&[I("A"), O("="), I("softmax"), O("("), SCALED_SCORES, O("+"), I("M"), O(")")]),
    Row(&[
        M_IJ,
        O("="),
        N("0"),
        Say(" if query i may see key j, else ", "（查询 i 能看到键 j），否则 "),
        O("−∞"),
    ]),
]);

const DISTANCE: Math = Row(&[O("|"), I("i"), O("−"), I("j"), O("|")]);
const LOCAL: Math = Lines(&[
    Row(&[
        M_IJ,
        O("="),
        N("0"),
        Say(" if ", "，若 "),
        DISTANCE,
        O("≤"),
        I("w"),
        Say("; otherwise ", "；否则 "),
        O("−∞"),
    ]),
    Row(&[
        Say("stride: ", "步长："),
        M_IJ,
        O("="),
        N("0"),
        Say(" also if ", " 也成立，若 "),
        DISTANCE,
        O("mod"),
        I("s"),
        O("="),
        N("0"),
    ]),
]);

const LOSS: Math = Lines(&[
    Row(&[
        Sub(&I("L"), &T("CE")),
        O("="),
        O("−"),
        Frac(&N("1"), &I("N")),
        Under(&O("Σ"), &I("n")),
        I("log"),
        Sub(&I("p"), &I("θ")),
        O("("),
        Sub(&I("y"), &I("n")),
        O("|"),
        Sub(&I("x"), &I("n")),
        O(")"),
    ]),
    Row(&[
        Sub(&I("L"), &T("MSE")),
        O("="),
        Frac(&N("1"), &I("N")),
        Under(&O("Σ"), &I("n")),
        Sup(&Row(&[O("("), Sub(&I("ŷ"), &I("n")), O("−"), Sub(&I("y"), &I("n")), O(")")]), &N("2")),
    ]),
]);

const OPTIMIZER: Math = Lines(&[
    Row(&[T("SGD: "), I("θ"), O("←"), I("θ"), O("−"), I("η"), O("∇"), I("L")]),
    Row(&[
        T("Adam: "),
        I("θ"),
        O("←"),
        I("θ"),
        O("−"),
        I("η"),
        Frac(&I("m̂"), &Row(&[Sqrt(&I("v̂")), O("+"), I("ε")])),
    ]),
]);

const OVERFITTING: Math = Lines(&[
    Row(&[Say("precision", "精确率"), O("="), Frac(&T("TP"), &Row(&[T("TP"), O("+"), T("FP")]))]),
    Row(&[Say("recall", "召回率"), O("="), Frac(&T("TP"), &Row(&[T("TP"), O("+"), T("FN")]))]),
]);

const INTERPRETABILITY: Math = Row(&[
    Sub(&Say("saliency", "显著性"), &I("i")),
    O("="),
    Under(&O("Σ"), &I("j")),
    Frac(&Row(&[O("∂"), I("s")]), &Row(&[O("∂"), Sub(&I("e"), &Row(&[I("i"), I("j")]))])),
    O("·"),
    Sub(&I("e"), &Row(&[I("i"), I("j")])),
]);

/// The formula of a concept.
pub(super) fn of(id: ConceptId) -> Option<&'static Math> {
    Some(match id {
        ConceptId::Attention => &ATTENTION_ENTRY,
        ConceptId::Qkv => &QKV,
        ConceptId::Softmax => &SOFTMAX,
        ConceptId::Scaling => &SCALING,
        ConceptId::SelfAttention => &SELF_ATTENTION,
        ConceptId::CrossAttention => &CROSS_ATTENTION,
        ConceptId::MultiHead => &MULTI_HEAD,
        ConceptId::PositionalEncoding => &POSITIONAL,
        ConceptId::Mask => &MASK,
        ConceptId::LocalAttention => &LOCAL,
        ConceptId::Loss => &LOSS,
        ConceptId::Optimizer => &OPTIMIZER,
        ConceptId::Overfitting => &OVERFITTING,
        ConceptId::Interpretability => &INTERPRETABILITY,
    })
}

const ATTENTION_ENTRY: Math =
    Row(&[I("Attention"), O("("), I("Q"), O(","), I("K"), O(","), I("V"), O(")"), O("="), ATTENTION]);
const ATTENTION_ENTRY_UNSCALED: Math = Row(&[
    I("Attention"),
    O("("),
    I("Q"),
    O(","),
    I("K"),
    O(","),
    I("V"),
    O(")"),
    O("="),
    ATTENTION_UNSCALED,
]);

/// The attention formula with the scaling (`scaled`) or as the seed article writes it.
pub fn attention(scaled: bool) -> &'static Math {
    if scaled { &ATTENTION_ENTRY } else { &ATTENTION_ENTRY_UNSCALED }
}
