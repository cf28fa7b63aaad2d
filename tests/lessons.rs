//! The sequence lessons on burn's CPU backend: each learns within its budget, its best head
//! aligns with the expected attention pattern, reverse cannot be learned without positions, and
//! induction not with one layer.

use attention_playground::config::{Config, Lang, LessonId, Monitor, Positional};
use attention_playground::lessons::{self, Split};
use attention_playground::train::{EvalReport, Trainer, argmax};
use burn::tensor::Device;
use pollster::block_on;

/// Training steps each sequence lesson gets (about 23 epochs of 2100 sequences at batch 32).
const BUDGET: usize = 1500;
/// Sort has no fixed pattern to align with (its expected keys depend on the digits, and the rank
/// is computed over several heads): only loss and accuracy are required.
const SORT_LOSS: f32 = 0.1;
const SORT_ACCURACY: f32 = 0.97;
/// Recall learns suddenly, and when depends on the seed: seeds 42, 1, 2 and 3 went from about
/// 0.35 to over 0.95 in test accuracy near steps 1250, 1000, 1750 and 750. Adam can spike just
/// after (seed 42: 0.98 at step 1250, 0.93 at 1500, 1.0 at 2000), and a change in the last bit of
/// the softmax moves the spikes. So the test trains 2500 steps and keeps the model that scored
/// best on validation (every 250 steps), as the seed article's recipe does; all four seeds are at
/// 1.0 in validation accuracy by then.
const RECALL_BUDGET: usize = 2500;
const RECALL_EVAL_EVERY: usize = 250;
const RECALL_ACCURACY: f32 = 0.97;
const RECALL_ALIGNMENT: f32 = 0.8;
/// Induction's loss drops suddenly after a few hundred steps (about 300 with seed 42).
const INDUCTION_BUDGET: usize = 800;
const INDUCTION_ACCURACY: f32 = 0.97;
const INDUCTION_ALIGNMENT: f32 = 0.8;
/// The seeds of the lessons whose results spread with the seed: each such test trains all three
/// and holds the median to its bounds (see `Runs`).
const SEEDS: [u64; 3] = [42, 1, 2];
/// Regression: targets range over 0–36; an error under half a unit rounds to the right sum.
/// Over seeds 42, 1 … 5 at step 1000: mean absolute error 0.12–0.19, R² ≥ 0.998, and the best
/// head's attention on the marked digits 0.86, 0.69, 0.79, 0.64, 0.69 and 0.83.
const REGRESSION_BUDGET: usize = 1000;
const REGRESSION_MAE: f32 = 0.5;
const REGRESSION_R2: f32 = 0.98;
const REGRESSION_ALIGNMENT: f32 = 0.6;
/// The language model memorises its small text: the training loss (from ln 55 ≈ 4.0 in English,
/// ln 304 ≈ 5.7 in Chinese) falls below this within the budget.
const CHARLM_BUDGET: usize = 400;
const CHARLM_TRAIN_LOSS: f32 = 0.5;
/// Multi-task: sentiment and topic, about 23 epochs of 700 sentences at batch 32.
const MULTITASK_BUDGET: usize = 500;
const MULTITASK_SENTIMENT: f32 = 0.85;
const MULTITASK_TOPIC: f32 = 0.9;
/// Translation of dates (seven formats, English and Chinese) into ISO: about 9 epochs of 2800
/// at batch 32. Accuracy is per character with teacher forcing; "exact" is whole dates written
/// right by greedy decoding, on the test split. Over seeds 42, 1 … 5 at step 800: per-character
/// accuracy ≥ 0.999, and the cross-attention on the source characters each target digit copies
/// 0.84, 0.74, 0.76, 0.81, 0.88 and 0.72 (about 0.08 spread evenly over 12 source characters).
const TRANSLATE_BUDGET: usize = 800;
const TRANSLATE_ACCURACY: f32 = 0.99;
const TRANSLATE_EXACT: f32 = 0.97;
const TRANSLATE_ALIGNMENT: f32 = 0.7;
/// Spatial attention: 12 × 12 images of five shapes with stray pixels, a vision transformer on
/// 16 patches; about 11 epochs of 4200 images at batch 32. Over seeds 42, 1 … 5 at step 1500:
/// test accuracy 0.96, 0.98, 0.88, 0.97, 0.95 and 0.93 (chance 0.2), alignment 0.93–0.98.
const PATCHES_BUDGET: usize = 1500;
const PATCHES_ACCURACY: f32 = 0.9;
/// The class token's attention on the patches the shape covers.
const PATCHES_ALIGNMENT: f32 = 0.85;
/// Temporal attention: 64-sample recordings with one event among hum and noise, a transformer on
/// 16 frames after a class token; about 18 epochs of 2100 recordings at batch 32. Over seeds
/// 42, 1 … 5 at step 1200: test accuracy 0.976, 0.967, 0.942, 0.960, 0.971 and 0.938 (chance
/// about 0.33), alignment 0.65, 0.63, 0.59, 0.80, 0.66 and 0.69.
const SIGNAL_BUDGET: usize = 1200;
const SIGNAL_ACCURACY: f32 = 0.94;
/// The class token's attention on the frames the event covers, over the test split (a 12-sample
/// event touches 3 or 4 of the 16 frames: spread evenly, the row would put about 0.2 there).
const SIGNAL_ALIGNMENT: f32 = 0.6;
/// The best head's class-token row on one probe's event frames, wherever the event is moved.
const SIGNAL_FOLLOWS: f32 = 0.8;
/// Recommendation: histories of 6 to 10 purchases from 24 items; about 14 epochs of 2800 at
/// batch 32, causal, two layers.
const RECOMMEND_BUDGET: usize = 1200;
const RECOMMEND_ACCURACY: f32 = 0.95;
const RECOMMEND_HIT_RATE: f32 = 0.99;
/// The last position's attention on the latest purchase that calls for another (one key of up to
/// ten: spread evenly, about 0.15).
const RECOMMEND_ALIGNMENT: f32 = 0.8;
/// Multimodal matching: 7000 captioned pictures (three shapes each), the caption's words
/// cross-attending to 6 patches; about 23 epochs at batch 32. How far it gets depends on the seed:
/// at step 5000, seeds 42, 1 … 7 were at test loss 0.02, 0.12, 0.24, 0.23, 0.24, 0.20, 0.02 and
/// 0.32 (ln 2 ≈ 0.69 at chance), accuracy 0.88–0.995 (median 0.93) and alignment 0.29–0.61
/// (median 0.44). Several runs stay a long while near 0.92. A change in the last bit of the
/// softmax moves a run within that spread (seed 42 at step 3900: loss 0.10, 0.17 or 0.27), so the
/// test trains three seeds and holds their median to bounds that all eight runs but the worst met.
const MULTIMODAL_BUDGET: usize = 5000;
const MULTIMODAL_ACCURACY: f32 = 0.9;
const MULTIMODAL_LOSS: f32 = 0.3;
/// Attention of the two words naming a shape on its patch, the best head, over the test split
/// (one patch of six: spread evenly, about 0.17). Often one word of the pair finds the shape and
/// the other reads it from its neighbour, so the pair's mean stays well under 1.
const MULTIMODAL_ALIGNMENT: f32 = 0.3;
/// Test dates decoded one by one (greedy decoding is one forward pass per character).
const TRANSLATE_DECODED: usize = 150;
/// The "no attention" variant, trained step for step beside it, stays at least this far behind
/// in whole dates right.
const POOLED_GAP: f32 = 0.2;

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
    let accuracy = after.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy > 0.97, "{id:?}: test accuracy {}", accuracy);
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
    assert_eq!(probe.outputs[0], "", "nothing is asked at the first position");
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
    let accuracy = result.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy < 0.4, "reverse without positions reached {}", accuracy);
    assert!(result.loss > 1.2, "loss {}", result.loss);
}

