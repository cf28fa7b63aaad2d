//! **Your own data**: CSV or TSV lines of `text,label`, pasted or uploaded.
//!
//! Labels that are all numbers make a regression (MSE), anything else a classification with one
//! class per distinct label. The vocabulary is built from the training split: words, or single
//! characters when the texts are Chinese. Nothing is trained on bad data: every bad line is
//! reported with its number and the reason, and the whole input is refused until it is fixed.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::sentiment;
use super::{Example, LessonData, Proportions, split_train_validation_test};
use crate::config::Lang;

/// Most data lines accepted.
pub const MAX_ROWS: usize = 10_000;
/// Most characters in one text.
pub const MAX_CHARS: usize = 500;
/// Fewest data lines: the 70/15/15 split needs at least one validation and one test example.
pub const MIN_ROWS: usize = 10;
/// Most distinct labels of a classification.
pub const MAX_CLASSES: usize = 20;
/// Largest input accepted, in bytes (about 10,000 lines of 500 characters).
pub const MAX_BYTES: usize = 6_000_000;
/// Longest input the model reads, in tokens; longer texts are cut (attention costs len²).
pub const MAX_TOKENS: usize = 48;

/// Why the input, or one line of it, was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum DataError {
    #[error("the file could not be read: {reason}")]
    File { reason: String },
    #[error("the data is {bytes} bytes; the limit is {MAX_BYTES}")]
    TooBig { bytes: usize },
    #[error("the data is not UTF-8 text (a bad byte on line {line}); save it as UTF-8")]
    NotUtf8 { line: usize },
    #[error("there are no data lines: write one `text,label` per line")]
    Empty,
    #[error("line {line}: expected 2 fields (text, label), found {found}")]
    Ragged { line: usize, found: usize },
    #[error("line {line}: the text is empty")]
    EmptyText { line: usize },
    #[error("line {line}: the label is empty")]
    EmptyLabel { line: usize },
    #[error("line {line}: the text has {chars} characters; the limit is {MAX_CHARS}")]
    TooLong { line: usize, chars: usize },
    #[error("line {line}: {reason}")]
    Unreadable { line: usize, reason: String },
    #[error("{rows} data lines; the limit is {MAX_ROWS}")]
    TooManyRows { rows: usize },
    #[error("only {rows} data lines; at least {MIN_ROWS} are needed for a 70/15/15 split")]
    TooFewRows { rows: usize },
    #[error("{classes} different labels; the limit is {MAX_CLASSES} (numbers make a regression)")]
    TooManyClasses { classes: usize },
    #[error("every label is “{label}”: a classification needs at least two")]
    OneClass { label: String },
}

/// What the labels ask for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// One class per distinct label, sorted.
    Classes(Vec<String>),
    /// Every label is a number.
    Numbers,
}

/// A parsed, checked data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// (text, label) in input order.
    pub rows: Vec<(String, String)>,
    pub task: Task,
    /// Chinese texts are split into characters, others into words.
    pub lang: Lang,
    /// Tab-separated (`true`) or comma-separated.
    pub tsv: bool,
}

/// Reads CSV or TSV bytes (tab-separated when the first line has a tab). Quoted fields may hold
/// commas and doubled quotes (RFC 4180). A first line `text,label` is a header and skipped;
/// blank lines are skipped. Returns every problem found, not just the first.
pub fn parse(bytes: &[u8]) -> Result<Table, Vec<DataError>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![DataError::TooBig { bytes: bytes.len() }]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        vec![DataError::NotUtf8 { line }]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text); // a byte-order mark
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let tsv = first.contains('\t');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tsv { b'\t' } else { b',' })
        .from_reader(text.as_bytes());

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(index + 1, |p| p.line() as usize);
                errors.push(DataError::Unreadable { line, reason: e.to_string() });
                continue;
            }
        };
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        if record.iter().all(|field| field.trim().is_empty()) {
            continue; // a blank line
        }
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if rows.is_empty() && errors.is_empty() && is_header(&fields) {
            continue;
        }
        let [text, label] = fields[..] else {
            errors.push(DataError::Ragged { line, found: fields.len() });
            continue;
        };
        let chars = text.chars().count();
        if text.is_empty() {
            errors.push(DataError::EmptyText { line });
        } else if chars > MAX_CHARS {
            errors.push(DataError::TooLong { line, chars });
        } else if label.is_empty() {
            errors.push(DataError::EmptyLabel { line });
        } else {
            rows.push((text.to_string(), label.to_string()));
        }
    }
    let total = rows.len() + errors.len();
    if total == 0 {
        errors.push(DataError::Empty);
    } else if total > MAX_ROWS {
        errors.push(DataError::TooManyRows { rows: total });
    } else if total < MIN_ROWS {
        errors.push(DataError::TooFewRows { rows: total });
    }
    let task = task(&rows);
    match &task {
        Task::Classes(classes) if classes.len() > MAX_CLASSES => {
            errors.push(DataError::TooManyClasses { classes: classes.len() })
        }
        Task::Classes(classes) if classes.len() == 1 => {
            errors.push(DataError::OneClass { label: classes[0].clone() })
        }
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let lang = if rows.iter().any(|(text, _)| text.chars().any(is_cjk)) { Lang::Zh } else { Lang::En };
    Ok(Table { rows, task, lang, tsv })
}

fn is_header(fields: &[&str]) -> bool {
    matches!(fields, [a, b] if a.eq_ignore_ascii_case("text") && b.eq_ignore_ascii_case("label"))
}

fn task(rows: &[(String, String)]) -> Task {
    let numbers = !rows.is_empty() && rows.iter().all(|(_, label)| number(label).is_some());
    if numbers {
        Task::Numbers
    } else {
        let classes: BTreeSet<&str> = rows.iter().map(|(_, label)| label.as_str()).collect();
        Task::Classes(classes.into_iter().map(str::to_string).collect())
    }
}

fn number(label: &str) -> Option<f32> {
    label.parse::<f32>().ok().filter(|v| v.is_finite())
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// The lesson made from a checked table, split 70/15/15 with `seed`.
pub fn lesson(table: &Table, seed: u64, split: Proportions) -> LessonData {
    let lang = table.lang;
    let examples: Vec<Example> = table
        .rows
        .iter()
        .map(|(text, label)| {
            let mut example = Example::new(text.clone(), lang, 0);
            match &table.task {
                Task::Numbers => example.value = number(label).unwrap_or(0.0),
                Task::Classes(classes) => {
                    example.label = classes.iter().position(|c| c == label).unwrap_or(0)
                }
            }
            example
        })
        .collect();
    let probe = table.rows.first().map(|(text, _)| text.clone()).unwrap_or_default();
    let classes = match &table.task {
        Task::Classes(classes) => classes.clone(),
        Task::Numbers => Vec::new(),
    };
    let max_len = examples.iter().map(|e| e.tokens.len()).max().unwrap_or(1).clamp(1, MAX_TOKENS);
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    let data = LessonData::new(lang, classes, max_len, probe, train, validation, test);
    match table.task {
        Task::Numbers => {
            let tokenizer = data.tokenizer;
            data.regression(tokenizer, None)
        }
        Task::Classes(_) => data,
    }
}

/// A small data set in the expected format, shown until the learner brings their own: short
/// restaurant reviews from the sentiment lesson's generator, as `text,label` lines.
pub fn sample() -> String {
    let data = sentiment::generate(Lang::En, 7, Proportions::default());
    let mut csv = String::from("text,label\n");
    for e in data.train.iter().take(300) {
        csv.push_str(&format!("{},{}\n", e.text.replace(',', " "), data.classes[e.label]));
    }
    csv
}
