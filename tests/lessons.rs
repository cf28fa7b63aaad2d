//! The sequence lessons on burn's CPU backend: each learns within its budget, its best head
//! aligns with the expected attention pattern, and reverse cannot be learned without positions.

use attention_playground::config::{Config, LessonId, Positional};
use attention_playground::lessons::Split;
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

/// Training steps each sequence lesson gets (about 23 epochs of 2100 sequences at batch 32).
const BUDGET: usize = 1500;

fn trained(config: &Config) -> Trainer {
    let mut trainer = Trainer::new(config, &Device::flex()).expect("trainer");
    for _ in 0..BUDGET {
        let loss = block_on(trainer.step()).expect("step");
        assert!(loss.is_finite());
    }
    trainer
}

fn lesson(lesson: LessonId) -> Config {
    Config { lesson, ..Config::default() }
}

/// Trains lesson `id` and checks loss, accuracy and alignment; returns the trained model.
fn learns_with_aligned_attention(id: LessonId) -> Trainer {
    let mut trainer = Trainer::new(&lesson(id), &Device::flex()).expect("trainer");
    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert!(before.alignment.is_some(), "{id:?} has an expected pattern");
    drop(trainer);
    trainer = trained(&lesson(id));
    let after = block_on(trainer.evaluate(Split::Test)).expect("eval");
    assert!(after.loss < 0.1, "{id:?}: test loss {} (from {})", after.loss, before.loss);
    assert!(after.accuracy > 0.97, "{id:?}: test accuracy {}", after.accuracy);
    let alignment = after.alignment.expect("alignment");
    assert!(alignment >= 0.8, "{id:?}: alignment {alignment} < 0.8 (before training {:?})", before.alignment);

    // The probe answers per position and names the expected cells.
    let probe = block_on(trainer.probe("3 1 4 1 5 9 2 6")).expect("probe");
    assert_eq!(probe.outputs.len(), 8);
    assert!(!probe.expected.is_empty());
    let probe = block_on(trainer.probe("31415926")).expect("digits without spaces");
    assert_eq!(probe.tokens.len(), 8);
    trainer
}

#[test]
fn copy_learns_to_look_one_step_back() {
    let trainer = learns_with_aligned_attention(LessonId::Copy);
    let probe = block_on(trainer.probe("3 1 4 1 5 9 2 6")).expect("probe");
    assert_eq!(probe.outputs[1..].join(" "), "3 1 4 1 5 9 2");
}

#[test]
fn reverse_learns_the_anti_diagonal() {
    let trainer = learns_with_aligned_attention(LessonId::Reverse);
    let probe = block_on(trainer.probe("3 1 4 1 5 9 2 6")).expect("probe");
    assert_eq!(probe.outputs.join(" "), "6 2 9 5 1 4 1 3");
}

#[test]
fn reverse_without_positional_encoding_does_not_learn() {
    // Without positions, permuting the input permutes the outputs: the model cannot know which
    // end of the sequence a token is at.
    let config = Config { positional: Positional::None, ..lesson(LessonId::Reverse) };
    let trainer = trained(&config);
    let result = block_on(trainer.evaluate(Split::Test)).expect("eval");
    // The best a position-blind model can do is guess the commonest other digit (≈ 0.29).
    assert!(result.accuracy < 0.4, "reverse without positions reached {}", result.accuracy);
    assert!(result.loss > 1.2, "loss {}", result.loss);
}
