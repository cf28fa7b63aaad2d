//! **Associative recall**: a list of key–value pairs, then a key; answer that key's value.
//!
//! ```text
//! input    a 3 c 7 e 1 g 4 c
//! output   – – – – – – – – 7        (only the last position is asked)
//! ```
//!
//! Attention pattern to expect: the last position (the query "c") attends to the matching key
//! "c" and to the value after it, "7". A two-layer model can do it: first each value looks back at
//! its key (so it knows whose value it is), then the query looks for the value of its key.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::digits::{self, CLASSES};
use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test};
use crate::config::Lang;

/// Key–value pairs per example.
pub const PAIRS: usize = 4;
/// Keys are drawn from these letters.
pub const KEYS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
pub const EXAMPLES: usize = 3000;
pub const DEFAULT_PROBE: &str = "a 3 c 7 e 1 g 4 c";

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x007e_c411);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let mut keys = KEYS.to_vec();
            keys.shuffle(&mut rng);
            let values: Vec<usize> = (0..PAIRS).map(|_| rng.random_range(0..10)).collect();
            let asked = rng.random_range(0..PAIRS);
            let mut tokens = Vec::with_capacity(2 * PAIRS + 1);
            for (key, value) in keys.iter().zip(&values) {
                tokens.push(key.to_string());
                tokens.push(value.to_string());
            }
            tokens.push(keys[asked].to_string());
            let mut targets = vec![None; tokens.len()];
            targets[2 * PAIRS] = Some(values[asked]);
            Example::per_token(tokens, targets)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(Lang::En, CLASSES.to_vec(), 2 * PAIRS + 1, DEFAULT_PROBE, train, validation, test)
        .per_token(digits::tokenize, Some(ExpectedPattern::Tokens(expected)))
        .asking(|len| (0..len).map(|i| i + 1 == len).collect())
}

/// The last token looks at the earlier key equal to it and at the value after that key.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    let Some((query, rest)) = tokens.split_last() else { return Vec::new() };
    let q = tokens.len() - 1;
    rest.iter()
        .enumerate()
        .step_by(2)
        .filter(|(_, key)| *key == query)
        .flat_map(|(k, _)| [(q, k), (q, k + 1)])
        .filter(|&(_, k)| k < q)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_the_value_of_the_asked_key() {
        let data = generate(5, Proportions::default());
        for e in data.train.iter().take(50) {
            let asked = e.tokens.last().unwrap();
            let at = e.tokens.iter().position(|t| t == asked).unwrap();
            assert_eq!(e.targets[2 * PAIRS].map(|v| v.to_string()), Some(e.tokens[at + 1].clone()));
            assert!(e.targets[..2 * PAIRS].iter().all(Option::is_none));
        }
        let tokens: Vec<String> = DEFAULT_PROBE.split(' ').map(String::from).collect();
        assert_eq!(expected(&tokens), vec![(8, 2), (8, 3)]);
    }
}
