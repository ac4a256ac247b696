//! Lead photos for `--photos N`: 4000×3000 JPEGs at quality 90 with EXIF (camera, time,
//! orientation 1 or 6, GPS at the event's city), like the files a press office uploads.
//!
//! Each photo is a different synthetic scene: a sky and ground in gradients, a skyline of
//! buildings with lit windows, discs and banners in random colours, and sensor-like noise over
//! everything. The noise matters: an encoder or resizer must do real work on every block, as
//! with a real photo, instead of skipping flat areas. A photo is painted 16 rows at a time into
//! one buffer and encoded by `jpeg-encoder` (photo/jpeg.rs).

mod exif;
mod jpeg;

use crate::calendar::Date;
use crate::rng::Rng;

pub(crate) const WIDTH: usize = 4000;
pub(crate) const HEIGHT: usize = 3000;
pub(crate) const QUALITY: u8 = 90;

/// The widths (pixels), format and quality of the resized copies both sites make of each lead
/// photo: the one place they are set. The photo site's site.toml (`[images]`) and hugo.toml
/// (`[params]`) are written from them, so both tools always do the same work. Like gazette,
/// the Hugo layout also writes a JPEG at the largest width as the `<img src>` fallback.
pub(crate) const RESIZE_WIDTHS: [u32; 3] = [480, 960, 1600];
pub(crate) const RESIZE_FORMAT: &str = "webp";
pub(crate) const RESIZE_FALLBACK: &str = "jpg";
pub(crate) const RESIZE_QUALITY: u32 = 80;

/// The RNG stream of photos (articles have their own).
const STREAM: u64 = 2;

/// Where and when a photo was taken.
pub(crate) struct Shot {
    pub(crate) latitude: f64,
    pub(crate) longitude: f64,
    pub(crate) day: Date,
}

/// Photo `index` of the corpus: the JPEG file's bytes.
pub(crate) fn jpeg(seed: u64, index: usize, shot: &Shot) -> Vec<u8> {
    let mut rng = Rng::for_item(seed, STREAM, index as u64);
    let scene = Scene::new(&mut rng);
    // Every third photo was taken upright and is stored sideways, as phones do.
    let orientation = if index.is_multiple_of(3) { 6 } else { 1 };
    let taken = format!(
        "{} {:02}:{:02}:{:02}",
        shot.day.exif(),
        rng.range(8, 18),
        rng.range(0, 59),
        rng.range(0, 59)
    );
    // A few hundred metres around the city centre.
    let jitter = |rng: &mut Rng| (rng.unit() - 0.5) * 0.02;
    let app1 = exif::app1(&exif::Exif {
        make: "Gazette",
        model: "Benchmark Camera 4000",
        taken: &taken,
        orientation,
        latitude: shot.latitude + jitter(&mut rng),
        longitude: shot.longitude + jitter(&mut rng),
        width: WIDTH as u32,
        height: HEIGHT as u32,
    });
    let mut noise = rng.next_u64() | 1;
    jpeg::encode(WIDTH, HEIGHT, QUALITY, app1, |y0, strip| {
        scene.paint(y0, strip, &mut noise)
    })
}

type Rgb = [f32; 3];

enum Shape {
    /// A building: a rectangle with a grid of lit windows.
    Building {
        x0: usize,
        x1: usize,
        y0: usize,
        y1: usize,
        wall: [u8; 3],
        window: [u8; 3],
        pitch: usize,
    },
    Disc {
        cx: f32,
        cy: f32,
        r: f32,
        colour: [u8; 3],
    },
    /// A horizontal banner with vertical stripes.
    Banner {
        x0: usize,
        x1: usize,
        y0: usize,
        y1: usize,
        a: [u8; 3],
        b: [u8; 3],
        stripe: usize,
    },
}

struct Scene {
    sky: (Rgb, Rgb),
    ground: (Rgb, Rgb),
    horizon: f32,
    /// Brightness by column (a soft vignette), in 1/256.
    shade: Vec<u16>,
    shapes: Vec<Shape>,
    noise: u8,
}

fn colour(rng: &mut Rng) -> Rgb {
    [0, 1, 2].map(|_| rng.range(20, 235) as f32)
}

fn bytes(c: Rgb) -> [u8; 3] {
    c.map(|v| v as u8)
}

