//! Shared by the lessons on sequences of digits: random sequences, and a tokenizer that reads
//! every digit as its own token ("3 1 4" and "314" both give 3, 1, 4).

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test};
use crate::config::Lang;

/// Digits per sequence.
pub const LEN: usize = 8;
/// Sequences generated per lesson.
pub const EXAMPLES: usize = 3000;
pub const DEFAULT_PROBE: &str = "3 1 4 1 5 9 2 6";
/// The output classes: the digits themselves.
pub const CLASSES: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Every non-space character is a token.
pub fn tokenize(text: &str) -> Vec<String> {
    text.chars().filter(|c| !c.is_whitespace() && *c != ',').map(|c| c.to_string()).collect()
}

/// [`EXAMPLES`] random sequences of [`LEN`] digits from `seed`, each with the wanted output at
/// every position given by `target(digits, position)`, as a per-token lesson.
pub fn lesson(
    seed: u64,
    split: Proportions,
    target: fn(&[usize], usize) -> Option<usize>,
    expected: fn(&[String]) -> Vec<(usize, usize)>,
) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xd161_7500);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let digits: Vec<usize> = (0..LEN).map(|_| rng.random_range(0..10)).collect();
            let tokens = digits.iter().map(|d| d.to_string()).collect();
            let targets = (0..LEN).map(|i| target(&digits, i)).collect();
            Example::per_token(tokens, targets)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(Lang::En, CLASSES.to_vec(), LEN, DEFAULT_PROBE, train, validation, test)
        .per_token(tokenize, Some(ExpectedPattern::Tokens(expected)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_tokens_with_or_without_spaces() {
        assert_eq!(tokenize("3 1 4"), vec!["3", "1", "4"]);
        assert_eq!(tokenize("314"), vec!["3", "1", "4"]);
    }
}
