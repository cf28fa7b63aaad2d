//! The benchmark's data: sequences of 16 token ids, labelled 1 when the token 3 occurs more often
//! than the token 7. A fresh batch every step, drawn from a counter-based mulberry32 stream, so
//! that any implementation (ours, PyTorch, TensorFlow.js) trains on exactly the same numbers.

/// Token ids are `0..VOCAB`.
pub const VOCAB: usize = 16;
/// Examples per step.
pub const BATCH: usize = 32;
/// The data stream's seed.
pub const SEED: u32 = 42;

/// Output number `i` (0-based) of mulberry32 seeded with `seed`, computed directly.
pub fn mulberry32_at(seed: u32, i: u64) -> u32 {
    let mut t = seed.wrapping_add((i as u32).wrapping_add(1).wrapping_mul(0x6D2B_79F5));
    t = (t ^ (t >> 15)).wrapping_mul(t | 1);
    t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
    t ^ (t >> 14)
}

/// The batch of step `step` (warm-up steps included) for sequences of `len` tokens: the token ids
/// row-major `[BATCH, len]`, and each row's label.
pub fn batch(step: usize, len: usize) -> (Vec<u32>, Vec<u32>) {
    let first = (step * BATCH * len) as u64;
    let tokens: Vec<u32> = (0..(BATCH * len) as u64).map(|i| mulberry32_at(SEED, first + i) >> 28).collect();
    let labels = tokens
        .chunks(len)
        .map(|row| {
            let count = |token| row.iter().filter(|&&t| t == token).count();
            u32::from(count(3) > count(7))
        })
        .collect();
    (tokens, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_matches_the_specs_test_vectors() {
        let first: Vec<u32> = (0..8).map(|i| mulberry32_at(42, i)).collect();
        assert_eq!(
            first,
            [2581720956, 1925393290, 3661312704, 2876485805, 750819978, 2261697747, 1173505300, 2683257857]
        );
        assert_eq!(mulberry32_at(42, 1023), 125581961);
        assert_eq!(mulberry32_at(42, 1024), 2142952866);
    }

    fn labels(step: usize, len: usize) -> String {
        batch(step, len).1.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn batches_match_the_specs_rows_and_labels() {
        let (tokens, _) = batch(0, 32);
        assert_eq!(
            tokens[..32],
            [
                9, 7, 13, 10, 2, 8, 4, 9, 13, 7, 3, 14, 11, 4, 3, 8, 10, 9, 0, 7, 13, 0, 9, 0, 4, 0, 2, 12,
                8, 0, 2, 13
            ]
        );
        assert_eq!(labels(0, 32), "00011000100110000011001011100010");
        assert_eq!(labels(1, 32), "01111100000011110110001010100101");
        assert_eq!(batch(0, 16).0[..16], [9, 7, 13, 10, 2, 8, 4, 9, 13, 7, 3, 14, 11, 4, 3, 8]);
        assert_eq!(labels(0, 16), "00100010100000001000000111000000");
        assert_eq!(labels(1, 16), "01001111001001010111100001001110");
    }
}
