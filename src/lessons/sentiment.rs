//! **Sentiment**: is a short review positive, negative or neutral?
//!
//! The sentences come from a small grammar shipped here, in English (word tokens) and Chinese
//! (character tokens), so the data is the same on every machine and needs no download. The grammar
//! is built so that counting good and bad words is not enough; the model has to look at how the
//! words relate:
//!
//! - **negation**: "the movie was not good" is negative; "not bad" / "不差" is neutral;
//! - **intensifiers**: "very", "really" / 很, 非常 change nothing about the class;
//! - **contrast**: in "A but B" the clause after "but" / 但是 decides:
//!   "the food was bad but the service was great" is positive.
//!
//! One encoded example (English, after training on the default seed):
//!
//! ```text
//! text     the food was bad but the service was great
//! tokens   the food was bad but the service was great     (9 tokens, ids from the vocabulary)
//! label    positive                                       (class id 2)
//! ```
//!
//! Attention pattern to expect: the tokens attend strongly to "not" and to the adjective it
//! negates, and after "but" to the second clause's adjective; "the", "was" and padding get little
//! or no weight.

use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use std::collections::HashSet;

use super::{Example, LessonData, Proportions, split_train_validation_test, tokenize};
use crate::config::Lang;

/// Class ids, in the order of [`CLASSES`].
pub const NEGATIVE: usize = 0;
pub const NEUTRAL: usize = 1;
pub const POSITIVE: usize = 2;
/// Class names, also the probe prediction's `data-value`.
pub const CLASSES: [&str; 3] = ["negative", "neutral", "positive"];

/// Topics of the multi-task lesson: what a sentence's deciding clause is about.
pub const TOPICS: [&str; 4] = ["film", "restaurant", "book", "music"];

/// Distinct sentences generated per language.
pub const SENTENCES: usize = 1000;
/// Longest sentence the model is built for, in tokens.
pub const MAX_LEN: usize = 32;

/// The lesson's own example sentence.
pub fn default_probe(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "the food was bad but the service was great",
        Lang::Zh => "菜很差，但是服务很好",
    }
}

/// Negation sentences that are never generated, so a test can ask whether the model learned
/// negation rather than memorised sentences. (text, class)
pub fn held_out(lang: Lang) -> &'static [(&'static str, usize)] {
    match lang {
        Lang::En => &[
            ("the book was not excellent", NEGATIVE),
            ("this film is not very good", NEGATIVE),
            ("this movie is not wonderful", NEGATIVE),
            ("the service was not terrible", NEUTRAL),
            ("the music was not boring", NEUTRAL),
            ("the story was not really bad", NEUTRAL),
            ("the food was not good but the service was great", POSITIVE),
            ("the movie was great but the story was not good", NEGATIVE),
        ],
        Lang::Zh => &[
            ("这本书不精彩", NEGATIVE),
            ("这部电影不太好", NEGATIVE),
            ("菜不是很好", NEGATIVE),
            ("服务不差", NEUTRAL),
            ("音乐不无聊", NEUTRAL),
            ("这首歌并不糟糕", NEUTRAL),
            ("菜不好，但是服务很棒", POSITIVE),
            ("电影很好，但是音乐不太好", NEGATIVE),
        ],
    }
}

/// The words of one language's grammar.
struct Grammar {
    subjects: &'static [&'static str],
    /// The topic (index in [`TOPICS`]) of each subject.
    topics: &'static [usize],
    /// Copulas between subject and adjective ("was"); Chinese needs none.
    verbs: &'static [&'static str],
    /// Degree adverbs; `""` means none. Chinese always uses one (很 is almost obligatory).
    intensifiers: &'static [&'static str],
    positive: &'static [&'static str],
    negative: &'static [&'static str],
    neutral: &'static [&'static str],
    /// Negations placed before the adjective.
    negations: &'static [&'static str],
    /// Whether a degree adverb may follow the negation ("not very good"; Chinese says 不太好).
    negation_takes_intensifier: bool,
    /// "but"-words joining two clauses.
    contrasts: &'static [&'static str],
    /// How the parts are joined into text.
    separator: &'static str,
    contrast_separator: &'static str,
}

