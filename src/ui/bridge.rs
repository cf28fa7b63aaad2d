//! The page's end of the training worker: starts it, watches that it lives, and starts a fresh
//! one when it dies.

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use super::store::Store;
use super::{model_io, watchdog};
use crate::protocol::Command;
use crate::worker::TrainerWorker;

/// Sends commands to the worker. `Copy`; the bridge itself lives in the reactive arena.
#[derive(Clone, Copy)]
pub struct Trainer {
    bridge: StoredValue<Option<WorkerBridge<TrainerWorker>>, LocalStorage>,
    /// The name of the current worker's lock and panic channel (see `watchdog`).
    name: StoredValue<String>,
}

impl Trainer {
    /// Starts the worker (`trainer.js`, next to the page) and routes its events (model files to
    /// `model_io`, the rest into `store`).
    pub fn spawn(store: Store) -> Self {
        let trainer = Self { bridge: StoredValue::new_local(None), name: StoredValue::new(String::new()) };
        trainer.start(store);
        trainer
    }

    fn start(&self, store: Store) {
        let trainer = *self;
        match worker_url() {
            Ok(url) => {
                let bridge = TrainerWorker::spawner()
                    .as_module(false) // Trunk builds workers with wasm-bindgen's no-modules target
                    .callback(move |event| model_io::route(store, trainer, event))
                    .spawn(&url);
                self.bridge.set_value(Some(bridge));
                let name = format!("attention-playground-trainer-{}", js_sys::Math::random());
                watchdog::listen(&name);
                self.name.set_value(name.clone());
                self.send(Command::Watch(name));
            }
            Err(why) => store.error.set(Some(why)),
        }
    }

    /// Whether `name` is the current worker's.
    pub fn is_current(&self, name: &str) -> bool {
        self.name.with_value(|current| current == name)
    }

    /// Lets the dead worker go and starts a fresh one (commands sent from now on go to it).
    pub fn restart(&self, store: Store) {
        self.bridge.set_value(None);
        self.start(store);
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
