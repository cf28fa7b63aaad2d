//! A small SVG line chart: a few series of (x, y) points, linear or log y axis. Knows nothing of
//! training; it is fed plain numbers.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::export;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// Points drawn per series at most; longer series are averaged into this many buckets.
const MAX_POINTS: usize = 400;

type Points = Vec<(f64, f64)>;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// CSS class giving the colour and style.
    pub class: &'static str,
    pub points: Vec<(f64, f64)>,
    /// Draw a dot at each point (for sparse series).
    pub dots: bool,
}

/// Averages consecutive points into at most `max` buckets, keeping the first and the last.
pub fn downsample(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    if points.len() <= max || max < 2 {
        return points.to_vec();
    }
    let size = points.len().div_ceil(max);
    points
        .chunks(size)
        .map(|chunk| {
            let n = chunk.len() as f64;
            (chunk.iter().map(|p| p.0).sum::<f64>() / n, chunk.iter().map(|p| p.1).sum::<f64>() / n)
        })
        .collect()
}

/// "Nice" tick values between `lo` and `hi`.
fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![lo];
    }
    let raw = (hi - lo) / count as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(raw);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + step * 1e-9 {
        out.push(v);
        v += step;
    }
    out
}

fn label(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.1}")
    } else if v.abs() >= 0.01 {
        format!("{v:.2}")
    } else {
        format!("{v:.0e}")
    }
}

/// The chart. `y_range`: fixed bounds (e.g. 0–1 for accuracy), or `None` to fit the data.
#[component]
pub fn LineChart(
    #[prop(into)] series: Signal<Vec<Series>>,
    #[prop(into)] log_y: Signal<bool>,
    y_range: Option<(f64, f64)>,
    x_label: Signal<&'static str>,
    #[prop(into)] summary: Signal<String>,
    /// Names the exported files (`{name}.svg`, `{name}.png`); empty: no export buttons.
    #[prop(optional)]
    name: &'static str,
) -> impl IntoView {
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // The chart as a standalone SVG document, with its legend.
    let standalone = move || -> Result<String, String> {
        let svg = svg_ref.get_untracked().ok_or("the chart is not drawn")?;
        let names: Vec<String> = series.get_untracked().into_iter().map(|s| s.name).collect();
        export::chart_svg(svg.unchecked_ref(), &names)
    };
    let save_svg = move |_| {
        if let Err(why) =
            standalone().and_then(|svg| export::download_text(&format!("{name}.svg"), "image/svg+xml", &svg))
        {
            leptos::logging::error!("SVG export failed: {why}");
        }
    };
    let save_png = move |_| {
        if let Err(why) = standalone().and_then(|svg| export::download_png(format!("{name}.png"), svg)) {
            leptos::logging::error!("PNG export failed: {why}");
        }
    };
    let layout = Memo::new(move |_| {
        let series = series.get();
        let log = log_y.get();
        let transform = move |y: f64| if log { y.max(1e-6).log10() } else { y };
        let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
        let all: Vec<(f64, f64)> =
            series.iter().flat_map(|s| s.points.iter().filter(finite).copied()).collect();
        let x_max = all.iter().map(|p| p.0).fold(1.0, f64::max);
        let (mut y_lo, mut y_hi) = match y_range {
            Some((lo, hi)) => (transform(lo.max(if log { 1e-6 } else { lo })), transform(hi)),
            None => {
                let ys = all.iter().map(|p| transform(p.1));
                let lo = ys.clone().fold(f64::INFINITY, f64::min);
                let hi = ys.fold(f64::NEG_INFINITY, f64::max);
                if lo.is_finite() { (if log { lo } else { lo.min(0.0) }, hi) } else { (0.0, 1.0) }
            }
        };
        if y_hi - y_lo < 1e-9 {
            y_hi = y_lo + 1.0;
        }
        if log {
            y_lo = y_lo.floor();
            y_hi = y_hi.ceil().max(y_lo + 1.0);
        }
        let sx = move |x: f64| LEFT + x / x_max * (WIDTH - LEFT - RIGHT);
        let sy = move |y: f64| TOP + (1.0 - (transform(y) - y_lo) / (y_hi - y_lo)) * (HEIGHT - TOP - BOTTOM);
        // (series, SVG path, dot positions)
        let lines: Vec<(Series, String, Points)> = series
            .into_iter()
            .map(|s| {
                let pts: Vec<(f64, f64)> =
                    downsample(&s.points.iter().filter(finite).copied().collect::<Vec<_>>(), MAX_POINTS);
                let path = pts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, sx(p.0), sy(p.1)))
                    .collect::<Vec<_>>()
                    .join(" ");
                let dots = if s.dots { pts.iter().map(|p| (sx(p.0), sy(p.1))).collect() } else { Vec::new() };
                (s, path, dots)
            })
            .collect();
        let y_ticks: Vec<(f64, String)> = if log {
            (y_lo as i32..=y_hi as i32).map(|e| (sy(10f64.powi(e)), label(10f64.powi(e)))).collect()
        } else {
            ticks(y_lo, y_hi, 4).into_iter().map(|v| (sy(v), label(v))).collect()
        };
        let x_ticks: Vec<(f64, String)> =
            ticks(0.0, x_max, 5).into_iter().map(|v| (sx(v), format!("{v:.0}"))).collect();
        (lines, y_ticks, x_ticks)
    });

    view! {
        <figure class="chart">
            <svg node_ref=svg_ref viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || summary.get()>
                {move || {
                    let (lines, y_ticks, x_ticks) = layout.get();
                    view! {
                        <g class="grid">
                            {y_ticks.into_iter().map(|(y, text)| view! {
                                <line x1=LEFT x2=WIDTH - RIGHT y1=y y2=y/>
                                <text x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{text}</text>
                            }).collect_view()}
                            {x_ticks.into_iter().map(|(x, text)| view! {
                                <text x=x y=HEIGHT - 8.0 text-anchor="middle">{text}</text>
                            }).collect_view()}
                        </g>
                        {lines.into_iter().map(|(s, path, dots)| view! {
                            <g class=format!("series {}", s.class) data-series=s.name.clone()>
                                <path d=path fill="none"/>
                                {dots.into_iter().map(|(x, y)| view! { <circle cx=x cy=y r="2.5"/> }).collect_view()}
                            </g>
                        }).collect_view()}
                    }
                }}
            </svg>
            <figcaption>
                {move || series.get().into_iter().map(|s| view! {
                    <span class=format!("key {}", s.class)>{s.name}</span>
                }).collect_view()}
                <span class="x-label">{move || x_label.get()}</span>
                {(!name.is_empty()).then(|| view! {
                    <span class="chart-export">
                        <button type="button" class="small" data-testid="export-svg" data-chart=name on:click=save_svg>"SVG"</button>
                        <button type="button" class="small" data-testid="export-png" data-chart=name on:click=save_png>"PNG"</button>
                    </span>
                })}
            </figcaption>
        </figure>
    }
}
