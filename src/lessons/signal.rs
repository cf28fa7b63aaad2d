//! **Temporal attention on signals** (the seed's speech example): a short, noisy recording with
//! one event in it, classified by a small transformer that reads the recording frame by frame.
//!
//! ```text
//! signal   64 samples: a slow hum, noise, and one event (beep, chirp or spikes) of 12 samples
//!          starting at a random sample
//! tokens   CLS, F1 … F16   (16 frames of 4 samples, after a class token)
//! output   the event
//! ```
//!
//! The class token has no samples of its own: it learns what to listen for, and the answer is
//! read from it. Attention pattern to expect: the class token attends to the frames the event
//! covers, wherever in time it is — drawn as a band under the waveform in the probe.
//!
//! A signal travels as text (the probe, the URL): what is in it, e.g. `chirp@28 noise=0.15
//! seed=1` — each event with its first sample, the noise level, and the seed that draws the
//! noise and the hum. The same text always gives the same samples.

use std::f32::consts::PI;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{
    Example, ExpectedPattern, ImageInput, InputError, LessonData, Proportions, split_train_validation_test,
};
use crate::config::{Config, Lang};

pub const SAMPLES: usize = 64;
/// Samples per frame.
pub const FRAME: usize = 4;
pub const FRAMES: usize = SAMPLES / FRAME;
/// Samples in an event.
pub const EVENT: usize = 12;
/// The latest sample an event may start at (it ends inside the recording).
pub const LAST_START: usize = SAMPLES - EVENT;
pub const CLASSES: [&str; 3] = ["beep", "chirp", "spikes"];
pub const EXAMPLES: usize = 3000;
/// The noise of the default probe; the training data has from [`MIN_NOISE`] to [`MAX_TRAINED_NOISE`].
pub const DEFAULT_NOISE: f32 = 0.15;
const MIN_NOISE: f32 = 0.05;
const MAX_TRAINED_NOISE: f32 = 0.3;
/// The most noise a text may ask for (the probe's slider goes this far).
pub const MAX_NOISE: f32 = 1.0;
/// The class token's name in the views.
pub const CLASS_TOKEN: &str = "CLS";
pub const DEFAULT_PROBE: &str = "chirp@28 noise=0.15 seed=1";

/// An event of class `kind` (an index into [`CLASSES`]) starting at sample `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: usize,
    pub start: usize,
}

/// What a recording holds; [`Recording::samples`] draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recording {
    pub events: Vec<Event>,
    /// Standard deviation of the noise added to every sample.
    pub noise: f32,
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SignalError {
    #[error("“{0}” is not part of a signal: write events such as beep@20, and noise=0.1 or seed=3")]
    Term(String),
    #[error("“{0}” is not an event: the events are beep, chirp and spikes")]
    Kind(String),
    #[error("an event starts at a sample from 0 to 52; found “{0}”")]
    Start(String),
    #[error("the noise is a number from 0 to 1; found “{0}”")]
    Noise(String),
    #[error("the seed is a whole number; found “{0}”")]
    Seed(String),
}