const ENGLISH: Grammar = Grammar {
    subjects: &[
        "the movie",
        "this movie",
        "the film",
        "this film",
        "the food",
        "the service",
        "the book",
        "this book",
        "the music",
        "the story",
    ],
    topics: &[0, 0, 0, 0, 1, 1, 2, 2, 3, 2],
    verbs: &["was", "is"],
    intensifiers: &["", "very", "really"],
    positive: &["good", "great", "excellent", "wonderful"],
    negative: &["bad", "terrible", "boring", "awful"],
    neutral: &["okay", "fine", "average"],
    negations: &["not"],
    negation_takes_intensifier: true,
    contrasts: &["but"],
    separator: " ",
    contrast_separator: " ",
};

const CHINESE: Grammar = Grammar {
    subjects: &["这部电影", "电影", "这本书", "书", "这首歌", "菜", "服务", "音乐", "这个故事", "这家餐厅"],
    topics: &[0, 0, 2, 2, 3, 1, 1, 3, 2, 1],
    verbs: &[""],
    intensifiers: &["很", "非常", "真", "特别"],
    positive: &["好", "棒", "精彩", "出色"],
    negative: &["差", "糟糕", "无聊", "烂"],
    neutral: &["一般", "普通", "平常"],
    negations: &["不", "不太", "不是很", "并不"],
    negation_takes_intensifier: false,
    contrasts: &["但是", "但"],
    separator: "",
    contrast_separator: "，",
};

fn grammar(lang: Lang) -> &'static Grammar {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Zh => &CHINESE,
    }
}

/// One clause, its class and its topic.
fn clause(g: &Grammar, rng: &mut StdRng, negated: bool) -> (String, usize, usize) {
    let which = rng.random_range(0..g.subjects.len());
    let (subject, topic) = (g.subjects[which], g.topics[which]);
    let verb = g.verbs.choose(rng).copied().unwrap_or_default();
    let (adjective, class) = if negated {
        // Negating a positive word makes the clause negative; negating a negative one only
        // takes the sting out ("not bad" is neutral, not praise).
        if rng.random_bool(0.5) {
            (g.positive.choose(rng).copied().unwrap_or_default(), NEGATIVE)
        } else {
            (g.negative.choose(rng).copied().unwrap_or_default(), NEUTRAL)
        }
    } else {
        match rng.random_range(0..3) {
            0 => (g.positive.choose(rng).copied().unwrap_or_default(), POSITIVE),
            1 => (g.negative.choose(rng).copied().unwrap_or_default(), NEGATIVE),
            _ => (g.neutral.choose(rng).copied().unwrap_or_default(), NEUTRAL),
        }
    };
    let mut parts = vec![subject, verb];
    if negated {
        let negation = g.negations.choose(rng).copied().unwrap_or_default();
        parts.push(negation);
        if g.negation_takes_intensifier {
            parts.push(g.intensifiers.choose(rng).copied().unwrap_or_default());
        }
    } else {
        parts.push(g.intensifiers.choose(rng).copied().unwrap_or_default());
    }
    parts.push(adjective);
    let words: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (words.join(g.separator), class, topic)
}

/// One sentence: a plain clause, a negated clause, or two clauses of opposite polarity joined
/// by "but" (class and topic of the second).
fn sentence(g: &Grammar, rng: &mut StdRng) -> (String, usize, usize) {
    let kind = rng.random_range(0..100);
    if kind < 35 {
        return clause(g, rng, false);
    }
    if kind < 65 {
        return clause(g, rng, true);
    }
    loop {
        let negate_first = rng.random_bool(0.3);
        let (first, a, _) = clause(g, rng, negate_first);
        let negate_second = rng.random_bool(0.3);
        let (second, b, topic) = clause(g, rng, negate_second);
        let polar = |c| c == POSITIVE || c == NEGATIVE;
        if polar(a) && polar(b) && a != b {
            let but = g.contrasts.choose(rng).copied().unwrap_or_default();
            let text = if g.separator.is_empty() {
                format!("{first}{}{but}{second}", g.contrast_separator)
            } else {
                format!("{first} {but} {second}")
            };
            return (text, b, topic);
        }
    }
}

