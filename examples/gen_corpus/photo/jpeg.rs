//! Encodes a generated photo with `jpeg-encoder`, the crate gazette itself writes JPEG
//! fallbacks with, so the benchmark needs no image tool. The scene is painted in strips of
//! rows into one RGB buffer (36 MB at 4000×3000), then encoded with the EXIF segment.

/// Rows of pixels painted at a time.
const STRIP: usize = 16;

/// Encodes a `width`×`height` image whose RGB rows `fill(y, strip)` writes, STRIP rows at a
/// time (fewer in the last strip). `exif` (the APP1 payload, from `Exif\0\0` on) follows the
/// JFIF header.
pub(crate) fn encode(
    width: usize,
    height: usize,
    quality: u8,
    exif: Vec<u8>,
    mut fill: impl FnMut(usize, &mut [u8]),
) -> Vec<u8> {
    let row = width * 3;
    let mut rgb = vec![0u8; row * height];
    for (n, strip) in rgb.chunks_mut(row * STRIP).enumerate() {
        fill(n * STRIP, strip);
    }
    let mut out = Vec::with_capacity(width * height / 3);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder
        .add_app_segment(1, exif)
        .expect("an EXIF segment is well under 64 KB");
    let side = |n: usize| u16::try_from(n).expect("a photo side fits in 16 bits");
    encoder
        .encode(&rgb, side(width), side(height), jpeg_encoder::ColorType::Rgb)
        .expect("encoding into memory cannot fail");
    out
}
