//! The Config ⇄ URL query string contract.

use attention_playground::config::{
    BackendPreference, Config, ConfigNotice, Lang, LessonId, Monitor, OptimizerKind, Positional, Schedule,
};
use attention_playground::lessons;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[test]
fn every_knob_survives_a_round_trip() {
    let config = Config {
        lang: Lang::Zh,
        d_model: 48,
        n_heads: 3,
        n_layers: 3,
        d_ff: 96,
        positional: Positional::Sinusoidal,
        scaled: false,
        causal: true,
        window: 3,
        stride: 4,
        temperature: 1.5,
        top_k: 3,
        sample_len: 90,
        task_weight: 0.5,
        baseline: true,
        optimizer: OptimizerKind::Sgd,
        lr: 0.05,
        schedule: Schedule::Cosine,
        warmup: 0.25,
        momentum: 0.8,
        weight_decay: 0.01,
        clip: 2.5,
        dropout: 0.1,
        batch_size: 16,
        epochs: 7,
        eval_every: 5,
        seed: 123_456_789,
        backend: BackendPreference::WebGpu,
        probe: "菜很差，但是服务很好 & more=yes".into(),
        heads_off: "L1H2 L3H1".parse().expect("heads"),
        split_train: 60,
        split_val: 25,
        early_stop: true,
        monitor: Monitor::F1,
        patience: 9,
        hide: "lr,optimizer,inside".parse().expect("names"),
        present: true,
        ..Config::default()
    };
    let query = config.to_query();
    let (back, notices) = Config::from_query(&format!("?{query}"));
    assert_eq!(back, config, "{query}");
    assert!(notices.is_empty());
}

#[test]
fn backend_values_are_the_documented_ones() {
    for (value, expected) in [
        ("cpu", BackendPreference::Cpu),
        ("webgpu", BackendPreference::WebGpu),
        ("auto", BackendPreference::Auto),
    ] {
        let (config, notices) = Config::from_query(&format!("backend={value}"));
        assert_eq!(config.backend, expected);
        assert!(notices.is_empty());
    }
}

#[test]
fn bad_values_are_dropped_or_clamped_and_reported() {
    let (config, notices) =
        Config::from_query("n_heads=abc&lr=1e9&batch_size=0&colour=red&lesson=sentiment&backend=tpu");
    let defaults = Config::default();
    assert_eq!(config.n_heads, defaults.n_heads);
    assert_eq!(config.lr, 1e6);
    assert_eq!(config.batch_size, 1);
    assert_eq!(config.backend, defaults.backend);
    assert!(notices.contains(&ConfigNotice::Malformed { key: "n_heads".into(), value: "abc".into() }));
    assert!(notices.contains(&ConfigNotice::UnknownKey { key: "colour".into() }));
    assert!(notices.contains(&ConfigNotice::Malformed { key: "backend".into(), value: "tpu".into() }));
    assert!(notices.iter().any(|n| matches!(n, ConfigNotice::Clamped { key, .. } if key == "lr")));
    assert_eq!(notices.len(), 5, "{notices:?}");
}

#[test]
fn garbage_never_panics() {
    for query in ["", "?", "&&&", "=", "a", "%ZZ", "lr=", "seed=-1", "d_model=99999999999999999999"] {
        let (config, _) = Config::from_query(query);
        assert_eq!(config.d_model % config.n_heads, 0);
    }
}

/// Random query strings — made of the characters and pieces a link holds, keys and values
/// mixed up — never panic, and always give a config that is already in range.
#[test]
fn random_query_strings_never_panic_and_give_a_valid_config() {
    let keys = Config::keys();
    let pieces = [
        "=", "&", "%", "%2C", "+", ",", "-", ".", "e", "1", "9", "0", "L", "H", "zh", "true", "nan", "inf",
        "é", "?",
    ];
    let mut rng = StdRng::seed_from_u64(17);
    for _ in 0..3000 {
        let mut query = String::new();
        for _ in 0..rng.random_range(0..12) {
            match rng.random_range(0..3) {
                0 => query.push_str(&keys[rng.random_range(0..keys.len())]),
                1 => query.push_str(pieces[rng.random_range(0..pieces.len())]),
                _ => query.push(char::from_u32(rng.random_range(32..0x3000)).unwrap_or('x')),
            }
        }
        let (config, _) = Config::from_query(&query);
        let (again, notices) = config.clone().clamped();
        assert_eq!(again, config, "{query:?}");
        assert!(notices.is_empty(), "{query:?} left {notices:?}");
        assert_eq!(config.d_model % config.n_heads, 0, "{query:?}");
        assert!(config.split_train + config.split_val <= 95, "{query:?}");
        // And what it reads back from its own link is itself.
        assert_eq!(Config::from_query(&config.to_query()).0, config, "{query:?}");
    }
}

#[test]
fn knobs_a_link_leaves_out_take_the_lessons_defaults() {
    let (config, notices) = Config::from_query("lesson=induction&lr=0.01");
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(config, Config { lr: 0.01, ..lessons::defaults(LessonId::Induction) });
    assert!(config.causal, "next-token prediction needs the causal mask");
    // A link that says otherwise wins over the lesson's default.
    let (config, _) = Config::from_query("lesson=induction&causal=false");
    assert!(!config.causal);
    let (config, _) = Config::from_query("window=999&stride=2");
    assert_eq!((config.window, config.stride), (64, 2));
}

#[test]
fn training_lab_knobs_are_read_from_the_link_and_kept_in_range() {
    let (config, notices) = Config::from_query(
        "optimizer=adamw&schedule=cosine&warmup=0.9&momentum=2&weight_decay=-1&clip=1e9&dropout=0.75",
    );
    assert_eq!((config.optimizer, config.schedule), (OptimizerKind::AdamW, Schedule::Cosine));
    assert_eq!(
        (config.warmup, config.momentum, config.weight_decay, config.clip, config.dropout),
        (0.5, 0.99, 0.0, 100.0, 0.5)
    );
    assert_eq!(notices.len(), 5, "{notices:?}");
    let (config, notices) = Config::from_query("optimizer=rmsprop&schedule=step");
    assert_eq!((config.optimizer, config.schedule), (OptimizerKind::Adam, Schedule::Constant));
    assert!(notices.iter().all(|n| matches!(n, ConfigNotice::Malformed { .. })) && notices.len() == 2);
    // Optimiser knobs apply to the running model; dropout is part of the model.
    let base = Config::default();
    let tuned = Config {
        optimizer: OptimizerKind::Sgd,
        momentum: 0.5,
        weight_decay: 0.1,
        clip: 1.0,
        schedule: Schedule::Cosine,
        warmup: 0.2,
        ..base.clone()
    };
    assert!(!tuned.needs_reset(&base));
    assert!(Config { dropout: 0.1, ..base.clone() }.needs_reset(&base));
}
