//! Predict, then see: before training, the learner picks the attention pattern they expect from a
//! few thumbnails; after training, the learned heads are compared with every thumbnail. Plain
//! numbers; the page draws the thumbnails from [`Guess::map`].

use crate::train::AttentionMaps;

/// The patterns a learner can pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Guess {
    /// Each token looks at itself (the diagonal).
    Itself,
    /// Each token looks at the one before it (the diagonal just below).
    Previous,
    /// Token i looks at token n − 1 − i (the anti-diagonal).
    Mirror,
    /// Every token looks at the first token.
    First,
    /// Every token looks at one and the same word (one column), wherever it is.
    OneWord,
    /// Attention spread evenly over every token.
    Even,
}

/// Share of a head's attention a sharp pattern must hold to count as what the head learned.
pub const SHARP_ENOUGH: f32 = 0.5;

/// Size of the thumbnails.
pub const THUMBNAIL: usize = 5;

impl Guess {
    pub const ALL: [Guess; 6] =
        [Guess::Itself, Guess::Previous, Guess::Mirror, Guess::First, Guess::OneWord, Guess::Even];

    /// Its id in the page (`data-guess`).
    pub fn id(self) -> &'static str {
        match self {
            Guess::Itself => "itself",
            Guess::Previous => "previous",
            Guess::Mirror => "mirror",
            Guess::First => "first",
            Guess::OneWord => "one-word",
            Guess::Even => "even",
        }
    }

    pub fn from_id(id: &str) -> Option<Guess> {
        Guess::ALL.into_iter().find(|g| g.id() == id)
    }

    /// The pattern as an `n × n` row-major map whose rows sum to 1. `word` is the column
    /// [`Guess::OneWord`] puts everything on.
    pub fn map(self, n: usize, word: usize) -> Vec<f32> {
        let mut map = vec![0.0; n * n];
        for q in 0..n {
            let row = &mut map[q * n..(q + 1) * n];
            match self {
                Guess::Itself => row[q] = 1.0,
                Guess::Previous => row[q.saturating_sub(1)] = 1.0,
                Guess::Mirror => row[n - 1 - q] = 1.0,
                Guess::First => row[0] = 1.0,
                Guess::OneWord => row[word.min(n - 1)] = 1.0,
                Guess::Even => row.fill(1.0 / n as f32),
            }
        }
        map
    }
}

/// How much two attention maps (`n × n`, rows summing to 1) agree: the weight they share, row
/// by row (Σ_k min(a, b)), averaged over the rows. 1: the same; 0: no key in common.
pub fn overlap(a: &[f32], b: &[f32], n: usize) -> f32 {
    if n == 0 || a.len() != n * n || b.len() != n * n {
        return 0.0;
    }
    let shared: f32 = a.iter().zip(b).map(|(x, y)| x.min(*y)).sum();
    shared / n as f32
}

/// One head's best match.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    pub layer: usize,
    pub head: usize,
    pub guess: Guess,
    pub overlap: f32,
}

/// The learned heads against the learner's guess.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    /// The head that fits the guess best, and how well.
    pub guess: Match,
    /// The pattern that fits a learned head best, over every head and pattern: the best sharp
    /// one if it holds at least [`SHARP_ENOUGH`] of a head's attention (a head that has not
    /// settled yet spreads its attention, which would otherwise fit [`Guess::Even`] best).
    pub closest: Match,
}

impl Verdict {
    /// Whether the guess is (one of) the best description of what was learned.
    pub fn right(&self) -> bool {
        self.guess.overlap + 1e-6 >= self.closest.overlap
    }
}

/// The column that receives the most attention in `map` (the "one word" a head may fix on).
fn busiest_column(map: &[f32], n: usize) -> usize {
    (0..n)
        .map(|k| (k, (0..n).map(|q| map[q * n + k]).sum::<f32>()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(0, |(k, _)| k)
}

fn score(map: &[f32], n: usize, guess: Guess) -> f32 {
    overlap(map, &guess.map(n, busiest_column(map, n)), n)
}

/// Compares every head of `maps` with `guess` and with every pattern. `None` without heads.
pub fn compare(maps: &AttentionMaps, guess: Guess) -> Option<Verdict> {
    let n = maps.len;
    let heads = (0..maps.n_layers).flat_map(|l| (0..maps.n_heads).map(move |h| (l, h)));
    let best = |pairs: &mut dyn Iterator<Item = Match>| pairs.max_by(|a, b| a.overlap.total_cmp(&b.overlap));
    let with_guess = best(&mut heads.clone().map(|(layer, head)| Match {
        layer,
        head,
        guess,
        overlap: score(maps.head(layer, head), n, guess),
    }))?;
    let all = heads.flat_map(|(layer, head)| {
        Guess::ALL.into_iter().map(move |g| Match {
            layer,
            head,
            guess: g,
            overlap: score(maps.head(layer, head), n, g),
        })
    });
    let (even, sharp): (Vec<Match>, Vec<Match>) = all.partition(|m| m.guess == Guess::Even);
    let sharp = best(&mut sharp.into_iter());
    let closest = match sharp {
        Some(s) if s.overlap >= SHARP_ENOUGH => s,
        _ => best(&mut even.into_iter().chain(sharp))?,
    };
    Some(Verdict { guess: with_guess, closest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maps(heads: &[Vec<f32>], n: usize) -> AttentionMaps {
        AttentionMaps { n_layers: 1, n_heads: heads.len(), len: n, weights: heads.concat() }
    }

    #[test]
    fn every_pattern_is_a_map_whose_rows_sum_to_one() {
        for guess in Guess::ALL {
            assert_eq!(Guess::from_id(guess.id()), Some(guess));
            let map = guess.map(4, 2);
            for row in map.chunks(4) {
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{guess:?}");
            }
            assert!((overlap(&map, &map, 4) - 1.0).abs() < 1e-6);
        }
        assert_eq!(Guess::Mirror.map(3, 0), vec![0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0]);
        assert_eq!(overlap(&Guess::Itself.map(3, 0), &Guess::Mirror.map(3, 0), 3), 1.0 / 3.0);
    }

    #[test]
    fn the_verdict_finds_the_head_and_the_pattern_that_fit() {
        let n = 4;
        let mut blurred_mirror = Guess::Mirror.map(n, 0);
        for (a, b) in blurred_mirror.iter_mut().zip(Guess::Even.map(n, 0)) {
            *a = 0.8 * *a + 0.2 * b;
        }
        let m = maps(&[Guess::Even.map(n, 0), blurred_mirror], n);
        let verdict = compare(&m, Guess::Itself).expect("heads");
        assert_eq!((verdict.closest.guess, verdict.closest.head), (Guess::Mirror, 1));
        assert!((verdict.closest.overlap - 0.85).abs() < 1e-5, "{verdict:?}");
        assert!(!verdict.right());
        let verdict = compare(&m, Guess::Mirror).expect("heads");
        assert!(verdict.right());
        // "One word" is the column a head fixes on, wherever it is.
        let fixed = maps(&[Guess::OneWord.map(n, 2)], n);
        assert!(compare(&fixed, Guess::OneWord).expect("heads").right());
        assert!(compare(&maps(&[], n), Guess::Even).is_none());
        // Heads that have not settled spread their attention.
        let unsettled = maps(&[Guess::Even.map(n, 0)], n);
        assert_eq!(compare(&unsettled, Guess::Itself).expect("heads").closest.guess, Guess::Even);
    }
}
