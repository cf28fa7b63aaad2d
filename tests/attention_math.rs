//! The attention maths against numbers worked out by hand.
//!
//! Three tokens in two dimensions, x = [[1,0],[0,1],[1,1]], with W_Q = W_K = W_V = W_O = I and no
//! biases, so Q = K = V = x and the scores are x·xᵀ = [[1,0,1],[0,1,1],[1,1,2]].
//!
//! Unscaled (the seed's formula), row 0 is softmax([1,0,1]) = [e, 1, e] / (2e + 1)
//! = [0.422319, 0.155362, 0.422319]; row 2 is softmax([1,1,2]) = [1, 1, e] / (2 + e)
//! = [0.211942, 0.211942, 0.576117]. Scaled by 1/√2, row 0 is softmax([0.7071, 0, 0.7071])
//! = [0.401112, 0.197776, 0.401112]. The output is weights·V.

use attention_playground::config::{HeadSet, Positional};
use attention_playground::model::attention::MultiHeadAttention;
use attention_playground::model::{EncoderConfig, Init, Input, Mask, MatcherConfig, Network, VisionConfig};
use attention_playground::pattern::Pattern;
use burn::module::Param;
use burn::nn::{DropoutConfig, Linear};
use burn::tensor::{Bool, Device, Tensor, TensorData};

fn identity_linear(d: usize, device: &Device) -> Linear {
    let mut eye = vec![0.0f32; d * d];
    for i in 0..d {
        eye[i * d + i] = 1.0;
    }
    Linear {
        weight: Param::from_data(TensorData::new(eye, [d, d]), device),
        bias: Some(Param::from_data(TensorData::new(vec![0.0f32; d], [d]), device)),
    }
}

fn identity_attention(scaled: bool, device: &Device) -> MultiHeadAttention {
    MultiHeadAttention {
        query: identity_linear(2, device),
        key: identity_linear(2, device),
        value: identity_linear(2, device),
        output: identity_linear(2, device),
        n_heads: 1,
        scaled,
        uniform: false,
        dropout: DropoutConfig::new(0.0).init(),
    }
}

fn three_tokens(device: &Device) -> Tensor<3> {
    Tensor::from_data(TensorData::new(vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 1.0], [1, 3, 2]), device)
}

fn no_padding(n: usize, device: &Device) -> Mask {
    with_pattern(n, Pattern::default(), device)
}

fn with_pattern(n: usize, pattern: Pattern, device: &Device) -> Mask {
    let padding: Tensor<2, Bool> = Tensor::from_data(TensorData::new(vec![false; n], [1, n]), device);
    Mask::new(padding, &pattern)
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_to_vec::<f32>().expect("f32 data")
}

fn assert_close(actual: &[f32], expected: &[f32], tolerance: f32) {
    assert_eq!(actual.len(), expected.len());
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() <= tolerance, "element {i}: {a} vs {e}\n{actual:?}");
    }
}

#[test]
fn unscaled_attention_matches_the_hand_computed_weights_and_output() {
    let device = Device::flex();
    let attention = identity_attention(false, &device);
    let (output, trace) = attention.forward(three_tokens(&device), &no_padding(3, &device), None);
    let weights = trace.weights;
    assert_eq!(weights.dims(), [1, 1, 3, 3]);
    #[rustfmt::skip]
    assert_close(&values(weights), &[
        0.422319, 0.155362, 0.422319,
        0.155362, 0.422319, 0.422319,
        0.211942, 0.211942, 0.576117,
    ], 1e-5);
    assert_close(&values(output), &[0.844638, 0.577681, 0.577681, 0.844638, 0.788058, 0.788058], 1e-5);
}

