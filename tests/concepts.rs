//! The concept guide: every entry has its text in both languages and a part of the page to show,
//! and the formulas it prints are the ones the model computes — each is evaluated on the
//! numbers of a real attention layer and compared with that layer's own trace.

use std::collections::HashMap;

use attention_playground::concepts::{ConceptId, Math, formulas};
use attention_playground::config::{Config, Lang};
use attention_playground::model::attention::MultiHeadAttention;
use attention_playground::model::{Init, Mask};
use attention_playground::pattern::Pattern;
use burn::nn::Linear;
use burn::tensor::{Bool, Device, Tensor, TensorData};

#[test]
fn every_concept_has_words_in_both_languages() {
    for concept in ConceptId::ALL {
        assert_eq!(ConceptId::from_id(concept.id()), Some(concept));
        for lang in Lang::ALL {
            let words = concept.words(lang);
            let id = concept.id();
            assert!(!words.title.trim().is_empty() && !words.line.trim().is_empty(), "{id} {lang:?}");
            assert!((2..=3).contains(&words.body.len()), "{id} {lang:?}: {} paragraphs", words.body.len());
            assert!(
                words.body.iter().all(|p| p.chars().count() > 40),
                "{id} {lang:?}: a paragraph is too short"
            );
            let chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let all: Vec<&str> =
                [words.title, words.line].into_iter().chain(words.body.iter().copied()).collect();
            match lang {
                Lang::Zh => assert!(all.iter().all(|s| chinese(s)), "{id}: Chinese text without Chinese"),
                Lang::En => assert!(!all.iter().any(|s| chinese(s)), "{id}: Chinese in the English text"),
            }
        }
        // The two languages are two texts, not one copied.
        assert_ne!(concept.words(Lang::En).line, concept.words(Lang::Zh).line);
    }
    let ids: std::collections::BTreeSet<&str> = ConceptId::ALL.iter().map(|c| c.id()).collect();
    assert_eq!(ids.len(), ConceptId::ALL.len());
    for id in [
        "softmax",
        "scaling",
        "multi-head",
        "cross-attention",
        "positional-encoding",
        "mask",
        "local-attention",
    ] {
        assert!(ids.contains(id), "{id}");
    }
}

