//! **Translation with cross-attention** (the seed's machine-translation example): dates written
//! the ways people write them, in English and in Chinese, translated into ISO 8601.
//!
//! ```text
//! source   29 November 2026 · November 29th, 2026 · Nov 29, 2026 · 2026年11月29日 · 二〇二六年十一月二十九日
//! target   2 0 2 6 - 1 1 - 2 9
//! ```
//!
//! An encoder reads the source; a decoder writes the target one character at a time, each step
//! looking back at the source through cross-attention. The fields come in different orders
//! (day first, month first, year first), months are words, abbreviations or numbers, and Chinese
//! numerals spell "29" as 二十九, so no fixed position of the source holds a given target
//! character: the decoder has to find it. Attention pattern to expect (target step → source):
//! each year digit → the same year digit of the source; the month's two digits → the month's
//! tokens; the day's two digits → the day's tokens. The dashes have no source.

use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test, vocab};
use crate::config::{Config, Lang};

pub const EXAMPLES: usize = 4000;
/// The target alphabet: the decoder's classes.
pub const CLASSES: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-"];
/// "YYYY-MM-DD".
pub const TARGET_LEN: usize = 10;
/// The longest source ("二〇二六年十二月三十一日" is 12 tokens), with room to spare.
pub const MAX_LEN: usize = 16;
/// Years drawn from this range.
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2199;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ZH_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// The ways a date is written here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// 29 November 2026
    DayMonthYear,
    /// November 29, 2026
    MonthDayYear,
    /// 29 Nov 2026
    DayAbbrYear,
    /// Nov 29, 2026
    AbbrDayYear,
    /// November 29th, 2026
    MonthOrdinalYear,
    /// 2026年11月29日
    ZhDigits,
    /// 二〇二六年十一月二十九日
    ZhNumerals,
}

pub const FORMATS: [Format; 7] = [
    Format::DayMonthYear,
    Format::MonthDayYear,
    Format::DayAbbrYear,
    Format::AbbrDayYear,
    Format::MonthOrdinalYear,
    Format::ZhDigits,
    Format::ZhNumerals,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date as `format` writes it.
    pub fn write(&self, format: Format) -> String {
        let (y, d) = (self.year, self.day);
        let month = MONTHS[self.month as usize - 1];
        let abbr = &month[..3];
        match format {
            Format::DayMonthYear => format!("{d} {month} {y}"),
            Format::MonthDayYear => format!("{month} {d}, {y}"),
            Format::DayAbbrYear => format!("{d} {abbr} {y}"),
            Format::AbbrDayYear => format!("{abbr} {d}, {y}"),
            Format::MonthOrdinalYear => format!("{month} {d}{}, {y}", ordinal_suffix(d)),
            Format::ZhDigits => format!("{y}年{}月{d}日", self.month),
            Format::ZhNumerals => {
                let year: String =
                    y.to_string().chars().map(|c| ZH_DIGITS[c as usize - '0' as usize]).collect();
                format!("{year}年{}月{}日", zh_number(self.month), zh_number(d))
            }
        }
    }
}

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

/// "st", "nd", "rd" or "th".
fn ordinal_suffix(day: u32) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// 1–31 in Chinese numerals: 九, 十, 十一, 二十, 二十九, 三十一.
fn zh_number(n: u32) -> String {
    let (tens, units) = (n / 10, n % 10);
    let mut text = String::new();
    if tens > 1 {
        text.push_str(ZH_DIGITS[tens as usize]);
    }
    if tens > 0 {
        text.push('十');
    }
    if units > 0 || tens == 0 {
        text.push_str(ZH_DIGITS[units as usize]);
    }
    text
}

/// Letters run together into one lower-case word ("november", "th"); every digit and every
/// Chinese character is a token of its own; spaces and punctuation separate and are dropped.
pub fn tokenize(text: &str) -> Vec<String> {
    vocab::runs_and_characters(text, |c| c.is_ascii_alphabetic())
}

/// A little wider than the playground's default: the decoder has a table to learn (month names
/// and Chinese numerals → digits) besides where to look.
pub fn defaults(config: Config) -> Config {
    Config { d_model: 48, n_heads: 4, n_layers: 2, d_ff: 96, epochs: 20, ..config }
}

pub fn default_probe(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "29 November 2026",
        Lang::Zh => "二〇二六年十一月二十九日",
    }
}

/// A random valid date.
fn draw_date(rng: &mut StdRng) -> Date {
    let year = rng.random_range(YEARS);
    let month = rng.random_range(1..=12);
    let day = rng.random_range(1..=days_in_month(year, month));
    Date { year, month, day }
}

/// [`EXAMPLES`] distinct (date, format) pairs, both languages mixed, split 70/15/15. `lang`
/// only picks the probe the lesson starts with.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0xda7e);
    let mut seen = HashSet::new();
    let mut examples = Vec::with_capacity(EXAMPLES);
    while examples.len() < EXAMPLES {
        let date = draw_date(&mut rng);
        let format = FORMATS[rng.random_range(0..FORMATS.len())];
        let text = date.write(format);
        if seen.insert(text.clone()) {
            examples.push(example(text, &date));
        }
    }
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), MAX_LEN, default_probe(lang), train, validation, test)
        .translation(tokenize, TARGET_LEN, ExpectedPattern::Tokens(expected))
}

