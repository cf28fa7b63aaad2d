//! **Multimodal matching** (the seed's image-and-text example): a tiny picture of coloured shapes
//! and a one-line caption; does the caption describe the picture?
//!
//! ```text
//! picture  a grid of 3 × 2 cells of 5 × 5 coloured pixels, three shapes of three colours
//! caption  "red circle left of blue square" / "红色圆形在蓝色方块左边"   (6 words)
//! model    the caption's words cross-attend to the picture's 6 patches (cells)
//! output   match / no match
//! ```
//!
//! The caption names two of the shapes. Half the captions are true; the others are changed in one
//! way: the relation flipped, the two colours swapped between the shapes, or a colour or a form
//! named that no shape there has. So the model has to find each named shape, check its colour
//! and form, and compare where the two are. Attention pattern to expect: the two words naming a
//! shape ("red circle") attend to the patch that holds it.
//!
//! An example travels as text (the probe, the URL): the caption, a bar, and what the picture
//! holds, each shape as colour-shape@cell with cells numbered 1–6 row by row, e.g.
//! `red circle left of blue square | red-circle@1 blue-square@6`.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{
    Example, ExpectedPattern, ImageInput, InputError, LessonData, Proportions, split_train_validation_test,
};
use crate::config::{Config, Lang};

pub const COLS: usize = 3;
pub const ROWS: usize = 2;
pub const CELLS: usize = COLS * ROWS;
/// Pixels per side of a cell.
pub const CELL: usize = 5;
/// Values per patch: a cell's pixels, red, green and blue each.
pub const PATCH_VALUES: usize = CELL * CELL * 3;
pub const COLOURS: [&str; 4] = ["red", "green", "blue", "yellow"];
pub const COLOURS_ZH: [&str; 4] = ["红色", "绿色", "蓝色", "黄色"];
/// Each colour's red, green and blue.
pub const RGB: [[f32; 3]; 4] = [[1.0, 0.0, 0.0], [0.0, 0.8, 0.0], [0.0, 0.0, 1.0], [1.0, 0.9, 0.0]];
pub const SHAPES: [&str; 3] = ["circle", "square", "triangle"];
pub const SHAPES_ZH: [&str; 3] = ["圆形", "方块", "三角形"];
/// Class 0: the caption describes the picture.
pub const CLASSES: [&str; 2] = ["match", "no match"];
pub const EXAMPLES: usize = 10000;
/// Shapes in a picture of the lesson's data.
pub const OBJECTS: usize = 3;
/// A caption is 6 words in either language.
pub const MAX_LEN: usize = 6;

/// Each shape's pixels in a cell, row by row.
#[rustfmt::skip]
const MASKS: [[u8; CELL * CELL]; 3] = [
    [0,1,1,1,0, 1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1, 0,1,1,1,0], // circle
    [1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1, 1,1,1,1,1], // square
    [0,0,1,0,0, 0,1,1,1,0, 0,1,1,1,0, 1,1,1,1,1, 1,1,1,1,1], // triangle
];

/// A shape of a colour in a cell (0-based, row by row).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Object {
    pub colour: usize,
    pub shape: usize,
    pub cell: usize,
}

impl Object {
    pub fn column(&self) -> usize {
        self.cell % COLS
    }
}

/// What a picture holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    pub objects: Vec<Object>,
}

/// Why a text is not a caption and a picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PictureError {
    #[error("write the caption, a bar |, then the picture, e.g. red-circle@1 blue-square@6")]
    NoPicture,
    #[error("“{0}” is not a shape in the picture: write colour-shape@cell, e.g. red-circle@1")]
    Term(String),
    #[error("“{0}” is not a colour: the colours are red, green, blue and yellow")]
    Colour(String),
    #[error("“{0}” is not a shape: the shapes are circle, square and triangle")]
    Shape(String),
    #[error("the cells are numbered 1 to 6; found “{0}”")]
    Cell(String),
    #[error("cell {0} holds two shapes")]
    Taken(usize),
}

