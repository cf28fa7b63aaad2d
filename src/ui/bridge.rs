//! The page's end of the training worker.

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use super::model_io;
use super::store::Store;
use crate::protocol::Command;
use crate::worker::TrainerWorker;

/// Sends commands to the worker. `Copy`; the bridge itself lives in the reactive arena.
#[derive(Clone, Copy)]
pub struct Trainer {
    bridge: StoredValue<Option<WorkerBridge<TrainerWorker>>, LocalStorage>,
}

impl Trainer {
    /// Starts the worker (`trainer.js`, next to the page) and routes its events (model files to
    /// `model_io`, the rest into `store`).
    pub fn spawn(store: Store) -> Self {
        let trainer = Self { bridge: StoredValue::new_local(None) };
        match worker_url() {
            Ok(url) => {
                let bridge = TrainerWorker::spawner()
                    .as_module(false) // Trunk builds workers with wasm-bindgen's no-modules target
                    .callback(move |event| model_io::route(store, trainer, event))
                    .spawn(&url);
                trainer.bridge.set_value(Some(bridge));
            }
            Err(why) => store.error.set(Some(why)),
        }
        trainer
    }

    pub fn send(&self, command: Command) {
        self.bridge.with_value(|bridge| {
            if let Some(bridge) = bridge {
                bridge.send(command);
            }
        });
    }
}

/// `trainer.js` resolved against the document's base URL, so the page also works when served
/// from a sub-path such as `/playground/`.
fn worker_url() -> Result<String, String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let base = document.base_uri().ok().flatten().ok_or("the page has no base URL")?;
    web_sys::Url::new_with_base("trainer.js", &base)
        .map(|url| url.href())
        .map_err(|_| "cannot resolve the worker's address".to_string())
}
