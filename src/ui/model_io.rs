//! The page's side of model files: downloading the model, loading a picked file, and keeping
//! the latest model in the browser (restored at start-up, written whenever it changed).
//!
//! The trainer writes the weights; the page adds the history it draws and turns the whole into
//! bytes (`model_file`). Every file is read and checked here before the trainer sees it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bridge::Trainer;
use super::export;
use super::store::{ModelStatus, PendingLoad, Recovered, Store};
use super::{persist, watchdog};
use crate::config::{BackendPreference, Config};
use crate::model_file::{self, History, ModelFile};
use crate::protocol::{BackendKind, Command, Event, SaveFor};

/// How often the page checks whether the model changed since it was last kept.
const KEEP_EVERY_MS: u32 = 3_000;

/// Routes one event from the trainer: model files to their destination, the rest to the store.
pub fn route(store: Store, trainer: Trainer, event: Event) {
    match event {
        Event::Saved(purpose, file) => saved(store, purpose, *file),
        Event::LoadFailed(failure) => {
            let restoring = store.restoring.get_untracked();
            store.apply(Event::LoadFailed(failure));
            if restoring {
                // The kept model cannot be used: start from the link's settings instead.
                start_over(store, trainer);
            }
        }
        Event::Watching(name) => watchdog::on_death(&name.clone(), move || {
            if !trainer.is_current(&name) {
                return; // a worker the page let go itself
            }
            // A panicking worker's last words may arrive just after its lock is released.
            gloo_timers::callback::Timeout::new(300, move || {
                // Unless the page let it go meanwhile (a change of backend started another).
                if trainer.is_current(&name) {
                    recover(store, trainer, watchdog::last_words(&name))
                }
            })
            .forget();
        }),
        event => store.apply(event),
    }
}

/// The worker died (`details`: what it said, if it panicked): start a fresh one and carry on
/// from the model kept in the browser, on the CPU if it died on the GPU, training again if it
/// was training.
pub fn recover(store: Store, trainer: Trainer, details: Option<String>) {
    let on_gpu = store.backend.with_untracked(|b| b.as_ref().is_some_and(|b| b.kind == BackendKind::WebGpu));
    let was_running = store.running.get_untracked();
    if on_gpu {
        store.config.update(|c| c.backend = BackendPreference::Cpu);
    }
    trainer.restart(store);
    // Until the fresh worker says which backend it trains on.
    store.backend.set(None);
    store.running.set(false);
    spawn_local(async move {
        let config = store.config.get_untracked();
        let kept = persist::read().await.ok().flatten().and_then(|bytes| ModelFile::from_bytes(&bytes).ok());
        // The kept copy is used if it is a copy of this model (it lags the settings by a few
        // seconds at most).
        let kept =
            kept.filter(|file| !Config { backend: config.backend, ..file.config().0 }.needs_reset(&config));
        let step = kept.as_ref().map(|file| file.header.steps);
        match kept {
            Some(file) => load(store, trainer, None, file),
            None => trainer.send(Command::Reset(config)),
        }
        if was_running {
            trainer.send(Command::Train);
        }
        store.recovered.set(Some(Recovered { details, to_cpu: on_gpu, step }));
    });
}

/// The page has started: carries on from the model kept in the browser when the link asks for
/// it (no settings in the link, or the kept model's own), else starts a model for `config`.
pub fn start(store: Store, trainer: Trainer, config: Config, link_has_settings: bool) {
    spawn_local(async move {
        let kept = match persist::read().await {
            Ok(kept) => kept,
            Err(why) => {
                store.model_status.set(Some(ModelStatus::Storage(why)));
                None
            }
        };
        let file = kept.and_then(|bytes| ModelFile::from_bytes(&bytes).ok());
        match file {
            Some(file) if !link_has_settings || file.config().0 == config => {
                let (kept_config, _) = file.config();
                store.kept.set(Some((file.header.steps, kept_config.clone())));
                load(store, trainer, None, file);
            }
            _ => start_over(store, trainer),
        }
    });
    keep_while_open(store, trainer);
}

fn start_over(store: Store, trainer: Trainer) {
    store.restoring.set(false);
    trainer.send(Command::Reset(store.config.get_untracked()));
}