impl Picture {
    /// Reads [`Picture::to_text`]'s text: `colour-shape@cell` terms, cells 1–6.
    pub fn parse(text: &str) -> Result<Self, PictureError> {
        let mut picture = Self::default();
        for term in text.split_whitespace() {
            let (name, cell) = term.split_once('@').ok_or_else(|| PictureError::Term(term.into()))?;
            let (colour, shape) = name.split_once('-').ok_or_else(|| PictureError::Term(term.into()))?;
            let find = |names: &[&str], name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
            let colour = find(&COLOURS, colour).ok_or_else(|| PictureError::Colour(colour.into()))?;
            let shape = find(&SHAPES, shape).ok_or_else(|| PictureError::Shape(shape.into()))?;
            let cell = cell
                .parse::<usize>()
                .ok()
                .filter(|c| (1..=CELLS).contains(c))
                .ok_or_else(|| PictureError::Cell(cell.into()))?
                - 1;
            if picture.at(cell).is_some() {
                return Err(PictureError::Taken(cell + 1));
            }
            picture.objects.push(Object { colour, shape, cell });
        }
        Ok(picture)
    }

    pub fn to_text(&self) -> String {
        let terms =
            self.objects.iter().map(|o| format!("{}-{}@{}", COLOURS[o.colour], SHAPES[o.shape], o.cell + 1));
        terms.collect::<Vec<_>>().join(" ")
    }

    /// The shape in `cell`, if any.
    pub fn at(&self, cell: usize) -> Option<&Object> {
        self.objects.iter().find(|o| o.cell == cell)
    }

    /// `[CELLS, PATCH_VALUES]` row-major: each cell's pixels row by row, each pixel's red, green
    /// and blue (a cell without a shape is black).
    pub fn patches(&self) -> Vec<f32> {
        let mut values = vec![0.0; CELLS * PATCH_VALUES];
        for o in &self.objects {
            let patch = &mut values[o.cell * PATCH_VALUES..(o.cell + 1) * PATCH_VALUES];
            for (pixel, &on) in MASKS[o.shape].iter().enumerate() {
                if on == 1 {
                    patch[pixel * 3..pixel * 3 + 3].copy_from_slice(&RGB[o.colour]);
                }
            }
        }
        values
    }

    /// Whether a shape of `colour` and `shape` is here; its first cell.
    fn find(&self, colour: usize, shape: usize) -> Option<&Object> {
        self.objects.iter().find(|o| o.colour == colour && o.shape == shape)
    }
}

/// Which way the first-named shape is from the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    LeftOf,
    RightOf,
}

/// What a caption says: a (colour, shape) is left or right of another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caption {
    pub first: (usize, usize),
    pub relation: Relation,
    pub second: (usize, usize),
}

impl Caption {
    /// The caption's words in `lang`.
    pub fn words(&self, lang: Lang) -> Vec<String> {
        let (c1, s1) = self.first;
        let (c2, s2) = self.second;
        let words: Vec<&str> = match (lang, self.relation) {
            (Lang::En, Relation::LeftOf) => {
                vec![COLOURS[c1], SHAPES[s1], "left", "of", COLOURS[c2], SHAPES[s2]]
            }
            (Lang::En, Relation::RightOf) => {
                vec![COLOURS[c1], SHAPES[s1], "right", "of", COLOURS[c2], SHAPES[s2]]
            }
            (Lang::Zh, relation) => vec![
                COLOURS_ZH[c1],
                SHAPES_ZH[s1],
                "在",
                COLOURS_ZH[c2],
                SHAPES_ZH[s2],
                if relation == Relation::LeftOf { "左边" } else { "右边" },
            ],
        };
        words.into_iter().map(str::to_string).collect()
    }

    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.words(lang).join(" "),
            Lang::Zh => self.words(lang).concat(),
        }
    }

    /// Reads a caption's words (either language): two colour–shape pairs and a relation; `None`
    /// when the words say something else.
    pub fn read(words: &[String]) -> Option<Self> {
        let pairs: Vec<(usize, usize)> =
            words.windows(2).filter_map(|w| Some((colour_of(&w[0])?, shape_of(&w[1])?))).collect();
        let relation = words.iter().find_map(|w| match w.as_str() {
            "left" | "左边" => Some(Relation::LeftOf),
            "right" | "右边" => Some(Relation::RightOf),
            _ => None,
        })?;
        match pairs[..] {
            [first, second] => Some(Self { first, relation, second }),
            _ => None,
        }
    }

    /// Whether the picture shows it: both shapes are there, in columns that stand in the relation.
    pub fn holds(&self, picture: &Picture) -> bool {
        let (Some(a), Some(b)) =
            (picture.find(self.first.0, self.first.1), picture.find(self.second.0, self.second.1))
        else {
            return false;
        };
        match self.relation {
            Relation::LeftOf => a.column() < b.column(),
            Relation::RightOf => a.column() > b.column(),
        }
    }
}