/// Every `data-testid` the page's source sets.
fn page_testids() -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui"))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ui is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).expect("a source file");
                // `data-testid="…"`, a field's `testid: "…"`, and the settings' `number_field!(key, "…", …)`.
                for marker in ["testid=\"", "testid: \"", "_field!("] {
                    for part in source.split(marker).skip(1) {
                        let part = if marker == "_field!(" {
                            part.split('"').nth(1)
                        } else {
                            part.split('"').next()
                        };
                        found.extend(part.map(String::from));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_concept_points_at_a_part_of_the_page_and_hints_name_real_controls() {
    let testids = page_testids();
    for concept in ConceptId::ALL {
        let target = concept.target().testid;
        assert!(testids.iter().any(|t| t == target), "{}: no element {target} on the page", concept.id());
    }
    let keys = Config::keys();
    for key in &keys {
        if let Some(concept) = ConceptId::of_control(key) {
            assert!(ConceptId::ALL.contains(&concept));
        }
    }
    for key in ["n_heads", "positional", "scaled", "causal", "window", "optimizer"] {
        assert!(keys.iter().any(|k| k == key) && ConceptId::of_control(key).is_some(), "{key}");
    }
}

#[test]
fn the_scaling_entry_shows_both_formulas() {
    let formula = ConceptId::Scaling.formula().expect("a formula");
    let text = formula.text(Lang::En);
    assert!(text.contains("softmax((Q·K^T) / (√(d_head)))"), "{text}");
    assert!(text.contains("the article: A = softmax(Q·K^T)"), "{text}");
    assert!(formula.text(Lang::Zh).contains("原文"));
}

// ---- Evaluating the printed formulas ----------------------------------------------------------

/// A matrix of f32, row-major; a 1×1 one is a number.
#[derive(Clone, Debug)]
struct Mat {
    rows: usize,
    cols: usize,
    v: Vec<f32>,
}

impl Mat {
    fn scalar(x: f32) -> Mat {
        Mat { rows: 1, cols: 1, v: vec![x] }
    }

    fn at(&self, r: usize, c: usize) -> f32 {
        self.v[r * self.cols + c]
    }

    fn map(&self, f: impl Fn(f32) -> f32) -> Mat {
        Mat { v: self.v.iter().map(|&x| f(x)).collect(), ..self.clone() }
    }

    /// Element-wise, a 1×1 or 1×n operand repeated over the other's rows (a bias, a number).
    fn zip(&self, other: &Mat, f: impl Fn(f32, f32) -> f32) -> Mat {
        let (big, small, flip) =
            if self.v.len() >= other.v.len() { (self, other, false) } else { (other, self, true) };
        let v = (0..big.rows)
            .flat_map(|r| (0..big.cols).map(move |c| (r, c)))
            .map(|(r, c)| {
                let s = small.at(if small.rows == 1 { 0 } else { r }, if small.cols == 1 { 0 } else { c });
                let b = big.at(r, c);
                if flip { f(s, b) } else { f(b, s) }
            })
            .collect();
        Mat { v, ..big.clone() }
    }

    fn matmul(&self, other: &Mat) -> Mat {
        assert_eq!(self.cols, other.rows, "matmul shapes");
        let v = (0..self.rows)
            .flat_map(|r| (0..other.cols).map(move |c| (r, c)))
            .map(|(r, c)| (0..self.cols).map(|k| self.at(r, k) * other.at(k, c)).sum())
            .collect();
        Mat { rows: self.rows, cols: other.cols, v }
    }

    fn transpose(&self) -> Mat {
        let v = (0..self.cols)
            .flat_map(|c| (0..self.rows).map(move |r| (r, c)))
            .map(|(r, c)| self.at(r, c))
            .collect();
        Mat { rows: self.cols, cols: self.rows, v }
    }

    fn softmax_rows(&self) -> Mat {
        let mut v = Vec::with_capacity(self.v.len());
        for row in self.v.chunks(self.cols) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let e: Vec<f32> = row.iter().map(|x| (x - max).exp()).collect();
            let sum: f32 = e.iter().sum();
            v.extend(e.iter().map(|x| x / sum));
        }
        Mat { v, ..self.clone() }
    }

    fn concat_cols(parts: &[Mat]) -> Mat {
        let rows = parts[0].rows;
        let cols = parts.iter().map(|p| p.cols).sum();
        let v = (0..rows)
            .flat_map(|r| parts.iter().flat_map(move |p| p.v[r * p.cols..(r + 1) * p.cols].to_vec()))
            .collect();
        Mat { rows, cols, v }
    }
}

/// Names a formula node gives a quantity: `Q`, `W_Q`, `d_head`, `head_1`.
fn name(node: &Math) -> String {
    match node {
        Math::I(s) | Math::T(s) | Math::N(s) | Math::O(s) => s.to_string(),
        // A label beside an equation ("the article:") names nothing.
        Math::Say(..) => String::new(),
        Math::Sub(a, b) => format!("{}_{}", name(a), name(b)),
        Math::Row(items) => items.iter().map(name).collect(),
        other => panic!("not a name: {other:?}"),
    }
}

/// Reads the right-hand side of a printed equation as arithmetic on matrices: `·` multiplies
/// matrices, a fraction divides, `ᵀ` transposes, `softmax(…)` works along each row (over the
/// keys), `Concat(head_1, …, head_h)` puts the heads side by side.
struct Eval<'a> {
    env: &'a HashMap<String, Mat>,
}

