//! What the "inside attention" views show, checked against independent computations:
//! every stage of the step-by-step panel from the model's own weights (both formulas), head
//! ablation against zeroing that head's slice, saliency against finite differences, and the
//! embedding map.

use attention_playground::config::{Config, HeadId, HeadSet};
use attention_playground::inspect::Matrix;
use attention_playground::lessons::Split;
use attention_playground::model::{Classifier, ClassifierConfig, EncoderConfig, Init};
use attention_playground::train::Trainer;
use burn::module::{Module, Param};
use burn::nn::{LayerNorm, Linear};
use burn::tensor::{Bool, Device, Int, Tensor, TensorData};
use pollster::block_on;

const SENTENCE: &str = "the movie was not very good";

fn small_config() -> Config {
    Config { d_model: 8, n_heads: 2, n_layers: 2, d_ff: 16, ..Config::default() }
}

fn trained(config: &Config, steps: usize) -> Trainer {
    let mut trainer = Trainer::new(config, &Device::flex()).expect("trainer");
    for _ in 0..steps {
        block_on(trainer.step()).expect("step");
    }
    trainer
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_to_vec::<f32>().expect("f32 data")
}

/// A plain row-major matrix in f64, for computing by hand.
#[derive(Clone, Debug)]
struct M {
    rows: usize,
    cols: usize,
    v: Vec<f64>,
}

impl M {
    fn new(rows: usize, cols: usize, v: Vec<f64>) -> Self {
        assert_eq!(v.len(), rows * cols);
        Self { rows, cols, v }
    }
    fn from_f32(rows: usize, cols: usize, v: &[f32]) -> Self {
        Self::new(rows, cols, v.iter().map(|&x| x as f64).collect())
    }
    fn at(&self, r: usize, c: usize) -> f64 {
        self.v[r * self.cols + c]
    }
    fn matmul(&self, other: &M) -> M {
        assert_eq!(self.cols, other.rows);
        let mut v = vec![0.0; self.rows * other.cols];
        for r in 0..self.rows {
            for c in 0..other.cols {
                v[r * other.cols + c] = (0..self.cols).map(|i| self.at(r, i) * other.at(i, c)).sum();
            }
        }
        M::new(self.rows, other.cols, v)
    }
    fn transpose(&self) -> M {
        let mut v = vec![0.0; self.v.len()];
        for r in 0..self.rows {
            for c in 0..self.cols {
                v[c * self.rows + r] = self.at(r, c);
            }
        }
        M::new(self.cols, self.rows, v)
    }
    fn columns(&self, from: usize, to: usize) -> M {
        let v = (0..self.rows)
            .flat_map(|r| (from..to).map(move |c| (r, c)))
            .map(|(r, c)| self.at(r, c))
            .collect();
        M::new(self.rows, to - from, v)
    }
    fn map(&self, f: impl Fn(f64) -> f64) -> M {
        M::new(self.rows, self.cols, self.v.iter().map(|&x| f(x)).collect())
    }
    fn softmax_rows(&self) -> M {
        let mut v = Vec::with_capacity(self.v.len());
        for r in 0..self.rows {
            let row = &self.v[r * self.cols..(r + 1) * self.cols];
            let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let exps: Vec<f64> = row.iter().map(|x| (x - max).exp()).collect();
            let sum: f64 = exps.iter().sum();
            v.extend(exps.iter().map(|e| e / sum));
        }
        M::new(self.rows, self.cols, v)
    }
}

fn assert_matches(name: &str, shown: &Matrix, expected: &M) {
    assert_eq!((shown.rows, shown.cols), (expected.rows, expected.cols), "{name}: shape");
    for (i, (&a, &e)) in shown.values.iter().zip(&expected.v).enumerate() {
        assert!((a as f64 - e).abs() <= 1e-4 + 1e-4 * e.abs(), "{name}[{i}]: shown {a}, computed {e}");
    }
}

/// `x·W + b` by hand from a burn `Linear` (weight `[d_in, d_out]`).
fn linear(x: &M, layer: &Linear) -> M {
    let w = layer.weight.val();
    let [d_in, d_out] = w.dims();
    let w = M::from_f32(d_in, d_out, &values(w));
    let b = layer.bias.as_ref().map(|b| values(b.val())).unwrap_or(vec![0.0; d_out]);
    let y = x.matmul(&w);
    M::new(y.rows, y.cols, y.v.iter().enumerate().map(|(i, v)| v + b[i % d_out] as f64).collect())
}

