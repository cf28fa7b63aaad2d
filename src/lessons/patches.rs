//! **Spatial attention** (the seed's image example): tiny pictures cut into patches, classified
//! by a small vision transformer.
//!
//! ```text
//! image    12 × 12 pixels, one shape (square, plus, cross, ring, triangle) of 4–6 pixels at a
//!          random place, and a few stray pixels
//! tokens   CLS, P1 … P16   (16 patches of 3 × 3 pixels, row by row, after a class token)
//! output   the shape
//! ```
//!
//! The class token has no pixels of its own: it learns what to look for, and the answer is read
//! from it. Attention pattern to expect: the class token attends to the patches the shape covers
//! (the stray pixels are noise to ignore) — drawn over the image in the probe.
//!
//! An image travels as text (the probe, the URL): 12 rows of 3 hexadecimal digits, a row's
//! leftmost pixel in the highest bit.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::{
    Example, ExpectedPattern, ImageInput, InputError, LessonData, Proportions, split_train_validation_test,
};
use crate::config::{Config, Lang};

pub const SIDE: usize = 12;
pub const PATCH: usize = 3;
/// Patches per side.
pub const GRID: usize = SIDE / PATCH;
pub const PATCHES: usize = GRID * GRID;
pub const EXAMPLES: usize = 6000;
pub const CLASSES: [&str; 5] = ["square", "plus", "cross", "ring", "triangle"];
/// The class token's name in the views.
pub const CLASS_TOKEN: &str = "CLS";
/// Stray pixels per image: 0 to this many.
const MAX_NOISE: usize = 4;
/// A plus of 5 pixels near the middle, and two stray pixels.
pub const DEFAULT_PROBE: &str = "000 000 040 040 1f0 040 040 000 000 002 000 800";

/// A 12 × 12 black-and-white picture, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub pixels: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ImageError {
    #[error("an image is 12 rows of 3 hexadecimal digits; found {0} digits")]
    Length(usize),
    #[error("“{0}” is not a hexadecimal digit")]
    NotHex(char),
}

impl Image {
    pub fn blank() -> Self {
        Self { pixels: vec![false; SIDE * SIDE] }
    }

    pub fn get(&self, row: usize, col: usize) -> bool {
        row < SIDE && col < SIDE && self.pixels[row * SIDE + col]
    }

    pub fn set(&mut self, row: usize, col: usize, on: bool) {
        if row < SIDE && col < SIDE {
            self.pixels[row * SIDE + col] = on;
        }
    }

