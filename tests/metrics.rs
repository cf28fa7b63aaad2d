//! The confusion matrix the trainer counts agrees with its own accuracy and with the data: every
//! asked answer of the split is counted once, in its true class's row.

use attention_playground::config::{Config, LessonId};
use attention_playground::lessons::{self, Split};
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

fn trained(lesson: LessonId, steps: usize) -> Trainer {
    let config = Config { epochs: 1000, ..lessons::defaults(lesson) };
    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    for _ in 0..steps {
        block_on(trainer.step()).expect("step");
    }
    trainer
}

#[test]
fn the_confusion_matrix_counts_every_asked_answer_in_its_true_row() {
    let trainer = trained(LessonId::Sentiment, 60);
    let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let confusion = report.confusion.clone().expect("a classification lesson has one");
    let validation = trainer.data().split(Split::Validation);
    assert_eq!(confusion.classes, 3);
    assert_eq!(confusion.total(), validation.len() as f32);
    for class in 0..3 {
        let truly = validation.iter().filter(|e| e.label == class).count() as f32;
        assert_eq!(confusion.scores(class).support, truly, "row {class}");
    }
    assert!((confusion.accuracy() - report.accuracy.expect("accuracy")).abs() < 1e-6);

    // Copy asks every position but the first: 7 answers per sequence.
    let trainer = trained(LessonId::Copy, 20);
    let report = block_on(trainer.evaluate(Split::Test)).expect("eval");
    let confusion = report.confusion.expect("confusion");
    assert_eq!(confusion.total(), (trainer.data().test.len() * 7) as f32);
    assert!((confusion.accuracy() - report.accuracy.expect("accuracy")).abs() < 1e-6);
}

#[test]
fn numbers_and_large_alphabets_have_no_confusion_matrix() {
    for lesson in [LessonId::Regression, LessonId::CharLm] {
        let trainer = trained(lesson, 1);
        let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
        assert!(report.confusion.is_none(), "{lesson:?}");
    }
    // A multi-task lesson counts its first task.
    let trainer = trained(LessonId::MultiTask, 1);
    let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let confusion = report.confusion.expect("confusion");
    assert_eq!(confusion.classes, 3);
    assert!((confusion.accuracy() - report.accuracy.expect("accuracy")).abs() < 1e-6);
}
