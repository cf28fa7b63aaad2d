//! Lessons: a task, its data and its vocabulary. One file per lesson; no DOM here.

pub mod charlm;
pub mod copy;
pub mod custom;
mod digits;
pub mod induction;
pub mod multimodal;
pub mod multitask;
pub mod patches;
pub mod recall;
pub mod recommend;
pub mod regression;
pub mod reverse;
pub mod sentiment;
pub mod signal;
pub mod sort;
pub mod translate;
pub mod vocab;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang, LessonId};
use multimodal::PictureError;
use patches::ImageError;
use signal::SignalError;
pub use vocab::{Vocab, tokenize};

/// One labelled input.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub text: String,
    pub tokens: Vec<String>,
    /// Class id of the whole input (lessons with [`Output::Pooled`]).
    pub label: usize,
    /// Class id wanted at each position, `None` where nothing is asked (lessons with
    /// [`Output::PerToken`]); empty otherwise.
    pub targets: Vec<Option<usize>>,
    /// The number wanted for the whole input (lessons with [`Output::Value`]); 0 otherwise.
    pub value: f32,
    /// Class id of the second task (a multi-task lesson); 0 otherwise.
    pub second: usize,
}

impl Example {
    pub fn new(text: String, lang: Lang, label: usize) -> Self {
        let tokens = tokenize(&text, lang);
        Self { text, tokens, label, targets: Vec::new(), value: 0.0, second: 0 }
    }

    /// An input with one wanted output per position.
    pub fn per_token(tokens: Vec<String>, targets: Vec<Option<usize>>) -> Self {
        Self { text: tokens.join(" "), tokens, label: 0, targets, value: 0.0, second: 0 }
    }

    /// An input with one wanted number.
    pub fn valued(tokens: Vec<String>, value: f32) -> Self {
        Self { text: tokens.join(" "), tokens, label: 0, targets: Vec::new(), value, second: 0 }
    }
}

/// What the model outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Output {
    /// One class for the whole input (mean over the tokens, then a linear layer).
    Pooled,
    /// One class at every position.
    PerToken,
    /// One number for the whole input (regression: mean over the tokens, then a linear layer).
    Value,
    /// A sequence of classes written by a decoder that reads the input through cross-attention
    /// (translation): `Example::targets` is the target sequence, one class per step.
    Translation,
}

/// The affine map between a regression lesson's numbers and the standardised numbers the model
/// is trained on (mean 0, standard deviation 1 over the training split), so that the output
/// layer starts at the right scale whatever the units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Standardize {
    pub mean: f32,
    pub std: f32,
}

impl Default for Standardize {
    /// The identity.
    fn default() -> Self {
        Self { mean: 0.0, std: 1.0 }
    }
}

impl Standardize {
    pub fn fit(values: impl Iterator<Item = f32> + Clone) -> Self {
        let n = values.clone().count().max(1) as f32;
        let mean = values.clone().sum::<f32>() / n;
        let variance = values.map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
        Self { mean, std: variance.sqrt().max(1e-6) }
    }

    pub fn forward(&self, value: f32) -> f32 {
        (value - self.mean) / self.std
    }

    pub fn inverse(&self, standardized: f32) -> f32 {
        standardized * self.std + self.mean
    }
}

/// The attention pattern a lesson should produce: the (query, key) cells that ought to carry the
/// weight, for an input.
#[derive(Clone, Copy, Debug)]
pub enum ExpectedPattern {
    /// Read from the input's tokens.
    Tokens(fn(&[String]) -> Vec<(usize, usize)>),
    /// Read from the input's text (an image, whose tokens are the same patches for every image).
    Text(fn(&str) -> Vec<(usize, usize)>),
}

impl ExpectedPattern {
    /// The cells for the input `text`, split into `tokens`.
    pub fn cells(&self, text: &str, tokens: &[String]) -> Vec<(usize, usize)> {
        match self {
            Self::Tokens(pattern) => pattern(tokens),
            Self::Text(pattern) => pattern(text),
        }
    }
}

