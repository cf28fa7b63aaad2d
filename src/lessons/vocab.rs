//! Tokenizers and the vocabulary.
//!
//! English is split into lower-case words; Chinese into single characters (no word segmenter is
//! needed, and each character is a token the learner can point at). Id 0 is padding, id 1 stands
//! for every word the vocabulary does not know.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

use crate::config::Lang;

pub const PAD: &str = "<pad>";
pub const UNK: &str = "<unk>";
pub const PAD_ID: usize = 0;
pub const UNK_ID: usize = 1;

/// Splits text into tokens: words for English, characters for Chinese. Punctuation and spaces
/// separate tokens and are dropped.
pub fn tokenize(text: &str, lang: Lang) -> Vec<String> {
    match lang {
        Lang::En => text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect(),
        // Latin letters and digits inside Chinese text stay together as one word.
        Lang::Zh => runs_and_characters(text, |c| c.is_ascii_alphanumeric()),
    }
}

/// The characters for which `joins` holds run together into one lower-case word; every other
/// letter or digit (e.g. a Chinese character) is a token of its own; anything else separates
/// tokens and is dropped.
pub fn runs_and_characters(text: &str, joins: fn(char) -> bool) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if joins(c) {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            tokens.push(c.to_string());
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// Token ↔ id. Serialized as its list of tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Vocab {
    tokens: Vec<String>,
    ids: HashMap<String, usize>,
}

impl From<Vec<String>> for Vocab {
    fn from(tokens: Vec<String>) -> Self {
        Self::from_tokens(tokens)
    }
}

impl From<Vocab> for Vec<String> {
    fn from(vocab: Vocab) -> Self {
        vocab.tokens
    }
}

impl Vocab {
    /// `<pad>`, `<unk>`, then every distinct token of `sentences`, sorted (so the ids do not
    /// depend on the order of the data).
    pub fn build<'a>(sentences: impl IntoIterator<Item = &'a [String]>) -> Self {
        let distinct: BTreeSet<&String> = sentences.into_iter().flatten().collect();
        let tokens =
            [PAD.to_string(), UNK.to_string()].into_iter().chain(distinct.into_iter().cloned()).collect();
        Self::from_tokens(tokens)
    }

    pub fn from_tokens(tokens: Vec<String>) -> Self {
        let ids = tokens.iter().enumerate().map(|(i, t)| (t.clone(), i)).collect();
        Self { tokens, ids }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn id(&self, token: &str) -> usize {
        self.ids.get(token).copied().unwrap_or(UNK_ID)
    }

    pub fn contains(&self, token: &str) -> bool {
        self.ids.contains_key(token)
    }

    pub fn token(&self, id: usize) -> &str {
        self.tokens.get(id).map(String::as_str).unwrap_or(UNK)
    }

    pub fn encode(&self, tokens: &[String]) -> Vec<usize> {
        tokens.iter().map(|t| self.id(t)).collect()
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_split_into_lowercase_words() {
        assert_eq!(tokenize("The movie, was NOT good!", Lang::En), ["the", "movie", "was", "not", "good"]);
    }

    #[test]
    fn chinese_is_split_into_characters() {
        assert_eq!(tokenize("这部电影，很好！", Lang::Zh), ["这", "部", "电", "影", "很", "好"]);
        assert_eq!(tokenize("DVD很好", Lang::Zh), ["dvd", "很", "好"]);
    }

    #[test]
    fn unknown_words_map_to_unk() {
        let sentence = tokenize("good film", Lang::En);
        let vocab = Vocab::build([sentence.as_slice()]);
        assert_eq!(vocab.token(PAD_ID), PAD);
        assert_eq!(vocab.encode(&tokenize("film zebra", Lang::En))[1], UNK_ID);
        assert_eq!(vocab.len(), 4);
    }
}