#[test]
fn sort_learns_to_order_the_digits() {
    let trainer = trained(&lesson(LessonId::Sort));
    let result = block_on(trainer.evaluate(Split::Test)).expect("eval");
    assert!(result.loss < SORT_LOSS, "sort: test loss {}", result.loss);
    let accuracy = result.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy > SORT_ACCURACY, "sort: test accuracy {}", accuracy);
    let probe = block_on(trainer.probe("3 1 4 1 5 9 2 6")).expect("probe");
    assert!(!probe.expected.is_empty());
}

#[test]
fn recall_looks_up_the_value_of_the_asked_key() {
    let trainer = trained_keeping_best(&lesson(LessonId::Recall), RECALL_BUDGET, RECALL_EVAL_EVERY);
    let result = block_on(trainer.evaluate(Split::Test)).expect("eval");
    let accuracy = result.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy > RECALL_ACCURACY, "recall: test accuracy {}", accuracy);
    let alignment = result.alignment.expect("alignment");
    assert!(alignment >= RECALL_ALIGNMENT, "recall: alignment {alignment}");
    let probe = block_on(trainer.probe("a 3 c 7 e 1 g 4 c")).expect("probe");
    assert_eq!(probe.outputs.last().map(String::as_str), Some("7"));
    assert!(probe.outputs[..8].iter().all(String::is_empty), "only the last position is asked");
}

