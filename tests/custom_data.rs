//! The learner's own data: the CSV/TSV reader refuses bad input with the right messages and line
//! numbers, and a good table trains (classification and regression).

use attention_playground::config::{Config, Lang, LessonId};
use attention_playground::lessons::custom::{self, DataError, MAX_CHARS, MAX_ROWS, Task};
use attention_playground::lessons::{Output, Proportions, Split};
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

fn lines(rows: &[&str]) -> String {
    rows.join("\n")
}

/// `n` good lines, labels alternating between two classes.
fn good(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("text number {i},{}", if i % 2 == 0 { "even" } else { "odd" })).collect()
}

fn errors(input: &str) -> Vec<DataError> {
    custom::parse(input.as_bytes()).expect_err("refused")
}

#[test]
fn a_header_quotes_and_blank_lines_are_read_right() {
    let mut rows = vec!["text,label".to_string(), "\"good, really good\",pos".into(), String::new()];
    rows.extend(good(10));
    let table = custom::parse(rows.join("\n").as_bytes()).expect("parses");
    assert_eq!(table.rows.len(), 11, "header and blank line skipped");
    assert_eq!(table.rows[0], ("good, really good".to_string(), "pos".to_string()));
    assert_eq!(table.task, Task::Classes(vec!["even".into(), "odd".into(), "pos".into()]));
    assert!(!table.tsv);
    assert_eq!(table.lang, Lang::En);
}

#[test]
fn tabs_make_tsv_numbers_make_a_regression_and_chinese_splits_characters() {
    let rows: Vec<String> = (0..12).map(|i| format!("菜很好吃 {i}\t{}.5", i % 5)).collect();
    let table = custom::parse(rows.join("\n").as_bytes()).expect("parses");
    assert!(table.tsv);
    assert_eq!(table.task, Task::Numbers);
    assert_eq!(table.lang, Lang::Zh);
}

#[test]
fn ragged_and_empty_lines_are_each_reported_with_their_line_number() {
    let mut rows = good(12);
    rows[2] = "no label here".into(); //          line 3
    rows[5] = "a,b,c".into(); //                  line 6
    rows[7] = ",label".into(); //                 line 8
    rows[9] = "text,".into(); //                  line 10
    let found = errors(&rows.join("\n"));
    assert_eq!(
        found,
        vec![
            DataError::Ragged { line: 3, found: 1 },
            DataError::Ragged { line: 6, found: 3 },
            DataError::EmptyText { line: 8 },
            DataError::EmptyLabel { line: 10 },
        ]
    );
    assert_eq!(found[0].to_string(), "line 3: expected 2 fields (text, label), found 1");
    assert_eq!(found[2].to_string(), "line 8: the text is empty");
}

#[test]
fn empty_input_non_utf8_and_limits_are_refused() {
    assert_eq!(errors(""), vec![DataError::Empty]);
    assert_eq!(errors("\n \n"), vec![DataError::Empty]);

    let mut bytes = lines(&["ok,a", "ok,b", "bad \u{e9}"]).into_bytes();
    let e_acute = bytes.len() - 2; // 'é' is two bytes in UTF-8; a lone 0xE9 is not UTF-8
    bytes.truncate(e_acute);
    bytes.extend([0xE9, b',', b'c']);
    let found = custom::parse(&bytes).expect_err("not UTF-8");
    assert_eq!(found, vec![DataError::NotUtf8 { line: 3 }]);
    assert!(found[0].to_string().contains("not UTF-8"));

    let mut rows = good(12);
    rows[4] = format!("{},a", "x".repeat(MAX_CHARS + 1));
    assert_eq!(errors(&rows.join("\n")), vec![DataError::TooLong { line: 5, chars: MAX_CHARS + 1 }]);

    let too_many = good(MAX_ROWS + 1).join("\n");
    assert_eq!(errors(&too_many), vec![DataError::TooManyRows { rows: MAX_ROWS + 1 }]);
    assert_eq!(errors(&good(4).join("\n")), vec![DataError::TooFewRows { rows: 4 }]);

    let one_class: Vec<String> = (0..12).map(|i| format!("t{i},same")).collect();
    assert_eq!(errors(&one_class.join("\n")), vec![DataError::OneClass { label: "same".into() }]);
    let many: Vec<String> = (0..30).map(|i| format!("t{i},class{i}")).collect();
    assert_eq!(errors(&many.join("\n")), vec![DataError::TooManyClasses { classes: 30 }]);
}

#[test]
fn the_sample_parses_and_is_the_lessons_data_until_the_learner_brings_some() {
    let table = custom::parse(custom::sample().as_bytes()).expect("the sample parses");
    assert_eq!(table.rows.len(), 300);
    let data = attention_playground::lessons::load(&Config { lesson: LessonId::Custom, ..Config::default() });
    assert_eq!(data.train.len() + data.validation.len() + data.test.len(), 300);
    assert_eq!(data.output, Output::Pooled);
}

fn trains(table: &custom::Table, steps: usize) -> (f32, f32, Trainer) {
    let config = Config { lesson: LessonId::Custom, ..Config::default() };
    let mut trainer =
        Trainer::from_data(&config, custom::lesson(table, 1, Proportions::default()), &Device::flex(), false)
            .expect("trainer");
    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval").loss;
    for _ in 0..steps {
        assert!(block_on(trainer.step()).expect("step").is_finite());
    }
    let after = block_on(trainer.evaluate(Split::Validation)).expect("eval").loss;
    (before, after, trainer)
}

#[test]
fn own_classification_and_regression_data_train() {
    // Topic by keyword: "cat"/"dog" sentences are animals, "rain"/"sun" sentences weather.
    let words = [("cat", "animal"), ("dog", "animal"), ("rain", "weather"), ("sun", "weather")];
    let rows: Vec<String> = (0..200)
        .map(|i| {
            let (word, label) = words[i % 4];
            format!("today the {word} was {} here,{label}", ["big", "small", "near", "far"][i / 4 % 4])
        })
        .collect();
    let table = custom::parse(rows.join("\n").as_bytes()).expect("parses");
    let (before, after, trainer) = trains(&table, 150);
    assert!(after < before / 4.0, "classification loss {before} → {after}");
    let probe = block_on(trainer.probe("the dog was far")).expect("probe");
    assert_eq!(probe.outputs, vec!["animal".to_string()]);

    // Number of "up" words minus "down" words.
    let rows: Vec<String> = (0..300)
        .map(|i| {
            let (up, down) = (i % 4, i / 4 % 3);
            let text = [vec!["up"; up], vec!["down"; down], vec!["flat"]].concat().join(" ");
            format!("{text},{}", up as i32 - down as i32)
        })
        .collect();
    let table = custom::parse(rows.join("\n").as_bytes()).expect("parses");
    assert_eq!(table.task, Task::Numbers);
    let (before, after, trainer) = trains(&table, 300);
    assert!(after < before / 4.0, "regression MSE {before} → {after}");
    let report = block_on(trainer.evaluate(Split::Test)).expect("eval");
    assert!(report.r2.expect("R²") > 0.8, "R² {:?}", report.r2);
}