/// LayerNorm by hand: (x − mean) / √(var + 1e-5) · γ + β, biased variance, per row.
fn layer_norm(x: &M, norm: &LayerNorm) -> M {
    let gamma = values(norm.gamma.val());
    let beta = norm.beta.as_ref().map(|b| values(b.val())).unwrap_or(vec![0.0; x.cols]);
    let mut v = Vec::with_capacity(x.v.len());
    for r in 0..x.rows {
        let row = &x.v[r * x.cols..(r + 1) * x.cols];
        let mean = row.iter().sum::<f64>() / x.cols as f64;
        let var = row.iter().map(|a| (a - mean).powi(2)).sum::<f64>() / x.cols as f64;
        v.extend(
            row.iter()
                .enumerate()
                .map(|(j, a)| (a - mean) / (var + 1e-5).sqrt() * gamma[j] as f64 + beta[j] as f64),
        );
    }
    M::new(x.rows, x.cols, v)
}

#[test]
fn every_stage_of_the_panel_equals_a_computation_by_hand_from_the_weights() {
    for scaled in [true, false] {
        let config = Config { scaled, ..small_config() };
        let trainer = trained(&config, 60);
        let report = block_on(trainer.probe(SENTENCE)).expect("probe");
        let model = trainer.model().expect("model").valid();
        let len = report.tokens.len();
        let d = config.d_model;
        let d_head = config.d_head();
        assert_eq!(len, 6);
        assert_eq!(report.stages.len(), config.n_layers);

        // Layer 1's input: embedding rows of the tokens plus the learned position rows.
        let ids = trainer.data().vocab.encode(&report.tokens);
        let encoder = model.encoder();
        let table = values(model.token_embedding().expect("a token model").weight.val());
        let positions = values(encoder.position.learned.as_ref().expect("learned positions").val());
        let x0: Vec<f64> = (0..len)
            .flat_map(|p| (0..d).map(move |j| (p, j)))
            .map(|(p, j)| table[ids[p] * d + j] as f64 + positions[p * d + j] as f64)
            .collect();
        assert_matches("layer 1 input", &report.stages[0].input, &M::new(len, d, x0));

        for (layer, stages) in report.stages.iter().enumerate() {
            let block = &encoder.blocks[layer];
            let x = M::from_f32(len, d, &stages.input.values);
            let normed = layer_norm(&x, &block.norm_attention);
            assert_matches("LayerNorm(x)", &stages.normed, &normed);
            let (q, k, v) = (
                linear(&normed, &block.attention.query),
                linear(&normed, &block.attention.key),
                linear(&normed, &block.attention.value),
            );
            assert_eq!(stages.model_scaled, scaled);
            for (h, head) in stages.heads.iter().enumerate() {
                let cols = h * d_head..(h + 1) * d_head;
                let (qh, kh, vh) = (
                    q.columns(cols.start, cols.end),
                    k.columns(cols.start, cols.end),
                    v.columns(cols.start, cols.end),
                );
                assert_matches("Q", &head.q, &qh);
                assert_matches("K", &head.k, &kh);
                assert_matches("V", &head.v, &vh);
                let scores = qh.matmul(&kh.transpose());
                assert_matches("QKᵀ", &head.scores, &scores);

                let divided = scores.map(|s| s / (d_head as f64).sqrt());
                assert_matches("QKᵀ/√d", &head.scaled.scores, &divided);
                assert_matches("softmax(QKᵀ/√d)", &head.scaled.weights, &divided.softmax_rows());
                assert_matches("softmax(QKᵀ/√d)·V", &head.scaled.output, &divided.softmax_rows().matmul(&vh));
                assert_matches("softmax(QKᵀ)", &head.unscaled.weights, &scores.softmax_rows());
                assert_matches("softmax(QKᵀ)·V", &head.unscaled.output, &scores.softmax_rows().matmul(&vh));

                // The heatmap shows the variant the model uses.
                let used = head.formula(scaled);
                assert_eq!(report.attention.head(layer, h), used.weights.values.as_slice());
                // The dot product written out on hover adds up to the score.
                let terms = head.dot_terms(2, 4);
                let sum: f32 = terms.iter().map(|(a, b)| a * b).sum();
                assert!((sum - head.scores.get(2, 4)).abs() < 1e-4);
            }
        }
        assert_ne!(report.stages[0].input, report.stages[1].input);
    }
}