    /// 12 rows of 3 hexadecimal digits, separated by spaces.
    pub fn to_hex(&self) -> String {
        self.pixels
            .chunks(SIDE)
            .map(|row| {
                let bits = row.iter().fold(0u16, |acc, &p| (acc << 1) | p as u16);
                format!("{bits:03x}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Reads [`Image::to_hex`]'s text (spaces optional, either case).
    pub fn parse(text: &str) -> Result<Self, ImageError> {
        let digits: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != SIDE * SIDE / 4 {
            return Err(ImageError::Length(digits.len()));
        }
        let mut pixels = Vec::with_capacity(SIDE * SIDE);
        for &c in &digits {
            let nibble = c.to_digit(16).ok_or(ImageError::NotHex(c))?;
            pixels.extend((0..4).rev().map(|bit| nibble >> bit & 1 == 1));
        }
        Ok(Self { pixels })
    }

    /// `[PATCHES, PATCH²]` row-major: each patch's pixels (1.0 on, 0.0 off), patches row by row.
    pub fn patches(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(SIDE * SIDE);
        for patch in 0..PATCHES {
            let (top, left) = (patch / GRID * PATCH, patch % GRID * PATCH);
            for r in 0..PATCH {
                for c in 0..PATCH {
                    out.push(if self.get(top + r, left + c) { 1.0 } else { 0.0 });
                }
            }
        }
        out
    }

    /// The patches that have any pixel of `pixels` on.
    pub fn patches_touched(pixels: &[(usize, usize)]) -> Vec<usize> {
        let mut touched: Vec<usize> = pixels.iter().map(|&(r, c)| r / PATCH * GRID + c / PATCH).collect();
        touched.sort_unstable();
        touched.dedup();
        touched
    }
}

/// The pixels of `shape` (an index into [`CLASSES`]) of `size` pixels square, from (0, 0).
pub fn shape_pixels(shape: usize, size: usize) -> Vec<(usize, usize)> {
    let last = size - 1;
    let middle = size / 2;
    let centre = last as f32 / 2.0;
    let radius = centre;
    (0..size)
        .flat_map(|r| (0..size).map(move |c| (r, c)))
        .filter(|&(r, c)| match shape {
            0 => r == 0 || c == 0 || r == last || c == last,
            1 => r == middle || c == middle,
            2 => r == c || r + c == last,
            3 => {
                let d = ((r as f32 - centre).powi(2) + (c as f32 - centre).powi(2)).sqrt();
                (d - radius).abs() < 0.6
            }
            _ => c == 0 || r == last || r == c,
        })
        .collect()
}

/// The tokens every image is read as: the class token, then the patches.
pub fn tokens() -> Vec<String> {
    std::iter::once(CLASS_TOKEN.to_string()).chain((1..=PATCHES).map(|p| format!("P{p}"))).collect()
}

/// An image's tokens (the same for every image); empty when the text is not an image.
pub fn tokenize(text: &str) -> Vec<String> {
    if Image::parse(text).is_ok() { tokens() } else { Vec::new() }
}

/// One image: a shape at a random place, a few stray pixels; its class and the shape's patches.
pub fn draw(rng: &mut StdRng) -> (Image, usize, Vec<usize>) {
    let class = rng.random_range(0..CLASSES.len());
    let size = rng.random_range(if class == 3 { 5..=6 } else { 4..=6 });
    let (top, left) = (rng.random_range(0..=SIDE - size), rng.random_range(0..=SIDE - size));
    let pixels: Vec<(usize, usize)> =
        shape_pixels(class, size).into_iter().map(|(r, c)| (top + r, left + c)).collect();
    let mut image = Image::blank();
    for &(r, c) in &pixels {
        image.set(r, c, true);
    }
    // Stray pixels outside the shape's box, each alone (no 'on' neighbour), so that they never
    // change the shape and are never taken for part of it.
    let noise = rng.random_range(0..=MAX_NOISE);
    let mut placed = 0;
    while placed < noise {
        let (r, c) = (rng.random_range(0..SIDE), rng.random_range(0..SIDE));
        let inside = (top..top + size).contains(&r) && (left..left + size).contains(&c);
        if !inside && !image.get(r, c) && !has_neighbour(&image, r, c) {
            image.set(r, c, true);
            placed += 1;
        }
    }
    (image, class, Image::patches_touched(&pixels))
}

pub fn example(image: &Image, class: usize) -> Example {
    Example {
        text: image.to_hex(),
        tokens: tokens(),
        label: class,
        targets: Vec::new(),
        value: 0.0,
        second: 0,
    }
}

/// The images of the lesson, split 70/15/15. `lang` names the classes only in the page.
pub fn generate(lang: Lang, seed: u64, split: Proportions) -> LessonData {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x000b_1ec7);
    let examples: Vec<Example> = (0..EXAMPLES)
        .map(|_| {
            let (image, class, _) = draw(&mut rng);
            example(&image, class)
        })
        .collect();
    let (train, validation, test) = split_train_validation_test(examples, seed, split);
    LessonData::new(lang, CLASSES.to_vec(), 1 + PATCHES, DEFAULT_PROBE, train, validation, test).image(
        tokenize,
        IMAGE,
        ExpectedPattern::Text(expected),
    )
}

/// Whether any of the 8 pixels around (r, c) is on.
fn has_neighbour(image: &Image, r: usize, c: usize) -> bool {
    (-1isize..=1).flat_map(|dr| (-1isize..=1).map(move |dc| (dr, dc))).filter(|&d| d != (0, 0)).any(
        |(dr, dc)| {
            let (r, c) = (r as isize + dr, c as isize + dc);
            r >= 0 && c >= 0 && image.get(r as usize, c as usize)
        },
    )
}

/// The class token (query 0) → the patches with the shape's pixels. Read from the image: the
/// patches holding a pixel with an 'on' neighbour (stray pixels stand alone).
pub fn expected_of(image: &Image) -> Vec<(usize, usize)> {
    let connected: Vec<(usize, usize)> = (0..SIDE)
        .flat_map(|r| (0..SIDE).map(move |c| (r, c)))
        .filter(|&(r, c)| image.get(r, c) && has_neighbour(image, r, c))
        .collect();
    Image::patches_touched(&connected).into_iter().map(|p| (0, 1 + p)).collect()
}

/// [`expected_of`] the image a text describes (none for a text that is not an image).
pub fn expected(text: &str) -> Vec<(usize, usize)> {
    Image::parse(text).map(|image| expected_of(&image)).unwrap_or_default()
}

/// How the model reads the lesson's texts.
pub const IMAGE: ImageInput = ImageInput {
    read: |text| Image::parse(text).map(|image| image.patches()).map_err(InputError::Image),
    patches: PATCHES,
    patch_pixels: PATCH * PATCH,
};

/// About 2000 steps: the shapes are learned in about 1500.
pub fn defaults(config: Config) -> Config {
    Config { epochs: 15, ..config }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(shape: usize, size: usize) -> usize {
        shape_pixels(shape, size).len()
    }

    #[test]
    fn shapes_have_the_pixels_drawn_by_hand() {
        // 4 × 4 square outline: 12 pixels; 5 × 5 plus and cross: 9 each; the 4 × 4 right
        // triangle: left side, bottom and diagonal, 4 + 3 + 2 = 9.
        assert_eq!([count(0, 4), count(1, 5), count(2, 5), count(4, 4)], [12, 9, 9, 9]);
        let plus = shape_pixels(1, 5);
        assert!(plus.contains(&(2, 0)) && plus.contains(&(0, 2)) && !plus.contains(&(0, 0)));
        let ring = shape_pixels(3, 5);
        assert!(
            ring.contains(&(0, 2))
                && ring.contains(&(2, 4))
                && !ring.contains(&(2, 2))
                && !ring.contains(&(0, 0))
        );
    }

    #[test]
    fn an_image_round_trips_through_its_text() {
        let image = Image::parse(DEFAULT_PROBE).unwrap();
        assert_eq!(image.to_hex(), DEFAULT_PROBE);
        assert!(
            image.get(2, 5) && image.get(4, 3) && image.get(4, 7) && image.get(11, 0) && !image.get(0, 0)
        );
        assert_eq!(Image::parse("abc"), Err(ImageError::Length(3)));
        assert_eq!(Image::parse(&"0g0 ".repeat(12)), Err(ImageError::NotHex('g')));
        assert_eq!(Image::parse(&"FFF".repeat(12)).unwrap().pixels, vec![true; SIDE * SIDE]);
    }

    #[test]
    fn patches_are_cut_row_by_row_and_the_shape_is_expected_not_the_noise() {
        let mut image = Image::blank();
        image.set(0, 3, true); // patch 2 (row 0, column 1), its first pixel
        let patches = image.patches();
        assert_eq!(patches.len(), PATCHES * PATCH * PATCH);
        assert_eq!(patches[9], 1.0);
        assert_eq!(patches.iter().sum::<f32>(), 1.0);
        // A lone pixel is noise: nothing expected. The default probe's plus (rows 2–6, columns
        // 3–7) covers patches 1, 5, 6 and 9 (tokens P2, P6, P7, P10); its two stray pixels are
        // not expected.
        assert!(expected_of(&image).is_empty());
        let probe = Image::parse(DEFAULT_PROBE).unwrap();
        assert_eq!(expected(DEFAULT_PROBE), vec![(0, 2), (0, 6), (0, 7), (0, 10)]);
        assert_eq!(expected_of(&probe), expected(&probe.to_hex()));
    }

    #[test]
    fn every_drawn_image_shows_its_whole_shape() {
        let data = generate(Lang::En, 1, Proportions::default());
        assert_eq!(data.train.len(), EXAMPLES * 70 / 100);
        let mut rng = StdRng::seed_from_u64(9);
        for _ in 0..200 {
            let (image, _, shape_patches) = draw(&mut rng);
            let on = image.pixels.iter().filter(|&&p| p).count();
            assert!(on >= 7, "a shape has at least 7 pixels (the plus of 4)");
            let expected: Vec<usize> = expected_of(&image).iter().map(|&(_, k)| k - 1).collect();
            assert_eq!(expected, shape_patches);
        }
    }
}
