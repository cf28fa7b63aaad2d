//! **Copy / shift**: output, at every position, the digit one place to the left.
//!
//! ```text
//! input    3 1 4 1 5 9 2 6
//! output   – 3 1 4 1 5 9 2      (nothing is asked at the first position)
//! ```
//!
//! Attention pattern to expect: each position attends to its left neighbour — a diagonal one
//! step below the main one. The model can only find "one to the left" through the positional
//! encoding; the content of the tokens does not say where they are.

use super::digits;
use super::{LessonData, Proportions};

/// How far the output is shifted.
pub const SHIFT: usize = 1;

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    digits::lesson(seed, split, |d, i| i.checked_sub(SHIFT).map(|j| d[j]), expected)
        .asking(|len| (0..len).map(|i| i >= SHIFT).collect())
}

/// Query i looks at key i − SHIFT.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    (SHIFT..tokens.len()).map(|q| (q, q - SHIFT)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_the_left_neighbours() {
        let data = generate(1, Proportions::default());
        let e = &data.train[0];
        assert_eq!(e.targets[0], None);
        for i in 1..e.tokens.len() {
            assert_eq!(e.targets[i].map(|d| d.to_string()), Some(e.tokens[i - 1].clone()));
        }
        assert_eq!(expected(&e.tokens)[0], (1, 0));
    }
}
