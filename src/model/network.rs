//! The model a lesson trains: an encoder with a classifier on top, an encoder–decoder, a
//! vision transformer, or a caption reading a picture.

use burn::module::Module;
use burn::nn::Embedding;
use burn::tensor::{Bool, Int, Tensor};

use super::ModelOutput;
use super::classifier::Classifier;
use super::encoder::Encoder;
use super::matcher::Matcher;
use super::translator::Translator;
use super::vision::VisionTransformer;
use crate::config::HeadSet;

// One network lives per trainer: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Module, Debug)]
pub enum Network {
    Classifier(Classifier),
    Translator(Translator),
    Vision(VisionTransformer),
    Matcher(Matcher),
}

/// What the model reads.
// One input lives for one forward pass: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Input {
    /// Token ids, `[batch, seq]`.
    Tokens(Tensor<2, Int>),
    /// Image patches, `[batch, patches, patch pixels]`.
    Patches(Tensor<3>),
    /// A caption's token ids `[batch, words]` and a picture's patches `[batch, patches, patch
    /// values]`.
    Captioned { tokens: Tensor<2, Int>, patches: Tensor<3> },
}

/// A model was given the other kind of input (tokens to a vision transformer, or an image to a
/// text model): the trainer builds both from the same lesson, so this is a bug, not bad data.
#[derive(Debug, thiserror::Error)]
#[error("this model reads {0}, and was given something else")]
pub struct InputMismatch(&'static str);

impl Network {
    /// The encoder (the source side of a translator).
    pub fn encoder(&self) -> &Encoder {
        match self {
            Self::Classifier(model) => &model.encoder,
            Self::Translator(model) => &model.encoder,
            Self::Vision(model) => &model.encoder,
            Self::Matcher(model) => &model.encoder,
        }
    }

    /// The token embedding table, for models that read tokens.
    pub fn token_embedding(&self) -> Option<&Embedding> {
        match self {
            Self::Classifier(model) => Some(&model.token_embedding),
            Self::Translator(model) => Some(&model.token_embedding),
            Self::Matcher(model) => Some(&model.token_embedding),
            Self::Vision(_) => None,
        }
    }

    /// The vectors the encoder starts from, `[batch, seq, d_model]`: token embeddings, a
    /// vision transformer's class token and embedded patches, or a caption's token embeddings
    /// followed by its picture's embedded patches.
    pub fn embed(&self, input: Input) -> Result<Tensor<3>, InputMismatch> {
        match (self, input) {
            (Self::Vision(model), Input::Patches(patches)) => Ok(model.embed(patches)),
            (Self::Vision(_), _) => Err(InputMismatch("images")),
            (Self::Matcher(model), Input::Captioned { tokens, patches }) => Ok(model.embed(tokens, patches)),
            (Self::Matcher(_), _) => Err(InputMismatch("a caption and a picture")),
            (_, Input::Tokens(tokens)) => {
                Ok(self.token_embedding().ok_or(InputMismatch("tokens"))?.forward(tokens))
            }
            (_, _) => Err(InputMismatch("tokens")),
        }
    }

    /// The forward pass from [`Network::embed`]'s vectors on, with the encoder heads in
    /// `heads_off` switched off. `padding`: `[batch, seq]`, true at padding. `target`: for a
    /// translator, the target written so far `[batch, steps]` (start token first; `None`:
    /// nothing written yet); the other models ignore it.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        target: Option<Tensor<2, Int>>,
        heads_off: &HeadSet,
    ) -> ModelOutput {
        match self {
            Self::Classifier(model) => model.forward_embedded(embedded, padding, heads_off),
            Self::Vision(model) => model.forward_embedded(embedded, padding, heads_off),
            Self::Matcher(model) => model.forward_embedded(embedded, padding, heads_off),
            Self::Translator(model) => {
                let target =
                    target.unwrap_or_else(|| model.start_tokens(padding.dims()[0], &padding.device()));
                model.forward_embedded(embedded, padding, target, heads_off)
            }
        }
    }

    /// The whole forward pass, every head on.
    pub fn forward(
        &self,
        input: Input,
        padding: Tensor<2, Bool>,
        target: Option<Tensor<2, Int>>,
    ) -> Result<ModelOutput, InputMismatch> {
        let embedded = self.embed(input)?;
        Ok(self.forward_embedded(embedded, padding, target, &HeadSet::default()))
    }
}
