//! Asking the browser for a WebGPU adapter. The page asks before it starts a worker (to choose
//! the build with or without WebGPU); the worker asks again before it starts burn's wgpu runtime.
//! Both run this, in a window or in a worker (`js_sys::global()` is either).

use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::{Adapter, NoWebGpu};

/// `navigator.gpu.requestAdapter({ powerPreference: "high-performance" })`, described as "vendor
/// architecture description". burn's wgpu runtime asks for the high-performance adapter too, so
/// on a machine with two GPUs (a laptop's integrated and discrete ones) the adapter described is
/// the one that trains.
pub async fn request_adapter() -> Result<Adapter, NoWebGpu> {
    let gpu = get(&get(&js_sys::global(), "navigator"), "gpu");
    if gpu.is_undefined() || gpu.is_null() {
        return Err(NoWebGpu::NoApi);
    }
    let request: js_sys::Function = get(&gpu, "requestAdapter").dyn_into().map_err(|_| NoWebGpu::NoApi)?;
    let failed = |e: JsValue| NoWebGpu::Failed(describe(e));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"powerPreference".into(), &"high-performance".into()).map_err(failed)?;
    let promise: js_sys::Promise = request
        .call1(&gpu, &options)
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| NoWebGpu::Failed("requestAdapter returned no promise".into()))?;
    let adapter = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(failed)?;
    if adapter.is_null() || adapter.is_undefined() {
        return Err(NoWebGpu::NoAdapter);
    }
    let adapter_info = get(&adapter, "info");
    let text = |key: &str| get(&adapter_info, key).as_string().filter(|s| !s.is_empty());
    let software = get(&adapter_info, "isFallbackAdapter")
        .as_bool()
        .or_else(|| get(&adapter, "isFallbackAdapter").as_bool());
    let name = [text("vendor"), text("architecture"), text("description")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Adapter { name, software: software == Some(true) })
}

/// `target[key]`, or `undefined` where reading it throws.
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn describe(error: JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
