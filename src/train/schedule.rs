//! The learning rate at each step: constant, or a linear warm-up followed by a cosine decay to 0
//! (as in most transformer training recipes since "Attention Is All You Need" used a warm-up).
//!
//! ```text
//! constant   lr(t) = lr
//! cosine     lr(t) = lr · (t + 1) / W                          for t < W   (W = warm-up steps)
//!            lr(t) = lr · ½ · (1 + cos(π · (t − W) / (T − W)))  after      (T = steps in the run)
//! ```

use crate::config::Schedule;

/// The learning rate of step `step` (0-based) of a run of `total` steps, `warmup` of its steps'
/// share spent warming up (cosine schedule only).
pub fn learning_rate(schedule: Schedule, lr: f64, warmup: f64, step: usize, total: usize) -> f64 {
    match schedule {
        Schedule::Constant => lr,
        Schedule::Cosine => {
            let total = total.max(1);
            let warm = ((warmup.clamp(0.0, 1.0) * total as f64).round() as usize).min(total);
            if step < warm {
                return lr * (step + 1) as f64 / warm as f64;
            }
            let progress = ((step - warm) as f64 / (total - warm).max(1) as f64).min(1.0);
            lr * 0.5 * (1.0 + (std::f64::consts::PI * progress).cos())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_up_then_cosine_matches_values_worked_out_by_hand() {
        // 100 steps, 10 of warm-up, lr 0.01: steps 0 and 9 ramp to 0.001 and 0.01; step 10 starts
        // the decay at 0.01; step 55 is half way (cos π/2 = 0): 0.005; step 100 and beyond: 0.
        let lr = |t| learning_rate(Schedule::Cosine, 0.01, 0.1, t, 100);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(lr(0), 0.001));
        assert!(close(lr(9), 0.01));
        assert!(close(lr(10), 0.01));
        assert!(close(lr(55), 0.005));
        // Step 32: progress 22/90, ½(1 + cos(0.2444π)) = 0.8588.
        assert!((lr(32) - 0.01 * 0.5 * (1.0 + (std::f64::consts::PI * 22.0 / 90.0).cos())).abs() < 1e-12);
        assert!(close(lr(100), 0.0) && close(lr(150), 0.0));
        assert!(close(learning_rate(Schedule::Constant, 0.01, 0.1, 55, 100), 0.01));
        // No warm-up: the decay starts at once.
        assert!(close(learning_rate(Schedule::Cosine, 0.01, 0.0, 0, 100), 0.01));
    }
}
