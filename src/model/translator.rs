//! The translator: an encoder–decoder transformer (Vaswani et al., 2017), read top to bottom:
//!
//! ```text
//! source [batch, src]
//!   → Encoder (self-attention over the source)                  memory [batch, src, d_model]
//! target so far [batch, steps]   (<start>, y₁, …, y_{n−1}: teacher forcing in training)
//!   → target embedding + positional encoding                    [batch, steps, d_model]
//!   → n_layers × DecoderBlock (causal self-attention,
//!                 cross-attention over memory, FFN)             [batch, steps, d_model]
//!   → LayerNorm → linear                                        [batch, steps, n_classes] (logits)
//! ```
//!
//! Step t's logits predict y_{t+1}. In training the decoder is fed the true target shifted by
//! one (teacher forcing), so every step trains at once; to translate, it is fed its own
//! answers one step at a time (greedy decoding, in `train/translate.rs`).
//!
//! The "no attention" variant keeps everything but replaces cross-attention by equal weights on
//! every source token: each step then reads the same pooled summary of the source — a fixed-size
//! bottleneck, as in encoder–decoder models before attention was invented.

use burn::module::Module;
use burn::nn::{Embedding, LayerNorm, Linear};
use burn::tensor::{Bool, Int, Tensor, TensorData};

use super::ModelOutput;
use super::attention::MultiHeadAttention;
use super::decoder_block::DecoderBlock;
use super::encoder::{Encoder, EncoderConfig};
use super::init::Init;
use super::layer_norm::layer_norm;
use super::mask::Mask;
use super::matmul::linear;
use super::position::PositionalEncoding;
use crate::config::HeadSet;
use crate::pattern::Pattern;

#[derive(Clone, Debug, PartialEq)]
pub struct TranslatorConfig {
    /// Source tokens.
    pub vocab_size: usize,
    /// The source side. Its `attention_free` makes cross-attention uniform (the "no attention"
    /// variant); the encoder's and the decoder's self-attention stay.
    pub encoder: EncoderConfig,
    /// The target alphabet.
    pub n_classes: usize,
    /// Longest target.
    pub target_len: usize,
}

#[derive(Module, Debug)]
pub struct Translator {
    /// Source tokens.
    pub token_embedding: Embedding,
    pub encoder: Encoder,
    /// One vector per target class, and one for the start token (id `n_classes`).
    pub target_embedding: Embedding,
    pub target_position: PositionalEncoding,
    pub decoder: Vec<DecoderBlock>,
    pub decoder_norm: LayerNorm,
    pub head: Linear,
    /// The start token's id in `target_embedding`.
    pub start: usize,
}

impl TranslatorConfig {
    /// A model with weights drawn from `init` (seeded, so reproducible).
    pub fn init(&self, init: &mut Init) -> Translator {
        let e = &self.encoder;
        let mut encoder_free = e.clone();
        // The encoder keeps its attention; only cross-attention is replaced in the variant.
        encoder_free.attention_free = false;
        Translator {
            token_embedding: init.embedding(self.vocab_size, e.d_model),
            encoder: encoder_free.init(init),
            target_embedding: init.embedding(self.n_classes + 1, e.d_model),
            target_position: PositionalEncoding::new(init, e.positional, self.target_len, e.d_model),
            decoder: (0..e.n_layers)
                .map(|_| {
                    let own = MultiHeadAttention::new(init, e.d_model, e.n_heads, e.scaled, false, e.dropout);
                    let cross = MultiHeadAttention::new(
                        init,
                        e.d_model,
                        e.n_heads,
                        e.scaled,
                        e.attention_free,
                        e.dropout,
                    );
                    DecoderBlock::new(init, own, cross, e.d_model, e.d_ff, e.dropout)
                })
                .collect(),
            decoder_norm: init.layer_norm(e.d_model),
            head: init.linear(e.d_model, self.n_classes),
            start: self.n_classes,
        }
    }
}

impl Translator {
    /// `embedded`: the source's token embeddings `[batch, src, d_model]`; `padding`: `[batch, src]`,
    /// true at padding; `target`: `[batch, steps]` class ids, the start token first; `heads_off`:
    /// encoder heads to switch off.
    pub fn forward_embedded(
        &self,
        embedded: Tensor<3>,
        padding: Tensor<2, Bool>,
        target: Tensor<2, Int>,
        heads_off: &HeadSet,
    ) -> ModelOutput {
        let device = padding.device();
        let (memory, blocks) = self.encoder.forward_embedded(embedded, padding.clone(), heads_off); // [batch, src, d_model]
        let source = Mask::new(padding, &Pattern::default()); //         padded source tokens only
        let [batch, steps] = target.dims();
        let no_padding =
            Tensor::from_data(TensorData::new(vec![false; batch * steps], [batch, steps]), &device);
        let causal = Mask::new(no_padding, &Pattern { causal: true, ..Pattern::default() });

        let mut y = self.target_position.forward(self.target_embedding.forward(target)); // [batch, steps, d_model]
        let mut cross = Vec::with_capacity(self.decoder.len());
        for block in &self.decoder {
            let (out, trace) = block.forward(y, memory.clone(), &causal, &source);
            y = out;
            cross.push(trace.weights); //                                 [batch, heads, steps, src]
        }
        let logits = linear(&self.head, layer_norm(&self.decoder_norm, y)); // [batch, steps, n_classes]
        ModelOutput { logits, blocks, cross }
    }

    /// `[batch, 1]`: the start token for each row, what the decoder is given before it has
    /// written anything.
    pub fn start_tokens(&self, batch: usize, device: &burn::tensor::Device) -> Tensor<2, Int> {
        Tensor::from_data(TensorData::new(vec![self.start as i64; batch], [batch, 1]), device)
    }
}
