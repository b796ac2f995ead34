//! The heat map: pairs × months, meetings held, drawn with plotters into memory and encoded
//! as PNG. The font is compiled in (DejaVu Sans, see `assets/fonts/`), so the chart renders on
//! a headless server without any system font.
//!
//! Sizes stay bounded whatever the programme: an image holds at most [`ROWS_PER_IMAGE`] pairs
//! (the most urgent first, see [`most_urgent_first`]), an answer at most [`MAX_IMAGES`], and
//! each image is drawn a strip at a time, so the drawing buffer never holds a whole image.

use crate::domain::attendance::PairAttendance;
use crate::domain::pair::PairStatus;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

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
    #[error("drawing failed: {0}")]
    Draw(String),
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

fn font_ready() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    ok.then_some(()).ok_or(ChartError::Font)
}

fn colour(held: Option<u32>) -> RGBColor {
    match held {
        None => RGBColor(250, 250, 250),
        Some(0) => RGBColor(244, 204, 204),
        Some(1) => RGBColor(182, 215, 168),
        Some(2) => RGBColor(106, 168, 79),
        Some(_) => RGBColor(56, 118, 29),
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
    width as usize * tallest as usize * 3
}

/// Draws the heat map and returns the PNG bytes.
pub fn heat_map_png(map: &HeatMap) -> Result<Vec<u8>, ChartError> {
    encode(map, &strips(map.rows.len(), STRIP_ROWS))
}

/// Draws the image strip after strip (`bands`, top to bottom, covering it), each streamed to
/// the encoder, through one buffer the size of the tallest.
fn encode(map: &HeatMap, bands: &[Band]) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let (w, h) = chart_size(map.rows.len(), map.columns.len());
    let row_bytes = w as usize * 3;
    let tallest = bands.iter().map(Band::height).max().unwrap_or(0);
    let mut strip = vec![0u8; row_bytes * tallest as usize];
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Flat colour cells compress well at zlib's fastest level, several times quicker than the
    // default; zlib streams, so memory stays one strip whatever the image's height.
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    for band in bands {
        let buf = &mut strip[..row_bytes * band.height() as usize];
        draw(map, buf, (w, band.height()), band).map_err(|e| ChartError::Draw(e.to_string()))?;
        std::io::Write::write_all(&mut stream, buf).map_err(png::EncodingError::from)?;
    }
    stream.finish()?;
    writer.finish()?;
    Ok(out)
}

/// The strips of an image of `rows` pairs: the title and header, groups of `rows_per_strip`
/// rows, the legend. Each is made of whole parts, so no element crosses a strip's edge
/// (plotters moves a point outside its drawing area onto the edge).
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

/// The pixel rows of the image a strip covers, `top` included, `bottom` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Band {
    top: u32,
    bottom: u32,
}

impl Band {
    fn height(&self) -> u32 {
        self.bottom - self.top
    }

    /// Whether something spanning `from..to` (image rows) shows in this strip.
    fn meets(&self, from: u32, to: u32) -> bool {
        from < self.bottom && to > self.top
    }

    /// An image row in the strip's coordinates.
    fn y(&self, v: u32) -> i32 {
        px(v) - px(self.top)
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Draws what of the chart falls in `band` into `buf`, a strip of the image `size` big.
fn draw(map: &HeatMap, buf: &mut [u8], size: (u32, u32), band: &Band) -> DrawResult {
    let root = BitMapBackend::with_buffer(buf, size).into_drawing_area();
    root.fill(&WHITE)?;
    let text = (FAMILY, 14).into_font().color(&BLACK);
    let centred = text.pos(Pos::new(HPos::Center, VPos::Center));
    let left = text.pos(Pos::new(HPos::Left, VPos::Center));
    draw_header(&root, map, band, &centred)?;
    for (r, (label, cells)) in map.rows.iter().enumerate() {
        let y = GRID_Y + u32::try_from(r)? * CELL_HEIGHT;
        if !band.meets(y, y + CELL_HEIGHT) {
            continue;
        }
        root.draw(&Text::new(
            cut(label),
            (px(MARGIN), band.y(y + CELL_HEIGHT / 2)),
            left.clone(),
        ))?;
        for (c, held) in cells.iter().enumerate() {
            let x = GRID_X + u32::try_from(c)? * CELL_WIDTH;
            draw_cell(&root, (x, band.y(y)), *held, &centred)?;
        }
    }
    let legend_y = GRID_Y + u32::try_from(map.rows.len().max(1))? * CELL_HEIGHT + LEGEND_HEIGHT / 2;
    if band.meets(legend_y - LEGEND_HEIGHT / 2, legend_y + LEGEND_HEIGHT / 2) {
        draw_legend(&root, &map.legend, band.y(legend_y), &left)?;
    }
    root.present()?;
    Ok(())
}

/// The title and the months' names, where they fall in `band`.
fn draw_header(root: &Area<'_>, map: &HeatMap, band: &Band, centred: &TextStyle<'_>) -> DrawResult {
    if band.meets(MARGIN, MARGIN + TITLE_HEIGHT) {
        let title = (FAMILY, 22).into_font().color(&BLACK);
        let at = (px(MARGIN), band.y(MARGIN + 8));
        root.draw(&Text::new(map.title.clone(), at, title))?;
    }
    if band.meets(GRID_Y - HEADER_HEIGHT, GRID_Y) {
        for (c, name) in map.columns.iter().enumerate() {
            let x = GRID_X + u32::try_from(c)? * CELL_WIDTH + CELL_WIDTH / 2;
            let at = (px(x), band.y(GRID_Y - HEADER_HEIGHT / 2));
            root.draw(&Text::new(name.clone(), at, centred.clone()))?;
        }
    }
    Ok(())
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn px(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// One cell of the grid at (`x`, `y`) (`y` in the strip's coordinates): its colour, a grey
/// outline when there is no month, and the number of meetings held.
fn draw_cell(
    root: &Area<'_>,
    (x, y): (u32, i32),
    held: Option<u32>,
    centred: &TextStyle<'_>,
) -> DrawResult {
    let (x0, y0, x1, y1) = (
        px(x + 1),
        y + 1,
        px(x + CELL_WIDTH - 1),
        y + px(CELL_HEIGHT) - 1,
    );
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour(held).filled()))?;
    if held.is_none() {
        root.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            RGBColor(220, 220, 220).stroke_width(1),
        ))?;
    }
    if let Some(n) = held {
        let style = if n >= 2 {
            centred.clone().color(&WHITE)
        } else {
            centred.clone()
        };
        root.draw(&Text::new(
            n.to_string(),
            ((x0 + x1) / 2, (y0 + y1) / 2),
            style,
        ))?;
    }
    Ok(())
}

/// The legend under the grid, centred on `legend_y` (in the strip's coordinates): one
/// coloured sample and its label per step.
fn draw_legend(
    root: &Area<'_>,
    legend: &[String],
    legend_y: i32,
    left: &TextStyle<'_>,
) -> DrawResult {
    let samples = [Some(0), Some(1), Some(2), Some(3), None];
    for (i, (label, sample)) in legend.iter().zip(samples).enumerate() {
        let x = px(MARGIN + u32::try_from(i)? * LEGEND_STEP);
        let square = [(x, legend_y - 8), (x + 16, legend_y + 8)];
        root.draw(&Rectangle::new(square, colour(sample).filled()))?;
        root.draw(&Rectangle::new(square, BLACK.stroke_width(1)))?;
        root.draw(&Text::new(label.clone(), (x + 22, legend_y), left.clone()))?;
    }
    Ok(())
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
