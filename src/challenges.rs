//! Challenges: small goals for a lesson, checked live against the run's plain numbers, each
//! with a ladder of hints from a nudge to the answer. No DOM here: the page gathers a [`Progress`]
//! and asks [`Challenge::met`].

use crate::config::{Config, Lang, LessonId, Positional};

/// The challenges, by lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChallengeId {
    /// Sentiment: reach [`ONE_HEAD_ACCURACY`] validation accuracy with a single head.
    OneHead,
    /// Sentiment: select the head whose attention goes most to the negation word.
    FindNegation,
    /// Reverse: make the lesson fail by taking one component away (the positions).
    BreakReverse,
    /// Translate: train the attention-free baseline beside the model and see it lose.
    TranslateWithoutAttention,
    /// Sort: with causal attention (each digit sees only the ones before it) sort stays below
    /// [`CAUSAL_SORT_CEILING`].
    CausalSort,
}

/// Validation accuracy the one-head challenge asks for.
pub const ONE_HEAD_ACCURACY: f32 = 0.95;
/// Validation accuracy below which reverse counts as failed (a tenth of the digits is chance).
pub const FAILED_ACCURACY: f32 = 0.5;
/// Validation accuracy that causal sort stays below: the first positions must guess, the last
/// ones see every digit and can still be right.
pub const CAUSAL_SORT_CEILING: f32 = 0.7;
/// Training steps a challenge about failing needs before it counts (an untrained model fails too).
pub const FAIR_TRIAL_STEPS: usize = 300;

/// What the page knows of the run, as plain numbers.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// The settings of the model being trained.
    pub config: Config,
    /// Training steps so far.
    pub steps: usize,
    /// The latest validation accuracy of the model, and of the attention-free baseline.
    pub accuracy: Option<f32>,
    pub baseline_accuracy: Option<f32>,
    /// The probe's tokens, and the attention each receives in the selected layer and head
    /// (averaged over the queries).
    pub tokens: Vec<String>,
    pub received: Vec<f32>,
}

/// A challenge: its lesson, its words and its check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Challenge {
    pub id: ChallengeId,
    pub lesson: LessonId,
}

/// A challenge's goal and hints (first a nudge, last the answer) in one language.
pub struct ChallengeWords {
    pub goal: &'static str,
    pub hints: [&'static str; 3],
}

impl ChallengeId {
    pub const ALL: [ChallengeId; 5] = [
        ChallengeId::OneHead,
        ChallengeId::FindNegation,
        ChallengeId::BreakReverse,
        ChallengeId::CausalSort,
        ChallengeId::TranslateWithoutAttention,
    ];

    /// Its id in the page (`data-challenge`) and in the browser's memory of what is done.
    pub fn id(self) -> &'static str {
        match self {
            ChallengeId::OneHead => "one-head",
            ChallengeId::FindNegation => "find-negation",
            ChallengeId::BreakReverse => "break-reverse",
            ChallengeId::CausalSort => "causal-sort",
            ChallengeId::TranslateWithoutAttention => "translate-without-attention",
        }
    }

    pub fn from_id(id: &str) -> Option<ChallengeId> {
        ChallengeId::ALL.into_iter().find(|c| c.id() == id)
    }

    pub fn lesson(self) -> LessonId {
        match self {
            ChallengeId::OneHead | ChallengeId::FindNegation => LessonId::Sentiment,
            ChallengeId::BreakReverse => LessonId::Reverse,
            ChallengeId::CausalSort => LessonId::Sort,
            ChallengeId::TranslateWithoutAttention => LessonId::Translate,
        }
    }

    /// The challenges of `lesson`.
    pub fn of(lesson: LessonId) -> impl Iterator<Item = ChallengeId> {
        ChallengeId::ALL.into_iter().filter(move |c| c.lesson() == lesson)
    }