/// A colour word's colour (either language).
pub fn colour_of(word: &str) -> Option<usize> {
    COLOURS.iter().position(|c| *c == word).or_else(|| COLOURS_ZH.iter().position(|c| *c == word))
}

/// A shape word's shape (either language).
pub fn shape_of(word: &str) -> Option<usize> {
    SHAPES.iter().position(|s| *s == word).or_else(|| SHAPES_ZH.iter().position(|s| *s == word))
}

/// The caption and the picture of an example's text.
pub fn split(text: &str) -> Result<(&str, Picture), PictureError> {
    let (caption, picture) = text.split_once('|').ok_or(PictureError::NoPicture)?;
    Ok((caption.trim(), Picture::parse(picture)?))
}

/// The caption's words: Latin words split at spaces (lower case), Chinese text cut into the
/// lesson's words (longest first), any other character a word of its own.
pub fn tokenize(text: &str) -> Vec<String> {
    const LEXICON: [&str; 10] =
        ["红色", "绿色", "蓝色", "黄色", "三角形", "圆形", "方块", "左边", "右边", "在"];
    let caption = text.split_once('|').map_or(text, |(caption, _)| caption);
    let mut words = Vec::new();
    for chunk in caption.split_whitespace() {
        if chunk.is_ascii() {
            words.push(chunk.to_lowercase());
            continue;
        }
        let mut rest = chunk;
        while let Some(c) = rest.chars().next() {
            let word = LEXICON.iter().find(|w| rest.starts_with(**w)).copied();
            let len = word.map_or(c.len_utf8(), str::len);
            words.push(rest[..len].to_string());
            rest = &rest[len..];
        }
    }
    words
}

/// (word, patch): a colour word and the shape word after it ("red circle") → the patch of the
/// shape they name, when the picture has it (none for a text without a picture).
pub fn expected(text: &str) -> Vec<(usize, usize)> {
    let Ok((_, picture)) = split(text) else {
        return Vec::new();
    };
    let words = tokenize(text);
    let mut cells = Vec::new();
    for (i, pair) in words.windows(2).enumerate() {
        if let (Some(colour), Some(shape)) = (colour_of(&pair[0]), shape_of(&pair[1]))
            && let Some(object) = picture.find(colour, shape)
        {
            cells.extend([(i, object.cell), (i + 1, object.cell)]);
        }
    }
    cells
}

/// How the model reads a text's picture.
pub const PICTURE: ImageInput = ImageInput {
    read: |text| split(text).map(|(_, p)| p.patches()).map_err(InputError::Picture),
    patches: CELLS,
    patch_pixels: PATCH_VALUES,
};

