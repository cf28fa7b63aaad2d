//! **Regression with MSE** (the seed names mean squared error for regression): output one number,
//! the sum of the digits that come right after a `+` marker.
//!
//! ```text
//! input    3 + 5 2 + 7 1 4 + 2
//! output   14                     (5 + 7 + 2)
//! ```
//!
//! The loss is the mean squared error; the page reports the mean absolute error and R² (the share
//! of the targets' variance the model explains). A digit counts only if the token before it is a
//! marker, so each digit must look one step back. Attention pattern to expect: every digit after
//! a marker attends to that marker.

use rand::rngs::StdRng;
use rand::seq::IteratorRandom;
use rand::{RngExt, SeedableRng};

use super::digits;
use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test};
use crate::config::{Config, Lang};

/// Tokens per sequence.
pub const LEN: usize = 10;
/// The marker token.
pub const MARKER: &str = "+";
/// Markers per sequence: between two and four.
pub const MARKERS: std::ops::RangeInclusive<usize> = 2..=4;
pub const EXAMPLES: usize = 3000;
pub const DEFAULT_PROBE: &str = "3 + 5 2 + 7 1 4 + 2";

/// The knobs this lesson starts with.
pub fn defaults(config: Config) -> Config {
    Config { epochs: 20, ..config }
}

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5e9_5e55);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let mut tokens: Vec<String> = (0..LEN).map(|_| rng.random_range(0..10).to_string()).collect();
            // Markers: never last (a digit must follow), never two in a row.
            let count = rng.random_range(MARKERS);
            let spots = loop {
                let mut spots = (0..LEN - 1).sample(&mut rng, count);
                spots.sort_unstable();
                if spots.windows(2).all(|w| w[1] > w[0] + 1) {
                    break spots;
                }
            };
            for spot in spots {
                tokens[spot] = MARKER.to_string();
            }
            let value = target(&tokens);
            Example::valued(tokens, value)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(Lang::En, Vec::<String>::new(), LEN, DEFAULT_PROBE, train, validation, test)
        .regression(digits::tokenize, Some(ExpectedPattern::Tokens(expected)))
}

/// The sum of the digits right after a marker.
pub fn target(tokens: &[String]) -> f32 {
    tokens.windows(2).filter(|pair| pair[0] == MARKER).filter_map(|pair| pair[1].parse::<f32>().ok()).sum()
}

/// Each digit after a marker looks back at the marker.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    tokens
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[0] == MARKER && pair[1] != MARKER)
        .map(|(k, _)| (k + 1, k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_sums_the_digits_after_markers() {
        let tokens = digits::tokenize(DEFAULT_PROBE);
        assert_eq!(target(&tokens), 14.0);
        assert_eq!(expected(&tokens), vec![(2, 1), (5, 4), (9, 8)]);
        let data = generate(3, Proportions::default());
        for e in data.train.iter().take(200) {
            assert_eq!(e.tokens.len(), LEN);
            let markers = e.tokens.iter().filter(|t| *t == MARKER).count();
            assert!(MARKERS.contains(&markers), "{:?}", e.tokens);
            assert_ne!(e.tokens[LEN - 1], MARKER);
            assert!(e.tokens.windows(2).all(|p| !(p[0] == MARKER && p[1] == MARKER)));
            assert_eq!(e.value, target(&e.tokens));
        }
    }
}
