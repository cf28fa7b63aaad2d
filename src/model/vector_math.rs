//! `erf` and `exp` for `f32` as straight-line polynomials: no branches (only selects) and no
//! library calls, so that a loop applying them to a tensor's elements runs on SIMD lanes. burn's
//! CPU backend calls the C library's `erff` and `expf` one element at a time instead; the GELU
//! (`gelu.rs`) and the attention softmax (`softmax.rs`) of the models use these.

/// `erf(x)` as `x·P(x²)/Q(x²)`, the rational approximation that Eigen and XLA use for single
/// precision; from |x| = 3.8325 on, `erf` rounds to ±1 in `f32`, and that is what it returns.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    const SATURATES_AT: f32 = 3.832_507;
    let saturated = x.abs() >= SATURATES_AT;
    let x = x.clamp(-SATURATES_AT, SATURATES_AT);
    let x2 = x * x;
    let p = -2.726_142_3e-10_f32;
    let p = p * x2 + 2.770_681_4e-8;
    let p = p * x2 - 2.101_024e-6;
    let p = p * x2 - 5.692_506_4e-5;
    let p = p * x2 - 7.349_906_3e-4;
    let p = p * x2 - 2.954_600_2e-3;
    let p = p * x2 - 1.609_603_3e-2;
    let q = -1.456_607_2e-5_f32;
    let q = q * x2 - 2.133_740_6e-4;
    let q = q * x2 - 1.682_827e-3;
    let q = q * x2 - 7.373_329e-3;
    let q = q * x2 - 1.426_473_9e-2;
    let ratio = x * p / q;
    // A select, not a branch: both sides are computed and the loop stays vectorisable.
    if saturated { x.signum() } else { ratio }
}

/// `exp(x)` for `x ≤ 0` (below −87, where it would be under 1.6e-38, it returns 0): `2ⁿ·e^r` with
/// `n` the nearest integer to `x/ln 2`, `|r| ≤ ln 2 / 2`, and `e^r` by its Taylor polynomial to
/// the seventh power. No branches and no library call, so a loop of it vectorises.
#[inline(always)]
pub fn exp_non_positive(x: f32) -> f32 {
    // 1.5·2²³: adding it rounds to an integer, which then sits in the low bits of the sum.
    const ROUNDER: f32 = 12_582_912.0;
    const LN2_HI: f32 = 0.693_359_4; // ln 2 in few bits, so that n·LN2_HI is exact
    const LN2_LO: f32 = -2.121_944_4e-4;
    let underflows = x < -87.0;
    let x = x.clamp(-87.0, 0.0);
    let shifted = x * core::f32::consts::LOG2_E + ROUNDER;
    let n = shifted - ROUNDER;
    let r = x - n * LN2_HI - n * LN2_LO;
    let e_r = 1.0
        + r * (1.0
            + r * (1.0 / 2.0
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    // n as an integer, read from the sum's low bits, moved into an exponent field: 2ⁿ.
    let n_bits = shifted.to_bits().wrapping_sub(ROUNDER.to_bits());
    let two_to_n = f32::from_bits(n_bits.wrapping_add(127) << 23);
    // A select, as in `erf`: below −87 the result is 0 (a masked attention score's weight).
    if underflows { 0.0 } else { e_r * two_to_n }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `erf` in double precision, correctly rounded to `f32` in all but rare ties.
    fn erf_reference(x: f32) -> f32 {
        libm::erf(f64::from(x)) as f32
    }

    fn ulps_apart(a: f32, b: f32) -> u32 {
        (a.to_bits() as i32).abs_diff(b.to_bits() as i32)
    }

    #[test]
    fn erf_is_within_a_few_units_in_the_last_place() {
        let (mut worst_abs, mut worst_ulps_inner) = (0.0f32, 0);
        for i in -700_000..=700_000 {
            let x = i as f32 * 1e-5; // −7 … 7
            let (ours, exact) = (erf(x), erf_reference(x));
            worst_abs = worst_abs.max((ours - exact).abs());
            if x.abs() <= 2.0 {
                worst_ulps_inner = worst_ulps_inner.max(ulps_apart(ours, exact));
            }
        }
        // Measured: 4.2e-7 and 5 (libm's erff, burn's, is within 1 unit).
        assert!(worst_abs < 5e-7, "worst absolute error {worst_abs}");
        assert!(worst_ulps_inner <= 6, "worst error on [-2, 2]: {worst_ulps_inner} units in the last place");
        assert_eq!(erf(0.0), 0.0);
        assert_eq!(erf(-1.0), -erf(1.0));
        assert_eq!((erf(4.0), erf(-9.0), erf(f32::INFINITY)), (1.0, -1.0, 1.0));
    }

    #[test]
    fn exp_matches_the_library_on_the_whole_range() {
        for i in 0..=870_000 {
            let x = -(i as f32) * 1e-4; // 0 … −87
            let (ours, exact) = (exp_non_positive(x), (f64::from(x)).exp() as f32);
            assert!(ulps_apart(ours, exact) <= 2, "exp({x}) = {ours}, exactly {exact}");
        }
        assert_eq!(exp_non_positive(0.0), 1.0);
        assert_eq!((exp_non_positive(-88.0), exp_non_positive(-1.0e9)), (0.0, 0.0));
    }
}