fn trained_for(config: &Config, steps: usize) -> Trainer {
    let mut trainer = Trainer::new(config, &Device::flex()).expect("trainer");
    for _ in 0..steps {
        assert!(block_on(trainer.step()).expect("step").is_finite());
    }
    trainer
}

/// Trains `steps` steps with early stopping's bookkeeping on (validation loss, every `every`
/// steps, never stopping) and puts back the model that scored best on validation.
fn trained_keeping_best(config: &Config, steps: usize, every: usize) -> Trainer {
    let config = Config { early_stop: true, monitor: Monitor::Loss, patience: usize::MAX, ..config.clone() };
    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    for step in 1..=steps {
        assert!(block_on(trainer.step()).expect("step").is_finite());
        if step % every == 0 {
            let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
            trainer.watch(&report).expect("early stopping is on");
        }
    }
    trainer.restore_best().expect("a best model");
    trainer
}

/// One model of a lesson, trained from one seed: its reports before and after training.
struct Run {
    before: EvalReport,
    after: EvalReport,
    trainer: Trainer,
    validation: f32,
}

/// A lesson trained from each of `SEEDS` for `steps` steps. How far a lesson gets within its
/// budget depends on the seed, and a change in the last bit of any operation moves a run within
/// that spread; so these tests hold the median over the seeds to bounds that the spread measured
/// over six seeds (in each lesson's comment) supports, rather than one trajectory to bounds it
/// happened to meet.
struct Runs(Vec<Run>);

impl Runs {
    fn train(config: &Config, steps: usize) -> Self {
        Self(
            SEEDS
                .iter()
                .map(|&seed| {
                    let config = Config { seed, ..config.clone() };
                    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
                    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval");
                    for _ in 0..steps {
                        assert!(block_on(trainer.step()).expect("step").is_finite());
                    }
                    let after = block_on(trainer.evaluate(Split::Test)).expect("eval");
                    let validation = block_on(trainer.evaluate(Split::Validation)).expect("eval").loss;
                    Run { before, after, trainer, validation }
                })
                .collect(),
        )
    }

    /// The median over the seeds of `value` on the test split after training.
    fn median(&self, value: impl Fn(&EvalReport) -> f32) -> f32 {
        self.median_of(|run| value(&run.after))
    }

    fn median_of(&self, value: impl Fn(&Run) -> f32) -> f32 {
        let mut values: Vec<f32> = self.0.iter().map(value).collect();
        values.sort_by(f32::total_cmp);
        values[values.len() / 2]
    }