#[test]
fn scaled_attention_divides_the_scores_by_sqrt_d() {
    let device = Device::flex();
    let attention = identity_attention(true, &device);
    let (output, trace) = attention.forward(three_tokens(&device), &no_padding(3, &device), None);
    let weights = trace.weights;
    #[rustfmt::skip]
    assert_close(&values(weights), &[
        0.401112, 0.197776, 0.401112,
        0.197776, 0.401112, 0.401112,
        0.248255, 0.248255, 0.503490,
    ], 1e-5);
    assert_close(&values(output), &[0.802224, 0.598888, 0.598888, 0.802224, 0.751745, 0.751745], 1e-5);
}

#[test]
fn padded_keys_get_exactly_zero_weight() {
    let device = Device::flex();
    let attention = identity_attention(false, &device);
    let padding = Tensor::from_data(TensorData::new(vec![false, false, true], [1, 3]), &device);
    let mask = Mask::new(padding, &Pattern::default());
    let weights = attention.forward(three_tokens(&device), &mask, None).1.weights;
    // Row 0 over keys 0 and 1 only: softmax([1, 0]) = [0.731059, 0.268941].
    #[rustfmt::skip]
    assert_close(&values(weights.clone()), &[
        0.731059, 0.268941, 0.0,
        0.268941, 0.731059, 0.0,
        0.5,      0.5,      0.0,
    ], 1e-5);
    let w = values(weights);
    assert!(w[2] == 0.0 && w[5] == 0.0 && w[8] == 0.0, "padding must get exactly 0: {w:?}");
}

#[test]
fn a_causal_mask_hides_the_keys_after_each_query() {
    let device = Device::flex();
    let attention = identity_attention(false, &device);
    let causal = with_pattern(3, Pattern { causal: true, ..Pattern::default() }, &device);
    let weights = attention.forward(three_tokens(&device), &causal, None).1.weights;
    // Row 0 sees only itself; row 1 sees keys 0, 1: softmax([0, 1]); row 2 sees all three.
    #[rustfmt::skip]
    assert_close(&values(weights), &[
        1.0,      0.0,      0.0,
        0.268941, 0.731059, 0.0,
        0.211942, 0.211942, 0.576117,
    ], 1e-5);
}

#[test]
fn a_local_window_hides_the_keys_too_far_away() {
    let device = Device::flex();
    let attention = identity_attention(false, &device);
    let window = with_pattern(3, Pattern { window: 1, ..Pattern::default() }, &device);
    let weights = attention.forward(three_tokens(&device), &window, None).1.weights;
    // Row 0 sees keys 0, 1: softmax([1, 0]); row 1 sees all; row 2 sees keys 1, 2: softmax([1, 2]).
    #[rustfmt::skip]
    assert_close(&values(weights), &[
        0.731059, 0.268941, 0.0,
        0.155362, 0.422319, 0.422319,
        0.0,      0.268941, 0.731059,
    ], 1e-5);
}

#[test]
fn the_attention_free_baseline_takes_the_plain_mean_of_the_visible_values() {
    let device = Device::flex();
    let attention = MultiHeadAttention { uniform: true, ..identity_attention(true, &device) };
    let causal = with_pattern(3, Pattern { causal: true, ..Pattern::default() }, &device);
    let (output, trace) = attention.forward(three_tokens(&device), &causal, None);
    #[rustfmt::skip]
    assert_close(&values(trace.weights), &[
        1.0, 0.0, 0.0,
        0.5, 0.5, 0.0,
        1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0,
    ], 1e-6);
    // V = x: row 1 is the mean of [1,0] and [0,1]; row 2 the mean of all three.
    assert_close(&values(output), &[1.0, 0.0, 0.5, 0.5, 2.0 / 3.0, 2.0 / 3.0], 1e-6);
}