fn example(text: String, date: &Date) -> Example {
    let targets = date.iso().chars().map(|c| CLASSES.iter().position(|class| class.starts_with(c))).collect();
    Example { tokens: tokenize(&text), text, label: 0, targets, value: 0.0, second: 0 }
}

/// Positions of the year's, the month's and the day's tokens in a source, as [`tokenize`]
/// splits it; `None` for a text that is not one of the lesson's formats.
pub fn fields(tokens: &[String]) -> Option<[Vec<usize>; 3]> {
    let is_digit = |t: &String| t.chars().all(|c| c.is_ascii_digit());
    let at = |marker: &str| tokens.iter().position(|t| t == marker);
    if let (Some(year_end), Some(month_end), Some(day_end)) = (at("年"), at("月"), at("日")) {
        return (year_end < month_end && month_end < day_end).then(|| {
            [(0..year_end).collect(), (year_end + 1..month_end).collect(), (month_end + 1..day_end).collect()]
        });
    }
    let month =
        tokens.iter().position(|t| !is_digit(t) && !matches!(t.as_str(), "st" | "nd" | "rd" | "th"))?;
    let digits_after: Vec<usize> = (month + 1..tokens.len()).filter(|&i| is_digit(&tokens[i])).collect();
    if month > 0 {
        // Day first: day, month, year.
        return Some([digits_after, vec![month], (0..month).collect()]);
    }
    // Month first: the last four digits are the year, the ones before the day.
    let split = digits_after.len().checked_sub(4)?;
    Some([digits_after[split..].to_vec(), vec![month], digits_after[..split].to_vec()])
}

/// Target step → source tokens: year digit i → the source's year digit i; month digits → the
/// month's tokens; day digits → the day's tokens; the dashes → nothing.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    let Some([year, month, day]) = fields(tokens) else { return Vec::new() };
    let mut cells = Vec::new();
    for (step, &k) in year.iter().enumerate().take(4) {
        cells.push((step, k));
    }
    for (steps, field) in [([5, 6], &month), ([8, 9], &day)] {
        for step in steps {
            cells.extend(field.iter().map(|&k| (step, k)));
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        tokenize(text)
    }

    #[test]
    fn every_format_writes_the_date_as_people_do() {
        let date = Date { year: 2026, month: 11, day: 29 };
        let written: Vec<String> = FORMATS.iter().map(|&f| date.write(f)).collect();
        assert_eq!(
            written,
            [
                "29 November 2026",
                "November 29, 2026",
                "29 Nov 2026",
                "Nov 29, 2026",
                "November 29th, 2026",
                "2026年11月29日",
                "二〇二六年十一月二十九日",
            ]
        );
        assert_eq!(date.iso(), "2026-11-29");
        let numerals: Vec<String> = [1, 9, 10, 11, 20, 21, 30, 31].iter().map(|&n| zh_number(n)).collect();
        assert_eq!(numerals, ["一", "九", "十", "十一", "二十", "二十一", "三十", "三十一"]);
        let suffixes: Vec<&str> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(ordinal_suffix).to_vec();
        assert_eq!(suffixes, ["st", "nd", "rd", "th", "th", "th", "th", "st", "nd", "rd", "st"]);
    }

    #[test]
    fn only_valid_dates_and_the_target_is_iso() {
        let data = generate(Lang::En, 3, Proportions::default());
        assert_eq!(data.train.len() + data.validation.len() + data.test.len(), EXAMPLES);
        for e in &data.train {
            assert_eq!(e.targets.len(), TARGET_LEN);
            let iso: String = e.targets.iter().map(|t| CLASSES[t.unwrap()]).collect();
            let year: u32 = iso[..4].parse().unwrap();
            let month: u32 = iso[5..7].parse().unwrap();
            let day: u32 = iso[8..].parse().unwrap();
            assert!((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day), "{iso}");
            assert!(e.tokens.len() <= MAX_LEN);
        }
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
    }

    #[test]
    fn fields_are_found_in_every_format() {
        let date = Date { year: 2026, month: 3, day: 9 };
        for format in FORMATS {
            let source = tokens(&date.write(format));
            let [year, month, day] = fields(&source).unwrap();
            let read = |field: &[usize]| field.iter().map(|&i| source[i].as_str()).collect::<String>();
            let expected = match format {
                Format::ZhNumerals => ("二〇二六", "三", "九"),
                Format::ZhDigits => ("2026", "3", "9"),
                Format::DayAbbrYear | Format::AbbrDayYear => ("2026", "mar", "9"),
                _ => ("2026", "march", "9"),
            };
            assert_eq!(
                (read(&year).as_str(), read(&month).as_str(), read(&day).as_str()),
                expected,
                "{format:?}"
            );
        }
        assert_eq!(
            expected(&tokens("Nov 29, 2026")),
            vec![(0, 3), (1, 4), (2, 5), (3, 6), (5, 0), (6, 0), (8, 1), (8, 2), (9, 1), (9, 2)]
        );
        assert!(expected(&tokens("hello")).is_empty());
    }
}
