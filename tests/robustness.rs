//! A run that diverges loses nothing: the step whose loss is non-finite or exploded is caught,
//! the last sound weights come back bit for bit (with their step), and training can go on.

use std::collections::HashMap;

use attention_playground::config::{Config, LessonId, OptimizerKind};
use attention_playground::lessons::{self, Split};
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
