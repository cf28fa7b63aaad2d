//! **Tiny language model**: predict the next character of nursery rhymes (English) or classical
//! Chinese poems (中文), all in the public domain and shipped with the page.
//!
//! ```text
//! input    T w i n k l e , ␣ t w i n k
//! output   w i n k l e , ␣ t w i n k l      (every position predicts the next character)
//! ```
//!
//! A causal model (each position sees only what came before it) trained this way can write:
//! sampling picks a next character from the predicted distribution — sharpened or flattened by
//! the temperature, cut to the k most likely by top-k — appends it, and repeats. Whole rhymes or
//! poems go to one split, so validation shows how well the model does on text it never saw.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::{Example, LessonData, Proportions, split_train_validation_test};
use crate::config::{Config, Lang};

/// Characters the model reads at once (its context).
pub const CONTEXT: usize = 32;
/// Training windows start every this many characters.
const STRIDE: usize = 2;
/// How spaces and line breaks appear as tokens, so that they can be seen on the page.
pub const SPACE: &str = "␣";
pub const NEWLINE: &str = "↵";

const RHYMES: &str = include_str!("charlm/rhymes_en.txt");
const POEMS: &str = include_str!("charlm/poems_zh.txt");

/// The knobs this lesson starts with: a causal model a little wider than the others.
pub fn defaults(config: Config) -> Config {
    Config {
        causal: true,
        d_model: 64,
        n_heads: 4,
        n_layers: 2,
        d_ff: 128,
        epochs: 30,
        eval_every: 25,
        ..config
    }
}

pub fn default_probe(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Twinkle, twinkle, little",
        Lang::Zh => "床前明月光，",
    }
}

/// The shipped text of a language.
pub fn corpus(lang: Lang) -> &'static str {
    match lang {
        Lang::En => RHYMES,
        Lang::Zh => POEMS,
    }
}

/// Every character is a token; spaces and line breaks become visible marks.
pub fn tokenize(text: &str) -> Vec<String> {
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            ' ' => SPACE.to_string(),
            '\n' => NEWLINE.to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Tokens back to plain text.
pub fn detokenize(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| match t.as_str() {
            SPACE => " ",
            NEWLINE => "\n",
            t => t,
        })
        .collect()
}

pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let text = corpus(lang);
    // The output classes: every character of the text.
    let mut classes = tokenize(text);
    classes.sort();
    classes.dedup();
    let mut pieces: Vec<&str> = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    pieces.shuffle(&mut StdRng::seed_from_u64(seed ^ 0xc4a2));
    let (train, validation, test) = split_train_validation_test(pieces, seed, split);
    let windows = |pieces: Vec<&str>| -> Vec<Example> {
        let tokens = tokenize(&pieces.join("\n\n"));
        let class = |t: &String| classes.binary_search(t).ok();
        (0..tokens.len().saturating_sub(1))
            .step_by(STRIDE)
            .map(|start| {
                let end = (start + CONTEXT + 1).min(tokens.len());
                let input = tokens[start..end - 1].to_vec();
                let targets = tokens[start + 1..end].iter().map(class).collect();
                Example::per_token(input, targets)
            })
            .collect()
    };
    let (train, validation, test) = (windows(train), windows(validation), windows(test));
    let tokenizer = tokenize;
    LessonData::new(lang, classes.clone(), CONTEXT, default_probe(lang), train, validation, test)
        .per_token(tokenizer, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_position_predicts_the_next_character() {
        for lang in Lang::ALL {
            let data = generate(lang, 1, Proportions::default());
            assert!(data.train.len() > 150, "{lang:?}: {} windows", data.train.len());
            assert!(!data.validation.is_empty() && !data.test.is_empty());
            for e in data.train.iter().take(50) {
                assert!(e.tokens.len() <= CONTEXT);
                for (i, target) in e.targets.iter().enumerate().take(e.tokens.len() - 1) {
                    assert_eq!(data.classes[target.expect("every position is asked")], e.tokens[i + 1]);
                }
            }
        }
        let tokens = tokenize("a b\nc");
        assert_eq!(tokens, vec!["a", SPACE, "b", NEWLINE, "c"]);
        assert_eq!(detokenize(&tokens), "a b\nc");
    }
}
