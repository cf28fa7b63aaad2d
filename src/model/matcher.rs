//! The matcher: a caption reads a picture through cross-attention, then says whether it
//! describes it. Read top to bottom:
//!
//! ```text
//! caption [batch, words]
//!   → token embedding + positions                              x [batch, words, d_model]
//! picture [batch, patches, patch values]
//!   → patch embedding (linear, GELU, linear) + patch positions memory [batch, patches, d_model]
//! n_layers × (x = x + CrossAttention(LayerNorm(x), memory)     the words read the picture
//!             x = Block(x))                                    the words read each other
//!   → LayerNorm → mean over the words → linear                 [batch, 1, n_classes]  (logits)
//! ```
//!
//! The cross-attention's queries are the caption's words, its keys and values the picture's
//! patches: each word gathers what the picture holds where it looked (which form is red, in which
//! column), and its weights show which patches it read. In the first layer a word has seen no
//! other word, so "red" can only ask for what is red; the self-attention blocks then let the
//! words compare what they found (is the red one the circle? is it left of the blue one?), and
//! the next layer's queries can ask for "the red circle" at once.
//!
//! `embed` puts the two side by side, `[batch, words + patches, d_model]`, so that the rest of
//! the playground (saliency, switching heads off) can treat the model's input as one tensor.

use burn::module::Module;
use burn::nn::{Embedding, LayerNorm, Linear};
use burn::tensor::{Bool, Int, Tensor, TensorData};

use super::attention::MultiHeadAttention;
use super::encoder::{Encoder, EncoderConfig};
use super::gelu::gelu;
use super::init::Init;
use super::layer_norm::layer_norm;
use super::mask::Mask;
use super::matmul::linear;
use super::position::PositionalEncoding;
use super::{ModelOutput, mean_over_real};
use crate::config::{HeadSet, Positional};
use crate::pattern::Pattern;

/// The spread of the learned patch positions at the start: small, so that at first a patch's
/// content, not its place, decides which words find it (with the usual 1.0 the places drown the
/// colours and forms, and telling "blue circle" from "blue square" is learned far later).
const PATCH_POSITION_STD: f32 = 0.3;

#[derive(Clone, Debug, PartialEq)]
pub struct MatcherConfig {
    pub vocab_size: usize,
    /// The caption's side. Its `attention_free` makes the cross-attention uniform (every word
    /// reads the mean of the patches); the caption's self-attention stays.
    pub encoder: EncoderConfig,
    pub patches: usize,
    pub patch_values: usize,
    pub n_classes: usize,
}

#[derive(Module, Debug)]
pub struct Matcher {
    pub token_embedding: Embedding,
    /// `[patch values → d_model → d_model]`, a GELU between: a small network that sees a
    /// patch's colour and form.
    pub patch_embedding: Linear,
    pub patch_mix: Linear,
    /// Where each patch is (learned, or sines and cosines, or none, as the caption's positions):
    /// without it, "left of" could not be told from "right of".
    pub patch_position: PositionalEncoding,
    /// Per layer, before the caption's self-attention block: queries from the words, keys and
    /// values from the patches.
    pub norm_words: Vec<LayerNorm>,
    pub cross: Vec<MultiHeadAttention>,
    pub encoder: Encoder,
    pub head: Linear,
    pub patches: usize,
}

impl MatcherConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Matcher {
        let e = &self.encoder;
        let caption = EncoderConfig { attention_free: false, ..e.clone() };
        Matcher {
            token_embedding: init.embedding(self.vocab_size, e.d_model),
            patch_embedding: init.linear(self.patch_values, e.d_model),
            patch_mix: init.linear(e.d_model, e.d_model),
            patch_position: PositionalEncoding {
                kind: e.positional,
                learned: (e.positional == Positional::Learned)
                    .then(|| init.normal([self.patches, e.d_model], PATCH_POSITION_STD)),
                max_len: self.patches,
            },
            norm_words: (0..e.n_layers).map(|_| init.layer_norm(e.d_model)).collect(),
            cross: (0..e.n_layers)
                .map(|_| {
                    MultiHeadAttention::new(init, e.d_model, e.n_heads, e.scaled, e.attention_free, e.dropout)
                })
                .collect(),
            encoder: caption.init(init),
            head: init.linear(e.d_model, self.n_classes),
            patches: self.patches,
        }
    }
}

impl Matcher {
    /// `tokens`: `[batch, words]`, `patches`: `[batch, patches, patch values]` → the caption's
    /// token vectors, then the patches' `[batch, words + patches, d_model]`.
    pub fn embed(&self, tokens: Tensor<2, Int>, patches: Tensor<3>) -> Tensor<3> {
        let words = self.token_embedding.forward(tokens); //             [batch, words, d_model]
        let patches = linear(&self.patch_mix, gelu(linear(&self.patch_embedding, patches))); // [batch, patches, d_model]
        Tensor::cat(vec![words, patches], 1)
    }

    /// From [`Matcher::embed`]'s vectors on, with the caption encoder's heads in `heads_off`
    /// switched off. `padding`: `[batch, words]`, true at padding.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
    ) -> ModelOutput {
        let [batch, total, d_model] = embedded.dims();
        let words = total - self.patches;
        let device = padding.device();
        let caption = embedded.clone().slice([0..batch, 0..words, 0..d_model]); // [batch, words, d_model]
        let patches = embedded.slice([0..batch, words..total, 0..d_model]); //    [batch, patches, d_model]

        let memory = self.patch_position.forward(patches); //              [batch, patches, d_model]
        let every_patch = vec![false; batch * self.patches]; //           a picture has no padding
        let picture = Mask::new(
            Tensor::from_data(TensorData::new(every_patch, [batch, self.patches]), &device),
            &Pattern::default(),
        );
        let mut cross = Vec::with_capacity(self.cross.len());
        let read_picture = |layer: usize, x: Tensor<3>| {
            let normed = layer_norm(&self.norm_words[layer], x.clone());
            let (read, trace) = self.cross[layer].attend_to(normed, memory.clone(), &picture, None);
            cross.push(trace.weights); //                                 [batch, heads, words, patches]
            x + read //                                                  [batch, words, d_model]
        };
        let (x, blocks) = self.encoder.forward_with(caption, padding.clone(), heads_off, read_picture);

        let pooled = mean_over_real(x, padding); //                  [batch, 1, d_model]
        ModelOutput { logits: linear(&self.head, pooled), blocks, cross } // [batch, 1, n_classes]
    }
}
