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