impl Scene {
    fn new(rng: &mut Rng) -> Scene {
        let horizon = HEIGHT as f32 * (0.35 + 0.3 * rng.unit() as f32);
        let centre = WIDTH as f32 * (0.3 + 0.4 * rng.unit() as f32);
        let shade = (0..WIDTH)
            .map(|x| {
                let d = (x as f32 - centre).abs() / WIDTH as f32;
                (256.0 * (1.0 - 0.5 * d * d)) as u16
            })
            .collect();
        let mut shapes = Vec::new();
        let h = horizon as usize;
        for _ in 0..rng.range(8, 30) {
            let x0 = rng.below(WIDTH - 200);
            let w = rng.range(120, 600) as usize;
            let top = h.saturating_sub(rng.range(200, h as i64 - 50).max(0) as usize);
            shapes.push(Shape::Building {
                x0,
                x1: (x0 + w).min(WIDTH),
                y0: top,
                y1: (h + rng.range(0, 300) as usize).min(HEIGHT),
                wall: bytes(colour(rng)),
                window: [
                    rng.range(200, 255) as u8,
                    rng.range(180, 240) as u8,
                    rng.range(60, 160) as u8,
                ],
                pitch: rng.range(18, 60) as usize,
            });
        }
        for _ in 0..rng.range(3, 12) {
            shapes.push(Shape::Disc {
                cx: rng.below(WIDTH) as f32,
                cy: rng.below(HEIGHT) as f32,
                r: rng.range(30, 400) as f32,
                colour: bytes(colour(rng)),
            });
        }
        for _ in 0..rng.range(1, 4) {
            let x0 = rng.below(WIDTH / 2);
            let y0 = rng.range(h as i64, HEIGHT as i64 - 300) as usize;
            shapes.push(Shape::Banner {
                x0,
                x1: (x0 + rng.range(800, 2000) as usize).min(WIDTH),
                y0,
                y1: y0 + rng.range(80, 260) as usize,
                a: bytes(colour(rng)),
                b: bytes(colour(rng)),
                stripe: rng.range(8, 40) as usize,
            });
        }
        Scene {
            sky: (colour(rng), colour(rng)),
            ground: (colour(rng), colour(rng)),
            horizon,
            shade,
            shapes,
            noise: rng.range(4, 14) as u8,
        }
    }

    /// Paints rows y0.. into `strip` (RGB, WIDTH pixels a row).
    fn paint(&self, y0: usize, strip: &mut [u8], noise: &mut u64) {
        for (i, row) in strip.chunks_exact_mut(WIDTH * 3).enumerate() {
            let y = y0 + i;
            self.background(y, row);
            for shape in &self.shapes {
                shape.paint_row(y, row);
            }
            add_noise(row, self.noise, noise);
        }
    }

    fn background(&self, y: usize, row: &mut [u8]) {
        let yf = y as f32;
        let base = if yf < self.horizon {
            mix(self.sky, yf / self.horizon)
        } else {
            mix(self.ground, (yf - self.horizon) / (HEIGHT as f32 - self.horizon))
        };
        for (px, &shade) in row.chunks_exact_mut(3).zip(&self.shade) {
            for c in 0..3 {
                px[c] = ((base[c] as u32 * u32::from(shade)) >> 8).min(255) as u8;
            }
        }
    }
}

fn mix((a, b): (Rgb, Rgb), t: f32) -> [u16; 3] {
    [0, 1, 2].map(|c| (a[c] + (b[c] - a[c]) * t) as u16)
}

impl Shape {
    fn paint_row(&self, y: usize, row: &mut [u8]) {
        match *self {
            Shape::Building {
                x0,
                x1,
                y0,
                y1,
                wall,
                window,
                pitch,
            } if (y0..y1).contains(&y) => {
                let lit_row = (y - y0) % pitch < pitch / 2;
                for x in x0..x1 {
                    let lit = lit_row && (x - x0) % pitch < pitch / 2 && !(x / pitch + y / pitch).is_multiple_of(3);
                    row[x * 3..x * 3 + 3].copy_from_slice(if lit { &window } else { &wall });
                }
            }
            Shape::Disc { cx, cy, r, colour } => {
                let dy = y as f32 - cy;
                if dy.abs() >= r {
                    return;
                }
                let half = (r * r - dy * dy).sqrt();
                let from = (cx - half).max(0.0) as usize;
                let to = ((cx + half) as usize).min(WIDTH);
                for x in from..to {
                    row[x * 3..x * 3 + 3].copy_from_slice(&colour);
                }
            }
            Shape::Banner {
                x0,
                x1,
                y0,
                y1,
                a,
                b,
                stripe,
            } if (y0..y1).contains(&y) => {
                for x in x0..x1 {
                    let c = if (x / stripe) % 2 == 0 { &a } else { &b };
                    row[x * 3..x * 3 + 3].copy_from_slice(c);
                }
            }
            _ => {}
        }
    }
}

/// Adds uniform noise in ±`amplitude` to every channel (xorshift64, eight bytes per step).
fn add_noise(row: &mut [u8], amplitude: u8, state: &mut u64) {
    let span = u16::from(amplitude) * 2 + 1;
    for chunk in row.chunks_mut(8) {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let random = state.to_le_bytes();
        for (v, r) in chunk.iter_mut().zip(random) {
            let delta = ((u16::from(r) * span) >> 8) as i16 - i16::from(amplitude);
            *v = (i16::from(*v) + delta).clamp(0, 255) as u8;
        }
    }
}
