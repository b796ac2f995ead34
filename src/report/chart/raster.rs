//! Drawing into one strip of a palette image: the chart's colours and their text shades
//! ([`Ink`], [`Shade`], [`palette`]), rectangles and text clipped to the strip ([`Canvas`]),
//! and glyphs rasterised once per size ([`Face`]). Nothing here knows what a heat map is.

use ab_glyph::{Font as _, FontRef, GlyphId, PxScale, ScaleFont as _};
use std::collections::HashMap;

type Rgb = [u8; 3];

/// The image is drawn in palette colours, one byte a pixel: a third of the bytes to fill,
/// filter and compress. The palette holds the chart's flat colours ([`Ink`]), then every shade
/// text can take over each of them ([`SHADES`] steps of black and of white).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(super) enum Ink {
    White,
    Black,
    Outline,
    NotYet,
    Held0,
    Held1,
    Held2,
    Held3,
}

const INKS: [Ink; 8] = [
    Ink::White,
    Ink::Black,
    Ink::Outline,
    Ink::NotYet,
    Ink::Held0,
    Ink::Held1,
    Ink::Held2,
    Ink::Held3,
];

/// Steps of anti-aliasing between a background and the text on it (the last is the text).
const SHADES: u8 = 15;

impl Ink {
    pub(super) fn rgb(self) -> Rgb {
        match self {
            Ink::White => [255, 255, 255],
            Ink::Black => [0, 0, 0],
            Ink::Outline => [220, 220, 220],
            Ink::NotYet => [250, 250, 250],
            Ink::Held0 => [244, 204, 204],
            Ink::Held1 => [182, 215, 168],
            Ink::Held2 => [106, 168, 79],
            Ink::Held3 => [56, 118, 29],
        }
    }
}

/// A palette index: a flat colour, or `shade` steps of `text` (black or white) over `under`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Shade {
    under: Ink,
    text: Ink,
    shade: u8,
}

impl Shade {
    pub(super) fn index(self) -> u8 {
        if self.shade == 0 {
            return self.under as u8;
        }
        let text = u8::from(self.text == Ink::White);
        INKS.len() as u8 + ((self.under as u8 * 2 + text) * (SHADES - 1)) + self.shade - 1
    }

    pub(super) fn of(index: u8) -> Shade {
        match index.checked_sub(INKS.len() as u8) {
            None => Shade {
                under: INKS[usize::from(index)],
                text: Ink::Black,
                shade: 0,
            },
            Some(i) => {
                let (combo, shade) = (i / (SHADES - 1), i % (SHADES - 1) + 1);
                Shade {
                    under: INKS[usize::from(combo / 2)],
                    text: if combo % 2 == 1 {
                        Ink::White
                    } else {
                        Ink::Black
                    },
                    shade,
                }
            }
        }
    }

    /// `text` laid over this pixel with `coverage` (0–255).
    pub(super) fn with(self, text: Ink, coverage: u8) -> Shade {
        let step = ((u32::from(coverage) * u32::from(SHADES) + 127) / 255) as u8;
        if step == 0 {
            return self;
        }
        if step >= SHADES {
            return Shade {
                under: text,
                text,
                shade: 0,
            };
        }
        let shade = if self.shade > 0 && self.text == text {
            // Two edges of one ink on a pixel: coverage adds up, as the eye sees it.
            let (a, b) = (u32::from(self.shade), u32::from(step));
            let s = SHADES as u32;
            (a + b - a * b / s).min(s - 1) as u8
        } else {
            step.max(self.shade)
        };
        Shade {
            under: self.under,
            text,
            shade,
        }
    }
}

/// The PNG palette: each index's colour, as [`Shade::of`] reads it.
pub(super) fn palette() -> Vec<u8> {
    let count = INKS.len() + INKS.len() * 2 * usize::from(SHADES - 1);
    (0..count)
        .flat_map(|i| {
            let shade = Shade::of(i as u8);
            let (under, text) = (shade.under.rgb(), shade.text.rgb());
            let t = u32::from(shade.shade);
            let s = u32::from(SHADES);
            (0..3).map(move |c| {
                ((u32::from(under[c]) * (s - t) + u32::from(text[c]) * t + s / 2) / s) as u8
            })
        })
        .collect()
}

/// The pixel rows of the image a strip covers, `top` included, `bottom` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Band {
    pub(super) top: u32,
    pub(super) bottom: u32,
}

impl Band {
    pub(super) fn height(&self) -> u32 {
        self.bottom - self.top
    }

    /// Whether something spanning `from..to` (image rows) shows in this strip.
    pub(super) fn meets(&self, from: u32, to: u32) -> bool {
        from < self.bottom && to > self.top
    }
}

/// One strip of the image: everything is drawn in image coordinates and clipped to the strip,
/// so a shape crossing a strip's edge gets the same pixels as if the image were drawn at once.
pub(super) struct Canvas<'a> {
    pub(super) buf: &'a mut [u8],
    pub(super) width: u32,
    pub(super) band: Band,
}

