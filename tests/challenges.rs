//! The teaching games against real training on burn's CPU backend: the challenges can be met by
//! doing what their last hint says (and are not met without it), and predict-then-see recognises
//! what a lesson's heads learned.

use attention_playground::challenges::{ChallengeId, FAIR_TRIAL_STEPS, Progress};
use attention_playground::config::{Config, LessonId, Positional};
use attention_playground::lessons::{Split, defaults};
use attention_playground::predict::{Guess, compare};
use attention_playground::train::Trainer;
use burn::tensor::Device;
use pollster::block_on;

/// Trains `config` for `steps` and gathers what the page would give the challenges (the probe's
/// attention in layer `layer`, head `head`).
fn run(config: &Config, steps: usize, probe: &str, (layer, head): (usize, usize)) -> Progress {
    let device = Device::flex();
    let mut trainer = Trainer::new(config, &device).expect("trainer");
    let mut baseline = config
        .baseline
        .then(|| Trainer::from_data(config, trainer.data().clone(), &device, true).expect("baseline"));
    for _ in 0..steps {
        block_on(trainer.step()).expect("step");
        if let Some(b) = &mut baseline {
            block_on(b.step()).expect("baseline step");
        }
    }
    let accuracy = block_on(trainer.evaluate(Split::Validation)).expect("eval").accuracy;
    let baseline_accuracy =
        baseline.as_ref().and_then(|b| block_on(b.evaluate(Split::Validation)).expect("eval").accuracy);
    let report = block_on(trainer.probe(probe)).expect("probe");
    Progress {
        config: config.clone(),
        steps,
        accuracy,
        baseline_accuracy,
        received: report.attention.received(layer, head),
        tokens: report.tokens,
    }
}

#[test]
fn one_head_reaches_the_accuracy_on_sentiment() {
    let config = Config { n_heads: 1, ..defaults(LessonId::Sentiment) };
    let p = run(&config, 600, "", (0, 0));
    println!("one head: accuracy {:?}", p.accuracy);
    assert!(ChallengeId::OneHead.met(&p), "accuracy {:?}", p.accuracy);
}

#[test]
fn some_head_attends_most_to_not() {
    let config = defaults(LessonId::Sentiment);
    let device = Device::flex();
    let mut trainer = Trainer::new(&config, &device).expect("trainer");
    for _ in 0..FAIR_TRIAL_STEPS * 2 {
        block_on(trainer.step()).expect("step");
    }
    let report = block_on(trainer.probe("the film was not good")).expect("probe");
    let found: Vec<(usize, usize)> = (0..config.n_layers)
        .flat_map(|l| (0..config.n_heads).map(move |h| (l, h)))
        .filter(|&(l, h)| {
            let p = Progress {
                config: config.clone(),
                steps: FAIR_TRIAL_STEPS * 2,
                tokens: report.tokens.clone(),
                received: report.attention.received(l, h),
                ..Progress::default()
            };
            ChallengeId::FindNegation.met(&p)
        })
        .collect();
    println!("heads on “not”: {found:?}");
    assert!(!found.is_empty());
}

#[test]
fn reverse_fails_without_positions_and_causal_attention_holds_sort_back() {
    let reverse = Config { positional: Positional::None, ..defaults(LessonId::Reverse) };
    let p = run(&reverse, FAIR_TRIAL_STEPS, "", (0, 0));
    println!("reverse without positions: {:?}", p.accuracy);
    assert!(ChallengeId::BreakReverse.met(&p), "{:?}", p.accuracy);
    let with = run(&defaults(LessonId::Reverse), FAIR_TRIAL_STEPS, "", (0, 0));
    println!("reverse with positions: {:?}", with.accuracy);
    assert!(!ChallengeId::BreakReverse.met(&with), "with positions reverse is learned: {:?}", with.accuracy);

    let sort = Config { causal: true, ..defaults(LessonId::Sort) };
    let p = run(&sort, FAIR_TRIAL_STEPS, "", (0, 0));
    println!("causal sort: {:?}", p.accuracy);
    assert!(ChallengeId::CausalSort.met(&p), "{:?}", p.accuracy);
    let with = run(&defaults(LessonId::Sort), FAIR_TRIAL_STEPS, "", (0, 0));
    println!("sort: {:?}", with.accuracy);
    assert!(with.accuracy > p.accuracy, "full attention sorts better");
}

#[test]
fn translation_beats_its_attention_free_baseline() {
    let config = Config { baseline: true, ..defaults(LessonId::Translate) };
    let p = run(&config, FAIR_TRIAL_STEPS, "", (0, 0));
    println!("translate {:?} vs baseline {:?}", p.accuracy, p.baseline_accuracy);
    assert!(ChallengeId::TranslateWithoutAttention.met(&p));
}

#[test]
fn predict_then_see_recognises_the_mirror_that_reverse_learns() {
    let config = defaults(LessonId::Reverse);
    let device = Device::flex();
    let mut trainer = Trainer::new(&config, &device).expect("trainer");
    let untrained = block_on(trainer.probe("")).expect("probe");
    let before = compare(&untrained.attention, Guess::Mirror).expect("heads");
    for _ in 0..FAIR_TRIAL_STEPS {
        block_on(trainer.step()).expect("step");
    }
    let report = block_on(trainer.probe("")).expect("probe");
    let mirror = compare(&report.attention, Guess::Mirror).expect("heads");
    println!("reverse: before {before:?}\nafter {mirror:?}");
    assert!(mirror.right(), "{mirror:?}");
    assert!(
        mirror.guess.overlap > 0.6 && mirror.guess.overlap > before.guess.overlap + 0.2,
        "{before:?} → {mirror:?}"
    );
    let wrong = compare(&report.attention, Guess::First).expect("heads");
    assert!(!wrong.right(), "{wrong:?}");
}
