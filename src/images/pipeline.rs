//! The work done on a cache miss: from source bytes to every published file, in memory.
//!
//! Order matters for speed: decode (DCT-scaled when possible), resize to the largest width in the stored layout,
//! rotate that one image upright, then derive the smaller widths from it. Rotating after the first resize turns
//! ~2 MP instead of the 12 MP original.

use std::io::Cursor;
use std::path::Path;

use image::DynamicImage;

use super::decode::{self, Header};
use super::encode;
use super::error::ImageError;
use super::jpeg_strip;
use super::resize::{resize, scaled_height};
use super::settings::{Format, Settings};

/// One encoded output, not yet written anywhere.
pub(crate) struct Output {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Everything produced for one source. `fallback: None` means "the largest WebP variant is the fallback"
/// (for WebP sources), so the same bytes are not stored twice.
pub(crate) struct Rendered {
    pub width: u32,
    pub height: u32,
    pub variants: Vec<Output>,
    pub fallback: Option<Output>,
}

pub(crate) fn render(path: &Path, bytes: &[u8], format: Format, settings: &Settings) -> Result<Rendered, ImageError> {
    let header = decode::read_header(path, Cursor::new(bytes), format, settings)?;
    let (width, height) = header.oriented_size();
    let widths = settings.widths_for(width);
    let largest_w = widths.last().copied().unwrap_or(width);
    let largest_h = scaled_height(width, height, largest_w);

    let stored_target = if decode::swaps_axes(header.orientation) {
        (largest_h, largest_w)
    } else {
        (largest_w, largest_h)
    };
    let decoded = decode::decode(path, bytes, &header, stored_target, settings)?;
    let mut largest = if (decoded.width(), decoded.height()) == stored_target {
        decoded
    } else {
        resize(&decoded, stored_target.0, stored_target.1).map_err(|e| ImageError::encode(path, e))?
    };
    largest.apply_orientation(header.orientation);

    let mut variants = Vec::with_capacity(widths.len());
    for &w in widths.iter().rev() {
        let h = scaled_height(width, height, w);
        let pixels = if w == largest_w {
            None
        } else {
            Some(resize(&largest, w, h))
        };
        let pixels = match &pixels {
            None => &largest,
            Some(Ok(img)) => img,
            Some(Err(e)) => return Err(ImageError::encode(path, e)),
        };
        let webp =
            encode::webp(pixels, settings.quality, settings.webp_effort).map_err(|e| ImageError::encode(path, e))?;
        variants.push(Output {
            width: w,
            height: h,
            format: Format::Webp,
            bytes: webp,
        });
    }
    variants.reverse();

    let fallback = fallback(path, bytes, &header, &largest, settings)?;
    Ok(Rendered {
        width,
        height,
        variants,
        fallback,
    })
}

/// The `<img src>` file in the source's own format, at the largest width, metadata-free and upright.
fn fallback(
    path: &Path,
    bytes: &[u8],
    header: &Header,
    largest: &DynamicImage,
    settings: &Settings,
) -> Result<Option<Output>, ImageError> {
    let (width, height) = (largest.width(), largest.height());
    let untouched =
        (width, height) == header.oriented_size() && header.orientation == image::metadata::Orientation::NoTransforms;
    let encoded = match header.format {
        Format::Webp => return Ok(None),
        Format::Jpeg if untouched => match jpeg_strip::strip_metadata(bytes) {
            Some(stripped) => Ok(stripped),
            None => encode::jpeg(largest, settings.quality),
        },
        Format::Jpeg => encode::jpeg(largest, settings.quality),
        Format::Png => encode::png(largest),
    };
    let bytes = encoded.map_err(|e| ImageError::encode(path, e))?;
    Ok(Some(Output {
        width,
        height,
        format: header.format,
        bytes,
    }))
}
