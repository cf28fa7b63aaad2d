//! **Recommendation** (the seed's attention over a user's behaviour): a shopper's recent
//! purchases, oldest first; predict what they buy next.
//!
//! ```text
//! history  boots tent mug camera lantern mug      (6 to 10 items, from four shops)
//! output   –     –    –   –      –       lens     (only the last position is asked)
//! ```
//!
//! Most items are bought for their own sake, mostly in the shopper's favourite shop. A few are
//! purchases that call for another soon: a camera for a lens, a tent for a tarp, a console for a
//! controller… The next item is what the *latest* such purchase calls for, however many items
//! came after it. The model is causal (a position sees only the purchases before it, as a
//! recommender does) and answers at the last position; it is scored by accuracy (its first
//! guess) and by hit rate at 5 (the right item among its five most likely), as recommenders are.
//!
//! Attention pattern to expect: the last position attends to the latest purchase that calls for
//! another.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{Example, ExpectedPattern, LessonData, Proportions, split_train_validation_test};
use crate::config::{Config, Lang};

/// Items per shop: two purchases that call for another, the two they call for, two others.
const PER_SHOP: usize = 6;
pub const SHOPS: usize = 4;
/// (English, Chinese) names, shop by shop in the order of [`PER_SHOP`].
pub const ITEMS: [(&str, &str); SHOPS * PER_SHOP] = [
    ("camera", "相机"),
    ("drone", "无人机"),
    ("lens", "镜头"),
    ("propeller", "螺旋桨"),
    ("tripod", "三脚架"),
    ("strap", "背带"),
    ("tent", "帐篷"),
    ("kayak", "皮划艇"),
    ("tarp", "天幕"),
    ("paddle", "船桨"),
    ("boots", "登山靴"),
    ("lantern", "营灯"),
    ("console", "游戏机"),
    ("keyboard", "键盘"),
    ("controller", "手柄"),
    ("mouse", "鼠标"),
    ("game", "游戏"),
    ("headphones", "耳机"),
    ("kettle", "水壶"),
    ("wok", "炒锅"),
    ("tea", "茶叶"),
    ("spatula", "锅铲"),
    ("mug", "马克杯"),
    ("apron", "围裙"),
];
pub const MIN_LEN: usize = 6;
pub const MAX_LEN: usize = 10;
pub const EXAMPLES: usize = 4000;
/// Share of the other purchases made in the shopper's favourite shop.
const LOYALTY: f64 = 0.7;
/// A camera bought among other things, then two more purchases: a lens comes next.
pub const DEFAULT_PROBE_EN: &str = "boots tent mug camera lantern mug";
pub const DEFAULT_PROBE_ZH: &str = "登山靴 帐篷 马克杯 相机 营灯 马克杯";

pub fn default_probe(lang: Lang) -> &'static str {
    match lang {
        Lang::En => DEFAULT_PROBE_EN,
        Lang::Zh => DEFAULT_PROBE_ZH,
    }
}

/// An item's name in `lang`.
pub fn name(item: usize, lang: Lang) -> &'static str {
    match lang {
        Lang::En => ITEMS[item].0,
        Lang::Zh => ITEMS[item].1,
    }
}

/// The item a token names, in either language.
pub fn item(token: &str) -> Option<usize> {
    ITEMS.iter().position(|(en, zh)| en.eq_ignore_ascii_case(token) || *zh == token)
}

/// The item `item` calls for, if it is a purchase that calls for another.
pub fn calls_for(item: usize) -> Option<usize> {
    (item % PER_SHOP < 2).then_some(item + 2)
}

/// Items bought for their own sake (all but the eight that call for another).
fn others(shop: Option<usize>) -> Vec<usize> {
    (0..ITEMS.len()).filter(|&i| calls_for(i).is_none() && shop.is_none_or(|s| i / PER_SHOP == s)).collect()
}

/// A history is written as item names separated by spaces.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// The position of the latest purchase that calls for another.
pub fn latest_call(tokens: &[String]) -> Option<usize> {
    tokens.iter().rposition(|t| item(t).and_then(calls_for).is_some())
}

