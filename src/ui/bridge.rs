//! The page's end of the training worker: starts it, watches that it lives, and starts a fresh
//! one when it dies.

use std::cell::Cell;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::store::Store;
use super::{model_io, watchdog};
use crate::protocol::Command;
use crate::worker::TrainerWorker;
use crate::worker::adapter::request_adapter;

/// Sends commands to the worker. `Copy`; the bridge itself lives in the reactive arena.
#[derive(Clone, Copy)]
pub struct Trainer {
    bridge: StoredValue<Option<WorkerBridge<TrainerWorker>>, LocalStorage>,
    /// Commands sent while the page is still choosing which worker to start; sent, in order, as
    /// soon as it has started.
    waiting: StoredValue<Vec<Command>, LocalStorage>,
    /// The name of the current worker's lock and panic channel (see `watchdog`).
    name: StoredValue<String>,
}

impl Trainer {
    /// Starts the worker (next to the page: the one with WebGPU where the browser offers an
    /// adapter, else the CPU-only one) and routes its events (model files to `model_io`, the rest
    /// into `store`).
    pub fn spawn(store: Store) -> Self {
        let trainer = Self {
            bridge: StoredValue::new_local(None),
            waiting: StoredValue::new_local(Vec::new()),
            name: StoredValue::new(String::new()),
        };
        trainer.start(store);
        trainer
    }

    fn start(&self, store: Store) {
        let trainer = *self;
        let name = format!("attention-playground-trainer-{}", js_sys::Math::random());
        watchdog::listen(&name);
        self.name.set_value(name.clone());
        self.send(Command::Watch(name.clone()));
        spawn_local(async move {
            let build = WorkerBuild::for_this_browser().await;
            if !trainer.is_current(&name) {
                return; // restarted meanwhile: the later start spawns the worker
            }
            match worker_url(build.script()) {
                Ok(url) => {
                    let bridge = TrainerWorker::spawner()
                        .as_module(false) // Trunk builds workers with wasm-bindgen's no-modules target
                        .callback(move |event| model_io::route(store, trainer, event))
                        .spawn(&url);
                    for command in trainer.waiting.try_update_value(std::mem::take).unwrap_or_default() {
                        bridge.send(command);
                    }
                    trainer.bridge.set_value(Some(bridge));
                }
                Err(why) => store.error.set(Some(why)),
            }
        });
    }

    /// Whether `name` is the current worker's.
    pub fn is_current(&self, name: &str) -> bool {
        self.name.with_value(|current| current == name)
    }

    /// Lets the dead worker go and starts a fresh one (commands sent from now on go to it).
    pub fn restart(&self, store: Store) {
        self.bridge.set_value(None);
        self.waiting.set_value(Vec::new());
        self.start(store);
    }

    pub fn send(&self, command: Command) {
        let waiting = self.bridge.with_value(|bridge| match bridge {
            Some(bridge) => {
                bridge.send(command);
                None
            }
            None => Some(command),
        });
        if let Some(command) = waiting {
            self.waiting.update_value(|waiting| waiting.push(command));
        }
    }
}

/// The two builds of the training worker. Code for WebGPU (wgpu and burn's kernel compiler) is
/// most of a worker's size, so a browser that offers no WebGPU adapter gets the build without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkerBuild {
    /// WebGPU and the CPU backend (`trainer`).
    WithWebGpu,
    /// The CPU backend only (`trainer_cpu`).
    CpuOnly,
}

thread_local! {
    static BUILD: Cell<Option<WorkerBuild>> = const { Cell::new(None) };
}

impl WorkerBuild {
    /// Asks `navigator.gpu` for an adapter, once per page: the build this browser can use.
    pub async fn for_this_browser() -> Self {
        if let Some(build) = BUILD.get() {
            return build;
        }
        let build = if request_adapter().await.is_ok() { Self::WithWebGpu } else { Self::CpuOnly };
        BUILD.set(Some(build));
        build
    }

    /// The worker's script (the first of its files).
    pub fn script(self) -> &'static str {
        self.files()[0]
    }

    /// The files the worker fetches itself: its script and its WebAssembly.
    pub fn files(self) -> [&'static str; 2] {
        match self {
            Self::WithWebGpu => ["trainer.js", "trainer_bg.wasm"],
            Self::CpuOnly => ["trainer_cpu.js", "trainer_cpu_bg.wasm"],
        }
    }
}

/// The worker's script resolved against the document's base URL, so the page also works when
/// served from a sub-path such as `/playground/`.
fn worker_url(script: &str) -> Result<String, String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let base = document.base_uri().ok().flatten().ok_or("the page has no base URL")?;
    web_sys::Url::new_with_base(script, &base)
        .map(|url| url.href())
        .map_err(|_| "cannot resolve the worker's address".to_string())
}