/// Sends a checked file to the trainer; the store restores its history once it has loaded. The
/// model trains on the backend this page uses (a file saved on WebGPU loads on a machine without
/// it, and the other way round; a change of backend while it loads sends it again, see
/// `Trainer::configure`).
pub fn load(store: Store, trainer: Trainer, name: Option<String>, mut file: ModelFile) {
    let (mut config, _) = file.config();
    config.backend = store.config.with_untracked(|c| c.backend);
    file.header.config = config.to_query();
    store.model_status.set(Some(ModelStatus::Loading(name.clone())));
    store.pending_load.set(Some(PendingLoad { name, config, file: file.clone() }));
    trainer.send(Command::Load(Box::new(file)));
}

/// Reads a picked file and loads it; a file that is not a good model file is refused here and
/// the current model stays.
pub fn load_picked(store: Store, trainer: Trainer, picked: web_sys::File) {
    spawn_local(async move {
        let name = picked.name();
        let bytes = match export::read_file(&picked).await {
            Ok(bytes) => bytes,
            Err(why) => return store.model_status.set(Some(ModelStatus::Storage(why))),
        };
        match ModelFile::from_bytes(&bytes) {
            Ok(file) => load(store, trainer, Some(name), file),
            Err(refused) => store.model_status.set(Some(ModelStatus::Refused(refused))),
        }
    });
}

/// Forgets the kept model and starts over from the lesson's default settings (keeping the
/// language, the backend and teacher mode).
pub fn start_fresh(store: Store, trainer: Trainer) {
    spawn_local(async move {
        if let Err(why) = persist::clear().await {
            return store.model_status.set(Some(ModelStatus::Storage(why)));
        }
        store.kept.set(None);
        store.runs.set(Vec::new());
        // The run that trained is not kept for comparison either.
        store.train_losses.set(Vec::new());
        let fresh = store.config.with_untracked(|c| c.with_lesson(c.lesson));
        store.config.set(fresh.clone());
        trainer.send(Command::Reset(fresh));
        store.model_status.set(Some(ModelStatus::Fresh));
    });
}

/// The trainer's model file, completed with the history the page draws.
fn saved(store: Store, purpose: SaveFor, mut file: ModelFile) {
    file.header.history =
        History { train: store.train_losses.get_untracked(), validation: store.validation.get_untracked() };
    let bytes = file.to_bytes();
    let (config, _) = file.config();
    let step = file.header.steps;
    match purpose {
        SaveFor::Download => {
            let name = model_file::file_name(&config, step);
            let status = match export::download_bytes(&name, "application/octet-stream", &bytes) {
                Ok(()) => ModelStatus::Saved(name),
                Err(why) => ModelStatus::Storage(why),
            };
            store.model_status.set(Some(status));
        }
        SaveFor::Keep => spawn_local(async move {
            match persist::write(&bytes).await {
                Ok(()) => store.kept.set(Some((step, config))),
                Err(why) => store.model_status.set(Some(ModelStatus::Storage(why))),
            }
            ASKED.with(|asked| asked.set(None));
        }),
    }
}

/// A request unanswered for this long is given up (e.g. the trainer had no model then).
const GIVE_UP_MS: f64 = 15_000.0;

thread_local! {
    /// When a kept copy was last asked for, while it is on its way.
    static ASKED: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or_default()
}

/// Every few seconds, and at once when training stops: if the model or its settings changed since
/// the kept copy, ask the trainer for a new one.
fn keep_while_open(store: Store, trainer: Trainer) {
    let check = move || {
        let ready = !store.restoring.get_untracked()
            && store.pending_load.with_untracked(Option::is_none)
            && store.trained_config.with_untracked(Option::is_some);
        let now = (store.step.get_untracked(), store.config.get_untracked());
        let changed = store.kept.with_untracked(|kept| kept.as_ref() != Some(&now));
        let waiting = ASKED.with(|asked| asked.get().is_some_and(|t| now_ms() - t < GIVE_UP_MS));
        if ready && changed && !waiting {
            ASKED.with(|asked| asked.set(Some(now_ms())));
            trainer.send(Command::Save(SaveFor::Keep));
        }
    };
    gloo_timers::callback::Interval::new(KEEP_EVERY_MS, check).forget();
    Effect::new(move |_| {
        if !store.running.get() {
            check();
        }
    });
}