    /// The untrained model's report (the first seed's), for the failure messages.
    fn before(&self) -> &EvalReport {
        &self.0[0].before
    }

    /// A classifier learned, its attention where the lesson expects it: the median test loss
    /// under a quarter of the untrained model's, the median accuracy and alignment at least
    /// `accuracy` and `alignment`.
    fn assert_learned(&self, accuracy: f32, alignment: f32) {
        let before = self.before();
        let loss = self.median(|r| r.loss);
        assert!(loss < before.loss / 4.0, "median test loss {loss} (from {})", before.loss);
        let median_accuracy = self.median(|r| r.accuracy.expect("accuracy"));
        assert!(median_accuracy >= accuracy, "median test accuracy {median_accuracy}");
        let median_alignment = self.median(|r| r.alignment.expect("alignment"));
        assert!(
            median_alignment >= alignment,
            "median alignment {median_alignment} (before training {:?})",
            before.alignment
        );
    }

    /// The model a teacher would keep: the run with the lowest validation loss.
    fn into_best(self) -> Trainer {
        let best = self.0.into_iter().min_by(|a, b| a.validation.total_cmp(&b.validation)).expect("a run");
        best.trainer
    }
}

#[test]
fn induction_needs_two_layers_and_then_finds_the_letter_after_the_last_occurrence() {
    let config = lessons::defaults(LessonId::Induction);
    assert!(config.causal && config.n_layers == 2);
    let trainer = trained_for(&config, INDUCTION_BUDGET);
    let result = block_on(trainer.evaluate(Split::Test)).expect("eval");
    assert!(result.loss < 0.1, "induction: test loss {}", result.loss);
    let accuracy = result.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy > INDUCTION_ACCURACY, "induction: test accuracy {}", accuracy);
    let alignment = result.alignment.expect("alignment");
    assert!(alignment >= INDUCTION_ALIGNMENT, "induction: alignment {alignment}");
    // A sequence the model never saw: the repeat continues the segment.
    let probe = block_on(trainer.probe("c a r p e j c a r p e")).expect("probe");
    assert_eq!(probe.outputs[6..10].join(" "), "a r p e");
    // Causal: no query puts weight on a later key.
    let maps = &probe.attention;
    for (layer, head) in (0..maps.n_layers).flat_map(|l| (0..maps.n_heads).map(move |h| (l, h))) {
        let map = maps.head(layer, head);
        for q in 0..maps.len {
            for k in q + 1..maps.len {
                assert_eq!(map[q * maps.len + k], 0.0, "L{layer}H{head}: query {q} looked ahead at key {k}");
            }
        }
    }

    // One layer cannot chain a previous-token head into an induction head.
    let one_layer = trained_for(&Config { n_layers: 1, ..config }, INDUCTION_BUDGET);
    let result = block_on(one_layer.evaluate(Split::Test)).expect("eval");
    let accuracy = result.accuracy.expect("a classification lesson reports accuracy");
    assert!(accuracy < 0.8, "one layer reached {}", accuracy);
}

#[test]
fn regression_learns_the_marked_sum_with_mse() {
    let runs = Runs::train(&lessons::defaults(LessonId::Regression), REGRESSION_BUDGET);
    let before = runs.before();
    assert!(before.accuracy.is_none(), "a regression lesson has no accuracy");
    let ratio = runs.median_of(|run| run.after.loss / run.before.loss);
    assert!(ratio < 1.0 / 20.0, "median MSE {ratio} of the untrained model's");
    let (mae, r2) = (runs.median(|r| r.mae.expect("mae")), runs.median(|r| r.r2.expect("r2")));
    assert!(mae < REGRESSION_MAE, "median mean absolute error {mae}");
    assert!(r2 > REGRESSION_R2, "median R² {r2} (before training {:?})", before.r2);
    let alignment = runs.median(|r| r.alignment.expect("alignment"));
    assert!(
        alignment >= REGRESSION_ALIGNMENT,
        "regression: median alignment {alignment} (before training {:?})",
        before.alignment
    );
    let trainer = runs.into_best();
    // 5 + 7 + 2: the digits after the markers.
    let probe = block_on(trainer.probe("3 + 5 2 + 7 1 4 + 2")).expect("probe");
    let value = probe.value.expect("a number");
    assert!((value - 14.0).abs() < 0.5, "predicted {value}");
    assert_eq!(probe.outputs, vec![format!("{value:.1}")]);
    assert!(probe.probabilities.is_empty());
    assert_eq!(probe.expected, vec![(2, 1), (5, 4), (9, 8)]);
}

