//! The training lab's machinery on real runs: the split the learner chooses, early stopping
//! that puts the best model back, the answers behind each confusion cell, the per-phase timing,
//! and how compared runs are named, swept and exported.

use attention_playground::compare::{self, Knob, Run};
use attention_playground::config::{Config, Lang, LessonId, Monitor, OptimizerKind};
use attention_playground::lessons::{self, Proportions, Split, split_train_validation_test};
use attention_playground::protocol::StepLoss;
use attention_playground::train::{Trainer, Verdict};
use burn::tensor::Device;
use pollster::block_on;

fn trainer(config: &Config) -> Trainer {
    Trainer::new(config, &Device::flex()).expect("trainer")
}

fn train(trainer: &mut Trainer, steps: usize) {
    for _ in 0..steps {
        block_on(trainer.step()).expect("step");
    }
}

#[test]
fn the_split_follows_the_chosen_shares_and_is_deterministic_and_disjoint() {
    let (train, validation, test) = split_train_validation_test(
        (0..500).collect::<Vec<_>>(),
        9,
        Proportions { train: 60, validation: 25 },
    );
    assert_eq!((train.len(), validation.len(), test.len()), (300, 125, 75));
    let mut all: Vec<i32> = train.iter().chain(&validation).chain(&test).copied().collect();
    all.sort();
    assert_eq!(all, (0..500).collect::<Vec<_>>(), "every example in exactly one split");
    let again = split_train_validation_test(
        (0..500).collect::<Vec<_>>(),
        9,
        Proportions { train: 60, validation: 25 },
    );
    assert_eq!(again, (train.clone(), validation, test), "same seed, same split");
    let other = split_train_validation_test(
        (0..500).collect::<Vec<_>>(),
        10,
        Proportions { train: 60, validation: 25 },
    );
    assert_ne!(other.0, train, "another seed shuffles otherwise");

    // Through a lesson: the counts follow the Config's shares.
    for lesson in [LessonId::Sentiment, LessonId::Copy, LessonId::Patches] {
        let default = lessons::load(&lessons::defaults(lesson));
        let total = default.train.len() + default.validation.len() + default.test.len();
        let config = Config { split_train: 50, split_val: 30, ..lessons::defaults(lesson) };
        let data = lessons::load(&config);
        let counts = (data.train.len(), data.validation.len(), data.test.len());
        assert_eq!(counts, Proportions { train: 50, validation: 30 }.counts(total), "{lesson:?}");
        assert_eq!(counts.0 + counts.1 + counts.2, total);
        assert_eq!(lessons::load(&config).validation, data.validation, "{lesson:?} is deterministic");
    }
}

#[test]
fn early_stopping_stops_after_its_patience_and_puts_the_best_model_back() {
    let config =
        Config { early_stop: true, patience: 2, monitor: Monitor::Loss, epochs: 1000, ..Config::default() };
    let mut trainer = trainer(&config);
    let mut seen = Vec::new();
    // Learn for a while, then wreck the model with a far too large learning rate.
    for round in 0..8 {
        if round == 4 {
            trainer.update_training(&Config { lr: 0.5, optimizer: OptimizerKind::Sgd, ..config.clone() });
        }
        train(&mut trainer, if round < 4 { 20 } else { 10 });
        let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
        let verdict = trainer.watch(&report).expect("early stopping is on");
        seen.push((report, verdict));
        if verdict == Verdict::Stop {
            break;
        }
    }
    let (last, verdict) = seen.last().expect("evaluated").clone();
    assert_eq!(verdict, Verdict::Stop, "{:?}", seen.iter().map(|(r, v)| (r.loss, *v)).collect::<Vec<_>>());
    let best = seen.iter().map(|(r, _)| r).min_by(|a, b| a.loss.total_cmp(&b.loss)).expect("best").clone();
    // Worse, or diverged altogether (NaN): early stopping is what rescues such a run.
    assert!(
        last.loss.is_nan() || last.loss > best.loss,
        "{:?}",
        seen.iter().map(|(r, _)| r.loss).collect::<Vec<_>>()
    );
    // The two evaluations before the stop did not improve.
    let n = seen.len();
    assert!(matches!(seen[n - 2].1, Verdict::Waiting { left: 1 }));

    let restored = trainer.restore_best().expect("a best model was kept");
    assert_eq!(restored, best);
    let now = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert!((now.loss - best.loss).abs() < 1e-6, "restored {} vs best {}", now.loss, best.loss);
    assert_eq!(now.accuracy, best.accuracy);
}

