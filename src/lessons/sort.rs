//! **Sort**: output the digits in ascending order.
//!
//! ```text
//! input    3 1 4 1 5 9 2 6
//! output   1 1 2 3 4 5 6 9
//! ```
//!
//! Attention pattern to expect: unlike copy and reverse, where to look depends on the *content*:
//! the query at position i should attend to the key(s) holding the i-th smallest digit, wherever
//! they are. The model has to rank the digits (how many are smaller than each one) and then fetch
//! by rank, which takes two layers.

use super::digits;
use super::{LessonData, Proportions};

pub fn generate(seed: u64, split: Proportions) -> LessonData {
    digits::lesson(seed, split, |d, i| Some(sorted(d)[i]), expected)
}

fn sorted(d: &[usize]) -> Vec<usize> {
    let mut s = d.to_vec();
    s.sort_unstable();
    s
}

/// Query i looks at every key holding the i-th smallest digit.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    let mut order: Vec<&String> = tokens.iter().collect();
    order.sort();
    order
        .iter()
        .enumerate()
        .flat_map(|(q, wanted)| {
            tokens.iter().enumerate().filter(move |(_, t)| t == wanted).map(move |(k, _)| (q, k))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_sorted_and_expected_cells_hold_them() {
        let data = generate(3, Proportions::default());
        let e = &data.train[0];
        let targets: Vec<usize> = e.targets.iter().map(|t| t.unwrap()).collect();
        assert!(targets.windows(2).all(|w| w[0] <= w[1]));
        let tokens: Vec<String> = "3 1 4 1".split(' ').map(String::from).collect();
        assert_eq!(expected(&tokens), vec![(0, 1), (0, 3), (1, 1), (1, 3), (2, 0), (3, 2)]);
    }
}