/// An input of numbers rather than words: each example's text describes an image (read as
/// patches of pixels) or a recording (read as frames of samples).
#[derive(Clone, Copy, Debug)]
pub struct ImageInput {
    /// The patches of the input a text describes, row-major `[patches, values]` (for an image,
    /// 1.0 on and 0.0 off), or why the text is not such an input.
    pub read: fn(&str) -> Result<Vec<f32>, InputError>,
    pub patches: usize,
    /// Values per patch (pixels, or samples of a frame).
    pub patch_pixels: usize,
}

/// Why a text is not the image or the signal its lesson reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InputError {
    #[error(transparent)]
    Image(#[from] ImageError),
    #[error(transparent)]
    Signal(#[from] SignalError),
    #[error(transparent)]
    Picture(#[from] PictureError),
}

/// Everything a lesson gives the trainer.
#[derive(Clone, Debug)]
pub struct LessonData {
    pub lang: Lang,
    /// Class names; a class id indexes this (for a translation lesson, the target alphabet).
    /// Empty for a regression lesson.
    pub classes: Vec<String>,
    /// Built from the training split only: words seen only in validation or test are `<unk>`.
    pub vocab: Vocab,
    /// Longest input the model is built for, in tokens; longer probes are cut.
    pub max_len: usize,
    pub default_probe: String,
    pub train: Vec<Example>,
    pub validation: Vec<Example>,
    pub test: Vec<Example>,
    /// Tokens the lesson sorts into groups (e.g. "positive", "negation"), for colouring views.
    pub word_groups: Vec<(String, &'static str)>,
    pub output: Output,
    /// Splits text into tokens the way the lesson's data was split.
    pub tokenizer: fn(&str) -> Vec<String>,
    /// The attention pattern to expect, if the lesson has one.
    pub expected: Option<ExpectedPattern>,
    /// Which positions of an input of this length are asked for an answer (per-token lessons).
    pub asked: fn(usize) -> Vec<bool>,
    /// For a regression lesson: how its numbers map to the model's standardised outputs.
    pub standardize: Option<Standardize>,
    /// A multi-task lesson's second task: its class names (empty: one task). The model's last
    /// layer then has a second head, trained on the same encoder.
    pub second_classes: Vec<String>,
    /// A translation lesson: how many steps the decoder writes; 0 otherwise.
    pub target_len: usize,
    /// An image lesson: how its texts are read as pictures (a vision transformer then reads the
    /// patches, after a class token).
    pub image: Option<ImageInput>,
    /// A multimodal lesson: each text is a caption (the tokens) and a picture, read by this; the
    /// caption's words cross-attend to the picture's patches.
    pub picture: Option<ImageInput>,
}

impl LessonData {
    pub fn new(
        lang: Lang,
        classes: impl IntoIterator<Item = impl Into<String>>,
        max_len: usize,
        default_probe: impl Into<String>,
        train: Vec<Example>,
        validation: Vec<Example>,
        test: Vec<Example>,
    ) -> Self {
        let vocab = Vocab::build(train.iter().map(|e| e.tokens.as_slice()));
        let tokenizer = match lang {
            Lang::En => |text: &str| tokenize(text, Lang::En),
            Lang::Zh => |text: &str| tokenize(text, Lang::Zh),
        };
        Self {
            lang,
            classes: classes.into_iter().map(Into::into).collect(),
            vocab,
            max_len,
            default_probe: default_probe.into(),
            train,
            validation,
            test,
            word_groups: Vec::new(),
            output: Output::Pooled,
            tokenizer,
            expected: None,
            asked: |len| vec![true; len],
            standardize: None,
            second_classes: Vec::new(),
            target_len: 0,
            image: None,
            picture: None,
        }
    }

    /// A second classification of the whole input, on the same encoder (multi-task).
    pub fn with_second_task(mut self, classes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.second_classes = classes.into_iter().map(Into::into).collect();
        self
    }

    /// One number per input (regression, MSE loss), the lesson's tokenizer, the pattern to expect
    /// if it has one.
    pub fn regression(
        mut self,
        tokenizer: fn(&str) -> Vec<String>,
        expected: Option<ExpectedPattern>,
    ) -> Self {
        self.output = Output::Value;
        self.tokenizer = tokenizer;
        self.expected = expected;
        self.standardize = Some(Standardize::fit(self.train.iter().map(|e| e.value)));
        self
    }

    /// Outputs of the model's last layer: one per class, or one number.
    pub fn n_outputs(&self) -> usize {
        if self.output == Output::Value { 1 } else { self.classes.len() + self.second_classes.len() }
    }

    /// Per-position outputs, the lesson's own tokenizer, and the pattern to expect if it has one.
    pub fn per_token(
        mut self,
        tokenizer: fn(&str) -> Vec<String>,
        expected: Option<ExpectedPattern>,
    ) -> Self {
        self.output = Output::PerToken;
        self.tokenizer = tokenizer;
        self.expected = expected;
        self
    }

    /// A translation lesson: the decoder writes `target_len` classes; `expected` gives the
    /// cross-attention pattern to expect, (target step, source token) cells.
    pub fn translation(
        mut self,
        tokenizer: fn(&str) -> Vec<String>,
        target_len: usize,
        expected: ExpectedPattern,
    ) -> Self {
        self.output = Output::Translation;
        self.tokenizer = tokenizer;
        self.target_len = target_len;
        self.expected = Some(expected);
        self
    }

    /// An image lesson: each text is read by `image`; one class per image, read from a class
    /// token; `expected` gives the patches the class token should attend to.
    pub fn image(
        mut self,
        tokenizer: fn(&str) -> Vec<String>,
        image: ImageInput,
        expected: ExpectedPattern,
    ) -> Self {
        self.tokenizer = tokenizer;
        self.image = Some(image);
        self.expected = Some(expected);
        self
    }

    /// A multimodal lesson: each text's caption is split by `tokenizer`, its picture read by
    /// `picture`; one class per text; `expected` gives the (word, patch) cells the caption's
    /// cross-attention should land on.
    pub fn captioned(
        mut self,
        tokenizer: fn(&str) -> Vec<String>,
        picture: ImageInput,
        expected: ExpectedPattern,
    ) -> Self {
        self.tokenizer = tokenizer;
        self.picture = Some(picture);
        self.expected = Some(expected);
        self
    }

    /// Only some positions are asked (e.g. the last one).
    pub fn asking(mut self, asked: fn(usize) -> Vec<bool>) -> Self {
        self.asked = asked;
        self
    }

    pub fn with_word_groups(mut self, groups: Vec<(String, &'static str)>) -> Self {
        self.word_groups = groups;
        self
    }

    /// The group of `token`, if the lesson gives it one.
    pub fn word_group(&self, token: &str) -> Option<&'static str> {
        self.word_groups.iter().find(|(t, _)| t == token).map(|(_, g)| *g)
    }

    pub fn split(&self, split: Split) -> &[Example] {
        match split {
            Split::Train => &self.train,
            Split::Validation => &self.validation,
            Split::Test => &self.test,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Train,
    Validation,
    Test,
}

/// The data of the lesson `config` names, in its language, from its seed.
pub fn load(config: &Config) -> LessonData {
    let (lang, seed, split) = (config.lang, config.seed, config.proportions());
    match config.lesson {
        LessonId::Sentiment => sentiment::generate(lang, seed, split),
        LessonId::Copy => copy::generate(seed, split),
        LessonId::Reverse => reverse::generate(seed, split),
        LessonId::Sort => sort::generate(seed, split),
        LessonId::Recall => recall::generate(seed, split),
        LessonId::Induction => induction::generate(seed, split),
        LessonId::Regression => regression::generate(seed, split),
        LessonId::CharLm => charlm::generate(lang, seed, split),
        LessonId::MultiTask => multitask::generate(lang, seed, split),
        LessonId::Translate => translate::generate(lang, seed, split),
        LessonId::Patches => patches::generate(lang, seed, split),
        LessonId::Signal => signal::generate(lang, seed, split),
        LessonId::Recommend => recommend::generate(lang, seed, split),
        LessonId::Multimodal => multimodal::generate(lang, seed, split),
        // Until the learner brings data: the sample, which always parses.
        LessonId::Custom => match custom::parse(custom::sample().as_bytes()) {
            Ok(table) => custom::lesson(&table, seed, split),
            Err(_) => LessonData::new(Lang::En, Vec::<String>::new(), 1, "", vec![], vec![], vec![]),
        },
    }
}

/// The knobs a lesson starts with: the playground's defaults, with what the lesson needs changed
/// (e.g. a causal mask for next-token prediction).
pub fn defaults(lesson: LessonId) -> Config {
    let config = Config { lesson, ..Config::default() };
    match lesson {
        LessonId::Induction => induction::defaults(config),
        LessonId::Regression => regression::defaults(config),
        LessonId::CharLm => charlm::defaults(config),
        LessonId::Translate => translate::defaults(config),
        LessonId::Patches => patches::defaults(config),
        LessonId::Signal => signal::defaults(config),
        LessonId::Recommend => recommend::defaults(config),
        LessonId::Multimodal => multimodal::defaults(config),
        LessonId::Sentiment
        | LessonId::Copy
        | LessonId::Reverse
        | LessonId::Sort
        | LessonId::Recall
        | LessonId::MultiTask
        | LessonId::Custom => config,
    }
}

/// The example a lesson's probe starts with.
pub fn default_probe(lesson: LessonId, lang: Lang) -> &'static str {
    match lesson {
        LessonId::Sentiment => sentiment::default_probe(lang),
        LessonId::Copy | LessonId::Reverse | LessonId::Sort => digits::DEFAULT_PROBE,
        LessonId::Recall => recall::DEFAULT_PROBE,
        LessonId::Induction => induction::DEFAULT_PROBE,
        LessonId::Regression => regression::DEFAULT_PROBE,
        LessonId::CharLm => charlm::default_probe(lang),
        LessonId::MultiTask => sentiment::default_probe(lang),
        LessonId::Translate => translate::default_probe(lang),
        LessonId::Patches => patches::DEFAULT_PROBE,
        LessonId::Signal => signal::DEFAULT_PROBE,
        LessonId::Recommend => recommend::default_probe(lang),
        LessonId::Multimodal => multimodal::default_probe(lang),
        // The first line of the data, which the page does not know here.
        LessonId::Custom => "",
    }
}

/// Percent of the examples in the training and validation splits; the test split has the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proportions {
    pub train: usize,
    pub validation: usize,
}

impl Default for Proportions {
    /// The seed article's recipe: 70% / 15% / 15%.
    fn default() -> Self {
        Self { train: 70, validation: 15 }
    }
}

impl Proportions {
    /// How many of `n` examples go to training, validation and test (each share rounded down,
    /// the test split takes the remainder).
    pub fn counts(&self, n: usize) -> (usize, usize, usize) {
        let train = n * self.train.min(100) / 100;
        let validation = (n * self.validation / 100).min(n - train);
        (train, validation, n - train - validation)
    }
}

/// Shuffles with `seed` and cuts by `proportions`: the same seed and proportions give the same
/// three disjoint splits.
pub fn split_train_validation_test<T>(
    mut items: Vec<T>,
    seed: u64,
    proportions: Proportions,
) -> (Vec<T>, Vec<T>, Vec<T>) {
    items.shuffle(&mut StdRng::seed_from_u64(seed ^ 0x5917));
    let (n_train, n_validation, _) = proportions.counts(items.len());
    let test = items.split_off(n_train + n_validation);
    let validation = items.split_off(n_train);
    (items, validation, test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LessonInput;

    #[test]
    fn split_is_70_15_15_and_disjoint() {
        let (train, validation, test) =
            split_train_validation_test((0..1000).collect(), 3, Proportions::default());
        assert_eq!((train.len(), validation.len(), test.len()), (700, 150, 150));
        let mut all: Vec<i32> = train.into_iter().chain(validation).chain(test).collect();
        all.sort();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
    }

    /// The page tells the lessons apart by `LessonId::input` (it has no lesson data): that must be
    /// what each lesson's data says.
    #[test]
    fn each_lesson_reads_the_input_its_id_names() {
        for lesson in LessonId::ALL {
            let data = load(&defaults(lesson));
            let words = lesson.input() == LessonInput::Words;
            assert_eq!(data.image.is_none(), words, "{lesson:?}");
        }
    }
}