#[test]
fn cross_attention_reads_the_memory_with_the_queries_of_the_other_sequence() {
    // Two decoder tokens y = [[1,0],[1,1]] read the three tokens x: Q = y, K = V = x, so the
    // scores are y·xᵀ = [[1,0,1],[1,1,2]]: the rows 0 and 2 of the self-attention example.
    let device = Device::flex();
    let attention = identity_attention(false, &device);
    let queries = Tensor::from_data(TensorData::new(vec![1.0f32, 0.0, 1.0, 1.0], [1, 2, 2]), &device);
    let (output, trace) =
        attention.attend_to(queries.clone(), three_tokens(&device), &no_padding(3, &device), None);
    assert_eq!(trace.weights.dims(), [1, 1, 2, 3], "[batch, heads, target steps, source tokens]");
    #[rustfmt::skip]
    assert_close(&values(trace.weights), &[
        0.422319, 0.155362, 0.422319,
        0.211942, 0.211942, 0.576117,
    ], 1e-5);
    assert_close(&values(output), &[0.844638, 0.577681, 0.788058, 0.788058], 1e-5);

    // A padded source token gets no weight: row 0 is softmax([1, 0]) over the first two.
    let padding = Tensor::from_data(TensorData::new(vec![false, false, true], [1, 3]), &device);
    let weights = attention
        .attend_to(queries.clone(), three_tokens(&device), &Mask::new(padding, &Pattern::default()), None)
        .1
        .weights;
    assert_close(&values(weights)[..3], &[0.731059, 0.268941, 0.0], 1e-5);

    // The "no attention" variant: every step reads the same pooled summary, the mean of V.
    let pooled = MultiHeadAttention { uniform: true, ..identity_attention(false, &device) };
    let (output, trace) = pooled.attend_to(queries, three_tokens(&device), &no_padding(3, &device), None);
    assert_close(&values(trace.weights), &[1.0 / 3.0; 6], 1e-6);
    assert_close(&values(output), &[2.0 / 3.0; 4], 1e-5);
}

#[test]
fn every_attention_row_sums_to_one() {
    let device = Device::flex();
    let mut init = Init::new(3, &device);
    let attention = MultiHeadAttention::new(&mut init, 8, 4, true, false, 0.0);
    let x = Tensor::<3>::random([2, 5, 8], burn::tensor::Distribution::Normal(0.0, 1.0), &device);
    let padding = Tensor::from_data(
        TensorData::new(vec![false, false, false, false, false, false, false, false, true, true], [2, 5]),
        &device,
    );
    let weights = attention.forward(x, &Mask::new(padding, &Pattern::default()), None).1.weights;
    assert_eq!(weights.dims(), [2, 4, 5, 5]);
    let sums = values(weights.sum_dim(3));
    assert_eq!(sums.len(), 2 * 4 * 5);
    assert_close(&sums, &[1.0; 40], 1e-5);
}

/// d/dW_Q of Σ(output ⊙ R), by autodiff and by central finite differences.
#[test]
fn query_weight_gradient_matches_finite_differences() {
    let device = Device::flex().autodiff();
    let r = Tensor::<3>::from_data(
        TensorData::new((0..12).map(|i| ((i * 7 % 5) as f32 - 2.0) / 3.0).collect::<Vec<_>>(), [1, 3, 4]),
        &device,
    );
    let x = Tensor::<3>::from_data(
        TensorData::new((0..12).map(|i| ((i * 3 % 7) as f32 - 3.0) / 4.0).collect::<Vec<_>>(), [1, 3, 4]),
        &device,
    );
    let padding = no_padding(3, &device);
    let objective = |attention: &MultiHeadAttention| {
        let (out, _) = attention.forward(x.clone(), &padding, None);
        (out * r.clone()).sum()
    };

    let attention = MultiHeadAttention::new(&mut Init::new(11, &device), 4, 2, true, false, 0.0);
    let grads = objective(&attention).backward();
    let analytic = values(attention.query.weight.val().grad(&grads).expect("W_Q has a gradient"));
    let w0 = values(attention.query.weight.val().inner());

    let h = 1e-2f32;
    for index in [0usize, 5, 10, 15] {
        let f = |delta: f32| {
            let mut w = w0.clone();
            w[index] += delta;
            let mut probe = MultiHeadAttention::new(&mut Init::new(11, &device), 4, 2, true, false, 0.0);
            probe.query.weight = Param::from_data(TensorData::new(w, [4, 4]), &device);
            values(objective(&probe))[0]
        };
        let numeric = (f(h) - f(-h)) / (2.0 * h);
        let a = analytic[index];
        assert!(
            (a - numeric).abs() <= 2e-3 + 1e-2 * numeric.abs(),
            "W_Q[{index}]: autodiff {a} vs finite difference {numeric}"
        );
        assert!(a.abs() > 1e-4, "the test must probe a non-zero gradient, got {a}");
    }
}

