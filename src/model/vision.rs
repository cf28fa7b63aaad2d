//! The vision transformer (Dosovitskiy et al., 2020), small, read top to bottom:
//!
//! ```text
//! image → patches                                 [batch, patches, patch pixels]
//!   → linear patch embedding                      [batch, patches, d_model]
//!   → the class token in front                    [batch, 1 + patches, d_model]
//!   → Encoder (positions, self-attention blocks)  [batch, 1 + patches, d_model]
//!   → the class token's vector                    [batch, 1, d_model]
//!   → linear classifier                           [batch, 1, n_classes]  (logits)
//! ```
//!
//! The class token is a learned vector with no pixels of its own: everything it knows about the
//! image it gathers by attending to the patches, which is why its attention row can be drawn over
//! the image as "where the model looked".

use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::{Bool, Tensor};

use super::ModelOutput;
use super::encoder::{Encoder, EncoderConfig};
use super::init::Init;
use super::matmul::linear;
use crate::config::HeadSet;

#[derive(Clone, Debug, PartialEq)]
pub struct VisionConfig {
    /// `max_len` covers the class token and the patches.
    pub encoder: EncoderConfig,
    pub patch_pixels: usize,
    pub n_classes: usize,
}

#[derive(Module, Debug)]
pub struct VisionTransformer {
    /// `[patch pixels → d_model]`.
    pub patch_embedding: Linear,
    /// `[1, 1, d_model]`.
    pub class_token: Param<Tensor<3>>,
    pub encoder: Encoder,
    pub head: Linear,
}

impl VisionConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> VisionTransformer {
        let d_model = self.encoder.d_model;
        VisionTransformer {
            patch_embedding: init.linear(self.patch_pixels, d_model),
            class_token: init.normal([1, 1, d_model], 1.0),
            encoder: self.encoder.init(init),
            head: init.linear(d_model, self.n_classes),
        }
    }
}

impl VisionTransformer {
    /// `patches`: `[batch, patches, patch pixels]` → the token vectors `[batch, 1 + patches,
    /// d_model]`, the class token first.
    pub fn embed(&self, patches: Tensor<3>) -> Tensor<3> {
        let [batch, _, _] = patches.dims();
        let patches = linear(&self.patch_embedding, patches); //        [batch, patches, d_model]
        let class = self.class_token.val().repeat_dim(0, batch); //      [batch, 1, d_model]
        Tensor::cat(vec![class, patches], 1) //                          [batch, 1 + patches, d_model]
    }

    /// From the token vectors of [`VisionTransformer::embed`] on, with the heads in `heads_off`
    /// switched off. `padding`: `[batch, 1 + patches]`, all false.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        heads_off: &HeadSet,
    ) -> ModelOutput {
        let [batch, _, d_model] = embedded.dims();
        let (x, blocks) = self.encoder.forward_embedded(embedded, padding, heads_off); // [batch, 1 + patches, d_model]
        let class = x.slice([0..batch, 0..1, 0..d_model]); //           [batch, 1, d_model]
        ModelOutput { logits: linear(&self.head, class), blocks, cross: Vec::new() } // [batch, 1, classes]
    }
}
