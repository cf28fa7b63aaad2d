//! Property tests over everything a learner can hand the page: links (the query string), their own
//! data (CSV/TSV bytes) and model files. 10,000 generated cases each, built from the pieces real
//! inputs are made of and then mangled; none may panic, and what is accepted must be valid.
//! proptest shrinks a failing case to a small one and prints it.

use attention_playground::config::{Config, LessonId};
use attention_playground::lessons::{self, custom};
use attention_playground::model_file::{FORMAT_VERSION, MAGIC, ModelFile};
use attention_playground::train::{TrainError, Trainer};
use burn::tensor::Device;
use pollster::block_on;
use proptest::prelude::*;
use proptest::sample::select;

const CASES: u32 = 10_000;

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------- links

/// One piece of a query string: a real key, a fragment real values are made of, or anything.
fn query_piece() -> impl Strategy<Value = String> {
    let keys = Config::keys();
    let bits = [
        "=",
        "&",
        "%",
        "%2C",
        "%E4%BD%A0",
        "%zz",
        "+",
        ",",
        "-",
        ".",
        "e",
        "e99",
        "1",
        "9",
        "0",
        "1e-9",
        "L",
        "H",
        "zh",
        "en",
        "true",
        "false",
        "nan",
        "inf",
        "-inf",
        "é",
        "?",
        "#",
        "18446744073709551616",
        "0x10",
    ];
    prop_oneof![
        3 => select(keys),
        3 => select(bits.map(String::from).to_vec()),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-z_]{1,8}",
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Any query string gives a config already in range that its own link reads back as itself.
    #[test]
    fn any_link_gives_a_valid_config(pieces in prop::collection::vec(query_piece(), 0..24)) {
        let query = pieces.concat();
        let (config, _) = Config::from_query(&query);
        let (again, notices) = config.clone().clamped();
        prop_assert_eq!(&again, &config);
        prop_assert!(notices.is_empty(), "{:?}", notices);
        prop_assert_eq!(config.d_model % config.n_heads, 0);
        prop_assert!(config.split_train + config.split_val <= 95);
        prop_assert_eq!(Config::from_query(&config.to_query()).0, config);
    }
}

// ---------------------------------------------------------------- the learner's own data

/// A field: plain words, Chinese, numbers, quotes, separators, control characters or anything.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z ]{1,12}",
        2 => "[你好不坏很电影]{1,6}",
        2 => select(vec!["pos", "neg", "1", "0", "-2.5", "1e3", "NaN", "inf", "", " ", "text", "label"]).prop_map(String::from),
        1 => "\"[a-z,\" ]{0,8}\"?",
        1 => ".{0,8}",
        1 => "[a-z]{0,3}".prop_map(|s| s.repeat(200)),
    ]
}

/// A line of anything: zero to three fields of any kind.
fn line(sep: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(field(), 0..4).prop_map(move |fields| fields.join(sep))
}

/// A line as a learner would write it: a text and a label of one of three kinds (a few classes,
/// numbers, or many distinct words).
fn row(sep: &'static str, labels: u8) -> impl Strategy<Value = String> {
    let text = prop_oneof!["[a-z]{1,8}( [a-z]{1,8}){0,5}", "[你好不坏很电影]{1,8}", "\"[a-z, ]{1,12}\""];
    let label = match labels {
        0 => select(vec!["pos", "neg", "neutral"]).prop_map(String::from).boxed(),
        1 => (-50.0..50.0f32).prop_map(|v| v.to_string()).boxed(),
        _ => "[a-z]{1,3}".boxed(),
    };
    (text, label).prop_map(move |(text, label)| format!("{text}{sep}{label}"))
}

