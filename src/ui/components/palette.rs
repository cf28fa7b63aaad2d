//! A sequential colour scale for weights in [0, 1]: viridis (perceptually uniform, readable in
//! grey and for the common forms of colour blindness).

const STOPS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (72, 40, 120),
    (62, 74, 137),
    (49, 104, 142),
    (38, 130, 142),
    (31, 158, 137),
    (53, 183, 121),
    (109, 205, 89),
    (253, 231, 37),
];

/// CSS colour of `value` (clamped to [0, 1]).
pub fn viridis(value: f32) -> String {
    let v = if value.is_finite() { value.clamp(0.0, 1.0) } else { 0.0 };
    let x = v * (STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f32;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: u8, q: u8| (p as f32 + (q as f32 - p as f32) * f).round() as u8;
    format!("rgb({},{},{})", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `viridis(value)` should be dark (the bright end) or light.
pub fn dark_text_on(value: f32) -> bool {
    value > 0.6
}

/// The legend's CSS gradient.
pub fn gradient() -> String {
    let stops: Vec<String> = STOPS
        .iter()
        .enumerate()
        .map(|(i, (r, g, b))| format!("rgb({r},{g},{b}) {}%", i * 100 / (STOPS.len() - 1)))
        .collect();
    format!("linear-gradient(to right, {})", stops.join(", "))
}

/// A diverging scale for signed numbers (scores, Q, K, V, saliency): purple below zero, white at
/// zero, orange above (PuOr, safe for the common forms of colour blindness). `value` is divided
/// by `max_abs` first.
pub fn diverging(value: f32, max_abs: f32) -> String {
    const NEGATIVE: (f32, f32, f32) = (94.0, 60.0, 153.0);
    const POSITIVE: (f32, f32, f32) = (230.0, 97.0, 1.0);
    let t = if value.is_finite() && max_abs > 0.0 { (value / max_abs).clamp(-1.0, 1.0) } else { 0.0 };
    let end = if t < 0.0 { NEGATIVE } else { POSITIVE };
    let a = t.abs();
    let mix = |c: f32| (255.0 + (c - 255.0) * a).round() as u8;
    format!("rgb({},{},{})", mix(end.0), mix(end.1), mix(end.2))
}

/// Whether text on `diverging(value, max_abs)` should be light (the saturated ends) or dark.
pub fn light_text_on_diverging(value: f32, max_abs: f32) -> bool {
    max_abs > 0.0 && (value / max_abs).abs() > 0.65
}

/// The legend of the diverging scale.
pub fn diverging_gradient() -> String {
    "linear-gradient(to right, rgb(94,60,153), rgb(255,255,255), rgb(230,97,1))".into()
}

/// One colour per head or word group: the Okabe–Ito palette, distinguishable with every common
/// form of colour blindness.
pub const CATEGORICAL: [&str; 8] =
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

pub fn categorical(i: usize) -> &'static str {
    CATEGORICAL[i % CATEGORICAL.len()]
}
