//! The page's end of the training worker: starts it, watches that it lives, and starts a fresh
//! one when it dies.

use std::cell::Cell;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::store::Store;
use super::{model_io, watchdog};
use crate::config::{BackendPreference, Config};
use crate::lessons::custom::Table;
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
    /// Which build the current worker is, once the page has chosen.
    build: StoredValue<Option<WorkerBuild>>,
    /// The `custom` lesson's data as last sent: a fresh worker gets it too.
    data: StoredValue<Option<Table>, LocalStorage>,
}

impl Trainer {
    /// Starts the worker (next to the page: the CPU-only one where the settings ask for the CPU
    /// or the browser offers no WebGPU adapter, else the one with WebGPU) and routes its events
    /// (model files to `model_io`, the rest into `store`).
    pub fn spawn(store: Store) -> Self {
        let trainer = Self {
            bridge: StoredValue::new_local(None),
            waiting: StoredValue::new_local(Vec::new()),
            name: StoredValue::new(String::new()),
            build: StoredValue::new(None),
            data: StoredValue::new_local(None),
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
            let build = WorkerBuild::for_preference(store.config.with_untracked(|c| c.backend)).await;
            // The settings may have changed while the browser answered.
            let build = WorkerBuild::known_for(store.config.with_untracked(|c| c.backend)).unwrap_or(build);
            // Offline, the build with WebGPU is there only if an earlier visit kept it.
            let offline = !window().navigator().on_line();
            let build = if build == WorkerBuild::WithWebGpu && offline && !reachable(build.script()).await {
                WorkerBuild::CpuOnly
            } else {
                build
            };
            if !trainer.is_current(&name) {
                return; // restarted meanwhile: the later start spawns the worker
            }
            match worker_url(build.script()) {
                Ok(url) => {
                    let bridge = TrainerWorker::spawner()
                        .as_module(false) // Trunk builds workers with wasm-bindgen's no-modules target
                        // A worker the page has let go may still have news on its way: dropped.
                        .callback(move |event| {
                            super::paint_queue::message_arrived();
                            if trainer.is_current(&name) {
                                model_io::route(store, trainer, event)
                            }
                        })
                        .spawn(&url);
                    for command in trainer.waiting.try_update_value(std::mem::take).unwrap_or_default() {
                        bridge.send(command);
                    }
                    trainer.bridge.set_value(Some(bridge));
                    trainer.build.set_value(Some(build));
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
        self.build.set_value(None);
        self.waiting.set_value(Vec::new());
        self.start(store);
        if let Some(table) = self.data.get_value() {
            self.send(Command::Data(table));
        }
    }

    /// Sends changed settings. Where they ask for a backend that the other build of the worker
    /// runs (the CPU-only build for the CPU, the one with WebGPU otherwise, in a browser with an
    /// adapter), the page lets the current worker go and starts that build on a fresh model: a
    /// change of backend starts a new model anyway (`Config::needs_reset`). A model still on its
    /// way in from storage or a file goes along: a fresh worker loads it on the new backend (the
    /// current one may be answering for the old load already, and its answers are dropped).
    pub fn configure(&self, store: Store, config: Config) {
        let switch = match (self.build.get_value(), WorkerBuild::known_for(config.backend)) {
            (Some(current), Some(wanted)) => current != wanted,
            // Whether the browser has an adapter is not known yet: the start finds out.
            (Some(current), None) => current == WorkerBuild::CpuOnly,
            // Still choosing: the start reads the settings as they are then.
            (None, _) => false,
        };
        let reload = store.pending_load.with_untracked(|pending| {
            pending.as_ref().filter(|pending| pending.config.backend != config.backend).cloned()
        });
        if !switch && reload.is_none() {
            return self.send(Command::Configure(config));
        }
        let was_running = store.running.get_untracked();
        self.restart(store);
        // Until the new worker says which backend it trains on.
        store.backend.set(None);
        store.running.set(false);
        match reload {
            // `load` takes the backend from the settings, which are `config` by now.
            Some(pending) => model_io::load(store, *self, pending.name, pending.file),
            None => {
                store.restoring.set(false);
                self.send(Command::Reset(config));
            }
        }
        if was_running {
            self.send(Command::Train);
        }
    }

    pub fn send(&self, command: Command) {
        if let Command::Data(table) = &command {
            self.data.set_value(Some(table.clone()));
        }
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
/// most of a worker's size, so a browser that offers no WebGPU adapter, and settings that ask for
/// the CPU, get the build without it.
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

    /// The build for `preference` in this browser: the CPU-only one for the CPU (without asking
    /// for an adapter), else the one this browser can use.
    pub async fn for_preference(preference: BackendPreference) -> Self {
        match preference {
            BackendPreference::Cpu => Self::CpuOnly,
            BackendPreference::Auto | BackendPreference::WebGpu => Self::for_this_browser().await,
        }
    }

    /// As [`WorkerBuild::for_preference`], where it is known without asking the browser now.
    pub fn known_for(preference: BackendPreference) -> Option<Self> {
        match preference {
            BackendPreference::Cpu => Some(Self::CpuOnly),
            BackendPreference::Auto | BackendPreference::WebGpu => BUILD.get(),
        }
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

/// Whether the page can fetch `script` now (from the offline cache, when offline).
async fn reachable(script: &str) -> bool {
    let Ok(url) = worker_url(script) else { return false };
    match wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(&url)).await {
        Ok(response) => js_sys::Reflect::get(&response, &"ok".into()).is_ok_and(|ok| ok.is_truthy()),
        Err(_) => false,
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