#[test]
fn without_early_stopping_nothing_is_watched_or_restored() {
    let mut trainer = trainer(&Config::default());
    train(&mut trainer, 2);
    let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert_eq!(trainer.watch(&report), None);
    assert_eq!(trainer.restore_best(), None);
}

#[test]
fn each_confusion_cell_lists_exactly_its_answers() {
    for (lesson, steps) in [(LessonId::Sentiment, 60), (LessonId::Copy, 30), (LessonId::MultiTask, 20)] {
        let mut trainer = trainer(&Config { epochs: 1000, ..lessons::defaults(lesson) });
        train(&mut trainer, steps);
        let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
        let confusion = report.confusion.expect("confusion");
        let answers = block_on(trainer.answers(Split::Validation)).expect("answers");
        assert_eq!(answers.len() as f32, confusion.total(), "{lesson:?}");
        for truth in 0..confusion.classes {
            for predicted in 0..confusion.classes {
                let listed = answers.iter().filter(|a| a.truth == truth && a.predicted == predicted).count();
                assert_eq!(
                    listed as f32,
                    confusion.count(truth, predicted),
                    "{lesson:?} cell {truth},{predicted}"
                );
            }
        }
        let validation = trainer.data().split(Split::Validation);
        for answer in &answers {
            assert!(answer.confidence > 0.0 && answer.confidence <= 1.0 + 1e-6);
            let example = &validation[answer.example];
            let truth = if example.targets.is_empty() {
                example.label
            } else {
                example.targets[answer.position].expect("asked")
            };
            assert_eq!(answer.truth, truth, "{lesson:?}: an answer's truth is its example's");
        }
    }
    // A regression has no classes to list.
    let trainer = trainer(&lessons::defaults(LessonId::Regression));
    assert!(block_on(trainer.answers(Split::Validation)).expect("answers").is_empty());
}

#[test]
fn every_step_is_timed_by_phase() {
    let config = Config { batch_size: 16, ..Config::default() };
    let mut trainer = trainer(&config);
    train(&mut trainer, 3);
    let times = trainer.take_times();
    assert_eq!((times.steps, times.examples), (3, 48));
    for phase in [times.forward_ms, times.backward_ms, times.optimizer_ms, times.read_ms] {
        assert!(phase >= 0.0);
    }
    assert!(times.forward_ms > 0.0 && times.backward_ms > 0.0, "{times:?}");
    assert_eq!(trainer.take_times().steps, 0, "taking the times starts a new count");
}

#[test]
fn runs_are_named_by_what_sets_them_apart() {
    let base = Config::default();
    let unscaled = Config { scaled: false, ..base.clone() };
    let labels = compare::labels(&[&base, &unscaled]);
    assert_eq!(labels, vec![Some("scaled".to_string()), Some("unscaled".to_string())]);
    let one = Config { n_heads: 1, ..base.clone() };
    let four = Config { n_heads: 4, ..base.clone() };
    assert_eq!(compare::labels(&[&one, &four]), vec![Some("1 head".into()), Some("4 heads".into())]);
    let sgd = Config { optimizer: OptimizerKind::Sgd, lr: 0.01, probe: "other text".into(), ..base.clone() };
    assert_eq!(
        compare::labels(&[&base, &sgd]),
        vec![Some("Adam, lr 0.003".into()), Some("SGD, lr 0.01".into())]
    );
    assert_eq!(compare::labels(&[&base, &base]), vec![None, None], "nothing sets them apart");

    // In Chinese, with the page's lesson names.
    let name = |lesson: LessonId, _: Lang| if lesson == LessonId::Reverse { "反转" } else { "情感" };
    let reverse = Config { lesson: LessonId::Reverse, ..four.clone() };
    assert_eq!(
        compare::labels_in(&[&one, &reverse], Lang::Zh, name),
        vec![Some("情感，1 个头".into()), Some("反转，4 个头".into())]
    );
    assert_eq!(
        compare::labels_in(&[&base, &unscaled], Lang::Zh, name),
        vec![Some("缩放".into()), Some("不缩放".into())]
    );
}