    /// Whether the run meets the goal.
    pub fn met(self, p: &Progress) -> bool {
        if p.config.lesson != self.lesson() {
            return false;
        }
        let accuracy = p.accuracy.unwrap_or(0.0);
        match self {
            ChallengeId::OneHead => p.config.n_heads == 1 && accuracy >= ONE_HEAD_ACCURACY,
            ChallengeId::FindNegation => {
                p.steps >= FAIR_TRIAL_STEPS && most_attended(p).is_some_and(|t| is_negation(t, p.config.lang))
            }
            ChallengeId::BreakReverse => {
                p.config.positional == Positional::None
                    && p.steps >= FAIR_TRIAL_STEPS
                    && p.accuracy.is_some_and(|a| a < FAILED_ACCURACY)
            }
            ChallengeId::CausalSort => {
                p.config.causal
                    && p.steps >= FAIR_TRIAL_STEPS
                    && p.accuracy.is_some_and(|a| a < CAUSAL_SORT_CEILING)
            }
            ChallengeId::TranslateWithoutAttention => {
                p.config.baseline
                    && p.steps >= FAIR_TRIAL_STEPS
                    && matches!((p.accuracy, p.baseline_accuracy), (Some(a), Some(b)) if a > b)
            }
        }
    }

    pub fn words(self, lang: Lang) -> ChallengeWords {
        let (goal, hints) = match (self, lang) {
            (ChallengeId::OneHead, Lang::En) => (
                "Reach 95 % validation accuracy with a single attention head.",
                [
                    "How many heads does the model have now? The Model settings say.",
                    "Set Heads to 1 (the model starts over), then train.",
                    "One head is enough here: train until Validation accuracy passes 95 %; a learning rate \
                     of 0.003–0.01 gets there fastest.",
                ],
            ),
            (ChallengeId::OneHead, Lang::Zh) => (
                "只用一个注意力头，让验证准确率达到 95%。",
                [
                    "模型现在有几个头？看“模型”设置。",
                    "把“头数”设为 1（模型会重新开始），然后训练。",
                    "这里一个头就够了：一直训练到验证准确率超过 95%；学习率 0.003–0.01 最快。",
                ],
            ),
            (ChallengeId::FindNegation, Lang::En) => (
                "Find the head that attends most to “not”: select it while a sentence with “not” is probed.",
                [
                    "Train first (at least 300 steps): an untrained head attends almost evenly.",
                    "Type a sentence with “not” under Try a sentence, e.g. “the film was not good”.",
                    "Go through the Layer and Head menus above the attention map; the right head gives the \
                     “not” column the most weight.",
                ],
            ),
            (ChallengeId::FindNegation, Lang::Zh) => (
                "找出最关注“不”的注意力头：在试一句带“不”的句子时选中它。",
                [
                    "先训练（至少 300 步）：没训练过的头几乎平均地关注每个字。",
                    "在“试一句话”里输入一句带“不”的话，例如“这部电影不好看”。",
                    "逐个切换注意力图上方的“层”和“头”；正确的头给“不”那一列的权重最大。",
                ],
            ),
            (ChallengeId::BreakReverse, Lang::En) => (
                "Make reverse fail by removing one component, and train it for 300 steps to be sure.",
                [
                    "To reverse a sequence, a token must know where it is.",
                    "Which setting tells the model the order of the tokens?",
                    "Set Positional information to none: attention alone sees a bag of tokens, so the \
                     accuracy stays low however long it trains.",
                ],
            ),
            (ChallengeId::BreakReverse, Lang::Zh) => (
                "去掉一个组件让“倒序”学不会，并训练 300 步确认。",
                [
                    "要把序列倒过来，每个词元都得知道自己在哪个位置。",
                    "哪个设置告诉模型词元的顺序？",
                    "把“位置信息”设为“无”：只靠注意力，模型看到的只是一袋词元，训练再久准确率也上不去。",
                ],
            ),
            (ChallengeId::CausalSort, Lang::En) => (
                "Find the attention pattern that keeps sort below 70 % accuracy; train 300 steps to show it.",
                [
                    "To put the smallest digit first, the first position must see every digit.",
                    "Look under Which keys each query sees.",
                    "Tick causal: each position sees only the digits before it, so the first answers are \
                     guesses (the last ones see every digit and can still be right).",
                ],
            ),
            (ChallengeId::CausalSort, Lang::Zh) => (
                "找出让“排序”准确率停在 70% 以下的注意力模式，并训练 300 步加以证明。",
                [
                    "要把最小的数字放在最前面，第一个位置必须看到所有数字。",
                    "看“每个查询能看到哪些键”下面的设置。",
                    "勾选“因果”：每个位置只能看到它前面的数字，前面的答案只能靠猜（最后几个位置能看到所有数字，仍可能答对）。",
                ],
            ),
            (ChallengeId::TranslateWithoutAttention, Lang::En) => (
                "Train translation with the attention-free baseline beside it until the model beats it.",
                [
                    "The baseline replaces every attention weight by an equal share.",
                    "Tick “train an attention-free baseline beside it” and train for a few hundred steps.",
                    "Compare the two translations of the probe: without attention every output step reads \
                     the same average of the source, so it cannot line up day, month and year.",
                ],
            ),
            (ChallengeId::TranslateWithoutAttention, Lang::Zh) => (
                "同时训练不用注意力的基线，直到模型胜过它。",
                [
                    "基线把每个注意力权重都换成相同的份额。",
                    "勾选“同时训练一个不用注意力的基线”，训练几百步。",
                    "比较两者对试句的翻译：没有注意力，每个输出步读到的都是原文的同一个平均，无法把日、月、年对应起来。",
                ],
            ),
        };
        ChallengeWords { goal, hints }
    }
}

