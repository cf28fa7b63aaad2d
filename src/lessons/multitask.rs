//! **Multi-task** (the seed's section on multi-task learning): one shared encoder, two heads.
//! The sentences of the sentiment lesson, each labelled twice: its sentiment, and its topic — what
//! the deciding clause is about (film, restaurant, book, music).
//!
//! ```text
//! input      the food was bad but the service was great
//! sentiment  positive          (the clause after "but" decides)
//! topic      restaurant        (so does it here: "the service")
//! ```
//!
//! Both heads read the same pooled vector, so the encoder must serve both; the loss is
//! `loss_sentiment + w · loss_topic` with the weight `w` a knob. Both tasks need the same piece of
//! structure — which clause decides — so learning one helps the other.

use super::sentiment::{self, CLASSES, MAX_LEN, TOPICS};
use super::{LessonData, Proportions, split_train_validation_test};
use crate::config::Lang;

pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let (mut examples, topics) = sentiment::sentences(lang, seed);
    for (example, topic) in examples.iter_mut().zip(topics) {
        example.second = topic;
    }
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), MAX_LEN, sentiment::default_probe(lang), train, validation, test)
        .with_word_groups(sentiment::word_groups(lang))
        .with_second_task(TOPICS.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_has_a_topic_and_every_topic_occurs() {
        for lang in Lang::ALL {
            let data = generate(lang, 3, Proportions::default());
            assert_eq!(data.second_classes.len(), TOPICS.len());
            for topic in 0..TOPICS.len() {
                assert!(
                    data.train.iter().filter(|e| e.second == topic).count() > 50,
                    "{lang:?} topic {topic}"
                );
            }
        }
        let data = generate(Lang::En, 3, Proportions::default());
        let music = data.train.iter().find(|e| e.text == "the music was great").map(|e| e.second);
        assert!(music.is_none() || music == Some(3));
    }
}
