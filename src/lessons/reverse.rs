//! **Reverse**: output the sequence backwards.
//!
//! ```text
//! input    3 1 4 1 5 9 2 6
//! output   6 2 9 5 1 4 1 3
//! ```
//!
//! Attention pattern to expect: position i attends to position n − 1 − i, the anti-diagonal.
//! Without positional encoding attention cannot tell positions apart (permuting the input only
//! permutes the outputs), so this lesson cannot be learned with `positional = none`.

use super::digits;
use super::{LessonData, Proportions};

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    digits::lesson(seed, split, |d, i| Some(d[d.len() - 1 - i]), expected)
}

/// Query i looks at key n − 1 − i.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    let n = tokens.len();
    (0..n).map(|q| (q, n - 1 - q)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_the_sequence_backwards() {
        let data = generate(1, Proportions::default());
        let e = &data.validation[0];
        let back: Vec<String> = e.targets.iter().map(|t| t.unwrap().to_string()).collect();
        let mut reversed = e.tokens.clone();
        reversed.reverse();
        assert_eq!(back, reversed);
        assert_eq!(expected(&e.tokens)[0], (0, 7));
    }
}