impl Recording {
    /// Reads [`Recording::to_text`]'s text: terms in any order; noise and seed may be left out
    /// (0.15 and 0).
    pub fn parse(text: &str) -> Result<Self, SignalError> {
        let mut recording = Self { events: Vec::new(), noise: DEFAULT_NOISE, seed: 0 };
        for term in text.split_whitespace() {
            if let Some((kind, start)) = term.split_once('@') {
                let kind = CLASSES
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(kind))
                    .ok_or_else(|| SignalError::Kind(kind.to_string()))?;
                let start = start
                    .parse::<usize>()
                    .ok()
                    .filter(|&s| s <= LAST_START)
                    .ok_or_else(|| SignalError::Start(start.to_string()))?;
                recording.events.push(Event { kind, start });
            } else if let Some(noise) = term.strip_prefix("noise=") {
                recording.noise = noise
                    .parse::<f32>()
                    .ok()
                    .filter(|n| (0.0..=MAX_NOISE).contains(n))
                    .ok_or_else(|| SignalError::Noise(noise.to_string()))?;
            } else if let Some(seed) = term.strip_prefix("seed=") {
                recording.seed = seed.parse().map_err(|_| SignalError::Seed(seed.to_string()))?;
            } else {
                return Err(SignalError::Term(term.to_string()));
            }
        }
        Ok(recording)
    }

    pub fn to_text(&self) -> String {
        let events = self.events.iter().map(|e| format!("{}@{}", CLASSES[e.kind], e.start));
        events
            .chain([format!("noise={:.2}", self.noise), format!("seed={}", self.seed)])
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The [`SAMPLES`] samples: a hum (a slow sine of random phase and period) plus noise, both
    /// drawn from the seed, plus the events.
    pub fn samples(&self) -> Vec<f32> {
        let mut rng = StdRng::seed_from_u64(self.seed ^ 0x0051_67a1);
        let period = rng.random_range(32.0..96.0f32);
        let phase = rng.random_range(0.0..2.0 * PI);
        let hum = rng.random_range(0.1..0.3f32);
        let mut samples: Vec<f32> = (0..SAMPLES)
            .map(|t| hum * (2.0 * PI * t as f32 / period + phase).sin() + self.noise * gaussian(&mut rng))
            .collect();
        for event in &self.events {
            for (t, value) in event_shape(event.kind).into_iter().enumerate() {
                samples[event.start + t] += value;
            }
        }
        samples
    }

    /// The frames an event covers.
    pub fn event_frames(&self) -> Vec<usize> {
        let mut frames: Vec<usize> =
            self.events.iter().flat_map(|e| e.start / FRAME..=(e.start + EVENT - 1) / FRAME).collect();
        frames.sort_unstable();
        frames.dedup();
        frames
    }
}

/// The [`EVENT`] samples of an event: a beep is a steady fast tone (4 samples a cycle); a chirp
/// a tone whose pitch rises (from 10 to under 3 samples a cycle); spikes three sharp clicks.
pub fn event_shape(kind: usize) -> Vec<f32> {
    (0..EVENT)
        .map(|t| {
            let t = t as f32;
            match kind {
                0 => 0.9 * (PI / 2.0 * t + PI / 4.0).sin(),
                1 => 0.9 * (2.0 * PI * (t / 16.0 + t * t / 210.0)).sin(),
                _ if (t as usize).is_multiple_of(5) => 1.2,
                _ => 0.0,
            }
        })
        .collect()
}

/// A standard normal number (Box–Muller).
fn gaussian(rng: &mut StdRng) -> f32 {
    let u: f32 = rng.random_range(f32::EPSILON..1.0);
    let v: f32 = rng.random_range(0.0..1.0);
    (-2.0 * u.ln()).sqrt() * (2.0 * PI * v).cos()
}

/// The tokens every signal is read as: the class token, then the frames.
pub fn tokens() -> Vec<String> {
    std::iter::once(CLASS_TOKEN.to_string()).chain((1..=FRAMES).map(|f| format!("F{f}"))).collect()
}

/// A signal's tokens (the same for every signal); empty when the text is not a signal.
pub fn tokenize(text: &str) -> Vec<String> {
    if Recording::parse(text).is_ok() { tokens() } else { Vec::new() }
}

/// One recording: one event of a random class at a random time, with random noise and hum.
pub fn draw(rng: &mut StdRng) -> Recording {
    let event = Event { kind: rng.random_range(0..CLASSES.len()), start: rng.random_range(0..=LAST_START) };
    // Rounded as the text rounds it, so the example's text is exactly what was drawn.
    let noise = (rng.random_range(MIN_NOISE..=MAX_TRAINED_NOISE) * 100.0).round() / 100.0;
    Recording { events: vec![event], noise, seed: rng.random_range(0..1_000_000) }
}

/// The recordings of the lesson, split 70/15/15. `lang` names the classes only in the page.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0005_1c4a);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let recording = draw(&mut rng);
            Example {
                text: recording.to_text(),
                tokens: tokens(),
                label: recording.events[0].kind,
                targets: Vec::new(),
                value: 0.0,
                second: 0,
            }
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), 1 + FRAMES, DEFAULT_PROBE, train, validation, test).image(
        tokenize,
        SIGNAL,
        ExpectedPattern::Text(expected),
    )
}

/// The class token (query 0) → the frames the events cover (none for a text that is not a
/// signal).
pub fn expected(text: &str) -> Vec<(usize, usize)> {
    Recording::parse(text)
        .map(|r| r.event_frames().into_iter().map(|f| (0, 1 + f)).collect())
        .unwrap_or_default()
}

