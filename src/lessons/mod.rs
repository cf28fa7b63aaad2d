//! Lessons: a task, its data and its vocabulary. One file per lesson; no DOM here.

pub mod sentiment;
pub mod vocab;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::config::{Config, Lang, LessonId};
pub use vocab::{Vocab, tokenize};

/// One labelled sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    pub text: String,
    pub tokens: Vec<String>,
    /// Class id.
    pub label: usize,
}

impl Example {
    pub fn new(text: String, lang: Lang, label: usize) -> Self {
        let tokens = tokenize(&text, lang);
        Self { text, tokens, label }
    }
}

/// Everything a lesson gives the trainer.
#[derive(Clone, Debug)]
pub struct LessonData {
    pub lang: Lang,
    /// Class names; a class id indexes this.
    pub classes: Vec<&'static str>,
    /// Built from the training split only: words seen only in validation or test are `<unk>`.
    pub vocab: Vocab,
    /// Longest input the model is built for, in tokens; longer probes are cut.
    pub max_len: usize,
    pub default_probe: &'static str,
    pub train: Vec<Example>,
    pub validation: Vec<Example>,
    pub test: Vec<Example>,
    /// Tokens the lesson sorts into groups (e.g. "positive", "negation"), for colouring views.
    pub word_groups: Vec<(String, &'static str)>,
}

impl LessonData {
    pub fn new(
        lang: Lang,
        classes: Vec<&'static str>,
        max_len: usize,
        default_probe: &'static str,
        train: Vec<Example>,
        validation: Vec<Example>,
        test: Vec<Example>,
    ) -> Self {
        let vocab = Vocab::build(train.iter().map(|e| e.tokens.as_slice()));
        Self {
            lang,
            classes,
            vocab,
            max_len,
            default_probe,
            train,
            validation,
            test,
            word_groups: Vec::new(),
        }
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
    match config.lesson {
        LessonId::Sentiment => sentiment::generate(config.lang, config.seed),
    }
}

/// Shuffles with `seed` and cuts 70% / 15% / 15% (the seed article's recipe).
pub fn split_train_validation_test<T>(mut items: Vec<T>, seed: u64) -> (Vec<T>, Vec<T>, Vec<T>) {
    items.shuffle(&mut StdRng::seed_from_u64(seed ^ 0x5917));
    let n = items.len();
    let n_train = n * 70 / 100;
    let n_validation = n * 15 / 100;
    let test = items.split_off(n_train + n_validation);
    let validation = items.split_off(n_train);
    (items, validation, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_70_15_15_and_disjoint() {
        let (train, validation, test) = split_train_validation_test((0..1000).collect(), 3);
        assert_eq!((train.len(), validation.len(), test.len()), (700, 150, 150));
        let mut all: Vec<i32> = train.into_iter().chain(validation).chain(test).collect();
        all.sort();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
    }
}
