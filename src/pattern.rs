//! Which keys each query may attend to: the mask that is applied to the scores before softmax.
//!
//! ```text
//! full       every query sees every key
//! causal     query i sees keys 0..=i only (a language model must not read ahead)
//! window w   query i sees keys within w positions of it (the seed's local attention)
//! stride s   query i also sees every s-th key counting from itself (a strided sparse pattern,
//!            as in Child et al. 2019's Sparse Transformer); with no window, only those
//! ```
//!
//! Causal combines with the others: a causal window sees the w keys before it. A query always
//! sees itself, so every row of the softmax has at least one key. Plain numbers: the model turns
//! this into a tensor, the page draws it.

use serde::{Deserialize, Serialize};

use crate::config::Config;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub causal: bool,
    /// Largest query–key distance a key may have; 0: no local limit.
    pub window: usize,
    /// Keys at a distance that is a multiple of this are seen too; 0: none.
    pub stride: usize,
}

impl Pattern {
    pub fn of(config: &Config) -> Self {
        Self { causal: config.causal, window: config.window, stride: config.stride }
    }

    /// Whether every query sees every key.
    pub fn is_full(&self) -> bool {
        !self.causal && self.window == 0 && self.stride == 0
    }

    /// Whether query position `q` may attend to key position `k`.
    pub fn allows(&self, q: usize, k: usize) -> bool {
        if self.causal && k > q {
            return false;
        }
        let distance = q.abs_diff(k);
        let local = self.window > 0 && distance <= self.window;
        let strided = self.stride > 0 && distance.is_multiple_of(self.stride);
        (self.window == 0 && self.stride == 0) || local || strided
    }

    /// `[len, len]` row-major, query-major: true where the key is hidden from the query.
    pub fn blocked(&self, len: usize) -> Vec<bool> {
        (0..len).flat_map(|q| (0..len).map(move |k| !self.allows(q, k))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pattern: Pattern, len: usize) -> Vec<String> {
        let blocked = pattern.blocked(len);
        blocked.chunks(len).map(|r| r.iter().map(|&b| if b { '.' } else { 'x' }).collect()).collect()
    }

    #[test]
    fn full_causal_window_and_stride() {
        assert_eq!(rows(Pattern::default(), 3), ["xxx", "xxx", "xxx"]);
        let causal = Pattern { causal: true, ..Pattern::default() };
        assert_eq!(rows(causal, 3), ["x..", "xx.", "xxx"]);
        let window = Pattern { window: 1, ..Pattern::default() };
        assert_eq!(rows(window, 4), ["xx..", "xxx.", ".xxx", "..xx"]);
        let stride = Pattern { stride: 2, ..Pattern::default() };
        assert_eq!(rows(stride, 4), ["x.x.", ".x.x", "x.x.", ".x.x"]);
        let sparse = Pattern { causal: true, window: 1, stride: 3 };
        assert_eq!(rows(sparse, 5), ["x....", "xx...", ".xx..", "x.xx.", ".x.xx"]);
    }

    #[test]
    fn every_query_sees_itself() {
        for pattern in
            [Pattern { causal: true, window: 0, stride: 5 }, Pattern { window: 1, ..Pattern::default() }]
        {
            assert!((0..9).all(|i| pattern.allows(i, i)));
        }
    }
}