#[test]
fn the_seed_formula_saturates_the_softmax_more() {
    // With unit-variance Q and K entries, QKᵀ has variance d_head; without ÷√d_head the softmax
    // rows are peakier. Measured on a freshly initialised wide model.
    let config = Config { d_model: 64, n_heads: 1, ..small_config() };
    let trainer = trained(&config, 0);
    let report = block_on(trainer.probe(SENTENCE)).expect("probe");
    let head = &report.stages[0].heads[0];
    assert!(head.unscaled.weights.mean_row_max() > head.scaled.weights.mean_row_max());
    assert!(head.unscaled.weights.mean_row_entropy() < head.scaled.weights.mean_row_entropy());
}

fn tokens_and_padding(ids: &[usize], device: &Device) -> (Tensor<2, Int>, Tensor<2, Bool>) {
    let n = ids.len();
    let tokens =
        Tensor::from_data(TensorData::new(ids.iter().map(|&i| i as i64).collect::<Vec<_>>(), [1, n]), device);
    let padding = Tensor::from_data(TensorData::new(vec![false; n], [1, n]), device);
    (tokens, padding)
}

#[test]
fn ablating_a_head_equals_zeroing_its_slice_before_the_output_projection() {
    let device = Device::flex();
    let shape = ClassifierConfig {
        vocab_size: 20,
        encoder: EncoderConfig {
            max_len: 8,
            d_model: 8,
            n_heads: 2,
            n_layers: 2,
            d_ff: 16,
            positional: attention_playground::config::Positional::Learned,
            scaled: true,
            pattern: Default::default(),
            attention_free: false,
            dropout: 0.0,
        },
        n_classes: 3,
        per_token: false,
    };
    let model: Classifier = shape.init(&mut Init::new(5, &device));
    let (tokens, padding) = tokens_and_padding(&[3, 7, 2, 9, 4], &device);
    let embedded = || model.token_embedding.forward(tokens.clone());
    let off: HeadSet = [HeadId { layer: 0, head: 1 }].into_iter().collect();

    let full = values(model.forward_embedded(embedded(), padding.clone(), &HeadSet::default()).logits);
    let ablated = values(model.forward_embedded(embedded(), padding.clone(), &off).logits);

    // The same model with the rows of W_O that read head 2's slice (features 4..8) set to 0.
    let mut zeroed = model.clone();
    let w_o = &model.encoder.blocks[0].attention.output.weight;
    let mut w = values(w_o.val());
    for row in 4..8 {
        for col in 0..8 {
            w[row * 8 + col] = 0.0;
        }
    }
    zeroed.encoder.blocks[0].attention.output.weight = Param::from_data(TensorData::new(w, [8, 8]), &device);
    let by_hand = values(zeroed.forward_embedded(embedded(), padding, &HeadSet::default()).logits);

    for (a, b) in ablated.iter().zip(&by_hand) {
        assert!((a - b).abs() < 1e-5, "ablated {ablated:?} vs zeroed slice {by_hand:?}");
    }
    assert!(full.iter().zip(&ablated).any(|(a, b)| (a - b).abs() > 1e-4), "ablation changed nothing");
}

#[test]
fn ablation_changes_validation_but_not_the_model() {
    let trainer = trained(&small_config(), 150);
    let before = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    let off: HeadSet = "L1H1 L1H2".parse().expect("heads");
    let ablated = block_on(trainer.evaluate_with(Split::Validation, &off)).expect("eval");
    assert_ne!(before.loss, ablated.loss);
    // Switching heads back on gives exactly the first result: nothing was retrained.
    let after = block_on(trainer.evaluate(Split::Validation)).expect("eval");
    assert_eq!(before, after);
}