impl Eval<'_> {
    fn node(&self, node: &Math) -> Mat {
        match node {
            Math::Row(items) => self.expr(items),
            Math::Frac(a, b) => self.node(a).zip(&self.node(b), |x, y| x / y),
            Math::Sqrt(a) => self.node(a).map(f32::sqrt),
            Math::Sup(a, b) if name(b) == "T" => self.node(a).transpose(),
            Math::N(n) => Mat::scalar(n.parse().expect("a number")),
            Math::O("−∞") => Mat::scalar(f32::NEG_INFINITY),
            other => self.var(&name(other)),
        }
    }

    fn var(&self, name: &str) -> Mat {
        self.env
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("the formula names {name}, which the model does not have"))
    }

    /// `items` is a sum of products: split at top-level `+`/`−`, then at `·`.
    fn expr(&self, items: &[Math]) -> Mat {
        let mut total: Option<Mat> = None;
        let mut sign = 1.0;
        let mut start = 0;
        let mut depth = 0;
        for i in 0..=items.len() {
            let at_end = i == items.len();
            if !at_end {
                match &items[i] {
                    Math::O("(") => depth += 1,
                    Math::O(")") => depth -= 1,
                    _ => {}
                }
            }
            let split =
                at_end || (depth == 0 && matches!(items[i], Math::O("+") | Math::O("−")) && i > start);
            if split {
                let term = self.product(&items[start..i]).map(|x| x * sign);
                total = Some(match total {
                    Some(t) => t.zip(&term, |a, b| a + b),
                    None => term,
                });
                if !at_end {
                    sign = if matches!(items[i], Math::O("−")) { -1.0 } else { 1.0 };
                    start = i + 1;
                }
            }
        }
        total.expect("a non-empty expression")
    }

    fn product(&self, items: &[Math]) -> Mat {
        let mut factors: Vec<Mat> = Vec::new();
        let mut i = 0;
        while i < items.len() {
            match &items[i] {
                Math::O("·") => i += 1,
                Math::O("(") => {
                    let close = matching(items, i);
                    factors.push(self.expr(&items[i + 1..close]));
                    i = close + 1;
                }
                Math::I(function) if items.get(i + 1) == Some(&Math::O("(")) => {
                    let close = matching(items, i + 1);
                    factors.push(self.call(function, &items[i + 2..close]));
                    i = close + 1;
                }
                node => {
                    factors.push(self.node(node));
                    i += 1;
                }
            }
        }
        let mut it = factors.into_iter();
        let first = it.next().expect("a factor");
        it.fold(first, |acc, m| {
            if acc.v.len() == 1 || m.v.len() == 1 { acc.zip(&m, |a, b| a * b) } else { acc.matmul(&m) }
        })
    }

    fn call(&self, function: &str, args: &[Math]) -> Mat {
        match function {
            "softmax" => self.expr(args).softmax_rows(),
            "Concat" => {
                // `head_1, …, head_h`: every head from the first to the h-th.
                let h = self.var("h").v[0] as usize;
                let first = args.first().map(name).expect("a first head");
                let stem = first.trim_end_matches("_1");
                Mat::concat_cols(&(1..=h).map(|i| self.var(&format!("{stem}_{i}"))).collect::<Vec<_>>())
            }
            other => panic!("unknown function {other}"),
        }
    }
}