#[test]
fn charlm_learns_its_verses_in_both_languages_and_writes_reproducibly() {
    for lang in [Lang::En, Lang::Zh] {
        let config = Config { lang, sample_len: 20, ..lessons::defaults(LessonId::CharLm) };
        assert!(config.causal, "a language model must not read ahead");
        let untrained = Trainer::new(&config, &Device::flex()).expect("trainer");
        let before = block_on(untrained.evaluate(Split::Train)).expect("eval").loss;
        let trainer = trained_for(&config, CHARLM_BUDGET);
        let after = block_on(trainer.evaluate(Split::Train)).expect("eval").loss;
        assert!(after < CHARLM_TRAIN_LOSS, "{lang:?}: training loss {before} → {after}");

        let sample = block_on(trainer.sample("")).expect("sample");
        assert_eq!(sample.steps.len(), 20);
        assert_eq!(sample.tokens.len(), sample.prompt_len + 20);
        for (i, step) in sample.steps.iter().enumerate() {
            assert!(trainer.data().classes.contains(&step.token), "{lang:?}: {:?}", step.token);
            // The context is every token before the new one, up to the model's longest input.
            assert_eq!(step.attention.len(), sample.prompt_len + i - step.context_start);
            let total: f32 = step.attention.iter().sum();
            assert!((total - 1.0).abs() < 1e-4, "attention over the context sums to {total}");
        }
        assert_eq!(block_on(trainer.sample("")).expect("sample"), sample, "same model, seed and settings");

        // top-k = 1 is greedy: every draw is the most likely token, with probability 1.
        let greedy = Config { top_k: 1, ..config.clone() };
        let mut trainer = trainer;
        trainer.update_training(&greedy);
        let sample = block_on(trainer.sample("")).expect("sample");
        assert!(sample.steps.iter().all(|s| s.probability == 1.0 && s.candidates.len() == 1));
    }
}

#[test]
fn multitask_trains_two_heads_on_one_encoder_and_the_weight_matters() {
    let config = lessons::defaults(LessonId::MultiTask);
    let trainer = trained_for(&config, MULTITASK_BUDGET);
    let result = block_on(trainer.evaluate(Split::Test)).expect("eval");
    let [sentiment, topic] = result.tasks[..] else { panic!("two tasks: {:?}", result.tasks) };
    assert!(sentiment.accuracy > MULTITASK_SENTIMENT, "sentiment accuracy {}", sentiment.accuracy);
    assert!(topic.accuracy > MULTITASK_TOPIC, "topic accuracy {}", topic.accuracy);
    assert!((result.loss - (sentiment.loss + topic.loss)).abs() < 1e-3, "weight 1: the losses add up");
    // Both heads read the deciding clause: "but" hands sentiment and topic to the second one.
    let probe = block_on(trainer.probe("the food was bad but the movie was great")).expect("probe");
    assert_eq!(probe.outputs, vec!["positive".to_string(), "film".to_string()]);
    assert_eq!(probe.second_probabilities.len(), 4);

    // With the topic's weight at 0 its head never learns: chance is about 1 in 4.
    let unweighted = trained_for(&Config { task_weight: 0.0, ..config }, MULTITASK_BUDGET);
    let result = block_on(unweighted.evaluate(Split::Test)).expect("eval");
    assert!(result.tasks[1].accuracy < 0.5, "an unweighted topic head reached {}", result.tasks[1].accuracy);
    assert!(result.tasks[0].accuracy > MULTITASK_SENTIMENT);
}

