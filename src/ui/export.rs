//! Files in and out (and the clipboard): saving what the page shows (text files such as CSV, charts as standalone SVG
//! or PNG images, model files) and reading a file the learner picked.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement, Url};

/// Style properties a chart takes from the page's CSS; an exported SVG carries them inline.
const STYLED: [&str; 9] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "font-size",
    "font-family",
    "font-weight",
    "text-anchor",
];
/// Height of one legend row in an exported chart, in SVG units.
const LEGEND_ROW: f64 = 16.0;
/// An exported PNG has this many pixels per SVG unit.
const PNG_SCALE: f64 = 2.0;

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// Puts `text` on the clipboard. If the browser refuses, the text is still on screen to copy
/// by hand.
pub fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else { return };
    let written = window.navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(written).await;
    });
}

/// Offers `text` as a file called `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    download(name, mime, &JsValue::from_str(text))
}

/// Offers `bytes` as a file called `name`.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download(name, mime, &js_sys::Uint8Array::from(bytes))
}

/// The bytes of a file the learner picked.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn download(name: &str, mime: &str, part: &JsValue) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(part);
    let blob = Blob::new_with_buffer_source_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let saved = download_url(name, &url);
    // Let the click start the download before the address is released.
    gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    saved
}

fn download_url(name: &str, url: &str) -> Result<(), String> {
    let document = leptos::prelude::document();
    let anchor: HtmlAnchorElement =
        document.create_element("a").map_err(describe)?.dyn_into().map_err(|_| "no anchor".to_string())?;
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.style().set_property("display", "none").map_err(describe)?;
    let body = document.body().ok_or("no body")?;
    body.append_child(&anchor).map_err(describe)?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// The chart `svg` as a standalone SVG document: the page's styles inlined, the background of the
/// panel it sits on and the page's ink for the legend (so the file looks as the chart does on the
/// screen, in the light theme or the dark one), and a legend of `series` (name of each `g.series`
/// in order) below the plot.
pub fn chart_svg(svg: &Element, series: &[String]) -> Result<String, String> {
    let window = leptos::prelude::window();
    let copy: Element =
        svg.clone_node_with_deep(true).map_err(describe)?.dyn_into().map_err(|_| "not an element")?;
    let originals = svg.query_selector_all("*").map_err(describe)?;
    let copies = copy.query_selector_all("*").map_err(describe)?;
    for i in 0..originals.length() {
        let (Some(original), Some(target)) = (originals.item(i), copies.item(i)) else { continue };
        let (Ok(original), Ok(target)) = (original.dyn_into::<Element>(), target.dyn_into::<Element>())
        else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&original) else { continue };
        let inline: String = STYLED
            .iter()
            .filter_map(|p| {
                style.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v};"))
            })
            .collect();
        target.set_attribute("style", &inline).map_err(describe)?;
    }
    // The plot's size, from its viewBox ("0 0 width height").
    let view_box = svg.get_attribute("viewBox").unwrap_or_default();
    let size: Vec<f64> = view_box.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    let (width, height) = match size.as_slice() {
        [_, _, w, h] => (*w, *h),
        _ => (480.0, 220.0),
    };
    let total = height + LEGEND_ROW * series.len() as f64 + 6.0;
    let computed = |element: Option<Element>, property: &str, fallback: &str| {
        element
            .and_then(|e| window.get_computed_style(&e).ok().flatten())
            .and_then(|style| style.get_property_value(property).ok())
            .filter(|v| !v.is_empty() && v != "rgba(0, 0, 0, 0)")
            .unwrap_or_else(|| fallback.to_string())
    };
    let paper = computed(svg.closest(".panel").ok().flatten(), "background-color", "#fff");
    let ink = computed(Some(svg.clone()), "color", "#222");
    let groups = svg.query_selector_all("g.series").map_err(describe)?;
    let mut legend = String::new();
    for (i, name) in series.iter().enumerate() {
        let colour = groups
            .item(i as u32)
            .and_then(|g| g.dyn_into::<Element>().ok())
            .and_then(|g| g.query_selector("path").ok().flatten())
            .and_then(|path| window.get_computed_style(&path).ok().flatten())
            .and_then(|style| style.get_property_value("stroke").ok())
            .unwrap_or_else(|| "#333".into());
        let y = height + LEGEND_ROW * (i as f64 + 0.5) + 4.0;
        legend.push_str(&format!(
            r#"<line x1="56" x2="76" y1="{y}" y2="{y}" style="stroke:{colour};stroke-width:3"/><text x="82" y="{ty}" style="font-size:11px;font-family:sans-serif;fill:{ink}">{name}</text>"#,
            ty = y + 4.0,
            name = escape(name),
        ));
    }
    copy.set_attribute("viewBox", &format!("0 0 {width} {total}")).map_err(describe)?;
    copy.set_attribute("width", &width.to_string()).map_err(describe)?;
    copy.set_attribute("height", &total.to_string()).map_err(describe)?;
    let background = format!(r#"<rect x="0" y="0" width="{width}" height="{total}" style="fill:{paper}"/>"#);
    copy.insert_adjacent_html("afterbegin", &background).map_err(describe)?;
    copy.insert_adjacent_html("beforeend", &legend).map_err(describe)?;
    let serializer = web_sys::XmlSerializer::new().map_err(describe)?;
    let text = serializer.serialize_to_string(&copy).map_err(describe)?;
    Ok(format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Offers the standalone SVG `svg` as a PNG file, drawn at [`PNG_SCALE`] pixels per unit.
pub fn download_png(name: String, svg: String) -> Result<(), String> {
    let image = HtmlImageElement::new().map_err(describe)?;
    let source = format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(&svg));
    let drawn = image.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Err(why) = draw_png(&name, &drawn) {
            leptos::logging::error!("PNG export failed: {why}");
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&source);
    Ok(())
}

fn draw_png(name: &str, image: &HtmlImageElement) -> Result<(), String> {
    let document = leptos::prelude::document();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "no canvas".to_string())?;
    let (width, height) =
        (image.natural_width() as f64 * PNG_SCALE, image.natural_height() as f64 * PNG_SCALE);
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or("no 2-D context")?
        .dyn_into()
        .map_err(|_| "no 2-D context".to_string())?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, width, height)
        .map_err(describe)?;
    let url = canvas.to_data_url_with_type("image/png").map_err(describe)?;
    download_url(name, &url)
}