fn matching(items: &[Math], open: usize) -> usize {
    let mut depth = 0;
    for (i, item) in items.iter().enumerate().skip(open) {
        match item {
            Math::O("(") => depth += 1,
            Math::O(")") => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced brackets")
}

/// One line of a formula, as (left-hand side's name, right-hand side up to a top-level comma).
fn equation(formula: &'static Math, line: usize) -> (String, &'static [Math]) {
    let row = match formula {
        Math::Lines(lines) => &lines[line],
        row => row,
    };
    let Math::Row(items) = row else { panic!("an equation is a row") };
    let eq = items.iter().position(|m| *m == Math::O("=")).expect("an equation");
    let mut end = items.len();
    let mut depth = 0;
    for (i, item) in items.iter().enumerate().skip(eq + 1) {
        match item {
            Math::O("(") => depth += 1,
            Math::O(")") => depth -= 1,
            Math::O(",") if depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    (name(&Math::Row(&items[..eq])), &items[eq + 1..end])
}

fn evaluate(formula: &'static Math, line: usize, env: &HashMap<String, Mat>) -> (String, Mat) {
    let (lhs, rhs) = equation(formula, line);
    (lhs, Eval { env }.expr(rhs))
}

// ---- A real attention layer and its numbers -------------------------------------------------

const SEQ: usize = 5;
const D_MODEL: usize = 8;

fn mat<const D: usize>(t: Tensor<D>, rows: usize, cols: usize) -> Mat {
    let v = t.into_data().try_to_vec::<f32>().expect("f32 data");
    assert_eq!(v.len(), rows * cols);
    Mat { rows, cols, v }
}

/// Head `h` of a `[1, heads, rows, cols]` tensor.
fn head(t: &Tensor<4>, h: usize) -> Mat {
    let [_, _, rows, cols] = t.dims();
    mat(t.clone().slice([0..1, h..h + 1, 0..rows, 0..cols]), rows, cols)
}

fn bind_linear(env: &mut HashMap<String, Mat>, suffix: &str, linear: &Linear) {
    let w = linear.weight.val();
    let [rows, cols] = w.dims();
    env.insert(format!("W_{suffix}"), mat(w, rows, cols));
    let b = linear.bias.as_ref().expect("a bias").val();
    env.insert(format!("b_{suffix}"), mat(b, 1, cols));
}

fn assert_close(what: &str, actual: &Mat, expected: &Mat) {
    assert_eq!((actual.rows, actual.cols), (expected.rows, expected.cols), "{what}: shape");
    for (i, (a, e)) in actual.v.iter().zip(&expected.v).enumerate() {
        assert!((a - e).abs() <= 1e-4 * (1.0 + e.abs()), "{what}, element {i}: formula {a}, model {e}");
    }
}

struct Layer {
    env: HashMap<String, Mat>,
    output: Mat,
    weights: Vec<Mat>,
    mixed: Vec<Mat>,
    q: Mat,
    n_heads: usize,
}

/// Runs a randomly initialised attention layer (as trained models start) on random tokens `x`
/// under `pattern`, and binds every quantity the formulas name.
fn layer(n_heads: usize, scaled: bool, pattern: Pattern) -> Layer {
    let device = Device::flex();
    let mut init = Init::new(7, &device);
    let attention = MultiHeadAttention::new(&mut init, D_MODEL, n_heads, scaled, false, 0.0);
    let x: Tensor<3> = init.normal([1, SEQ, D_MODEL], 1.0).val();
    let padding: Tensor<2, Bool> = Tensor::from_data(TensorData::new(vec![false; SEQ], [1, SEQ]), &device);
    let mask = Mask::new(padding, &pattern);
    let (output, trace) = attention.forward(x.clone(), &mask, None);

    let d_head = D_MODEL / n_heads;
    let mut env = HashMap::new();
    // The attention layer reads the block's normalised tokens x̂ (here: x itself).
    env.insert("x̂".to_string(), mat(x.reshape([SEQ, D_MODEL]), SEQ, D_MODEL));
    for (suffix, linear) in
        [("Q", &attention.query), ("K", &attention.key), ("V", &attention.value), ("O", &attention.output)]
    {
        bind_linear(&mut env, suffix, linear);
    }
    env.insert("d_head".into(), Mat::scalar(d_head as f32));
    env.insert("d_model".into(), Mat::scalar(D_MODEL as f32));
    env.insert("h".into(), Mat::scalar(n_heads as f32));
    let blocked = pattern.blocked(SEQ);
    env.insert(
        "M".into(),
        Mat {
            rows: SEQ,
            cols: SEQ,
            v: blocked.iter().map(|&b| if b { f32::NEG_INFINITY } else { 0.0 }).collect(),
        },
    );
    for h in 0..n_heads {
        for (name, t) in [("Q", &trace.q), ("K", &trace.k), ("V", &trace.v)] {
            env.insert(format!("{name}_{}", h + 1), head(t, h));
        }
    }
    Layer {
        q: mat(trace.q.clone().swap_dims(1, 2).reshape([SEQ, D_MODEL]), SEQ, D_MODEL),
        weights: (0..n_heads).map(|h| head(&trace.weights, h)).collect(),
        mixed: (0..n_heads).map(|h| head(&trace.mixed, h)).collect(),
        output: mat(output.reshape([SEQ, D_MODEL]), SEQ, D_MODEL),
        env,
        n_heads,
    }
}

impl Layer {
    /// The quantities of head `h` under their plain names (`Q`, `K`, `V`).
    fn head_env(&self, h: usize) -> HashMap<String, Mat> {
        let mut env = self.env.clone();
        for name in ["Q", "K", "V"] {
            env.insert(name.into(), self.env[&format!("{name}_{}", h + 1)].clone());
        }
        env
    }
}

fn formula(concept: ConceptId) -> &'static Math {
    concept.formula().unwrap_or_else(|| panic!("{} has a formula", concept.id()))
}

#[test]
fn the_qkv_formula_is_the_models_projection() {
    let layer = layer(1, true, Pattern::default());
    for (line, name) in [(1, "Q"), (2, "K"), (3, "V")] {
        let (lhs, value) = evaluate(formula(ConceptId::Qkv), line, &layer.env);
        assert_eq!(lhs, name);
        let model = layer.head_env(0)[name].clone();
        assert_close(&format!("{name} = x̂·W + b"), &value, &model);
    }
    assert_close("Q", &evaluate(formula(ConceptId::Qkv), 1, &layer.env).1, &layer.q);
}

#[test]
fn the_attention_and_scaling_formulas_are_what_the_model_computes() {
    let scaled = layer(1, true, Pattern::default());
    let (_, value) = evaluate(formula(ConceptId::Attention), 0, &scaled.head_env(0));
    assert_close("softmax(Q·Kᵀ/√d_head)·V", &value, &scaled.mixed[0]);
    let (lhs, weights) = evaluate(formula(ConceptId::Scaling), 0, &scaled.head_env(0));
    assert_eq!(lhs, "A");
    assert_close("A = softmax(Q·Kᵀ/√d_head)", &weights, &scaled.weights[0]);
    // The article's unscaled formula is the model with scaling switched off, and differs.
    let unscaled = layer(1, false, Pattern::default());
    let (_, article) = evaluate(formula(ConceptId::Scaling), 1, &unscaled.head_env(0));
    assert_close("A = softmax(Q·Kᵀ)", &article, &unscaled.weights[0]);
    // The lesson's introduction prints the formula the model uses, scaled or not.
    let (_, value) = evaluate(formulas::attention(false), 0, &unscaled.head_env(0));
    assert_close("softmax(Q·Kᵀ)·V", &value, &unscaled.mixed[0]);
    let (_, value) = evaluate(formulas::attention(true), 0, &scaled.head_env(0));
    assert_close("softmax(Q·Kᵀ/√d_head)·V", &value, &scaled.mixed[0]);
    let (_, scaled_on_unscaled) = evaluate(formula(ConceptId::Scaling), 0, &unscaled.head_env(0));
    assert!(scaled_on_unscaled.v.iter().zip(&article.v).any(|(a, b)| (a - b).abs() > 1e-3));
}

#[test]
fn the_mask_formula_is_the_models_masking_for_causal_and_local_patterns() {
    for pattern in [
        Pattern { causal: true, ..Pattern::default() },
        Pattern { window: 1, ..Pattern::default() },
        Pattern { window: 1, stride: 3, causal: false },
    ] {
        let layer = layer(2, true, pattern);
        for h in 0..layer.n_heads {
            let (_, weights) = evaluate(formula(ConceptId::Mask), 0, &layer.head_env(h));
            assert_close(&format!("masked weights, {pattern:?}, head {h}"), &weights, &layer.weights[h]);
        }
    }
}

#[test]
fn the_multi_head_formula_is_the_models_output() {
    let mut layer = layer(2, true, Pattern::default());
    for h in 0..layer.n_heads {
        let mut env = layer.env.clone();
        env.insert("i".into(), Mat::scalar(h as f32 + 1.0));
        for name in ["Q", "K", "V"] {
            env.insert(format!("{name}_i"), layer.env[&format!("{name}_{}", h + 1)].clone());
        }
        let (lhs, value) = evaluate(formula(ConceptId::MultiHead), 0, &env);
        assert_eq!(lhs, "head_i");
        assert_close(&format!("head {}", h + 1), &value, &layer.mixed[h]);
        layer.env.insert(format!("head_{}", h + 1), value);
    }
    let (lhs, y) = evaluate(formula(ConceptId::MultiHead), 1, &layer.env);
    assert_eq!(lhs, "y");
    assert_close("Concat(heads)·W_O + b_O", &y, &layer.output);
}

#[test]
fn the_cross_attention_formula_reads_queries_from_one_sequence_and_keys_from_another() {
    let device = Device::flex();
    let mut init = Init::new(11, &device);
    let attention = MultiHeadAttention::new(&mut init, D_MODEL, 1, true, false, 0.0);
    let x: Tensor<3> = init.normal([1, 3, D_MODEL], 1.0).val();
    let memory: Tensor<3> = init.normal([1, SEQ, D_MODEL], 1.0).val();
    let padding: Tensor<2, Bool> = Tensor::from_data(TensorData::new(vec![false; SEQ], [1, SEQ]), &device);
    let mask = Mask::new(padding, &Pattern::default());
    let (_, trace) = attention.attend_to(x.clone(), memory.clone(), &mask, None);
    let mut env = HashMap::new();
    env.insert("x̂".to_string(), mat(x.reshape([3, D_MODEL]), 3, D_MODEL));
    env.insert("m".to_string(), mat(memory.reshape([SEQ, D_MODEL]), SEQ, D_MODEL));
    for (suffix, linear) in [("Q", &attention.query), ("K", &attention.key), ("V", &attention.value)] {
        bind_linear(&mut env, suffix, linear);
    }
    env.insert("d_head".into(), Mat::scalar(D_MODEL as f32));
    let cross = formula(ConceptId::CrossAttention);
    for (line, name) in [(0, "Q"), (1, "K"), (2, "V")] {
        let (lhs, value) = evaluate(cross, line, &env);
        assert_eq!(lhs, name);
        env.insert(name.into(), value);
    }
    assert_close("Q from the target", &env["Q"], &head(&trace.q, 0));
    assert_close("K from the source", &env["K"], &head(&trace.k, 0));
    let (_, y) = evaluate(cross, 3, &env);
    assert_close("cross-attention output", &y, &head(&trace.mixed, 0));
}
