//! How the page learns that this worker died: the worker holds a Web Lock for as long as it
//! lives (the browser releases it when the worker ends, however it ends), and a panic is told on
//! a `BroadcastChannel` of the same name before the worker closes itself (a WebAssembly module
//! that panicked cannot be trusted to run on).

use std::cell::RefCell;

use futures::channel::oneshot;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The name the page gave: of the lock and of the channel.
    static NAME: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Holds the lock `name` until the worker ends; resolves once it is held. Fails where the
/// browser has no Web Locks (e.g. a page served over plain HTTP from another machine).
pub async fn hold(name: &str) -> Result<(), String> {
    NAME.with(|n| *n.borrow_mut() = Some(name.to_string()));
    let locks = Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| Reflect::get(&navigator, &"locks".into()))
        .map_err(|_| "no navigator".to_string())?;
    if locks.is_undefined() || locks.is_null() {
        return Err("this browser has no Web Locks here".into());
    }
    let request: Function = Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("no locks.request")?;
    let (granted, held) = oneshot::channel::<()>();
    // Called when the lock is granted; the promise it returns never settles, so the lock is
    // released only when the worker ends.
    let on_granted = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        let _ = granted.send(());
        Promise::new(&mut |_, _| {})
    });
    request.call2(&locks, &name.into(), &on_granted).map_err(|e| format!("{e:?}"))?;
    held.await.map_err(|_| "the lock was never granted".to_string())
}

/// The panic hook's end: tells the page what went wrong, then ends the worker (which releases
/// the lock: the page restarts a fresh worker).
pub fn panicked(details: String) {
    let name = NAME.with(|n| n.borrow().clone());
    if let Some(name) = name
        && let Ok(channel) = web_sys::BroadcastChannel::new(&name)
    {
        let _ = channel.post_message(&details.into());
    }
    if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
        scope.close();
    }
}
