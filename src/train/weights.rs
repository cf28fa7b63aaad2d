//! The model's parameters as bytes (burn's record format, burnpack), and back.
//!
//! `Module::into_record` reads every parameter synchronously, which WebGPU in a browser cannot
//! do. So saving reads all parameters in one asynchronous transaction, rebuilds the model from
//! those numbers on the CPU device, and takes the record of that copy. Loading needs no read:
//! the record's numbers are uploaded to whatever device the model lives on.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::store::ModuleRecord;
use burn::tensor::{Bytes, Device, Tensor, TensorData, Transaction};

use super::trainer::{TrainError, Trainer, read_error};
use crate::config::LessonId;
use crate::lessons::{self, LessonData, custom};
use crate::model::Network;
use crate::model_file::{Header, History, ModelFile};

/// Registers every float parameter's value in one transaction, in visiting order.
struct Collect(Option<Transaction>);

impl ModuleVisitor for Collect {
    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        self.0 = self.0.take().map(|reads| reads.register(param.val()));
    }
}

/// Replaces every float parameter, in the same visiting order, by the numbers read, on `device`.
struct Rebuild {
    values: std::vec::IntoIter<TensorData>,
    device: Device,
    /// A parameter had no number left (cannot happen for the model that was read).
    short: bool,
}

impl ModuleMapper for Rebuild {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        match self.values.next() {
            Some(data) => param.map(|_| Tensor::from_data(data, &self.device)),
            None => {
                self.short = true;
                param
            }
        }
    }
}

/// The parameters of `model` as burnpack bytes, read without blocking.
pub async fn to_bytes(model: &Network) -> Result<Vec<u8>, TrainError> {
    let mut collect = Collect(Some(Transaction::default()));
    model.visit(&mut collect);
    let reads = collect.0.unwrap_or_default();
    let values = reads.execute_async().await.map_err(read_error)?;
    let mut rebuild = Rebuild { values: values.into_iter(), device: Device::flex(), short: false };
    let copy = model.clone().map(&mut rebuild);
    if rebuild.short || rebuild.values.next().is_some() {
        return Err(TrainError::Read("the model's parameters changed while they were read".into()));
    }
    let bytes = copy.into_record().into_bytes().map_err(|e| TrainError::BadWeights(e.to_string()))?;
    Ok(bytes.to_vec())
}

/// `model` with the parameters of a burnpack record; an error (and `model` dropped, so the caller
/// keeps its own copy) when the record is damaged or does not fit the model's shapes.
pub fn load(model: Network, bytes: &[u8]) -> Result<Network, TrainError> {
    check_tensors(bytes)?;
    let record = ModuleRecord::from_bytes(Bytes::from_bytes_vec(bytes.to_vec()))
        .map_err(|e| TrainError::BadWeights(e.to_string()))?;
    model.try_load_record(record).map_err(|e| TrainError::BadWeights(e.to_string()))
}

/// Every tensor of the record must hold 32-bit floats, as many bytes as its shape needs: burn
/// panics on other numbers when it applies a record (found by `tests/fuzz.rs`: a file whose
/// weights said `U32`).
fn check_tensors(bytes: &[u8]) -> Result<(), TrainError> {
    let bad = |e: burn_pack::Error| TrainError::BadWeights(e.to_string());
    let reader = burn_pack::Reader::from_bytes(Bytes::from_bytes_vec(bytes.to_vec())).map_err(bad)?;
    for tensor in reader.into_tensors().map_err(bad)? {
        if tensor.dtype != burn_pack::DType::F32 {
            return Err(TrainError::BadWeights(format!(
                "{} holds {:?} numbers, not 32-bit floats",
                tensor.name, tensor.dtype
            )));
        }
        let elements = tensor.shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        if elements.and_then(|n| n.checked_mul(4)) != Some(tensor.byte_len()) {
            return Err(TrainError::BadWeights(format!(
                "{} has the wrong number of bytes for its shape",
                tensor.name
            )));
        }
    }
    Ok(())
}

/// The data a model file's settings (and, for the `custom` lesson, its table) make.
pub fn lesson_data(file: &ModelFile) -> LessonData {
    let (config, _) = file.config();
    match (config.lesson, &file.header.custom) {
        (LessonId::Custom, Some(table)) => custom::lesson(table, config.seed, config.proportions()),
        _ => lessons::load(&config),
    }
}

impl Trainer {
    /// The current model as a model file (without the history, which the page keeps), with the
    /// learner's data when the lesson trains on it.
    pub async fn to_file(&self, custom: Option<custom::Table>) -> Result<ModelFile, TrainError> {
        let data = self.data();
        let header = Header {
            config: String::new(),
            vocab: data.vocab.tokens().to_vec(),
            classes: data.classes.clone(),
            steps: self.steps(),
            custom: custom.filter(|_| self.config().lesson == LessonId::Custom),
            history: History::default(),
        };
        Ok(ModelFile::new(self.config(), header, self.weights().await?))
    }

    /// A trainer carrying on from a model file, on `device`: the file's settings and data, its
    /// weights, its step count. The vocabulary and classes this build makes for those settings
    /// must be the file's (a model's embedding rows mean nothing for other tokens).
    pub fn from_file(file: &ModelFile, device: &Device) -> Result<Self, TrainError> {
        let (config, _) = file.config();
        let header = &file.header;
        let data = lesson_data(file);
        if data.vocab.tokens() != header.vocab.as_slice() || data.classes != header.classes {
            return Err(TrainError::Vocabulary);
        }
        let mut trainer = Self::from_data(&config, data, device, false)?;
        trainer.load_weights(&file.weights, header.steps)?;
        Ok(trainer)
    }

    /// The current model's parameters as burnpack bytes.
    pub async fn weights(&self) -> Result<Vec<u8>, TrainError> {
        to_bytes(self.model()?).await
    }

    /// Puts saved parameters into this (fresh) trainer's model and moves it to `steps` steps, with
    /// the data order an uninterrupted run would have reached. On error nothing changes.
    pub fn load_weights(&mut self, bytes: &[u8], steps: usize) -> Result<(), TrainError> {
        let model = load(self.model()?.clone(), bytes)?;
        self.model = Some(model);
        self.skip_to(steps);
        Ok(())
    }
}
