//! A run that diverges loses nothing: the step whose loss is non-finite or exploded is caught,
//! the last sound weights come back bit for bit (with their step), and training can go on. Probe
//! text the model cannot read gives a reason, not a panic.

use std::collections::HashMap;

use attention_playground::config::{Config, LessonId, OptimizerKind};
use attention_playground::lessons::patches::ImageError;
use attention_playground::lessons::{self, InputError, Split};
use attention_playground::protocol::ProbeProblem;
use attention_playground::train::{TrainError, Trainer};
use burn::tensor::Device;
use pollster::block_on;

fn config(lr: f64) -> Config {
    Config {
        d_model: 16,
        d_ff: 32,
        n_heads: 2,
        optimizer: OptimizerKind::Adam,
        lr,
        ..lessons::defaults(LessonId::Sentiment)
    }
}

#[test]
fn a_huge_learning_rate_is_caught_and_the_last_sound_weights_come_back() {
    let mut trainer = Trainer::new(&config(1e6), &Device::flex()).expect("trainer");
    let mut kept = HashMap::new();
    kept.insert(0, block_on(trainer.weights()).expect("weights"));
    let mut caught = None;
    for _ in 0..30 {
        match block_on(trainer.step()) {
            Ok(loss) => {
                assert!(loss.is_finite());
                kept.insert(trainer.steps(), block_on(trainer.weights()).expect("weights"));
            }
            Err(TrainError::Diverged { step, loss, restored }) => {
                caught = Some((step, loss, restored));
                break;
            }
            Err(e) => panic!("unexpected error {e}"),
        }
    }
    let (step, loss, restored) = caught.expect("a learning rate of 1e6 diverges within 30 steps");
    assert!(!loss.is_finite() || loss > 100.0, "caught at loss {loss}");
    assert!(restored < step, "rolled back from step {step} to {restored}");
    assert_eq!(trainer.steps(), restored, "the step count goes back with the weights");
    let weights = block_on(trainer.weights()).expect("weights");
    assert_eq!(Some(&weights), kept.get(&restored), "the weights are those of step {restored}, bit for bit");
    let report = block_on(trainer.evaluate(Split::Validation)).expect("evaluate");
    assert!(report.loss.is_finite(), "the restored model's validation loss is {}", report.loss);
}

#[test]
fn after_a_roll_back_a_sound_rate_trains_on() {
    let mut trainer = Trainer::new(&config(1e6), &Device::flex()).expect("trainer");
    let diverged = (0..30).any(|_| matches!(block_on(trainer.step()), Err(TrainError::Diverged { .. })));
    assert!(diverged);
    trainer.update_training(&config(3e-3));
    let losses: Vec<f32> = (0..40).map(|_| block_on(trainer.step()).expect("a sound rate trains")).collect();
    assert!(losses.iter().all(|l| l.is_finite()));
}

#[test]
fn a_sound_run_is_never_flagged() {
    let mut trainer = Trainer::new(&config(3e-3), &Device::flex()).expect("trainer");
    for _ in 0..60 {
        block_on(trainer.step()).expect("a sound run never diverges");
    }
    assert_eq!(trainer.steps(), 60);
}

#[test]
fn probe_text_that_cannot_be_read_gives_a_reason_the_page_can_word() {
    let sentiment = Trainer::new(&config(3e-3), &Device::flex()).expect("trainer");
    // Only punctuation: not one word to read.
    let problem = ProbeProblem::from(block_on(sentiment.probe("!!! ???")).expect_err("nothing to read"));
    assert_eq!(problem, ProbeProblem::NothingToRead);
    // Empty: the lesson's own example is read instead.
    let report = block_on(sentiment.probe("  ")).expect("the lesson's example");
    assert!(!report.tokens.is_empty());
    // Unknown words are read (as <unk>) and marked; text past the longest input is cut, and said.
    let long = "the film was zzzqx ".repeat(100);
    let report = block_on(sentiment.probe(&long)).expect("long text");
    assert!(report.truncated);
    assert!(report.unknown.iter().any(|&u| u) && !report.unknown.iter().all(|&u| u));

    let patches = Trainer::new(
        &Config { d_model: 16, d_ff: 32, ..lessons::defaults(LessonId::Patches) },
        &Device::flex(),
    )
    .expect("trainer");
    let problem = ProbeProblem::from(block_on(patches.probe("zz")).expect_err("not an image"));
    assert_eq!(problem, ProbeProblem::NotAnInput(InputError::Image(ImageError::Length(2))));
    let problem =
        ProbeProblem::from(block_on(patches.probe(&"0g0".repeat(12))).expect_err("not hexadecimal"));
    assert_eq!(problem, ProbeProblem::NotAnInput(InputError::Image(ImageError::NotHex('g'))));
}
