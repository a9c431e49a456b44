//! A small line plot written as PNG: linear x, logarithmic y, a grid with numeric tick
//! labels (a 3x5 pixel font for digits and the few unit letters they need) and one
//! coloured line per series. The legend is the caller's caption.

use std::path::Path;

/// One line: its colour and (x, y) points, y > 0.
pub struct Series {
    pub rgb: [u8; 3],
    pub points: Vec<(f64, f64)>,
}

/// What the axes span and how they are labelled.
pub struct Axes {
    pub x_max: f64,
    pub x_step: f64,
    pub x_unit: &'static str,
    /// Decades of y, from 10^y_decades.0 to 10^y_decades.1.
    pub y_decades: (i32, i32),
    /// Labels of the y decades, from the lowest up.
    pub y_labels: Vec<String>,
}

const WIDTH: usize = 800;
const HEIGHT: usize = 480;
const LEFT: usize = 70;
const RIGHT: usize = 20;
const TOP: usize = 20;
const BOTTOM: usize = 50;
const SCALE: usize = 2;

struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            pixels: vec![255; WIDTH * HEIGHT * 3],
        }
    }

    fn set(&mut self, x: i64, y: i64, rgb: [u8; 3]) {
        if (0..WIDTH as i64).contains(&x) && (0..HEIGHT as i64).contains(&y) {
            let at = (y as usize * WIDTH + x as usize) * 3;
            self.pixels[at..at + 3].copy_from_slice(&rgb);
        }
    }

    /// A line of `thickness` pixels (Bresenham, widened vertically and horizontally).
    fn line(&mut self, from: (i64, i64), to: (i64, i64), rgb: [u8; 3], thickness: i64) {
        let (mut x, mut y) = from;
        let (dx, dy) = ((to.0 - x).abs(), -(to.1 - y).abs());
        let (sx, sy) = (if x < to.0 { 1 } else { -1 }, if y < to.1 { 1 } else { -1 });
        let mut error = dx + dy;
        loop {
            for ox in 0..thickness {
                for oy in 0..thickness {
                    self.set(x + ox - thickness / 2, y + oy - thickness / 2, rgb);
                }
            }
            if (x, y) == to {
                break;
            }
            let doubled = 2 * error;
            if doubled >= dy {
                error += dy;
                x += sx;
            }
            if doubled <= dx {
                error += dx;
                y += sy;
            }
        }
    }

    /// `text` with its top-left corner at (x, y).
    fn text(&mut self, x: i64, y: i64, text: &str) {
        for (i, c) in text.chars().enumerate() {
            let Some(rows) = glyph(c) else { continue };
            let left = x + (i * 4 * SCALE) as i64;
            for (row, bits) in rows.iter().enumerate() {
                for (col, bit) in bits.bytes().enumerate() {
                    if bit != b'#' {
                        continue;
                    }
                    for ox in 0..SCALE {
                        for oy in 0..SCALE {
                            let px = left + (col * SCALE + ox) as i64;
                            let py = y + (row * SCALE + oy) as i64;
                            self.set(px, py, [0, 0, 0]);
                        }
                    }
                }
            }
        }
    }
}

fn text_width(text: &str) -> i64 {
    (text.chars().count() * 4 * SCALE) as i64
}

/// 3x5 glyphs, `#` for ink.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        'u' => ["...", "#.#", "#.#", "#.#", "###"],
        'm' => ["...", "###", "###", "#.#", "#.#"],
        's' => ["...", ".##", "#..", "..#", "##."],
        'B' => ["##.", "#.#", "##.", "#.#", "##."],
        _ => return None,
    })
}

/// Draws `series` on `axes` into a PNG at `path`.
pub fn write(path: &Path, axes: &Axes, series: &[Series]) -> Result<(), String> {
    let mut canvas = Canvas::new();
    let (plot_w, plot_h) = (
        (WIDTH - LEFT - RIGHT) as f64,
        (HEIGHT - TOP - BOTTOM) as f64,
    );
    let (y_lo, y_hi) = (f64::from(axes.y_decades.0), f64::from(axes.y_decades.1));
    let px = |x: f64| LEFT as i64 + (x / axes.x_max * plot_w).round() as i64;
    let py = |y: f64| {
        let t = (y.log10() - y_lo) / (y_hi - y_lo);
        (TOP as f64 + (1.0 - t) * plot_h).round() as i64
    };
    let grid = [220, 220, 220];
    let (left, right) = (LEFT as i64, (WIDTH - RIGHT) as i64);
    let (top, bottom) = (TOP as i64, (HEIGHT - BOTTOM) as i64);

    let mut x = 0.0;
    while x <= axes.x_max + 1e-9 {
        canvas.line((px(x), top), (px(x), bottom), grid, 1);
        let label = format!("{x:.0}");
        canvas.text(px(x) - text_width(&label) / 2, bottom + 8, &label);
        x += axes.x_step;
    }
    let unit_x = right - text_width(axes.x_unit);
    canvas.text(unit_x, bottom + 26, axes.x_unit);
    for (i, decade) in (axes.y_decades.0..=axes.y_decades.1).enumerate() {
        let y = py(10f64.powi(decade));
        canvas.line((left, y), (right, y), grid, 1);
        if let Some(label) = axes.y_labels.get(i) {
            canvas.text(left - 8 - text_width(label), y - 5, label);
        }
    }
    canvas.line((left, top), (left, bottom), [0, 0, 0], 1);
    canvas.line((left, bottom), (right, bottom), [0, 0, 0], 1);

    for s in series {
        let points: Vec<(i64, i64)> = s.points.iter().map(|&(x, y)| (px(x), py(y))).collect();
        for pair in points.windows(2) {
            canvas.line(pair[0], pair[1], s.rgb, 3);
        }
        for &(x, y) in &points {
            canvas.line((x - 3, y), (x + 3, y), s.rgb, 3);
        }
    }

    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), WIDTH as u32, HEIGHT as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    writer
        .write_image_data(&canvas.pixels)
        .map_err(|e| format!("{}: {e}", path.display()))
}
