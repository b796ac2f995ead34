//! The heat map: pairs × months, meetings held, drawn with plotters into memory and encoded
//! as PNG. The font is compiled in (DejaVu Sans, see `assets/fonts/`), so the chart renders on
//! a headless server without any system font.

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

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the bundled font could not be loaded")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
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

/// Draws the heat map and returns the PNG bytes.
pub fn heat_map_png(map: &HeatMap) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let (w, h) = chart_size(map.rows.len(), map.columns.len());
    let mut rgb = vec![0u8; (w as usize) * (h as usize) * 3];
    draw(map, &mut rgb, (w, h)).map_err(|e| ChartError::Draw(e.to_string()))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(map: &HeatMap, buf: &mut [u8], size: (u32, u32)) -> DrawResult {
    let root = BitMapBackend::with_buffer(buf, size).into_drawing_area();
    root.fill(&WHITE)?;
    let title = (FAMILY, 22).into_font().color(&BLACK);
    let text = (FAMILY, 14).into_font().color(&BLACK);
    let centred = text.pos(Pos::new(HPos::Center, VPos::Center));
    let left = text.pos(Pos::new(HPos::Left, VPos::Center));

    root.draw(&Text::new(
        map.title.clone(),
        (px(MARGIN), px(MARGIN + 8)),
        title,
    ))?;
    let grid_x = MARGIN + LABEL_WIDTH;
    let grid_y = MARGIN + TITLE_HEIGHT + HEADER_HEIGHT;
    for (c, name) in map.columns.iter().enumerate() {
        let x = grid_x + u32::try_from(c)? * CELL_WIDTH + CELL_WIDTH / 2;
        root.draw(&Text::new(
            name.clone(),
            (px(x), px(grid_y - HEADER_HEIGHT / 2)),
            centred.clone(),
        ))?;
    }
    for (r, (label, cells)) in map.rows.iter().enumerate() {
        let y = grid_y + u32::try_from(r)? * CELL_HEIGHT;
        root.draw(&Text::new(
            cut(label),
            (px(MARGIN), px(y + CELL_HEIGHT / 2)),
            left.clone(),
        ))?;
        for (c, held) in cells.iter().enumerate() {
            let x = grid_x + u32::try_from(c)? * CELL_WIDTH;
            draw_cell(&root, x, y, *held, &centred)?;
        }
    }
    let legend_y = grid_y + u32::try_from(map.rows.len().max(1))? * CELL_HEIGHT + LEGEND_HEIGHT / 2;
    draw_legend(&root, &map.legend, legend_y, &left)?;
    root.present()?;
    Ok(())
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn px(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// One cell of the grid at (`x`, `y`): its colour, a grey outline when there is no month,
/// and the number of meetings held.
fn draw_cell(
    root: &Area<'_>,
    x: u32,
    y: u32,
    held: Option<u32>,
    centred: &TextStyle<'_>,
) -> DrawResult {
    let (x0, y0, x1, y1) = (
        px(x + 1),
        px(y + 1),
        px(x + CELL_WIDTH - 1),
        px(y + CELL_HEIGHT - 1),
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

/// The legend under the grid: one coloured sample and its label per step.
fn draw_legend(
    root: &Area<'_>,
    legend: &[String],
    legend_y: u32,
    left: &TextStyle<'_>,
) -> DrawResult {
    let samples = [Some(0), Some(1), Some(2), Some(3), None];
    for (i, (label, sample)) in legend.iter().zip(samples).enumerate() {
        let x = MARGIN + u32::try_from(i)? * LEGEND_STEP;
        root.draw(&Rectangle::new(
            [(px(x), px(legend_y - 8)), (px(x + 16), px(legend_y + 8))],
            colour(sample).filled(),
        ))?;
        root.draw(&Rectangle::new(
            [(px(x), px(legend_y - 8)), (px(x + 16), px(legend_y + 8))],
            BLACK.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            label.clone(),
            (px(x + 22), px(legend_y)),
            left.clone(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(rows: usize) -> HeatMap {
        HeatMap {
            title: "Rendez-vous tenus — Mentorat 2027".into(),
            columns: ["janv.", "févr.", "mars"].map(String::from).to_vec(),
            rows: (0..rows)
                .map(|i| {
                    (
                        format!("#{i} Élodie Zoé très longue étiquette"),
                        vec![Some(0), Some(3), None],
                    )
                })
                .collect(),
            legend: ["0", "1", "2", "3+", "à venir"].map(String::from),
        }
    }

    #[test]
    fn the_heat_map_is_a_png_of_the_announced_size() {
        let bytes = heat_map_png(&map(4)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), chart_size(4, 3));
    }

    #[test]
    fn an_empty_programme_still_draws() {
        let bytes = heat_map_png(&map(0)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
    }
}
