//! The page's state: reactive signals fed by the worker's events. Plain numbers only.

use leptos::prelude::*;

use crate::config::{Config, ConfigNotice};
use crate::protocol::{BackendInfo, Event, StepLoss};
use crate::train::{EvalReport, ProbeReport};

/// Every signal of the page. `Copy`, so components take it by value.
#[derive(Clone, Copy)]
pub struct Store {
    /// The settings as the controls show them (the URL mirrors this).
    pub config: RwSignal<Config>,
    /// What reading the URL changed.
    pub notices: RwSignal<Vec<ConfigNotice>>,
    pub backend: RwSignal<Option<BackendInfo>>,
    pub running: RwSignal<bool>,
    pub finished: RwSignal<bool>,
    pub step: RwSignal<usize>,
    pub epoch: RwSignal<f64>,
    /// Loss of every training step since the last reset.
    pub train_losses: RwSignal<Vec<StepLoss>>,
    /// Every validation result since the last reset.
    pub validation: RwSignal<Vec<EvalReport>>,
    pub probe: RwSignal<Option<ProbeReport>>,
    /// Why the current probe text could not be read.
    pub probe_error: RwSignal<Option<String>>,
    /// Examples in train / validation / test.
    pub counts: RwSignal<Option<(usize, usize, usize)>>,
    pub error: RwSignal<Option<String>>,
    /// Which attention map is shown (0-based).
    pub layer: RwSignal<usize>,
    pub head: RwSignal<usize>,
    pub log_scale: RwSignal<bool>,
}

impl Store {
    pub fn new(config: Config, notices: Vec<ConfigNotice>) -> Self {
        Self {
            config: RwSignal::new(config),
            notices: RwSignal::new(notices),
            backend: RwSignal::new(None),
            running: RwSignal::new(false),
            finished: RwSignal::new(false),
            step: RwSignal::new(0),
            epoch: RwSignal::new(0.0),
            train_losses: RwSignal::new(Vec::new()),
            validation: RwSignal::new(Vec::new()),
            probe: RwSignal::new(None),
            probe_error: RwSignal::new(None),
            counts: RwSignal::new(None),
            error: RwSignal::new(None),
            layer: RwSignal::new(0),
            head: RwSignal::new(0),
            log_scale: RwSignal::new(false),
        }
    }

    /// Folds one event from the worker into the state.
    pub fn apply(&self, event: Event) {
        match event {
            Event::Backend(info) => self.backend.set(Some(info)),
            Event::Ready { config, train_examples, validation_examples, test_examples } => {
                self.counts.set(Some((train_examples, validation_examples, test_examples)));
                self.train_losses.set(Vec::new());
                self.validation.set(Vec::new());
                self.step.set(0);
                self.epoch.set(0.0);
                self.finished.set(false);
                self.error.set(None);
                // Keep the layer/head selection inside the new model.
                self.layer.update(|l| *l = (*l).min(config.n_layers - 1));
                self.head.update(|h| *h = (*h).min(config.n_heads - 1));
            }
            Event::Progress { losses, step, epoch } => {
                if !losses.is_empty() {
                    self.train_losses.update(|all| all.extend(losses));
                }
                self.step.set(step);
                self.epoch.set(epoch);
            }
            Event::Validation(report) => self.validation.update(|all| all.push(report)),
            Event::Probe(report) => {
                self.probe.set(Some(report));
                self.probe_error.set(None);
            }
            Event::ProbeError(message) => self.probe_error.set(Some(message)),
            Event::Running(running) => {
                self.running.set(running);
                if running {
                    self.finished.set(false);
                }
            }
            Event::Finished => self.finished.set(true),
            Event::Error(message) => self.error.set(Some(message)),
        }
    }
}
