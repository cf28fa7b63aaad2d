//! The views' colour scales, as plain numbers the page draws with, and the ink that reads on
//! them. A sequential scale for weights in [0, 1]: viridis (perceptually uniform, readable in grey
//! and for the common forms of colour blindness).

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

/// A colour as red, green and blue, 0–255.
pub type Rgb = (u8, u8, u8);

fn css((r, g, b): Rgb) -> String {
    format!("rgb({r},{g},{b})")
}

/// The viridis colour of `value` (clamped to [0, 1]), for pixels drawn directly.
pub fn viridis_rgb(value: f32) -> Rgb {
    let v = if value.is_finite() { value.clamp(0.0, 1.0) } else { 0.0 };
    let x = v * (STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f32;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: u8, q: u8| (p as f32 + (q as f32 - p as f32) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// CSS colour of `value` (clamped to [0, 1]).
pub fn viridis(value: f32) -> String {
    css(viridis_rgb(value))
}

/// WCAG relative luminance.
fn luminance((r, g, b): Rgb) -> f32 {
    let channel = |c: u8| {
        let c = c as f32 / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// Dark text on coloured cells: black. Black or white, whichever contrasts more with a
/// background, always reaches 4.58 : 1 (WCAG asks 4.5 : 1); a softer dark ink would not on the
/// middle of the scales.
pub const DARK_INK: &str = "#000";
fn dark_reads_better(background: Rgb) -> bool {
    let l = luminance(background);
    (l + 0.05) / 0.05 > 1.05 / (l + 0.05)
}

/// Whether text on `viridis(value)` should be dark (the bright end) or light.
pub fn dark_text_on(value: f32) -> bool {
    dark_reads_better(viridis_rgb(value))
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
    css(diverging_rgb(value, max_abs))
}

fn diverging_rgb(value: f32, max_abs: f32) -> Rgb {
    const NEGATIVE: (f32, f32, f32) = (94.0, 60.0, 153.0);
    const POSITIVE: (f32, f32, f32) = (230.0, 97.0, 1.0);
    let t = if value.is_finite() && max_abs > 0.0 { (value / max_abs).clamp(-1.0, 1.0) } else { 0.0 };
    let end = if t < 0.0 { NEGATIVE } else { POSITIVE };
    let a = t.abs();
    let mix = |c: f32| (255.0 + (c - 255.0) * a).round() as u8;
    (mix(end.0), mix(end.1), mix(end.2))
}

/// Whether text on `diverging(value, max_abs)` should be light (the saturated ends) or dark.
pub fn light_text_on_diverging(value: f32, max_abs: f32) -> bool {
    !dark_reads_better(diverging_rgb(value, max_abs))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn contrast(a: f32, b: f32) -> f32 {
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn text_on_every_colour_of_both_scales_reaches_4_5_to_1() {
        for i in 0..=200 {
            let v = i as f32 / 200.0;
            for (background, dark) in [
                (viridis_rgb(v), dark_text_on(v)),
                (diverging_rgb(v * 2.0 - 1.0, 1.0), !light_text_on_diverging(v * 2.0 - 1.0, 1.0)),
            ] {
                let ink = if dark { 0.0 } else { 1.0 };
                let ratio = contrast(luminance(background), ink);
                assert!(ratio >= 4.5, "{background:?}: {ratio}");
            }
        }
    }
}