/// Share of `n` test dates that greedy decoding writes exactly right.
fn exact(trainer: &Trainer, n: usize) -> f32 {
    let test = &trainer.data().test[..n];
    let right = test
        .iter()
        .filter(|e| {
            let wanted: String =
                e.targets.iter().map(|t| trainer.data().classes[t.expect("target")].as_str()).collect();
            block_on(trainer.translate(&e.text)).expect("translate") == wanted
        })
        .count();
    right as f32 / n as f32
}

#[test]
fn translate_aligns_each_target_digit_with_its_source_and_beats_the_pooled_summary() {
    let config = lessons::defaults(LessonId::Translate);
    let runs = Runs::train(&config, TRANSLATE_BUDGET);
    // The variant without attention, on the first seed's data and initial weights.
    let first = Config { seed: SEEDS[0], ..config.clone() };
    let mut pooled =
        Trainer::from_data(&first, lessons::load(&first), &Device::flex(), true).expect("pooled");
    for _ in 0..TRANSLATE_BUDGET {
        block_on(pooled.step()).expect("step");
    }
    let before = runs.before();
    let loss = runs.median(|r| r.loss);
    let accuracy = runs.median(|r| r.accuracy.expect("accuracy"));
    let alignment = runs.median(|r| r.alignment.expect("cross-attention alignment"));
    assert!(loss < 0.05, "median test loss {loss} (from {})", before.loss);
    assert!(accuracy >= TRANSLATE_ACCURACY, "median per-character accuracy {accuracy}");
    assert!(
        alignment >= TRANSLATE_ALIGNMENT,
        "median alignment {alignment} < {TRANSLATE_ALIGNMENT} (before training {:?})",
        before.alignment
    );
    let model_exact = runs.median_of(|run| exact(&run.trainer, TRANSLATE_DECODED));
    let pooled_exact = exact(&pooled, TRANSLATE_DECODED);
    let pooled_report = block_on(pooled.evaluate(Split::Test)).expect("eval");
    println!(
        "translate (medians): loss {loss} accuracy {accuracy} alignment {alignment} exact {model_exact} | pooled accuracy {:?} exact {pooled_exact}",
        pooled_report.accuracy
    );
    assert!(model_exact >= TRANSLATE_EXACT, "median whole dates right: {model_exact}");
    assert!(
        model_exact - pooled_exact >= POOLED_GAP,
        "with attention {model_exact} (median), with a pooled summary {pooled_exact}"
    );
    let model = runs.into_best();

    // The probe: the written date, a cross-attention map per layer and head whose rows are
    // distributions over the source, and the expected cells on that map (not the encoder's).
    let report = block_on(model.probe("二〇二六年十一月二十九日")).expect("probe");
    let translation = report.translation.expect("translation");
    assert_eq!(translation.text(), "2026-11-29");
    assert_eq!(translation.source, 12);
    assert!(report.expected.is_empty());
    assert_eq!(translation.expected.len(), 4 + 2 * 2 + 2 * 3);
    for (layer, head) in (0..config.n_layers).flat_map(|l| (0..config.n_heads).map(move |h| (l, h))) {
        let map = translation.head(layer, head);
        assert_eq!(map.len(), 10 * 12);
        for row in map.chunks(12) {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        }
    }
    assert!(translation.confidence.iter().all(|&p| p > 0.5));
    assert_eq!(report.saliency.len(), 12);
}