/// How the model reads the lesson's texts: the samples, cut into frames.
pub const SIGNAL: ImageInput = ImageInput {
    read: |text| Recording::parse(text).map(|r| r.samples()).map_err(InputError::Signal),
    patches: FRAMES,
    patch_pixels: FRAME,
};

/// About 1300 steps.
pub fn defaults(config: Config) -> Config {
    Config { epochs: 20, ..config }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_round_trips_through_its_text_and_is_the_same_every_time() {
        let recording = Recording::parse(DEFAULT_PROBE).unwrap();
        assert_eq!(recording.events, vec![Event { kind: 1, start: 28 }]);
        assert_eq!(recording.to_text(), DEFAULT_PROBE);
        assert_eq!(recording.samples(), Recording::parse(DEFAULT_PROBE).unwrap().samples());
        let other_seed = Recording { seed: 2, ..recording.clone() };
        assert_ne!(recording.samples(), other_seed.samples());
        // Defaults, any case, any order, several events or none.
        let two = Recording::parse("seed=4 SPIKES@0 beep@52").unwrap();
        assert_eq!((two.events.len(), two.noise, two.seed), (2, DEFAULT_NOISE, 4));
        assert_eq!(Recording::parse("").unwrap().events, vec![]);
    }

    #[test]
    fn bad_texts_say_what_is_wrong() {
        assert_eq!(Recording::parse("hum@3"), Err(SignalError::Kind("hum".into())));
        assert_eq!(Recording::parse("beep@53"), Err(SignalError::Start("53".into())));
        assert_eq!(Recording::parse("beep@x"), Err(SignalError::Start("x".into())));
        assert_eq!(Recording::parse("noise=2"), Err(SignalError::Noise("2".into())));
        assert_eq!(Recording::parse("seed=-1"), Err(SignalError::Seed("-1".into())));
        assert_eq!(Recording::parse("loud"), Err(SignalError::Term("loud".into())));
    }

    #[test]
    fn events_are_drawn_where_the_text_puts_them() {
        // Without noise and hum the samples are the event alone: spikes at 20, 25 and 30.
        let quiet = |text: &str| {
            let noisy = Recording::parse(text).unwrap();
            let silent = Recording { events: vec![], ..noisy.clone() };
            noisy.samples().iter().zip(silent.samples()).map(|(a, b)| a - b).collect::<Vec<f32>>()
        };
        let spikes = quiet("spikes@20 noise=0 seed=3");
        let loud: Vec<usize> = (0..SAMPLES).filter(|&t| spikes[t].abs() > 1e-6).collect();
        assert_eq!(loud, vec![20, 25, 30]);
        // A beep: 4 samples a cycle, ±0.9·sin(45°).
        let beep = quiet("beep@0 noise=0 seed=3");
        assert!((beep[0] - 0.9 * (PI / 4.0).sin()).abs() < 1e-5 && (beep[2] + beep[0]).abs() < 1e-5);
        assert!(beep[EVENT..].iter().all(|v| v.abs() < 1e-6));
        // Frames: samples 20–31 are frames 5, 6 and 7; 18–29 touch frames 4 to 7.
        assert_eq!(expected("spikes@20"), vec![(0, 6), (0, 7), (0, 8)]);
        assert_eq!(Recording::parse("beep@18").unwrap().event_frames(), vec![4, 5, 6, 7]);
        assert!(expected("not a signal").is_empty());
    }

    #[test]
    fn the_data_is_every_class_at_every_time() {
        let data = generate(Lang::En, 1, Proportions::default());
        assert_eq!(data.train.len(), EXAMPLES * 70 / 100);
        assert_eq!(data.max_len, 1 + FRAMES);
        for example in data.train.iter().take(300) {
            let recording = Recording::parse(&example.text).expect("every example is a signal");
            assert_eq!(recording.events[0].kind, example.label);
            assert_eq!((SIGNAL.read)(&example.text).map(|s| s.len()), Ok(SAMPLES));
        }
        for class in 0..CLASSES.len() {
            assert!(data.train.iter().filter(|e| e.label == class).count() > 600);
        }
        let starts: Vec<usize> =
            data.train.iter().map(|e| Recording::parse(&e.text).unwrap().events[0].start).collect();
        assert!(starts.contains(&0) && starts.contains(&LAST_START));
    }
}
