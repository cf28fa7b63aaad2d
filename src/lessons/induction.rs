//! **Induction**: predict the next letter; the sequence repeats a random segment, so once the
//! repeat has begun, the letter that followed the current one last time comes next.
//!
//! ```text
//! input    k   d b m q f h   d b m q f      a prefix, a segment, the segment again
//! output   ·   · · · · · ·   b m q f ·      (each position of the repeat predicts the next letter)
//! ```
//!
//! The model is causal (a query sees only the keys before it) with two layers. The classic
//! mechanism (Olsson et al. 2022) needs both: a *previous-token head* in layer 1 copies into each
//! position which letter came just before it; an *induction head* in layer 2 then looks for the
//! earlier position whose previous letter equals the current letter, and reads the letter there.
//! Segment length and start vary, so no fixed positional offset can solve the task. The loss
//! typically sits on a plateau first, then drops suddenly when the two heads click together.
//!
//! Attention pattern to expect: the query at i attends to the position after the previous
//! occurrence of its own letter.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test};
use crate::config::{Config, Lang};

/// The letters sequences are made of; also the output classes.
pub const LETTERS: [&str; 16] =
    ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n", "p", "q", "r"];
/// Longest sequence: prefix + segment + segment.
pub const MAX_LEN: usize = 20;
/// Shortest and longest repeated segment.
pub const SEGMENT: std::ops::RangeInclusive<usize> = 4..=8;
pub const EXAMPLES: usize = 4000;
pub const DEFAULT_PROBE: &str = "k d b m q f h d b m q f";

/// The knobs this lesson starts with: a causal two-layer model.
pub fn defaults(config: Config) -> Config {
    Config { causal: true, n_layers: 2, n_heads: 2, epochs: 12, eval_every: 25, ..config }
}

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x01d0_c710);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let segment = rng.random_range(SEGMENT);
            let prefix = rng.random_range(0..=MAX_LEN - 2 * segment);
            // Distinct letters: each letter of the segment occurs once before the repeat.
            let mut letters: Vec<&str> = LETTERS.to_vec();
            letters.shuffle(&mut rng);
            let (before, repeated) = letters[..prefix + segment].split_at(prefix);
            let tokens: Vec<String> =
                before.iter().chain(repeated).chain(repeated).map(|l| l.to_string()).collect();
            let start = prefix + segment; // first position of the repeat
            let targets = (0..tokens.len())
                .map(|i| (i >= start && i + 1 < tokens.len()).then(|| class(&tokens[i + 1])).flatten())
                .collect();
            Example::per_token(tokens, targets)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(Lang::En, LETTERS.to_vec(), MAX_LEN, DEFAULT_PROBE, train, validation, test)
        .per_token(tokenize, Some(ExpectedPattern::Tokens(expected)))
        .asking(|len| (0..len).map(|i| i + 1 < len).collect())
}

fn class(letter: &str) -> Option<usize> {
    LETTERS.iter().position(|l| *l == letter)
}

/// Every letter is a token; spaces and commas are ignored.
pub fn tokenize(text: &str) -> Vec<String> {
    text.chars().filter(|c| !c.is_whitespace() && *c != ',').map(|c| c.to_lowercase().to_string()).collect()
}

/// Query i looks at the position just after the previous occurrence of its own letter.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    (0..tokens.len())
        .filter_map(|q| {
            let earlier = tokens[..q].iter().rposition(|t| *t == tokens[q])?;
            (earlier + 1 < q).then_some((q, earlier + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repeat_predicts_the_letter_that_followed_last_time() {
        let data = generate(7, Proportions::default());
        for e in data.train.iter().take(100) {
            assert!(e.tokens.len() <= MAX_LEN);
            for (i, target) in e.targets.iter().enumerate() {
                if let Some(t) = target {
                    assert_eq!(LETTERS[*t], e.tokens[i + 1]);
                    // An earlier occurrence of this letter exists, and the same letter followed it.
                    let earlier = e.tokens[..i].iter().rposition(|x| *x == e.tokens[i]).unwrap();
                    assert_eq!(e.tokens[earlier + 1], e.tokens[i + 1]);
                }
            }
            assert!(e.targets.iter().any(Option::is_some));
        }
        let tokens = tokenize(DEFAULT_PROBE);
        assert_eq!(expected(&tokens), vec![(7, 2), (8, 3), (9, 4), (10, 5), (11, 6)]);
    }
}