#[test]
fn losses_match_hand_computed_values() {
    use attention_playground::model::{cross_entropy, mean_squared_error};
    use burn::tensor::Int;
    let device = Device::flex();
    // Two inputs, one number each: errors 1 and −2, MSE = (1 + 4) / 2 = 2.5.
    let predictions = Tensor::<3>::from_data(TensorData::new(vec![3.0f32, -1.0], [2, 1, 1]), &device);
    let targets = Tensor::<2>::from_data(TensorData::new(vec![2.0f32, 1.0], [2, 1]), &device);
    let ones = Tensor::<2>::ones([2, 1], &device);
    assert_close(&values(mean_squared_error(predictions, targets, ones.clone())), &[2.5], 1e-6);
    // Logits [0, ln 3] → probabilities [1/4, 3/4]; class 1 costs −ln(3/4), class 0 costs ln 4.
    let logits =
        Tensor::<3>::from_data(TensorData::new(vec![0.0f32, 3f32.ln(), 0.0, 3f32.ln()], [2, 1, 2]), &device);
    let classes = Tensor::<2, Int>::from_data(TensorData::new(vec![1i64, 0], [2, 1]), &device);
    let expected = ((4.0f32 / 3.0).ln() + 4f32.ln()) / 2.0;
    assert_close(&values(cross_entropy(logits, classes, ones)), &[expected], 1e-6);
}

#[test]
fn the_class_token_comes_first_and_each_patch_is_embedded_by_one_linear_map() {
    let device = Device::flex();
    let encoder = EncoderConfig {
        max_len: 3,
        d_model: 4,
        n_heads: 1,
        n_layers: 1,
        d_ff: 8,
        positional: Positional::Learned,
        scaled: true,
        pattern: Pattern::default(),
        attention_free: false,
        dropout: 0.0,
    };
    let model = VisionConfig { encoder, patch_pixels: 2, n_classes: 3 }.init(&mut Init::new(1, &device));
    // Two images of two patches of two pixels.
    let patches = Tensor::<3>::from_data(
        TensorData::new(vec![1.0f32, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0], [2, 2, 2]),
        &device,
    );
    let embedded = model.embed(patches);
    assert_eq!(embedded.dims(), [2, 3, 4]);
    let values = embedded.into_data().try_to_vec::<f32>().expect("f32 data");
    let class = model.class_token.val().into_data().try_to_vec::<f32>().expect("f32 data");
    let w = model.patch_embedding.weight.val().into_data().try_to_vec::<f32>().expect("f32 data"); // [2, 4]
    let b = model
        .patch_embedding
        .bias
        .as_ref()
        .expect("f32 data")
        .val()
        .into_data()
        .try_to_vec::<f32>()
        .expect("f32 data");
    for image in 0..2 {
        assert_eq!(&values[image * 12..image * 12 + 4], class.as_slice(), "class token first");
    }
    // Image 1, patch 1 is the pixels (1, 1): its row is w₀ + w₁ + b; image 1, patch 2 is
    // blank: its row is b alone.
    let row =
        |image: usize, token: usize| values[image * 12 + token * 4..image * 12 + token * 4 + 4].to_vec();
    let both: Vec<f32> = (0..4).map(|j| w[j] + w[4 + j] + b[j]).collect();
    for (a, e) in row(1, 1).iter().zip(&both).chain(row(1, 2).iter().zip(&b)) {
        assert!((a - e).abs() < 1e-6);
    }
    let padding = Tensor::from_data(TensorData::new(vec![false; 6], [2, 3]), &device);
    let output =
        model.forward_embedded(model.embed(Tensor::zeros([2, 2, 2], &device)), padding, &HeadSet::default());
    assert_eq!(output.logits.dims(), [2, 1, 3]);
}

