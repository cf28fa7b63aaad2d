//! Each optimiser, weight decay, clipping and the schedule against updates worked out by hand,
//! on one tiny layer: y = w·x + b with w = 2, b = 0.5, x = 1, loss = y². Then y = 2.5 and both
//! gradients are ∂loss/∂w = 2·y·x = 5 and ∂loss/∂b = 2·y = 5.

use attention_playground::config::{Config, LessonId, OptimizerKind, Schedule};
use attention_playground::lessons::{self, Split};
use attention_playground::train::Trainer;
use attention_playground::train::optimizer::optimizer;
use burn::module::Param;
use burn::nn::Linear;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};
use pollster::block_on;

fn layer(device: &Device) -> Linear {
    Linear {
        weight: Param::from_data(TensorData::new(vec![2.0f32], [1, 1]), device),
        bias: Some(Param::from_data(TensorData::new(vec![0.5f32], [1]), device)),
    }
}

/// `steps` optimiser steps of `config` at learning rate `lr`; returns (w, b).
fn train(config: &Config, lr: f64, steps: usize) -> (f32, f32) {
    let device = Device::flex().autodiff();
    let mut optim = optimizer(config);
    let mut model = layer(&device);
    let x = Tensor::<2>::from_data(TensorData::new(vec![1.0f32], [1, 1]), &device);
    for _ in 0..steps {
        let y = model.forward(x.clone());
        let loss = (y.clone() * y).sum();
        let gradients = GradientsParams::from_grads(loss.backward(), &model);
        model = optim.step(lr, model, gradients);
    }
    let value = |t: Tensor<1>| t.into_data().try_to_vec::<f32>().expect("f32")[0];
    let bias = model.bias.as_ref().expect("bias").val();
    (value(model.weight.val().flatten(0, 1)), value(bias))
}

fn with(optimizer: OptimizerKind, f: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config { optimizer, momentum: 0.0, ..Config::default() };
    f(&mut config);
    config
}

fn assert_close((w, b): (f32, f32), (ew, eb): (f32, f32)) {
    assert!((w - ew).abs() < 1e-5 && (b - eb).abs() < 1e-5, "got w {w}, b {b}; expected w {ew}, b {eb}");
}

#[test]
fn sgd_steps_against_the_gradient() {
    // w = 2 − 0.1·5 = 1.5, b = 0.5 − 0.1·5 = 0.
    assert_close(train(&with(OptimizerKind::Sgd, |_| {}), 0.1, 1), (1.5, 0.0));
}

#[test]
fn sgd_momentum_keeps_a_running_direction() {
    // Step 1 as plain SGD (v = g = 5). Step 2: y = 1.5, g = 3, v = 0.9·5 + 3 = 7.5:
    // w = 1.5 − 0.75 = 0.75, b = 0 − 0.75 = −0.75.
    assert_close(train(&with(OptimizerKind::Sgd, |c| c.momentum = 0.9), 0.1, 2), (0.75, -0.75));
}

#[test]
fn sgd_weight_decay_adds_the_l2_penalty_to_the_gradient() {
    // g_w = 5 + 0.1·2 = 5.2 → w = 1.48; g_b = 5 + 0.1·0.5 = 5.05 → b = −0.005.
    assert_close(train(&with(OptimizerKind::Sgd, |c| c.weight_decay = 0.1), 0.1, 1), (1.48, -0.005));
}

#[test]
fn adam_first_step_moves_each_weight_by_the_learning_rate() {
    // m̂ = g, v̂ = g² after bias correction: the step is lr·g/(|g| + ε) = lr.
    assert_close(train(&with(OptimizerKind::Adam, |_| {}), 0.1, 1), (1.9, 0.4));
}

#[test]
fn adamw_decays_the_weights_directly() {
    // w = 2·(1 − 0.1·0.5) − 0.1 = 1.8, b = 0.5·0.95 − 0.1 = 0.375.
    assert_close(train(&with(OptimizerKind::AdamW, |c| c.weight_decay = 0.5), 0.1, 1), (1.8, 0.375));
}

#[test]
fn clipping_scales_each_gradient_down_to_the_norm() {
    // Each gradient (5) is scaled to norm 1: w = 2 − 0.1 = 1.9, b = 0.5 − 0.1 = 0.4.
    assert_close(train(&with(OptimizerKind::Sgd, |c| c.clip = 1.0), 0.1, 1), (1.9, 0.4));
    // Under the threshold nothing changes.
    assert_close(train(&with(OptimizerKind::Sgd, |c| c.clip = 10.0), 0.1, 1), (1.5, 0.0));
}

fn copy_config(f: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config { batch_size: 64, ..lessons::defaults(LessonId::Copy) };
    f(&mut config);
    config
}

fn losses(config: &Config, steps: usize) -> (Vec<f32>, Trainer) {
    let mut trainer = Trainer::new(config, &Device::flex()).expect("trainer");
    let losses = (0..steps).map(|_| block_on(trainer.step()).expect("step")).collect();
    (losses, trainer)
}

#[test]
fn the_trainer_follows_the_schedule() {
    // Copy: 2100 sequences at batch 64 is 33 steps an epoch; 10 epochs are 330 steps, 33 of
    // them warm-up.
    let config = copy_config(|c| {
        c.schedule = Schedule::Cosine;
        c.epochs = 10;
        c.warmup = 0.1;
        c.lr = 0.01;
    });
    let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
    assert_eq!(trainer.total_steps(), 330);
    assert!((trainer.learning_rate() - 0.01 / 33.0).abs() < 1e-12);
    for _ in 0..33 {
        block_on(trainer.step()).expect("step");
    }
    assert!((trainer.learning_rate() - 0.01).abs() < 1e-12, "the peak after warm-up");
    // Switching to a constant rate applies at once, without a new model.
    trainer.update_training(&Config { schedule: Schedule::Constant, ..config });
    assert_eq!(trainer.learning_rate(), 0.01);
    assert_eq!(trainer.steps(), 33);
}

#[test]
fn dropout_is_reproducible_trains_and_is_off_when_evaluating() {
    let config = copy_config(|c| c.dropout = 0.2);
    let (a, trainer) = losses(&config, 30);
    let (b, _) = losses(&config, 30);
    assert_eq!(a, b, "the same seed gives the same dropout masks");
    let (plain, _) = losses(&copy_config(|_| {}), 30);
    assert_ne!(a, plain, "dropout changes training");
    assert!(a[25..].iter().sum::<f32>() < a[..5].iter().sum::<f32>(), "the loss falls with dropout");
    // Evaluation uses every weight: twice the same.
    let first = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let second = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert_eq!(first, second);
}