/// Three shapes of three colours; the caption names two of them (of different forms, in
/// different columns), truly, then half of the time changed in one way so that it is false: the
/// relation flipped, the two colours swapped, or one named shape given a colour or a form that
/// no shape of its kind has. The third shape is there so that "the other one" is never enough to
/// know which one was meant. Returns the text and the label.
pub fn draw(rng: &mut StdRng, lang: Lang) -> (String, usize) {
    let mut columns = [0, 1, 2];
    columns.shuffle(rng);
    let mut colours = [0, 1, 2, 3];
    colours.shuffle(rng);
    let mut shapes = [0, 1, 2];
    shapes.shuffle(rng);
    let mut objects: Vec<Object> = (0..2)
        .map(|i| Object {
            colour: colours[i],
            shape: shapes[i],
            cell: rng.random_range(0..ROWS) * COLS + columns[i],
        })
        .collect();
    let free: Vec<usize> = (0..CELLS).filter(|c| objects.iter().all(|o| o.cell != *c)).collect();
    let cell = free[rng.random_range(0..free.len())];
    objects.push(Object { colour: colours[2], shape: rng.random_range(0..SHAPES.len()), cell });
    let (a, b) = if rng.random_bool(0.5) { (objects[0], objects[1]) } else { (objects[1], objects[0]) };
    objects.shuffle(rng);
    let picture = Picture { objects };
    let relation = if a.column() < b.column() { Relation::LeftOf } else { Relation::RightOf };
    let truth = Caption { first: (a.colour, a.shape), relation, second: (b.colour, b.shape) };
    if rng.random_bool(0.5) {
        return (format!("{} | {}", truth.text(lang), picture.to_text()), 0);
    }
    let caption = loop {
        let mut caption = truth;
        let named = if rng.random_bool(0.5) { &mut caption.first } else { &mut caption.second };
        match rng.random_range(0..4) {
            0 => {
                caption.relation =
                    if relation == Relation::LeftOf { Relation::RightOf } else { Relation::LeftOf };
            }
            // Binding: each colour on the other shape.
            1 => std::mem::swap(&mut caption.first.0, &mut caption.second.0),
            2 => named.0 = rng.random_range(0..COLOURS.len()),
            _ => named.1 = rng.random_range(0..SHAPES.len()),
        }
        if !caption.holds(&picture) {
            break caption;
        }
    };
    (format!("{} | {}", caption.text(lang), picture.to_text()), 1)
}

/// The lesson's examples in `lang`, split 70/15/15.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x0a17_1a6e);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let (text, label) = draw(&mut rng, lang);
            Example { tokens: tokenize(&text), text, label, targets: Vec::new(), value: 0.0, second: 0 }
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), MAX_LEN, default_probe(lang), train, validation, test).captioned(
        tokenize,
        PICTURE,
        ExpectedPattern::Text(expected),
    )
}

pub fn default_probe(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "red circle left of blue square | red-circle@1 green-triangle@2 blue-square@6",
        Lang::Zh => "红色圆形在蓝色方块左边 | red-circle@1 green-triangle@2 blue-square@6",
    }
}

