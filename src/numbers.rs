//! Numbers as each language writes them. Both languages group thousands with commas and use a
//! decimal point; they differ in how large numbers are shortened: English counts in thousands
//! and millions (12.3K, 4.5M), Chinese in ten-thousands and hundred-millions (1.23万, 4.5亿).

use crate::config::Lang;

/// A whole number with thousands grouped: `12,345`.
pub fn count(n: usize, _lang: Lang) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A large quantity, shortened in the language's units with three significant digits:
/// `12.3K` / `1.23万`. Below the first unit it is written in full (rounded, grouped).
pub fn compact(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let units: &[(f64, &str)] = match lang {
        Lang::En => &[(1e9, "B"), (1e6, "M"), (1e3, "K")],
        Lang::Zh => &[(1e8, "亿"), (1e4, "万")],
    };
    let magnitude = value.abs();
    for &(size, unit) in units {
        // Round first, so that 9,999.7 becomes 10.0K rather than 10,000.
        if magnitude >= size * 0.9995 {
            return format!("{}{unit}", significant(value / size));
        }
    }
    if magnitude < 10.0 && magnitude.fract() != 0.0 {
        return significant(value);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{}", count(magnitude.round() as usize, lang))
}

/// Three significant digits, without trailing zeros: 1.23, 12.3, 123.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 99.95 {
        0
    } else if magnitude >= 9.995 {
        1
    } else {
        2
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_in_threes() {
        for (n, text) in [(0, "0"), (999, "999"), (1000, "1,000"), (12345, "12,345"), (1234567, "1,234,567")]
        {
            assert_eq!(count(n, Lang::En), text);
            assert_eq!(count(n, Lang::Zh), text);
        }
    }

    #[test]
    fn large_numbers_shorten_in_each_languages_units() {
        let cases = [
            (950.0, "950", "950"),
            (1234.0, "1.23K", "1,234"),
            (12_345.0, "12.3K", "1.23万"),
            (99_990.0, "100K", "10万"),
            (1_234_567.0, "1.23M", "123万"),
            (250_000_000.0, "250M", "2.5亿"),
            (2.5, "2.5", "2.5"),
            (-12_000.0, "-12K", "-1.2万"),
        ];
        for (value, en, zh) in cases {
            assert_eq!(compact(value, Lang::En), en, "{value} in English");
            assert_eq!(compact(value, Lang::Zh), zh, "{value} in Chinese");
        }
        assert_eq!(compact(f64::NAN, Lang::En), "–");
    }
}