#[test]
fn patches_classifies_shapes_and_the_class_token_looks_at_the_shape() {
    let runs = Runs::train(&lessons::defaults(LessonId::Patches), PATCHES_BUDGET);
    runs.assert_learned(PATCHES_ACCURACY, PATCHES_ALIGNMENT);
    let mut trainer = runs.into_best();

    // The probe reads an image: the class token and 16 patches, the plus found, the expected
    // cells on the class token's row, and no embedding map (there are no word vectors).
    let probe = block_on(trainer.probe("")).expect("probe");
    assert_eq!(probe.tokens.len(), 17);
    assert_eq!(probe.tokens[0], "CLS");
    assert_eq!(probe.outputs, vec!["plus".to_string()]);
    assert_eq!(probe.expected, vec![(0, 2), (0, 6), (0, 7), (0, 10)]);
    assert_eq!(probe.saliency.len(), 17);
    let error = block_on(trainer.probe("not an image")).expect_err("not an image");
    assert!(error.to_string().contains("12 rows of 3 hexadecimal digits"), "{error}");
    assert!(block_on(trainer.embedding_map()).expect("map").is_none());
}

#[test]
fn signal_names_the_event_and_the_class_token_listens_where_it_is() {
    let runs = Runs::train(&lessons::defaults(LessonId::Signal), SIGNAL_BUDGET);
    runs.assert_learned(SIGNAL_ACCURACY, SIGNAL_ALIGNMENT);
    let trainer = runs.into_best();

    // The default probe: a chirp from sample 28, frames 7–9 (tokens F8–F10).
    let probe = block_on(trainer.probe("")).expect("probe");
    assert_eq!(probe.tokens.len(), 17);
    assert_eq!(probe.tokens[0], "CLS");
    assert_eq!(probe.outputs, vec!["chirp".to_string()]);
    assert_eq!(probe.expected, vec![(0, 8), (0, 9), (0, 10)]);

    // Move the event and change it: the answer and the attention follow.
    for (text, kind) in [
        ("beep@0 noise=0.15 seed=5", "beep"),
        ("spikes@22 noise=0.15 seed=6", "spikes"),
        ("chirp@51 noise=0.15 seed=7", "chirp"),
        ("beep@37 noise=0.25 seed=8", "beep"),
    ] {
        let probe = block_on(trainer.probe(text)).expect("probe");
        assert_eq!(probe.outputs, vec![kind.to_string()], "{text}");
        let maps = &probe.attention;
        let on_event = |layer, head| -> f32 {
            let row = &maps.head(layer, head)[..maps.len];
            probe.expected.iter().map(|&(_, k)| row[k]).sum()
        };
        let best = (0..maps.n_layers)
            .flat_map(|l| (0..maps.n_heads).map(move |h| (l, h)))
            .map(|(l, h)| on_event(l, h))
            .fold(0.0, f32::max);
        assert!(best >= SIGNAL_FOLLOWS, "{text}: the best head puts {best} on the event's frames");
    }
    let error = block_on(trainer.probe("hum@3")).expect_err("not a signal");
    assert!(error.to_string().contains("not an event"), "{error}");
}

#[test]
fn recommend_names_what_the_latest_calling_purchase_calls_for_and_looks_at_it() {
    let config = lessons::defaults(LessonId::Recommend);
    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    for _ in 0..RECOMMEND_BUDGET {
        block_on(trainer.step()).expect("step");
    }
    let after = block_on(trainer.evaluate(Split::Test)).expect("eval");
    let accuracy = after.accuracy.expect("accuracy");
    let hit_rate = after.hit_rate.expect("24 items: a hit rate at 5");
    let alignment = after.alignment.expect("alignment");
    assert!(after.loss < before.loss / 4.0, "test loss {} (from {})", after.loss, before.loss);
    assert!(accuracy >= RECOMMEND_ACCURACY, "test accuracy {accuracy}");
    assert!(hit_rate >= RECOMMEND_HIT_RATE && hit_rate >= accuracy, "hit rate at 5 {hit_rate}");
    assert!(
        alignment >= RECOMMEND_ALIGNMENT,
        "alignment {alignment} (before training {:?})",
        before.alignment
    );

    // The default history: the camera at position 3, two purchases after it → a lens; the class
    // bars are the last position's.
    let probe = block_on(trainer.probe("")).expect("probe");
    assert_eq!(probe.outputs.last().map(String::as_str), Some("lens"));
    assert!(probe.outputs[..5].iter().all(String::is_empty), "only the last position is asked");
    assert_eq!(probe.expected, vec![(5, 3)]);
    assert_eq!(probe.probabilities.len(), 24);
    assert_eq!(argmax(&probe.probabilities), 2, "class 2 is the lens");
    // Editing the history changes the recommendation: a newer wok, then only a kettle.
    for (history, next) in [
        ("boots tent mug camera lantern wok mug", "spatula"),
        ("kettle mug tripod strap", "tea"),
        ("kayak game game mouse", "paddle"),
    ] {
        let probe = block_on(trainer.probe(history)).expect("probe");
        assert_eq!(probe.outputs.last().map(String::as_str), Some(next), "{history}");
    }
}