/// Four heads, a gentler learning rate, about 3900 steps.
pub fn defaults(config: Config) -> Config {
    Config { n_heads: 4, lr: 1e-3, epochs: 18, ..config }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_round_trips_through_its_text_and_bad_texts_say_why() {
        let picture = Picture::parse("red-circle@1 Blue-SQUARE@6").unwrap();
        assert_eq!(picture.objects[1], Object { colour: 2, shape: 1, cell: 5 });
        assert_eq!(picture.to_text(), "red-circle@1 blue-square@6");
        assert_eq!(Picture::parse("").unwrap(), Picture::default());
        assert_eq!(Picture::parse("red@1"), Err(PictureError::Term("red@1".into())));
        assert_eq!(Picture::parse("pink-circle@1"), Err(PictureError::Colour("pink".into())));
        assert_eq!(Picture::parse("red-star@1"), Err(PictureError::Shape("star".into())));
        assert_eq!(Picture::parse("red-circle@7"), Err(PictureError::Cell("7".into())));
        assert_eq!(Picture::parse("red-circle@2 blue-square@2"), Err(PictureError::Taken(2)));
        assert_eq!(split("red circle"), Err(PictureError::NoPicture));
    }

    #[test]
    fn pixels_are_the_shape_in_its_colour_in_its_cell() {
        let patches = Picture::parse("blue-triangle@2").unwrap().patches();
        assert_eq!(patches.len(), CELLS * PATCH_VALUES);
        let cell = &patches[PATCH_VALUES..2 * PATCH_VALUES];
        // The triangle's tip: only the middle pixel of the top row, blue.
        assert_eq!(&cell[..15], &[0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0.]);
        // Its base: the whole bottom row.
        assert!(cell[60..].chunks(3).all(|p| p == [0.0, 0.0, 1.0]));
        assert!(patches[..PATCH_VALUES].iter().chain(&patches[2 * PATCH_VALUES..]).all(|&v| v == 0.0));
    }

    #[test]
    fn captions_are_read_and_checked_in_both_languages() {
        let text = "red circle left of blue square | red-circle@1 blue-square@6";
        assert_eq!(tokenize(text), ["red", "circle", "left", "of", "blue", "square"]);
        let zh = "红色圆形在蓝色方块左边 | red-circle@1 blue-square@6";
        assert_eq!(tokenize(zh), ["红色", "圆形", "在", "蓝色", "方块", "左边"]);
        assert_eq!(tokenize("黄色三角形在绿色圆形右边"), ["黄色", "三角形", "在", "绿色", "圆形", "右边"]);
        let picture = split(text).unwrap().1;
        let caption = Caption::read(&tokenize(text)).unwrap();
        assert_eq!(caption, Caption::read(&tokenize(zh)).unwrap());
        assert!(caption.holds(&picture));
        for false_one in [
            "red circle right of blue square",
            "blue circle left of red square",
            "green circle left of blue square",
            "red circle left of blue triangle",
            "blue square left of red circle",
        ] {
            assert!(!Caption::read(&tokenize(false_one)).unwrap().holds(&picture), "{false_one}");
        }
        // Rows do not matter, only columns; the same column is neither left nor right.
        let same_column = Picture::parse("red-circle@1 blue-square@4").unwrap();
        assert!(!caption.holds(&same_column));
        assert_eq!(Caption::read(&tokenize("red circle")), None);
    }

    #[test]
    fn the_expected_pattern_links_each_named_shape_to_its_patch() {
        // "red circle" → cell 0, "blue square" → cell 5; "left", "of" link nothing.
        let text = "red circle left of blue square | red-circle@1 blue-square@6 red-square@2";
        assert_eq!(expected(text), vec![(0, 0), (1, 0), (4, 5), (5, 5)]);
        // A shape that is not there links nothing.
        let text = "green circle left of blue square | red-circle@1 blue-square@6";
        assert_eq!(expected(text), vec![(4, 5), (5, 5)]);
        let zh = "蓝色方块在红色圆形右边 | red-circle@1 blue-square@6";
        assert_eq!(expected(zh), vec![(0, 5), (1, 5), (3, 0), (4, 0)]);
        assert!(expected("red circle").is_empty());
    }

    #[test]
    fn the_data_is_half_true_and_every_label_is_what_the_picture_shows() {
        for lang in [Lang::En, Lang::Zh] {
            let data = generate(lang, 1, Proportions::default());
            assert_eq!(data.train.len(), EXAMPLES * 70 / 100);
            let all: Vec<_> = data.train.iter().chain(&data.validation).chain(&data.test).collect();
            for example in &all {
                let (_, picture) = split(&example.text).expect("every example has a picture");
                let caption = Caption::read(&example.tokens).expect("every caption reads");
                assert_eq!(example.tokens.len(), MAX_LEN);
                assert_eq!(usize::from(!caption.holds(&picture)), example.label, "{}", example.text);
                assert_eq!(picture.objects.len(), OBJECTS);
            }
            let true_ones = all.iter().filter(|e| e.label == 0).count();
            assert!((4700..5300).contains(&true_ones), "{true_ones}");
        }
    }
}
