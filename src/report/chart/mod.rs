//! The heat map: pairs × months, meetings held, drawn into memory and encoded as PNG. The
//! font is compiled in (DejaVu Sans, see `assets/fonts/`), so the chart renders on a headless
//! server without any system font; each glyph is rasterised once per image and then copied,
//! so a chart of thousands of cells costs little more than its pixels.
//!
//! Sizes stay bounded whatever the programme: an image holds at most [`ROWS_PER_IMAGE`] pairs
//! (the most urgent first, see [`most_urgent_first`]), an answer at most [`MAX_IMAGES`], and
//! each image is drawn a strip at a time, so the drawing buffer never holds a whole image.

use crate::domain::attendance::PairAttendance;
use crate::domain::pair::PairStatus;
use ab_glyph::FontRef;
#[cfg(test)]
use raster::Shade;
use raster::{palette, Band, Canvas, Face, Ink};

mod raster;

const FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// Text sizes, in pixels.
const TEXT_SIZE: f32 = 14.0;
const TITLE_SIZE: f32 = 22.0;

/// Layout, in pixels.
const LABEL_WIDTH: u32 = 220;
const CELL_WIDTH: u32 = 84;
const CELL_HEIGHT: u32 = 26;
const TITLE_HEIGHT: u32 = 44;
const HEADER_HEIGHT: u32 = 28;
const LEGEND_HEIGHT: u32 = 40;
const MARGIN: u32 = 12;
/// Labels are cut to this many characters.
const MAX_LABEL: usize = 26;
/// Room for one legend item.
const LEGEND_STEP: u32 = 120;
/// Where the grid of cells starts.
const GRID_X: u32 = MARGIN + LABEL_WIDTH;
const GRID_Y: u32 = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT;
/// Rows of pairs drawn at a time: the drawing buffer holds one strip of the image (8 rows,
/// 208 px high), never all of it.
const STRIP_ROWS: u32 = 8;

/// Pairs per image: a height one can read (2 736 px) and a PNG far below Discord's upload limit.
pub const ROWS_PER_IMAGE: usize = 100;
/// Images per answer: Discord takes at most 10 attachments on one message.
pub const MAX_IMAGES: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the bundled font could not be loaded")]
    Font,
    #[error("PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
}

/// The order of the heat map's rows: pairs at risk first, then by oldest last meeting (never
/// met first), ended pairs last; by id among equals.
pub fn most_urgent_first(pairs: &[PairAttendance]) -> Vec<&PairAttendance> {
    let mut out: Vec<&PairAttendance> = pairs.iter().collect();
    out.sort_by_key(|p| (urgency(p.status), p.last_held, p.pair_id.0));
    out
}

fn urgency(status: PairStatus) -> u8 {
    match status {
        PairStatus::AtRisk => 0,
        PairStatus::Active | PairStatus::Paused => 1,
        PairStatus::Ended => 2,
    }
}

/// `rows` cut into images of at most [`ROWS_PER_IMAGE`], at most [`MAX_IMAGES`] of them (at
/// least one, for an empty programme); and how many rows did not fit.
pub fn into_images<T>(rows: Vec<T>) -> (Vec<Vec<T>>, usize) {
    let left_out = rows.len().saturating_sub(ROWS_PER_IMAGE * MAX_IMAGES);
    let mut images: Vec<Vec<T>> = Vec::new();
    for row in rows.into_iter().take(ROWS_PER_IMAGE * MAX_IMAGES) {
        match images.last_mut() {
            Some(image) if image.len() < ROWS_PER_IMAGE => image.push(row),
            _ => images.push(vec![row]),
        }
    }
    if images.is_empty() {
        images.push(Vec::new());
    }
    (images, left_out)
}

/// What to draw: one row per pair, one column per month. `None` is a month that has not
/// started yet (drawn blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatMap {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Option<u32>>)>,
    /// « 0 », « 1 », « 2 », « 3+ », « not yet » in the reader's language.
    pub legend: [String; 5],
}