/// The probe token the selected head attends to most.
fn most_attended(p: &Progress) -> Option<&str> {
    let (i, _) = p.received.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
    p.tokens.get(i).map(String::as_str)
}

/// Whether `token` is the negation word of the sentiment lesson in `lang`.
fn is_negation(token: &str, lang: Lang) -> bool {
    let token = token.to_lowercase();
    match lang {
        Lang::En => token == "not",
        Lang::Zh => token == "不",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(lesson: LessonId) -> Progress {
        Progress { config: crate::lessons::defaults(lesson), steps: 400, ..Progress::default() }
    }

    #[test]
    fn ids_round_trip_and_every_lesson_named_has_its_challenges() {
        for c in ChallengeId::ALL {
            assert_eq!(ChallengeId::from_id(c.id()), Some(c));
            assert!(ChallengeId::of(c.lesson()).any(|o| o == c));
            for lang in Lang::ALL {
                let words = c.words(lang);
                assert!(!words.goal.is_empty() && words.hints.iter().all(|h| !h.is_empty()));
            }
        }
    }

    #[test]
    fn one_head_needs_one_head_and_the_accuracy() {
        let mut p = progress(LessonId::Sentiment);
        p.accuracy = Some(0.97);
        assert!(!ChallengeId::OneHead.met(&p), "two heads by default");
        p.config.n_heads = 1;
        assert!(ChallengeId::OneHead.met(&p));
        p.accuracy = Some(0.94);
        assert!(!ChallengeId::OneHead.met(&p));
        p.accuracy = Some(0.99);
        p.config.lesson = LessonId::Reverse;
        assert!(!ChallengeId::OneHead.met(&p), "another lesson");
    }

    #[test]
    fn failing_counts_only_after_a_fair_trial_without_the_component() {
        let mut p = progress(LessonId::Reverse);
        p.accuracy = Some(0.2);
        assert!(!ChallengeId::BreakReverse.met(&p), "positions still on");
        p.config.positional = Positional::None;
        assert!(ChallengeId::BreakReverse.met(&p));
        p.steps = 10;
        assert!(!ChallengeId::BreakReverse.met(&p), "not trained enough to say");
    }

    #[test]
    fn the_negation_head_is_the_one_whose_attention_goes_most_to_not() {
        let mut p = progress(LessonId::Sentiment);
        p.tokens = ["the", "film", "was", "not", "good"].map(String::from).to_vec();
        p.received = vec![0.1, 0.2, 0.1, 0.4, 0.2];
        assert!(ChallengeId::FindNegation.met(&p));
        p.received = vec![0.1, 0.2, 0.1, 0.2, 0.4];
        assert!(!ChallengeId::FindNegation.met(&p));
        p.config.lang = Lang::Zh;
        p.tokens = ["电", "影", "不", "好"].map(String::from).to_vec();
        p.received = vec![0.1, 0.1, 0.7, 0.1];
        assert!(ChallengeId::FindNegation.met(&p));
    }

    #[test]
    fn the_baseline_challenge_needs_the_baseline_beaten() {
        let mut p = progress(LessonId::Translate);
        p.accuracy = Some(0.8);
        p.baseline_accuracy = Some(0.3);
        assert!(!ChallengeId::TranslateWithoutAttention.met(&p), "no baseline trained");
        p.config.baseline = true;
        assert!(ChallengeId::TranslateWithoutAttention.met(&p));
        p.baseline_accuracy = Some(0.9);
        assert!(!ChallengeId::TranslateWithoutAttention.met(&p));
    }
}
