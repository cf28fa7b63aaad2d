//! Noticing that the training worker died. The worker holds a Web Lock named by the page for as
//! long as it lives; the page asks for the same lock, which the browser grants only once the
//! worker has ended, however it ended (a panic, a lost GPU, the browser killing it). A panicking
//! worker first says why on a `BroadcastChannel` of that name.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

thread_local! {
    /// What each worker said when it panicked, by name.
    static LAST_WORDS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    /// The open channels (a channel closed by the garbage collector hears nothing).
    static CHANNELS: RefCell<Vec<web_sys::BroadcastChannel>> = const { RefCell::new(Vec::new()) };
}

/// Listens on the worker `name`'s panic channel.
pub fn listen(name: &str) {
    let Ok(channel) = web_sys::BroadcastChannel::new(name) else { return };
    let key = name.to_string();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if let Some(text) = event.data().as_string() {
            LAST_WORDS.with(|words| words.borrow_mut().insert(key.clone(), text));
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    CHANNELS.with(|channels| channels.borrow_mut().push(channel));
}

/// What the worker `name` said as it panicked, if it did.
pub fn last_words(name: &str) -> Option<String> {
    LAST_WORDS.with(|words| words.borrow_mut().remove(name))
}

/// Calls `on_death` once the worker holding the lock `name` has ended. Does nothing where the
/// browser has no Web Locks.
pub fn on_death(name: &str, on_death: impl FnOnce() + 'static) {
    let locks = Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| Reflect::get(&navigator, &"locks".into()))
        .ok()
        .filter(|locks| !locks.is_undefined() && !locks.is_null());
    let Some(locks) = locks else { return };
    let Some(request) =
        Reflect::get(&locks, &"request".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    // Granted (and released at once) when the worker's hold ends.
    let granted = Closure::once_into_js(move |_lock: JsValue| on_death());
    let _ = request.call2(&locks, &name.into(), &granted);
}
