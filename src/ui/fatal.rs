//! A panic on the page: instead of a page that silently stops answering, a panel says so, shows
//! what went wrong with a button to copy it (for a bug report), and offers to reload (the model
//! kept in the browser comes back). Built with plain DOM calls, not the reactive system, which
//! may be what panicked; the panic's text is set as text, never parsed as markup.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

/// Logs every panic to the console and shows the panel for the first.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.query_selector("[data-testid=error-panel]").ok().flatten().is_some() {
        return; // the first panic is the one worth reading
    }
    let chinese = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .is_some_and(|lang| lang.starts_with("zh"));
    let (what, copy, reload) = if chinese {
        ("页面出错了，已停止响应。重新加载后，浏览器中保存的模型会回来。", "复制详细信息", "重新加载")
    } else {
        (
            "Something went wrong on the page, and it stopped responding. Reload it: the model kept in this browser comes back.",
            "Copy details",
            "Reload",
        )
    };
    let Ok(panel) = build(&document, what, details, copy, reload) else { return };
    let _ = body.prepend_with_node_1(&panel);
}

fn element(document: &Document, tag: &str, text: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    element.set_text_content(Some(text));
    Ok(element)
}

fn on_click(element: &Element, action: impl Fn() + 'static) -> Result<(), JsValue> {
    let action = Closure::<dyn Fn()>::new(action);
    element.add_event_listener_with_callback("click", action.as_ref().unchecked_ref())?;
    action.forget();
    Ok(())
}

fn build(
    document: &Document,
    what: &str,
    details: &str,
    copy: &str,
    reload: &str,
) -> Result<Element, JsValue> {
    let panel = document.create_element("div")?;
    panel.set_class_name("error fatal");
    panel.set_attribute("role", "alert")?;
    panel.set_attribute("data-testid", "error-panel")?;
    let what = element(document, "p", what)?;
    panel.append_child(&what)?;
    let pre = element(document, "pre", details)?;
    pre.set_attribute("data-testid", "error-details")?;
    panel.append_child(&pre)?;
    let copy = element(document, "button", copy)?;
    copy.set_attribute("data-testid", "copy-details")?;
    let text = details.to_string();
    on_click(&copy, move || super::export::copy_text(&text))?;
    panel.append_child(&copy)?;
    let reload = element(document, "button", reload)?;
    on_click(&reload, || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    })?;
    panel.append_child(&reload)?;
    Ok(panel)
}

/// Test hook: panics, so that a browser test can see the panel a panic shows. Nothing on the
/// page calls it.
#[wasm_bindgen]
pub fn panic_for_test() {
    panic!("a test asked the page to panic");
}