/// Word groups the embedding map colours by: each token of the grammar's word lists, unless it
/// belongs to more than one list (a Chinese character such as 不 in 不太 and in 不是很 counts
/// once; one shared by two lists is left out).
pub fn word_groups(lang: Lang) -> Vec<(String, &'static str)> {
    let g = grammar(lang);
    let lists: [(&[&str], &'static str); 6] = [
        (g.positive, "positive"),
        (g.negative, "negative"),
        (g.neutral, "neutral"),
        (g.negations, "negation"),
        (g.intensifiers, "intensifier"),
        (g.contrasts, "contrast"),
    ];
    let mut groups: Vec<(String, &'static str)> = Vec::new();
    let mut ambiguous = HashSet::new();
    for (words, group) in lists {
        for token in words.iter().flat_map(|w| tokenize(w, lang)) {
            match groups.iter().find(|(t, _)| *t == token) {
                Some((_, g)) if *g != group => {
                    ambiguous.insert(token);
                }
                Some(_) => {}
                None => groups.push((token, group)),
            }
        }
    }
    groups.retain(|(t, _)| !ambiguous.contains(t));
    groups
}

/// The lesson's data for `lang`: [`SENTENCES`] distinct sentences drawn with `seed`, none of
/// them in [`held_out`], split 70/15/15.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let (examples, _) = sentences(lang, seed);
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), MAX_LEN, default_probe(lang), train, validation, test)
        .with_word_groups(word_groups(lang))
}

/// The sentences of [`generate`], each with the topic of its deciding clause.
pub fn sentences(lang: Lang, seed: u64) -> (Vec<Example>, Vec<usize>) {
    let g = grammar(lang);
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5e47_1e47);
    let excluded: HashSet<&str> = held_out(lang).iter().map(|(text, _)| *text).collect();
    let mut seen = HashSet::new();
    let mut examples = Vec::with_capacity(SENTENCES);
    let mut topics = Vec::with_capacity(SENTENCES);
    while examples.len() < SENTENCES {
        let (text, label, topic) = sentence(g, &mut rng);
        if excluded.contains(text.as_str()) || !seen.insert(text.clone()) {
            continue;
        }
        examples.push(Example::new(text, lang, label));
        topics.push(topic);
    }
    (examples, topics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_covers_the_required_words() {
        let data = generate(Lang::En, 1, Proportions::default());
        for word in "the this movie film food service book was is good great excellent bad terrible \
                     boring okay fine average not very really but"
            .split_whitespace()
        {
            assert!(data.vocab.contains(word), "missing {word}");
        }
        let data = generate(Lang::Zh, 1, Proportions::default());
        for c in "这部电影菜服务书很非常好棒差糟一般不但".chars() {
            assert!(data.vocab.contains(&c.to_string()), "missing {c}");
        }
    }

    #[test]
    fn word_groups_put_polarity_words_apart() {
        let groups = word_groups(Lang::En);
        let group = |t: &str| groups.iter().find(|(w, _)| w == t).map(|(_, g)| *g);
        assert_eq!(group("good"), Some("positive"));
        assert_eq!(group("awful"), Some("negative"));
        assert_eq!(group("not"), Some("negation"));
        assert_eq!(group("the"), None);
        let groups = word_groups(Lang::Zh);
        assert!(groups.iter().any(|(w, g)| w == "不" && *g == "negation"));
        assert!(groups.iter().any(|(w, g)| w == "差" && *g == "negative"));
    }

    #[test]
    fn same_seed_same_data() {
        let a = generate(Lang::En, 7, Proportions::default());
        let b = generate(Lang::En, 7, Proportions::default());
        assert_eq!(a.train, b.train);
        assert_ne!(a.train, generate(Lang::En, 8, Proportions::default()).train);
    }

    #[test]
    fn held_out_sentences_are_never_generated() {
        for lang in Lang::ALL {
            let data = generate(lang, 42, Proportions::default());
            for (text, _) in held_out(lang) {
                let all = data.train.iter().chain(&data.validation).chain(&data.test);
                assert!(all.clone().all(|e| e.text != *text), "{text} was generated");
            }
        }
    }

    #[test]
    fn every_class_is_well_represented() {
        for lang in Lang::ALL {
            let data = generate(lang, 42, Proportions::default());
            for class in 0..CLASSES.len() {
                let n = data.train.iter().filter(|e| e.label == class).count();
                assert!(n > data.train.len() / 6, "{lang:?} class {class}: {n}");
            }
        }
    }
}