#[test]
fn a_sweep_varies_one_knob_and_keeps_the_rest() {
    let base = Config::default();
    let lrs: Vec<f64> = compare::sweep(&base, Knob::Lr).iter().map(|c| c.lr).collect();
    assert_eq!(lrs.len(), 3);
    assert!((lrs[0] - 3e-4).abs() < 1e-12 && lrs[1] == 3e-3 && (lrs[2] - 3e-2).abs() < 1e-12, "{lrs:?}");
    let heads = compare::sweep(&base, Knob::Heads);
    assert_eq!(heads.iter().map(|c| c.n_heads).collect::<Vec<_>>(), vec![1, 2, 4]);
    for config in &heads {
        assert_eq!(Config { n_heads: base.n_heads, ..config.clone() }, base, "only the knob changes");
    }
    assert_eq!(compare::sweep(&base, Knob::Scaled).len(), 2);
    // Values out of range are clamped, and repeats dropped.
    let high = Config { lr: 5e5, ..base.clone() };
    let lrs: Vec<f64> = compare::sweep(&high, Knob::Lr).iter().map(|c| c.lr).collect();
    assert_eq!(lrs.len(), 3);
    assert!((lrs[0] - 5e4).abs() < 1e-6 && lrs[1] == 5e5 && lrs[2] == 1e6, "{lrs:?}");
    let labels = compare::labels(&compare::sweep(&base, Knob::Positional).iter().collect::<Vec<_>>());
    assert_eq!(
        labels,
        vec![
            Some("learned positions".into()),
            Some("sinusoidal positions".into()),
            Some("no positions".into())
        ]
    );
}

#[test]
fn the_history_exports_as_csv_with_a_row_per_step() {
    let mut trainer = trainer(&Config { eval_every: 2, ..Config::default() });
    let mut train_losses = Vec::new();
    let mut validation = vec![block_on(trainer.evaluate(Split::Validation)).expect("eval")];
    for _ in 0..4 {
        let loss = block_on(trainer.step()).expect("step");
        train_losses.push(StepLoss { step: trainer.steps(), loss });
        if trainer.steps().is_multiple_of(2) {
            validation.push(block_on(trainer.evaluate(Split::Validation)).expect("eval"));
        }
    }
    let run = |id, config: Config| Run {
        id,
        config,
        train: train_losses.clone(),
        validation: validation.clone(),
        restored: None,
        test: None,
        finished: false,
    };
    let runs = [run(1, Config::default()), run(2, Config { n_layers: 1, ..Config::default() })];
    let csv = compare::history_csv(&runs.iter().collect::<Vec<_>>());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "run,label,step,train_loss,val_loss,val_accuracy,val_macro_f1,val_mse,val_mae,val_r2,alignment"
    );
    assert_eq!(lines.len(), 1 + 2 * 5, "steps 0–4 for each run");
    let cells: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(&cells[..4], &["1", "\"2 layers\"", "0", ""], "step 0 has validation only");
    assert_eq!(cells[4], validation[0].loss.to_string());
    let step2: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(step2[2], "2");
    assert_eq!(step2[3], train_losses[1].loss.to_string());
    assert_eq!(step2[5], validation[1].accuracy.expect("accuracy").to_string());
    let f1 = validation[1].confusion.as_ref().expect("confusion").macro_scores().f1;
    assert_eq!(step2[6], f1.to_string());
    let step1: Vec<&str> = lines[2].split(',').collect();
    assert_eq!(step1[4], "", "no validation at step 1");
    assert!(lines[6].starts_with("2,\"1 layer\",0,"));
}

#[test]
fn a_regression_reports_its_errors_in_its_own_units() {
    let mut trainer = trainer(&lessons::defaults(LessonId::Regression));
    train(&mut trainer, 40);
    let report = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let std = trainer.data().standardize.expect("a regression standardises").std;
    let (mse, mae) = (report.mse.expect("mse"), report.mae.expect("mae"));
    // The loss is the MSE of the standardised numbers.
    assert!(
        (mse - report.loss * std * std).abs() <= 1e-4 * mse.max(1.0),
        "{mse} vs {} · {std}²",
        report.loss
    );
    // The mean absolute error is at most the root of the mean squared error.
    assert!(mae > 0.0 && mae * mae <= mse * (1.0 + 1e-5), "MAE {mae}, MSE {mse}");
    assert!(report.r2.expect("r2") <= 1.0);
}