#[test]
fn saliency_is_the_derivative_along_each_token_embedding() {
    // d/dt logit(e with token i's embedding scaled by t) at t = 1 is Σ_j ∂logit/∂e_ij · e_ij,
    // the gradient × input the page shows. Checked by central differences.
    let config = small_config();
    let trainer = trained(&config, 80);
    let report = block_on(trainer.probe(SENTENCE)).expect("probe");
    assert_eq!(report.saliency.len(), report.tokens.len());
    let model = trainer.model().expect("model").valid();
    let device = Device::flex();
    let ids = trainer.data().vocab.encode(&report.tokens);
    let (tokens, padding) = tokens_and_padding(&ids, &device);
    let table = values(model.token_embedding().expect("a token model").forward(tokens));
    let d = config.d_model;
    let logit = |token: usize, t: f32| {
        let mut e = table.clone();
        for j in 0..d {
            e[token * d + j] *= t;
        }
        let e = Tensor::<3>::from_data(TensorData::new(e, [1, ids.len(), d]), &device);
        values(model.forward_embedded(e, padding.clone(), None, &HeadSet::default()).logits)[report.predicted]
    };
    let h = 1e-2;
    for (i, &shown) in report.saliency.iter().enumerate() {
        let numeric = (logit(i, 1.0 + h) - logit(i, 1.0 - h)) / (2.0 * h);
        assert!((shown - numeric).abs() <= 2e-3 + 2e-2 * numeric.abs(), "token {i}: {shown} vs {numeric}");
    }
    assert!(report.saliency.iter().any(|s| s.abs() > 1e-3));
}

#[test]
fn embedding_map_separates_polarity_words_after_training() {
    let mut trainer = trained(&Config::default(), 400);
    let map = block_on(trainer.embedding_map()).expect("map").expect("a token model");
    assert_eq!(map.tokens.len(), trainer.data().vocab.len() - 2, "every word but <pad> and <unk>");
    assert!(!map.tokens.iter().any(|t| t.starts_with('<')));
    assert_eq!(map.points.len(), map.tokens.len());
    assert!(map.explained.0 >= map.explained.1 && map.explained.0 + map.explained.1 <= 1.0 + 1e-4);
    let centroid = |group: &str| {
        let points: Vec<(f32, f32)> = map
            .points
            .iter()
            .zip(&map.groups)
            .filter(|(_, g)| g.as_deref() == Some(group))
            .map(|(p, _)| *p)
            .collect();
        assert!(!points.is_empty(), "no {group} words");
        let n = points.len() as f32;
        let c = (points.iter().map(|p| p.0).sum::<f32>() / n, points.iter().map(|p| p.1).sum::<f32>() / n);
        let spread =
            points.iter().map(|p| ((p.0 - c.0).powi(2) + (p.1 - c.1).powi(2)).sqrt()).sum::<f32>() / n;
        (c, spread)
    };
    let (positive, spread_p) = centroid("positive");
    let (negative, spread_n) = centroid("negative");
    let apart = ((positive.0 - negative.0).powi(2) + (positive.1 - negative.1).powi(2)).sqrt();
    assert!(
        apart > spread_p.max(spread_n),
        "positive and negative words overlap: {apart} vs {spread_p}, {spread_n}"
    );
    // The next map keeps the orientation of this one.
    let again = block_on(trainer.embedding_map()).expect("map").expect("a token model");
    assert_eq!(again.points, map.points);
}

#[test]
fn the_baseline_weighs_every_visible_key_equally() {
    use attention_playground::config::LessonId;
    use attention_playground::lessons;
    let config = lessons::defaults(LessonId::Induction);
    let data = lessons::load(&config);
    let baseline = Trainer::from_data(&config, data, &Device::flex(), true).expect("baseline");
    let probe = block_on(baseline.probe("k d b m q f")).expect("probe");
    let maps = &probe.attention;
    for (layer, head) in (0..maps.n_layers).flat_map(|l| (0..maps.n_heads).map(move |h| (l, h))) {
        let map = maps.head(layer, head);
        for q in 0..maps.len {
            for k in 0..maps.len {
                // Causal: query q sees keys 0..=q, each with weight 1/(q + 1).
                let expected = if k <= q { 1.0 / (q + 1) as f32 } else { 0.0 };
                assert!((map[q * maps.len + k] - expected).abs() < 1e-6, "L{layer}H{head} ({q}, {k})");
            }
        }
    }
}
