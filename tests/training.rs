//! Whole training runs of the sentiment lesson on burn's CPU backend.

use attention_playground::config::{Config, Lang};
use attention_playground::lessons::{Split, sentiment};
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

/// Steps every language gets to reach the target; about 45 epochs of the default batch size.
const STEP_BUDGET: usize = 1000;

fn config(lang: Lang) -> Config {
    Config { lang, ..Config::default() }
}

fn train(trainer: &mut Trainer, steps: usize) -> Vec<f32> {
    (0..steps).map(|_| block_on(trainer.step()).expect("step")).collect()
}

fn mean(xs: &[f32]) -> f32 {
    xs.iter().sum::<f32>() / xs.len() as f32
}

fn learns_sentiment(lang: Lang) {
    let mut trainer = Trainer::new(&config(lang), &Device::flex()).expect("trainer");
    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let losses = train(&mut trainer, STEP_BUDGET);
    assert!(losses.iter().all(|l| l.is_finite()));
    assert!(
        mean(&losses[losses.len() - 50..]) < 0.5 * mean(&losses[..50]),
        "training loss did not fall: {} → {}",
        mean(&losses[..50]),
        mean(&losses[losses.len() - 50..])
    );
    let validation = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert!(validation.loss < before.loss, "validation loss {} → {}", before.loss, validation.loss);

    let test = block_on(trainer.evaluate(Split::Test)).expect("eval");
    let accuracy = test.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy >= 0.90, "{lang:?}: test accuracy {} < 0.90", accuracy);

    for (text, class) in sentiment::held_out(lang) {
        let probe = block_on(trainer.probe(text)).expect("probe");
        assert_eq!(
            probe.predicted,
            *class,
            "{lang:?}: “{text}” read as {} ({:?})",
            sentiment::CLASSES[probe.predicted],
            probe.probabilities
        );
    }
}

#[test]
fn english_sentiment_reaches_90_percent_and_reads_held_out_negations() {
    learns_sentiment(Lang::En);
}

#[test]
fn chinese_sentiment_reaches_90_percent_and_reads_held_out_negations() {
    learns_sentiment(Lang::Zh);
}

#[test]
fn same_seed_gives_the_identical_loss_sequence() {
    let run = |seed| {
        let config = Config { seed, ..config(Lang::En) };
        train(&mut Trainer::new(&config, &Device::flex()).expect("trainer"), 30)
    };
    let a = run(5);
    assert_eq!(a, run(5));
    assert_ne!(a, run(6));
}

#[test]
fn probe_reports_one_attention_map_per_layer_and_head() {
    let config = Config { n_layers: 2, n_heads: 4, d_model: 16, ..config(Lang::En) };
    let trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    let probe = block_on(trainer.probe("the film was not good zebra")).expect("probe");
    assert_eq!(probe.tokens.len(), 6);
    assert_eq!(probe.unknown, [false, false, false, false, false, true]);
    let maps = &probe.attention;
    assert_eq!((maps.n_layers, maps.n_heads, maps.len), (2, 4, 6));
    assert_eq!(maps.weights.len(), 2 * 4 * 6 * 6);
    for row in maps.weights.chunks(6) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    assert!((probe.probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    let received = maps.received(1, 3);
    assert!((received.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn an_empty_probe_reads_the_lessons_example() {
    let trainer = Trainer::new(&config(Lang::Zh), &Device::flex()).expect("trainer");
    let probe = block_on(trainer.probe("  ")).expect("probe");
    assert_eq!(probe.text, sentiment::default_probe(Lang::Zh));
    assert!(block_on(trainer.probe("，，！")).is_err());
}

#[test]
fn training_stops_after_the_configured_epochs_and_can_be_extended() {
    let config = Config { epochs: 1, batch_size: 64, ..config(Lang::En) };
    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    assert_eq!(trainer.steps_per_epoch(), 700usize.div_ceil(64));
    let mut steps = 0;
    while !trainer.finished() {
        block_on(trainer.step()).expect("step");
        steps += 1;
    }
    assert_eq!(steps, trainer.steps_per_epoch());
    trainer.extend();
    assert!(!trainer.finished());
}