fn data() -> impl Strategy<Value = Vec<u8>> {
    let file = (select(vec![",", "\t"]), 0..3u8, select(vec!["\n", "\r\n"]), any::<bool>(), any::<bool>())
        .prop_flat_map(|(sep, labels, end, bom, header)| {
            // Mostly well-formed rows, with a mangled line now and then.
            let lines = prop::collection::vec(prop_oneof![49 => row(sep, labels), 1 => line(sep)], 0..60);
            lines.prop_map(move |lines| {
                let mut text = if bom { "\u{feff}".to_string() } else { String::new() };
                if header {
                    text.push_str(&format!("text{sep}label{end}"));
                }
                text.push_str(&lines.join(end));
                text.into_bytes()
            })
        });
    prop_oneof![
        6 => file,
        2 => (prop::collection::vec(line(","), 0..40)).prop_map(|lines| lines.join("\n").into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..400),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Any bytes are either refused with reasons or give a table within every limit, and an
    /// accepted table always makes a lesson.
    #[test]
    fn any_data_is_refused_with_reasons_or_makes_a_lesson(bytes in data()) {
        match custom::parse(&bytes) {
            Err(errors) => prop_assert!(!errors.is_empty()),
            Ok(table) => {
                prop_assert!((custom::MIN_ROWS..=custom::MAX_ROWS).contains(&table.rows.len()));
                for (text, label) in &table.rows {
                    prop_assert!(!text.is_empty() && text.chars().count() <= custom::MAX_CHARS);
                    prop_assert!(!label.is_empty());
                }
                if let custom::Task::Classes(classes) = &table.task {
                    prop_assert!((2..=custom::MAX_CLASSES).contains(&classes.len()));
                }
                let data = custom::lesson(&table, 1, lessons::Proportions::default());
                prop_assert!(!data.train.is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------- model files

/// A small trained model's file, made once.
fn good_file() -> &'static [u8] {
    static FILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let config = Config { d_model: 16, d_ff: 32, n_heads: 2, ..lessons::defaults(LessonId::Sentiment) };
        let mut trainer = Trainer::new(&config, &Device::flex()).expect("trainer");
        block_on(trainer.step()).expect("step");
        block_on(trainer.to_file(None)).expect("save").to_bytes()
    })
}

/// Rewrites the length fields and the checksum so that a mangled header or weights section gets
/// past the framing and reaches the parsers behind it.
fn reframe(header: &[u8], weights: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header);
    out.extend_from_slice(&(weights.len() as u64).to_le_bytes());
    out.extend_from_slice(weights);
    let checksum = crc32fast::hash(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// The good file's header and weights sections.
fn sections() -> (Vec<u8>, Vec<u8>) {
    let bytes = good_file();
    let h = u32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes")) as usize;
    let header = bytes[16..16 + h].to_vec();
    let w = u64::from_le_bytes(bytes[16 + h..24 + h].try_into().expect("8 bytes")) as usize;
    (header, bytes[24 + h..24 + h + w].to_vec())
}

#[derive(Clone, Debug)]
enum Mangle {
    /// Overwrite bytes at these positions (fractions of the length).
    Flip(Vec<(f64, u8)>),
    /// Keep this fraction of the file.
    Cut(f64),
    /// Insert bytes at a position.
    Insert(f64, Vec<u8>),
    /// Edit the header's JSON text, then fix the framing and checksum.
    Header(Vec<(f64, char)>),
    /// Overwrite bytes of the weights, then fix the framing and checksum.
    Weights(Vec<(f64, u8)>),
    /// Cut the weights short, then fix the framing and checksum.
    WeightsCut(f64),
    /// Anything at all.
    Random(Vec<u8>),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    let spots = || prop::collection::vec((0.0..1.0f64, any::<u8>()), 1..8);
    prop_oneof![
        2 => spots().prop_map(Mangle::Flip),
        1 => (0.0..1.0f64).prop_map(Mangle::Cut),
        1 => (0.0..1.0f64, prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, b)| Mangle::Insert(at, b)),
        3 => prop::collection::vec((0.0..1.0f64, prop_oneof![select(vec!['{', '}', '"', ',', ':', '[', ']', '0', '9', '-', 'e', ' ']), any::<char>()]), 1..6)
            .prop_map(Mangle::Header),
        2 => spots().prop_map(Mangle::Weights),
        1 => (0.0..1.0f64).prop_map(Mangle::WeightsCut),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(|mut b| {
            if b.len() > 8 { b[..8].copy_from_slice(MAGIC); }
            Mangle::Random(b)
        }),
    ]
}

fn at(fraction: f64, len: usize) -> usize {
    ((fraction * len as f64) as usize).min(len.saturating_sub(1))
}

fn apply(m: &Mangle) -> Vec<u8> {
    let mut bytes = good_file().to_vec();
    match m {
        Mangle::Flip(spots) => {
            for &(f, b) in spots {
                let i = at(f, bytes.len());
                bytes[i] = b;
            }
            bytes
        }
        Mangle::Cut(f) => bytes[..at(*f, bytes.len())].to_vec(),
        Mangle::Insert(f, extra) => {
            let i = at(*f, bytes.len());
            bytes.splice(i..i, extra.iter().copied());
            bytes
        }
        Mangle::Header(edits) => {
            let (header, weights) = sections();
            let mut text: Vec<char> = String::from_utf8_lossy(&header).chars().collect();
            for &(f, c) in edits {
                let i = at(f, text.len());
                text[i] = c;
            }
            reframe(text.into_iter().collect::<String>().as_bytes(), &weights)
        }
        Mangle::Weights(spots) => {
            let (header, mut weights) = sections();
            for &(f, b) in spots {
                let i = at(f, weights.len());
                weights[i] = b;
            }
            reframe(&header, &weights)
        }
        Mangle::WeightsCut(f) => {
            let (header, weights) = sections();
            reframe(&header, &weights[..at(*f, weights.len())])
        }
        Mangle::Random(b) => b.clone(),
    }
}

proptest! {
    #![proptest_config(config())]

    /// A mangled file is refused, or (when the mangling left it meaningful) loads as a model whose
    /// settings are in range; nothing panics on the way, in our reader or in burn's.
    #[test]
    fn any_model_file_is_refused_or_loads(m in mangle()) {
        let bytes = apply(&m);
        if let Ok(file) = ModelFile::from_bytes(&bytes) {
            let (config, _) = file.config();
            prop_assert_eq!(config.clone().clamped().0, config);
            let _ = Trainer::from_file(&file, &Device::flex());
        }
    }
}

/// The generators above do reach the loader: the untouched file loads, and framed edits get past
/// the checksum (so the header and weights parsers are what refuses them).
#[test]
fn the_mangled_files_reach_the_parsers_behind_the_framing() {
    let file = ModelFile::from_bytes(good_file()).expect("the good file reads");
    assert!(Trainer::from_file(&file, &Device::flex()).is_ok());
    let (header, weights) = sections();
    assert!(ModelFile::from_bytes(&reframe(&header, &weights)).is_ok(), "reframing alone changes nothing");
    let cut = reframe(&header, &weights[..weights.len() / 2]);
    let file = ModelFile::from_bytes(&cut).expect("framing and checksum are right");
    assert!(Trainer::from_file(&file, &Device::flex()).is_err(), "half the weights do not load");
}

/// The first failure the generators found (on a later run than the first 10,000 cases): one byte
/// of the weights turned a tensor's number type into `U32`, and burn panicked applying it. Such
/// a file is now refused before burn sees it.
#[test]
fn a_weight_tensor_of_another_number_type_is_refused() {
    let bytes = apply(&Mangle::Weights(vec![(0.03128967653991874, 85)]));
    let file = ModelFile::from_bytes(&bytes).expect("framing and checksum are right");
    match Trainer::from_file(&file, &Device::flex()) {
        Err(TrainError::BadWeights(why)) => assert!(why.contains("32-bit floats"), "{why}"),
        Err(other) => panic!("refused, but for another reason: {other}"),
        Ok(_) => panic!("loaded"),
    }
}