/// The image size for `rows` pairs and `columns` months.
pub fn chart_size(rows: usize, columns: usize) -> (u32, u32) {
    let rows = u32::try_from(rows.max(1)).unwrap_or(u32::MAX / CELL_HEIGHT);
    let columns = u32::try_from(columns.max(1)).unwrap_or(u32::MAX / CELL_WIDTH);
    (
        2 * MARGIN + (LABEL_WIDTH + columns * CELL_WIDTH).max(5 * LEGEND_STEP),
        2 * MARGIN + TITLE_HEIGHT + HEADER_HEIGHT + rows * CELL_HEIGHT + LEGEND_HEIGHT,
    )
}

fn colour(held: Option<u32>) -> Ink {
    match held {
        None => Ink::NotYet,
        Some(0) => Ink::Held0,
        Some(1) => Ink::Held1,
        Some(2) => Ink::Held2,
        Some(_) => Ink::Held3,
    }
}

fn cut(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

/// Bytes of the drawing buffer for an image `width` pixels wide: one strip, the tallest of
/// the title, a group of rows and the legend, whatever the image's height.
pub fn drawing_buffer_len(width: u32) -> usize {
    let tallest = (STRIP_ROWS * CELL_HEIGHT)
        .max(GRID_Y)
        .max(LEGEND_HEIGHT + MARGIN);
    width as usize * tallest as usize
}

/// Draws the heat map and returns the PNG bytes.
pub fn heat_map_png(map: &HeatMap) -> Result<Vec<u8>, ChartError> {
    encode(map, &strips(map.rows.len(), STRIP_ROWS))
}

/// Draws the image strip after strip (`bands`, top to bottom, covering it), each streamed to
/// the encoder, through one buffer the size of the tallest.
fn encode(map: &HeatMap, bands: &[Band]) -> Result<Vec<u8>, ChartError> {
    let font = FontRef::try_from_slice(FONT).map_err(|_| ChartError::Font)?;
    let mut text = Face::new(&font, TEXT_SIZE);
    let mut title = Face::new(&font, TITLE_SIZE);
    let (w, h) = chart_size(map.rows.len(), map.columns.len());
    let row_bytes = w as usize;
    let tallest = bands.iter().map(Band::height).max().unwrap_or(0);
    let mut strip = vec![0u8; row_bytes * tallest as usize];
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette());
    // Flat colour cells: each pixel row repeats the one above it, so the « up » filter turns
    // most of the image into zeros, which zlib's fastest level compresses well and quickly;
    // zlib streams, so memory stays one strip whatever the image's height.
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    for band in bands {
        let buf = &mut strip[..row_bytes * band.height() as usize];
        let mut canvas = Canvas {
            buf,
            width: w,
            band: *band,
        };
        draw(map, &mut canvas, &mut text, &mut title);
        std::io::Write::write_all(&mut stream, canvas.buf).map_err(png::EncodingError::from)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// The strips of an image of `rows` pairs: the title and header, groups of `rows_per_strip`
/// rows, the legend.
fn strips(rows: usize, rows_per_strip: u32) -> Vec<Band> {
    let (_, h) = chart_size(rows, 1);
    let legend_top = h - LEGEND_HEIGHT - MARGIN;
    let step = (rows_per_strip.max(1) * CELL_HEIGHT) as usize;
    let mut edges: Vec<u32> = vec![0];
    edges.extend((GRID_Y..legend_top).step_by(step));
    edges.extend([legend_top, h]);
    edges
        .windows(2)
        .map(|e| Band {
            top: e[0],
            bottom: e[1],
        })
        .collect()
}

/// Draws what of the chart falls in the canvas's strip.
fn draw(map: &HeatMap, canvas: &mut Canvas<'_>, text: &mut Face<'_>, title: &mut Face<'_>) {
    canvas.buf.fill(Ink::White as u8);
    let band = canvas.band;
    if band.meets(MARGIN, MARGIN + TITLE_HEIGHT) {
        let y = MARGIN + 8 + (TITLE_SIZE / 2.0) as u32;
        canvas.text(title, &map.title, (MARGIN, y), false, Ink::Black);
    }
    if band.meets(GRID_Y - HEADER_HEIGHT, GRID_Y) {
        for (c, name) in (0u32..).zip(&map.columns) {
            let x = GRID_X + c * CELL_WIDTH + CELL_WIDTH / 2;
            canvas.text(
                text,
                name,
                (x, GRID_Y - HEADER_HEIGHT / 2),
                true,
                Ink::Black,
            );
        }
    }
    for (r, (label, cells)) in (0u32..).zip(&map.rows) {
        let y = GRID_Y + r * CELL_HEIGHT;
        if !band.meets(y, y + CELL_HEIGHT) {
            continue;
        }
        canvas.text(
            text,
            &cut(label),
            (MARGIN, y + CELL_HEIGHT / 2),
            false,
            Ink::Black,
        );
        for (c, held) in (0u32..).zip(cells) {
            draw_cell(canvas, text, (GRID_X + c * CELL_WIDTH, y), *held);
        }
    }
    let rows = u32::try_from(map.rows.len().max(1)).unwrap_or(u32::MAX / CELL_HEIGHT);
    let legend_y = GRID_Y + rows * CELL_HEIGHT + LEGEND_HEIGHT / 2;
    if band.meets(legend_y - LEGEND_HEIGHT / 2, legend_y + LEGEND_HEIGHT / 2) {
        draw_legend(canvas, text, &map.legend, legend_y);
    }
}

/// One cell of the grid with its top left corner at (`x`, `y`): its colour, a grey outline
/// when there is no month, and the number of meetings held.
fn draw_cell(canvas: &mut Canvas<'_>, text: &mut Face<'_>, (x, y): (u32, u32), held: Option<u32>) {
    let (from, to) = ((x + 1, y + 1), (x + CELL_WIDTH - 1, y + CELL_HEIGHT - 1));
    canvas.fill(from, to, colour(held));
    match held {
        None => canvas.outline(from, to, Ink::Outline),
        Some(n) => {
            let ink = if n >= 2 { Ink::White } else { Ink::Black };
            let centre = (x + CELL_WIDTH / 2, y + CELL_HEIGHT / 2);
            canvas.text(text, &n.to_string(), centre, true, ink);
        }
    }
}

/// The legend under the grid, centred on `legend_y`: one coloured sample and its label per
/// step.
fn draw_legend(canvas: &mut Canvas<'_>, text: &mut Face<'_>, legend: &[String], legend_y: u32) {
    let samples = [Some(0), Some(1), Some(2), Some(3), None];
    for ((i, label), sample) in (0u32..).zip(legend).zip(samples) {
        let x = MARGIN + i * LEGEND_STEP;
        let square = ((x, legend_y - 8), (x + 17, legend_y + 9));
        canvas.fill(square.0, square.1, colour(sample));
        canvas.outline(square.0, square.1, Ink::Black);
        canvas.text(text, label, (x + 22, legend_y), false, Ink::Black);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::attendance::MemberRef;
    use crate::domain::PairId;

    /// `rows` pairs over `columns` months, the last one not begun.
    fn map_of(rows: usize, columns: usize) -> HeatMap {
        let cells: Vec<Option<u32>> = (0..columns)
            .map(|c| (c + 1 < columns).then_some((c % 5) as u32))
            .collect();
        HeatMap {
            title: "Rendez-vous tenus — Mentorat 2027".into(),
            columns: (0..columns).map(|c| format!("m{c}")).collect(),
            rows: (0..rows)
                .map(|i| {
                    (
                        format!("#{i} Élodie Zoé très longue étiquette"),
                        cells.clone(),
                    )
                })
                .collect(),
            legend: ["0", "1", "2", "3+", "à venir"].map(String::from),
        }
    }

    fn decode(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        (info, pixels)
    }

    #[test]
    fn the_heat_map_is_a_png_of_the_announced_size() {
        let (info, _) = decode(&heat_map_png(&map_of(4, 3)).unwrap());
        assert_eq!((info.width, info.height), chart_size(4, 3));
    }

    #[test]
    fn an_empty_programme_still_draws() {
        let bytes = heat_map_png(&map_of(0, 3)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn the_strips_cover_the_image_in_whole_parts() {
        let bands = strips(12, 5);
        let edges: Vec<(u32, u32)> = bands.iter().map(|b| (b.top, b.bottom)).collect();
        // Title and header, rows 0-4, 5-9, 10-11, legend.
        assert_eq!(
            edges,
            [(0, 84), (84, 214), (214, 344), (344, 396), (396, 448)]
        );
        assert_eq!(chart_size(12, 1).1, 448);
        assert_eq!(strips(0, 8).len(), 3, "title, one empty row, legend");
    }

    #[test]
    fn drawing_strip_by_strip_gives_the_pixels_of_drawing_at_once() {
        let map = map_of(12, 4);
        let (_, h) = chart_size(12, 4);
        let at_once = [Band { top: 0, bottom: h }];
        let (_, whole) = decode(&encode(&map, &at_once).unwrap());
        for rows_per_strip in [STRIP_ROWS, 1, 5] {
            let (_, strips) = decode(&encode(&map, &strips(12, rows_per_strip)).unwrap());
            assert_eq!(whole.len(), strips.len());
            let w = chart_size(12, 4).0 as usize * 3;
            let differ: Vec<usize> = (0..whole.len() / w)
                .filter(|r| whole[r * w..(r + 1) * w] != strips[r * w..(r + 1) * w])
                .collect();
            assert!(
                differ.is_empty(),
                "strips of {rows_per_strip} rows differ at image rows {differ:?}"
            );
        }
    }

    /// The largest answer: a full 500-pair programme over three years (38 months) is five
    /// images of 100 pairs, each well under 8 MB, drawn through a buffer of a few MB.
    #[test]
    fn the_largest_image_stays_far_below_discords_limit_through_a_small_buffer() {
        let (images, left_out) = into_images((0..500).collect::<Vec<_>>());
        assert_eq!(images.len(), 5);
        assert!(images.iter().all(|i| i.len() == ROWS_PER_IMAGE));
        assert_eq!(left_out, 0);
        let png = heat_map_png(&map_of(ROWS_PER_IMAGE, 38)).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), chart_size(100, 38));
        assert_eq!((info.width, info.height), (3436, 2736));
        assert!(png.len() < 2 * 1024 * 1024, "{} bytes", png.len());
        assert!(drawing_buffer_len(info.width) < 2_200_000);
    }

    #[test]
    fn every_palette_index_reads_back_as_the_shade_it_was_made_from() {
        let colours = palette();
        assert!(colours.len() <= 256 * 3, "{} palette bytes", colours.len());
        for i in 0..colours.len() / 3 {
            let shade = Shade::of(i as u8);
            assert_eq!(usize::from(shade.index()), i, "{shade:?}");
        }
        let full = Shade::of(Ink::Held2 as u8).with(Ink::White, 255);
        assert_eq!(
            full.index(),
            Ink::White as u8,
            "full coverage is the text's colour"
        );
        let none = Shade::of(Ink::Held0 as u8).with(Ink::Black, 0);
        assert_eq!(
            none.index(),
            Ink::Held0 as u8,
            "no coverage leaves the pixel"
        );
        let half = Shade::of(Ink::White as u8).with(Ink::Black, 128).index();
        let grey = &colours[usize::from(half) * 3..usize::from(half) * 3 + 3];
        assert!(grey.iter().all(|c| (110..150).contains(c)), "{grey:?}");
    }

    /// The pixels of an image as RGB, whatever its colour type.
    fn rgb_pixels(png: &[u8]) -> (u32, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgb);
        (info.width, pixels)
    }

    #[test]
    fn labels_and_counts_are_written_in_the_cells_colours() {
        let map = map_of(3, 4);
        let (width, pixels) = rgb_pixels(&heat_map_png(&map).unwrap());
        let at = |x: u32, y: u32| {
            let i = (y * width + x) as usize * 3;
            [pixels[i], pixels[i + 1], pixels[i + 2]]
        };
        let dark = |p: [u8; 3]| p.iter().all(|c| *c < 80);
        let row = |r: u32| GRID_Y + r * CELL_HEIGHT;
        let label: Vec<_> = (MARGIN..GRID_X)
            .flat_map(|x| (row(0)..row(1)).map(move |y| (x, y)))
            .filter(|(x, y)| dark(at(*x, *y)))
            .collect();
        assert!(
            label.len() > 100,
            "the first label is written: {} dark pixels",
            label.len()
        );
        // The first row's cells: 0 (pink, black digit), 1, 2 (green, white digit), not begun.
        let cell = |c: u32| (GRID_X + c * CELL_WIDTH, row(0));
        let pixels_of = |c: u32| {
            let (x0, y0) = cell(c);
            (x0 + 2..x0 + CELL_WIDTH - 2)
                .flat_map(move |x| (y0 + 2..y0 + CELL_HEIGHT - 2).map(move |y| (x, y)))
        };
        let count = |c: u32, want: &dyn Fn([u8; 3]) -> bool| {
            pixels_of(c).filter(|(x, y)| want(at(*x, *y))).count()
        };
        let light = |p: [u8; 3]| p.iter().all(|c| *c > 230);
        assert!(count(0, &dark) > 5, "a black 0 on pink");
        assert!(count(0, &|p| p == Ink::Held0.rgb()) > 1000, "on its pink");
        assert!(count(2, &light) > 5, "a white 2 on green");
        assert!(count(2, &|p| p == Ink::Held2.rgb()) > 1000, "on its green");
        let blank = |p| p == Ink::NotYet.rgb();
        assert_eq!(
            count(3, &blank),
            pixels_of(3).count(),
            "a month not begun is blank"
        );
    }

    #[test]
    fn past_ten_images_the_rest_is_left_out_and_counted() {
        let (images, left_out) = into_images((0..1234).collect::<Vec<_>>());
        assert_eq!(images.len(), MAX_IMAGES);
        assert_eq!(left_out, 234);
        assert_eq!(images[9].last(), Some(&999));
        let (images, left_out) = into_images(Vec::<u8>::new());
        assert_eq!(
            (images.len(), left_out),
            (1, 0),
            "an empty chart still draws"
        );
    }

    #[test]
    fn pairs_at_risk_come_first_then_the_longest_without_a_meeting_and_ended_ones_last() {
        let day = |d: u32| {
            chrono::NaiveDate::from_ymd_opt(2027, 3, d)
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .map(|t| t.and_utc())
        };
        let pair = |id: i64, status: PairStatus, last_held| PairAttendance {
            pair_id: PairId(id),
            members: Vec::<MemberRef>::new(),
            held_per_month: Vec::new(),
            last_held,
            status,
            charter_signed: true,
            objective_set: None,
        };
        let pairs = [
            pair(1, PairStatus::Active, day(20)),
            pair(2, PairStatus::Ended, None),
            pair(3, PairStatus::AtRisk, day(2)),
            pair(4, PairStatus::Paused, day(5)),
            pair(5, PairStatus::Active, None),
            pair(6, PairStatus::AtRisk, None),
            pair(7, PairStatus::Active, day(5)),
        ];
        let order: Vec<i64> = most_urgent_first(&pairs)
            .iter()
            .map(|p| p.pair_id.0)
            .collect();
        assert_eq!(order, [6, 3, 5, 4, 7, 1, 2]);
    }
}