impl Canvas<'_> {
    /// Fills `x0..x1` × `y0..y1` (image pixels, ends excluded) with `ink`.
    pub(super) fn fill(&mut self, (x0, y0): (u32, u32), (x1, y1): (u32, u32), ink: Ink) {
        let (x1, y0, y1) = (
            x1.min(self.width),
            y0.max(self.band.top),
            y1.min(self.band.bottom),
        );
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        for y in y0..y1 {
            let at = (y - self.band.top) as usize * self.width as usize;
            self.buf[at + x0 as usize..at + x1 as usize].fill(ink as u8);
        }
    }

    /// A one-pixel outline of `x0..x1` × `y0..y1`.
    pub(super) fn outline(&mut self, (x0, y0): (u32, u32), (x1, y1): (u32, u32), ink: Ink) {
        self.fill((x0, y0), (x1, y0 + 1), ink);
        self.fill((x0, y1 - 1), (x1, y1), ink);
        self.fill((x0, y0), (x0 + 1, y1), ink);
        self.fill((x1 - 1, y0), (x1, y1), ink);
    }

    /// Lays `ink` over the pixel at (`x`, `y`) with `coverage` (0 = untouched, 255 = all).
    pub(super) fn blend(&mut self, x: i64, y: i64, ink: Ink, coverage: u8) {
        let inside = x >= 0
            && x < i64::from(self.width)
            && y >= i64::from(self.band.top)
            && y < i64::from(self.band.bottom);
        if !inside || coverage == 0 {
            return;
        }
        let at = (y - i64::from(self.band.top)) as usize * self.width as usize + x as usize;
        self.buf[at] = Shade::of(self.buf[at]).with(ink, coverage).index();
    }

    /// Writes `text` in `face`, its box vertically centred on `y`; `x` is its left edge, or its
    /// centre when `centred`.
    pub(super) fn text(
        &mut self,
        face: &mut Face,
        text: &str,
        (x, y): (u32, u32),
        centred: bool,
        ink: Ink,
    ) {
        let band = self.band;
        if !band.meets(y.saturating_sub(face.size as u32), y + face.size as u32) {
            return;
        }
        let left = if centred {
            f64::from(x) - face.width(text) / 2.0
        } else {
            f64::from(x)
        };
        let baseline = f64::from(y) + face.baseline_from_centre;
        let mut pen = left;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = face.id(c);
            if let Some(p) = previous {
                pen += f64::from(face.scaled().kern(p, id));
            }
            previous = Some(id);
            let glyph = face.glyph(c);
            let (gx, gy) = (
                pen.round() as i64 + glyph.left,
                baseline.round() as i64 + glyph.top,
            );
            for (row, coverage) in glyph.coverage.chunks_exact(glyph.width.max(1)).enumerate() {
                for (col, &a) in coverage.iter().enumerate() {
                    self.blend(gx + col as i64, gy + row as i64, ink, a);
                }
            }
            pen += glyph.advance;
        }
    }
}

/// A glyph rasterised once: its coverage, where it sits from the pen on the baseline, and how
/// far it moves the pen.
pub(super) struct Glyph {
    left: i64,
    top: i64,
    width: usize,
    coverage: Vec<u8>,
    advance: f64,
}

/// The font at one size, with the glyphs drawn so far.
pub(super) struct Face<'f> {
    font: &'f FontRef<'f>,
    size: f32,
    /// From the centre of the text's box (ascent to descent) down to its baseline.
    baseline_from_centre: f64,
    glyphs: HashMap<char, Glyph>,
}

impl<'f> Face<'f> {
    pub(super) fn new(font: &'f FontRef<'f>, size: f32) -> Face<'f> {
        let scaled = font.as_scaled(PxScale::from(size));
        Face {
            font,
            size,
            baseline_from_centre: f64::from(scaled.ascent() + scaled.descent()) / 2.0,
            glyphs: HashMap::new(),
        }
    }

    pub(super) fn scaled(&self) -> ab_glyph::PxScaleFont<&'f FontRef<'f>> {
        self.font.as_scaled(PxScale::from(self.size))
    }

    pub(super) fn id(&self, c: char) -> GlyphId {
        self.font.glyph_id(c)
    }

    pub(super) fn glyph(&mut self, c: char) -> &Glyph {
        let scaled = self.scaled();
        self.glyphs.entry(c).or_insert_with(|| {
            let glyph = scaled.scaled_glyph(c);
            let advance = f64::from(scaled.h_advance(glyph.id));
            let Some(outline) = scaled.outline_glyph(glyph) else {
                return Glyph {
                    left: 0,
                    top: 0,
                    width: 0,
                    coverage: Vec::new(),
                    advance,
                };
            };
            let bounds = outline.px_bounds();
            let width = bounds.width() as usize;
            let mut coverage = vec![0u8; width * bounds.height() as usize];
            outline.draw(|x, y, c| {
                if let Some(a) = coverage.get_mut(y as usize * width + x as usize) {
                    *a = (c.clamp(0.0, 1.0) * 255.0).round() as u8;
                }
            });
            Glyph {
                left: bounds.min.x as i64,
                top: bounds.min.y as i64,
                width,
                coverage,
                advance,
            }
        })
    }

    /// The width of `text` on one line, in pixels.
    pub(super) fn width(&mut self, text: &str) -> f64 {
        let scaled = self.scaled();
        let mut previous: Option<GlyphId> = None;
        text.chars()
            .map(|c| {
                let id = scaled.glyph_id(c);
                let kern = previous.map_or(0.0, |p| f64::from(scaled.kern(p, id)));
                previous = Some(id);
                kern + f64::from(scaled.h_advance(id))
            })
            .sum()
    }
}
