//! The model file: one download that holds a trained model and everything needed to carry on
//! with it — the settings (as the link writes them), the vocabulary, the class names, the
//! learner's own data for the `custom` lesson, the training history the charts draw, and the
//! weights in burn's record format (burnpack).
//!
//! Layout (little-endian):
//!
//! | bytes | what |
//! |---|---|
//! | 8 | `ATTNPLAY` |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 4 | header length *h* |
//! | *h* | header, JSON ([`Header`]) |
//! | 8 | weights length *w* |
//! | *w* | weights, burnpack |
//! | 4 | CRC-32 of everything before it |
//!
//! The checksum is what tells a damaged file from a good one before anything is applied: a
//! flipped bit in the weights would otherwise load as a quietly different model. This module
//! knows nothing of tensors; the trainer turns the weights into a model (and checks they fit).

use serde::{Deserialize, Serialize};

use crate::config::{Config, ConfigNotice, UrlValue};
use crate::lessons::custom::Table;
use crate::protocol::StepLoss;
use crate::train::EvalReport;

pub const MAGIC: &[u8; 8] = b"ATTNPLAY";
/// The version this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// The file name's extension.
pub const EXTENSION: &str = "attn";

const CHECKSUM_LEN: usize = 4;

/// Everything in the file but the weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The settings, as a link's query string (read back with [`Config::from_query`], so an
    /// edited file cannot smuggle in an out-of-range value).
    pub config: String,
    /// The input vocabulary, in id order (empty for an image lesson).
    pub vocab: Vec<String>,
    /// Class names in id order (empty for a regression).
    pub classes: Vec<String>,
    /// Training steps the weights have had.
    pub steps: usize,
    /// The learner's data, when the lesson trains on it.
    pub custom: Option<Table>,
    pub history: History,
}

/// The curves drawn so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub train: Vec<StepLoss>,
    pub validation: Vec<EvalReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub header: Header,
    /// burnpack bytes of the model's parameters.
    pub weights: Vec<u8>,
}

/// Why a file was refused. Nothing is applied when any of these is returned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum FileError {
    #[error("this is not a model file of this playground")]
    Foreign,
    #[error("the file is cut short")]
    Truncated,
    #[error("the file was written by a newer version (format {0})")]
    Newer(u32),
    #[error("the file is damaged: {0}")]
    Corrupt(String),
}

impl ModelFile {
    pub fn new(config: &Config, header: Header, weights: Vec<u8>) -> Self {
        Self { header: Header { config: config.to_query(), ..header }, weights }
    }

    /// The settings the model was trained with, and anything the reading had to change.
    pub fn config(&self) -> (Config, Vec<ConfigNotice>) {
        Config::from_query(&self.header.config)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Strings, numbers and plain structs: serialising cannot fail.
        let header = serde_json::to_vec(&self.header).unwrap_or_default();
        let mut out = Vec::with_capacity(MAGIC.len() + 16 + header.len() + self.weights.len() + CHECKSUM_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&(self.weights.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.weights);
        let checksum = crc32fast::hash(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a file, checking its kind, version, length and checksum before anything else.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FileError> {
        let mut reader = Reader { bytes, at: 0 };
        let magic = reader.take(MAGIC.len()).map_err(|_| {
            // A few bytes of the right start are a cut file; anything else is not ours.
            if MAGIC.starts_with(bytes) && !bytes.is_empty() {
                FileError::Truncated
            } else {
                FileError::Foreign
            }
        })?;
        if magic != MAGIC {
            return Err(FileError::Foreign);
        }
        let version = u32::from_le_bytes(reader.array()?);
        if version > FORMAT_VERSION {
            return Err(FileError::Newer(version));
        }
        if version == 0 {
            return Err(FileError::Corrupt("format version 0".into()));
        }
        let header_len = u32::from_le_bytes(reader.array()?) as usize;
        let header = reader.take(header_len)?;
        let weights_len =
            usize::try_from(u64::from_le_bytes(reader.array()?)).map_err(|_| FileError::Truncated)?;
        let weights = reader.take(weights_len)?;
        let body = reader.at;
        let checksum = u32::from_le_bytes(reader.array()?);
        if reader.at != bytes.len() {
            return Err(FileError::Corrupt(format!(
                "{} unexpected bytes at the end",
                bytes.len() - reader.at
            )));
        }
        if crc32fast::hash(&bytes[..body]) != checksum {
            return Err(FileError::Corrupt("the checksum does not match".into()));
        }
        let header: Header =
            serde_json::from_slice(header).map_err(|e| FileError::Corrupt(format!("header: {e}")))?;
        Ok(Self { header, weights: weights.to_vec() })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FileError> {
        let end =
            self.at.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or(FileError::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], FileError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

/// A file name for a model of `config` after `steps` steps, e.g. `sentiment-step-400.attn`.
pub fn file_name(config: &Config, steps: usize) -> String {
    format!("{}-step-{steps}.{EXTENSION}", config.lesson.url_value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        let config = Config::default();
        ModelFile::new(
            &config,
            Header {
                config: String::new(),
                vocab: vec!["a".into(), "b".into()],
                classes: vec!["yes".into(), "no".into()],
                steps: 7,
                custom: None,
                history: History { train: vec![StepLoss { step: 1, loss: 0.5 }], validation: Vec::new() },
            },
            vec![1, 2, 3, 4, 5],
        )
    }

    #[test]
    fn round_trips() {
        let file = sample();
        let bytes = file.to_bytes();
        assert_eq!(ModelFile::from_bytes(&bytes), Ok(file.clone()));
        assert_eq!(file.config().0, Config::default());
    }

    #[test]
    fn every_cut_is_truncated_and_every_flip_is_caught() {
        let bytes = sample().to_bytes();
        for len in 1..bytes.len() {
            assert_eq!(ModelFile::from_bytes(&bytes[..len]), Err(FileError::Truncated), "cut at {len}");
        }
        for i in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x10;
            assert!(ModelFile::from_bytes(&damaged).is_err(), "flip at byte {i} went unnoticed");
        }
    }

    #[test]
    fn other_files_are_foreign_or_newer() {
        assert_eq!(ModelFile::from_bytes(b""), Err(FileError::Foreign));
        assert_eq!(ModelFile::from_bytes(b"\x89PNG\r\n\x1a\n0000"), Err(FileError::Foreign));
        let mut newer = sample().to_bytes();
        newer[8..12].copy_from_slice(&2u32.to_le_bytes());
        assert_eq!(ModelFile::from_bytes(&newer), Err(FileError::Newer(2)));
    }
}