/// The last position → the latest purchase that calls for another.
pub fn expected(tokens: &[String]) -> Vec<(usize, usize)> {
    match (tokens.len().checked_sub(1), latest_call(tokens)) {
        (Some(last), Some(k)) => vec![(last, k)],
        _ => Vec::new(),
    }
}

/// One shopper's history (item ids) and the item bought next.
pub fn draw(rng: &mut StdRng) -> (Vec<usize>, usize) {
    let len = rng.random_range(MIN_LEN..=MAX_LEN);
    let favourite = rng.random_range(0..SHOPS);
    let (loyal, any) = (others(Some(favourite)), others(None));
    let mut history: Vec<usize> = (0..len)
        .map(|_| {
            let pool = if rng.random_bool(LOYALTY) { &loyal } else { &any };
            pool[rng.random_range(0..pool.len())]
        })
        .collect();
    // One or two purchases that call for another, at random places.
    let mut calling: Vec<usize> = (0..ITEMS.len()).filter(|&i| calls_for(i).is_some()).collect();
    calling.shuffle(rng);
    let mut places: Vec<usize> = (0..len).collect();
    places.shuffle(rng);
    let count = if rng.random_bool(0.6) { 1 } else { 2 };
    for (&place, &item) in places.iter().zip(&calling).take(count) {
        history[place] = item;
    }
    let next = calls_for(history[places[..count].iter().copied().max().unwrap_or(0)]).unwrap_or(0);
    (history, next)
}

/// The histories of the lesson, in `lang`'s item names, split 70/15/15.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x00b0_0c5e);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let (history, next) = draw(&mut rng);
            let tokens: Vec<String> = history.iter().map(|&i| name(i, lang).to_string()).collect();
            let mut targets = vec![None; tokens.len()];
            targets[tokens.len() - 1] = Some(next);
            Example::per_token(tokens, targets)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    let classes = (0..ITEMS.len()).map(|i| name(i, lang));
    LessonData::new(lang, classes, MAX_LEN, default_probe(lang), train, validation, test)
        .per_token(tokenize, Some(ExpectedPattern::Tokens(expected)))
        .asking(|len| (0..len).map(|i| i + 1 == len).collect())
}

/// A causal two-layer model, as a recommender reads a history.
pub fn defaults(config: Config) -> Config {
    Config { causal: true, n_layers: 2, n_heads: 2, epochs: 12, ..config }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        tokenize(text)
    }

    #[test]
    fn the_next_item_is_what_the_latest_calling_purchase_calls_for() {
        assert_eq!(calls_for(item("camera").unwrap()).map(|i| name(i, Lang::En)), Some("lens"));
        assert_eq!(calls_for(item("炒锅").unwrap()).map(|i| name(i, Lang::Zh)), Some("锅铲"));
        assert_eq!(calls_for(item("mug").unwrap()), None);
        // The default probe: the camera at position 3; in Chinese the same.
        assert_eq!(expected(&tokens(DEFAULT_PROBE_EN)), vec![(5, 3)]);
        assert_eq!(expected(&tokens(DEFAULT_PROBE_ZH)), vec![(5, 3)]);
        // Two: the later one counts; none: nothing expected.
        assert_eq!(expected(&tokens("kettle mug Camera tripod")), vec![(3, 2)]);
        assert!(expected(&tokens("mug tea boots")).is_empty());
        let data = generate(Lang::En, 3, Proportions::default());
        for e in data.train.iter().take(300) {
            let at = latest_call(&e.tokens).expect("every history has a purchase that calls for another");
            let wanted = calls_for(item(&e.tokens[at]).unwrap());
            assert_eq!(*e.targets.last().unwrap(), wanted);
            assert!(e.targets[..e.tokens.len() - 1].iter().all(Option::is_none));
            assert!((MIN_LEN..=MAX_LEN).contains(&e.tokens.len()));
        }
        let zh = generate(Lang::Zh, 3, Proportions::default());
        assert_eq!(zh.classes[2], "镜头");
        assert_eq!(zh.train[0].targets, data.train[0].targets, "the same shoppers in either language");
    }
}