#[test]
fn multimodal_decides_whether_the_caption_describes_the_picture_and_words_find_their_shapes() {
    use attention_playground::lessons::multimodal::{Caption, split, tokenize};
    let runs = Runs::train(&lessons::defaults(LessonId::Multimodal), MULTIMODAL_BUDGET);
    let loss = runs.median(|r| r.loss);
    let accuracy = runs.median(|r| r.accuracy.expect("accuracy"));
    let alignment = runs.median(|r| r.alignment.expect("alignment"));
    let (chance, alignment_before) = (runs.before().loss, runs.before().alignment);
    assert!(loss < MULTIMODAL_LOSS && loss < chance / 2.0, "median test loss {loss} (from {chance})");
    assert!(accuracy >= MULTIMODAL_ACCURACY, "median test accuracy {accuracy}");
    assert!(
        alignment >= MULTIMODAL_ALIGNMENT,
        "median alignment {alignment} (before training {alignment_before:?})"
    );
    let trainer = runs.into_best();

    // The probe: the caption's words, where each looked in the picture, and the expected cells.
    let probe = block_on(trainer.probe("")).expect("probe");
    assert_eq!(probe.tokens, ["red", "circle", "left", "of", "blue", "square"]);
    let matching = probe.matching.as_ref().expect("a multimodal probe shows where the words looked");
    assert_eq!((matching.source, matching.n_layers, matching.n_heads), (6, 2, 4));
    assert_eq!(matching.weights.len(), 2 * 4 * 6 * 6);
    assert_eq!(matching.expected, vec![(0, 0), (1, 0), (4, 5), (5, 5)]);
    assert!(probe.expected.is_empty(), "the caption's self-attention has no expected cells here");
    assert_eq!(probe.saliency.len(), 6);

    // Captions the model has not seen, true and false, read against what the picture shows.
    let cases = [
        "red circle left of blue square | red-circle@1 blue-square@6 green-triangle@2",
        "blue square right of red circle | red-circle@1 blue-square@6 green-triangle@2",
        "red circle right of blue square | red-circle@1 blue-square@6 green-triangle@2",
        "blue circle left of red square | red-circle@1 blue-square@6 green-triangle@2",
        "yellow triangle left of green circle | green-circle@3 yellow-triangle@4 red-square@5",
        "green triangle left of yellow circle | green-circle@3 yellow-triangle@4 red-square@5",
    ];
    let mut right = 0;
    for text in cases {
        let (_, picture) = split(text).expect("a picture");
        let truth = Caption::read(&tokenize(text)).expect("a caption").holds(&picture);
        let probe = block_on(trainer.probe(text)).expect("probe");
        right += usize::from(probe.outputs == [if truth { "match" } else { "no match" }]);
    }
    assert!(right >= 5, "{right} of {} captions judged right", cases.len());
    // Chinese captions train a model of their own; the picture's text is the same.
    let error = block_on(trainer.probe("red circle | red-ring@1")).expect_err("not a picture");
    assert!(error.to_string().contains("not a shape"), "{error}");
}