/// A matcher of two layers over 3 patches of 2 values: `attention_free` gives the baseline.
fn matcher(attention_free: bool, device: &Device) -> Network {
    let encoder = EncoderConfig {
        max_len: 4,
        d_model: 4,
        n_heads: 2,
        n_layers: 2,
        d_ff: 8,
        positional: Positional::Learned,
        scaled: true,
        pattern: Pattern::default(),
        attention_free,
        dropout: 0.0,
    };
    let config = MatcherConfig { vocab_size: 6, encoder, patches: 3, patch_values: 2, n_classes: 2 };
    Network::Matcher(config.init(&mut Init::new(5, device)))
}

#[test]
fn each_word_reads_the_patches_and_padding_changes_nothing() {
    let device = Device::flex();
    let values = |v: Vec<f32>, shape: [usize; 3]| Tensor::<3>::from_data(TensorData::new(v, shape), &device);
    let picture = vec![1.0f32, 0.0, 0.0, 1.0, 0.5, 0.5];
    let read = |model: &Network, ids: Vec<i64>, padded: Vec<bool>| {
        let n = ids.len();
        let tokens = Tensor::from_data(TensorData::new(ids, [1, n]), &device);
        let padding = Tensor::<2, Bool>::from_data(TensorData::new(padded, [1, n]), &device);
        let patches = values(picture.clone(), [1, 3, 2]);
        model.forward(Input::Captioned { tokens, patches }, padding, None).expect("a caption and a picture")
    };
    let model = matcher(false, &device);
    let output = read(&model, vec![2, 3, 4], vec![false; 3]);
    assert_eq!(output.logits.dims(), [1, 1, 2]);
    assert_eq!(output.cross.len(), 2, "one cross-attention per layer");
    assert_eq!(output.attention().len(), 2, "and one self-attention over the caption");
    for weights in &output.cross {
        assert_eq!(weights.dims(), [1, 2, 3, 3]); //                   [batch, heads, words, patches]
        let sums = weights.clone().sum_dim(3).into_data().try_to_vec::<f32>().expect("f32 data");
        assert!(sums.iter().all(|s| (s - 1.0).abs() < 1e-5), "each word's weights sum to 1: {sums:?}");
    }
    // A padded fourth word changes neither the answer nor what the real words read.
    let padded = read(&model, vec![2, 3, 4, 0], vec![false, false, false, true]);
    let logits = |o: &attention_playground::model::ModelOutput| {
        o.logits.clone().into_data().try_to_vec::<f32>().expect("f32 data")
    };
    for (a, b) in logits(&output).iter().zip(logits(&padded)) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
    // The baseline reads every patch equally: 1/3 each.
    let baseline = read(&matcher(true, &device), vec![2, 3, 4], vec![false; 3]);
    let weights = baseline.cross[0].clone().into_data().try_to_vec::<f32>().expect("f32 data");
    assert!(weights.iter().all(|w| (w - 1.0 / 3.0).abs() < 1e-6), "{weights:?}");
    // A matcher reads a caption with its picture, nothing else.
    let tokens = Tensor::from_data(TensorData::new(vec![2i64], [1, 1]), &device);
    let padding = Tensor::<2, Bool>::from_data(TensorData::new(vec![false], [1, 1]), &device);
    assert!(model.forward(Input::Tokens(tokens), padding, None).is_err());
}
