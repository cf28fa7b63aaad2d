//! Saving and loading a trained model: the file round-trips bit for bit, a loaded model answers
//! exactly as the saved one and trains on in the same data order, and a damaged, cut, foreign or
//! mismatched file is refused without touching the model in use.

use attention_playground::config::{Config, LessonId, OptimizerKind};
use attention_playground::lessons::{self, Split, custom};
use attention_playground::model_file::{FileError, History, ModelFile};
use attention_playground::protocol::StepLoss;
use attention_playground::train::{TrainError, Trainer, weights};
use burn::tensor::Device;
use pollster::block_on;

fn small(lesson: LessonId) -> Config {
    Config {
        d_model: 16,
        d_ff: 32,
        n_heads: 2,
        optimizer: OptimizerKind::Sgd,
        momentum: 0.0,
        lr: 0.05,
        ..lessons::defaults(lesson)
    }
}

fn trained(config: &Config, steps: usize) -> Trainer {
    let mut trainer = Trainer::new(config, &Device::flex()).expect("trainer");
    for _ in 0..steps {
        block_on(trainer.step()).expect("step");
    }
    trainer
}

fn saved(trainer: &Trainer) -> Vec<u8> {
    let mut file = block_on(trainer.to_file(None)).expect("save");
    file.header.history = History { train: vec![StepLoss { step: 1, loss: 1.25 }], validation: vec![] };
    file.to_bytes()
}

#[test]
fn a_saved_model_loads_back_bit_exactly_and_trains_on_identically() {
    for lesson in [LessonId::Sentiment, LessonId::Reverse, LessonId::Translate, LessonId::Patches] {
        let config = small(lesson);
        let mut original = trained(&config, 6);
        let bytes = saved(&original);

        let file = ModelFile::from_bytes(&bytes).expect("read");
        assert_eq!(file.config().0, config, "{lesson:?}: the settings come back");
        assert_eq!(file.header.steps, 6);
        assert_eq!(file.header.history.train, vec![StepLoss { step: 1, loss: 1.25 }]);
        let mut loaded = Trainer::from_file(&file, &Device::flex()).expect("load");
        assert_eq!(loaded.steps(), 6);

        // Bit for bit: the loaded model saves to the very same bytes.
        assert_eq!(saved(&loaded), bytes, "{lesson:?}: saving the loaded model gives the same file");
        let before = block_on(original.evaluate(Split::Validation)).expect("evaluate");
        let after = block_on(loaded.evaluate(Split::Validation)).expect("evaluate");
        assert_eq!(before, after, "{lesson:?}: same answers on validation");

        // Plain SGD keeps no state besides the weights: carrying on gives the same losses, which
        // also shows the data order resumed where the saved run was.
        for _ in 0..3 {
            let a = block_on(original.step()).expect("step");
            let b = block_on(loaded.step()).expect("step");
            assert_eq!(a.to_bits(), b.to_bits(), "{lesson:?}: same loss when training on");
        }
    }
}

#[test]
fn the_learners_own_data_travels_in_the_file() {
    let table = custom::parse(custom::sample().as_bytes()).expect("the sample parses");
    let config = Config { lesson: LessonId::Custom, ..small(LessonId::Custom) };
    let data = custom::lesson(&table, config.seed, config.proportions());
    let mut trainer = Trainer::from_data(&config, data, &Device::flex(), false).expect("trainer");
    block_on(trainer.step()).expect("step");
    let file = block_on(trainer.to_file(Some(table.clone()))).expect("save");
    assert_eq!(file.header.custom.as_ref(), Some(&table));
    let file = ModelFile::from_bytes(&file.to_bytes()).expect("read");
    let loaded = Trainer::from_file(&file, &Device::flex()).expect("load");
    assert_eq!(
        block_on(loaded.evaluate(Split::Validation)).expect("evaluate"),
        block_on(trainer.evaluate(Split::Validation)).expect("evaluate"),
    );
}

#[test]
fn damaged_cut_and_foreign_files_are_refused() {
    let bytes = saved(&trained(&small(LessonId::Sentiment), 2));
    assert_eq!(ModelFile::from_bytes(&bytes[..bytes.len() / 2]), Err(FileError::Truncated));
    assert_eq!(ModelFile::from_bytes(&bytes[..bytes.len() - 1]), Err(FileError::Truncated));
    // A flipped bit anywhere, weights included, is caught by the checksum (or earlier).
    for i in (0..bytes.len()).step_by(97) {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x01;
        assert!(ModelFile::from_bytes(&damaged).is_err(), "a flip at byte {i} went unnoticed");
    }
    assert_eq!(ModelFile::from_bytes(b"step,loss\n1,0.5\n"), Err(FileError::Foreign));
}

#[test]
fn a_file_that_does_not_fit_leaves_the_current_model_untouched() {
    let mut current = trained(&small(LessonId::Sentiment), 3);
    let before = block_on(current.weights()).expect("weights");

    // Weights of a wider model: same lesson and vocabulary, other shapes.
    let wide = trained(&Config { d_model: 32, ..small(LessonId::Sentiment) }, 1);
    let wide_weights = block_on(wide.weights()).expect("weights");
    let refused = current.load_weights(&wide_weights, 1);
    assert!(matches!(refused, Err(TrainError::BadWeights(_))), "{refused:?}");

    // Damaged burnpack bytes (past the file's checksum, as an edited file could carry): refused
    // without a panic, whichever byte is hit.
    for i in (0..before.len()).step_by(31) {
        for flip in [0x01, 0x80, 0xff] {
            let mut damaged = before.clone();
            damaged[i] ^= flip;
            let _ = weights::load(current.model().expect("model").clone(), &damaged);
        }
    }
    for len in (0..before.len()).step_by(53) {
        assert!(weights::load(current.model().expect("model").clone(), &before[..len]).is_err());
    }
    assert_eq!(block_on(current.weights()).expect("weights"), before, "the model in use did not change");
    assert_eq!(current.steps(), 3);

    // A file whose vocabulary is not the lesson's (as from another version of the lesson).
    let mut file = block_on(current.to_file(None)).expect("save");
    file.header.vocab.push("unheard-of".into());
    assert!(matches!(Trainer::from_file(&file, &Device::flex()), Err(TrainError::Vocabulary)));
}
