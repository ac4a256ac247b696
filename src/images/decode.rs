//! Turning source bytes into pixels, safely: the format is recognised from content (not the file name), the size
//! is read from the header and checked against the limits before any pixel buffer exists, and a JPEG much larger
//! than the largest output is decoded directly at 1/2, 1/4 or 1/8 size in the DCT domain, which is cheaper than
//! decoding it fully and resizing.

use std::io::{BufRead, Cursor, Seek};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use super::error::{ErrorKind, ImageError};
use super::settings::{Format, Settings};

/// What the header says, before any pixel is decoded. Sizes are as stored, before orientation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub orientation: Orientation,
}

impl Header {
    /// Width and height as the photo should be shown.
    pub(super) fn oriented_size(&self) -> (u32, u32) {
        if swaps_axes(self.orientation) {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Orientations 5-8 turn the picture by a quarter, so width and height trade places.
pub(crate) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// Recognises the three accepted formats from their first bytes; names any other known format in the error.
pub(crate) fn sniff(path: &Path, head: &[u8]) -> Result<Format, ImageError> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Ok(Format::Webp);
    }
    let what = match image::guess_format(head) {
        Ok(format) => format!("a {format:?} image"),
        Err(_) => "not an image".to_string(),
    };
    let named = path
        .extension()
        .map(|e| format!(", although its name ends in .{}", e.to_string_lossy()));
    Err(ImageError::new(
        ErrorKind::Unsupported,
        path,
        format!(
            "the file is {what}{}; only JPEG, PNG and WebP are supported",
            named.unwrap_or_default()
        ),
        "export the photo as JPEG (photos) or PNG (drawings, screenshots) and replace the file",
    ))
}

/// Reads the header of a source and enforces the pixel and memory limits. `reader` must start at the file start.
pub(crate) fn read_header<R: BufRead + Seek>(
    path: &Path,
    reader: R,
    format: Format,
    settings: &Settings,
) -> Result<Header, ImageError> {
    let header = match format {
        Format::Jpeg => jpeg_header(path, reader)?,
        Format::Png | Format::Webp => {
            let mut decoder = image_decoder(path, reader, format, settings)?;
            let (width, height) = decoder.dimensions();
            let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
            Header {
                format,
                width,
                height,
                orientation,
            }
        }
    };
    check_limits(path, &header, settings)?;
    Ok(header)
}

fn jpeg_header<R: BufRead>(path: &Path, reader: R) -> Result<Header, ImageError> {
    let mut decoder = jpeg_decoder::Decoder::new(reader);
    decoder.read_info().map_err(|e| ImageError::corrupt(path, e))?;
    let info = decoder
        .info()
        .ok_or_else(|| ImageError::corrupt(path, "no frame header"))?;
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Ok(Header {
        format: Format::Jpeg,
        width: u32::from(info.width),
        height: u32::from(info.height),
        orientation,
    })
}

fn image_decoder<'a, R: BufRead + Seek + 'a>(
    path: &Path,
    reader: R,
    format: Format,
    settings: &Settings,
) -> Result<impl ImageDecoder + 'a, ImageError> {
    let image_format = match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(reader, image_format);
    reader.limits(limits(settings));
    reader.into_decoder().map_err(|e| classify(path, e))
}

/// image's own limits as a second line of defence: they bound every allocation its decoders make.
fn limits(settings: &Settings) -> Limits {
    let side = u32::try_from(settings.max_pixels).unwrap_or(u32::MAX);
    let mut limits = Limits::default();
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(settings.max_memory);
    limits
}

fn classify(path: &Path, err: image::ImageError) -> ImageError {
    match err {
        image::ImageError::Limits(e) => too_large(path, &e.to_string()),
        image::ImageError::Unsupported(e) => ImageError::new(
            ErrorKind::Unsupported,
            path,
            format!("this variant of the format is not supported ({e})"),
            "open the photo in an image editor and export it again as a standard JPEG or PNG",
        ),
        image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageError::corrupt(path, "the file ends early; it may have been cut off while copying")
        }
        image::ImageError::IoError(e) => ImageError::io(path, &e),
        other => ImageError::corrupt(path, other),
    }
}

fn too_large(path: &Path, detail: &str) -> ImageError {
    ImageError::new(
        ErrorKind::TooLarge,
        path,
        format!("the image is too large to process safely ({detail})"),
        "resize the photo to at most 8000 pixels on its long side before adding it, or raise the image size limit",
    )
}

/// Refuses images above `max_pixels`, or whose RGBA buffer would exceed `max_memory`, from header data alone.
fn check_limits(path: &Path, header: &Header, settings: &Settings) -> Result<(), ImageError> {
    let pixels = u64::from(header.width) * u64::from(header.height);
    if header.width == 0 || header.height == 0 {
        return Err(ImageError::corrupt(path, "the header gives a size of zero pixels"));
    }
    if pixels > settings.max_pixels || pixels.saturating_mul(4) > settings.max_memory {
        let detail = format!(
            "{} x {} pixels, {:.1} megapixels, limit {:.1}",
            header.width,
            header.height,
            pixels as f64 / 1e6,
            settings.max_pixels.min(settings.max_memory / 4) as f64 / 1e6
        );
        return Err(too_large(path, &detail));
    }
    Ok(())
}

/// Decodes to RGB8 or RGBA8 (as stored, before orientation), at least `min_size` in size where possible.
/// JPEGs may come back smaller than stored thanks to DCT scaling; everything else comes back at full size.
///
/// JPEGs go through jpeg-decoder rather than image's zune-jpeg even at full size: zune-jpeg 0.5.15 decodes some
/// valid files with wrong colours (seen with jpeg-encoder's optimised Huffman tables; libjpeg-turbo and
/// jpeg-decoder agree on the right result). zune-jpeg remains the route for CMYK and 12-bit JPEGs.
pub(crate) fn decode(
    path: &Path,
    bytes: &[u8],
    header: &Header,
    min_size: (u32, u32),
    settings: &Settings,
) -> Result<DynamicImage, ImageError> {
    if header.format == Format::Jpeg
        && let Some(img) = decode_jpeg(path, bytes, min_size, settings)?
    {
        return Ok(img);
    }
    let decoder = image_decoder(path, Cursor::new(bytes), header.format, settings)?;
    // For JPEG the header was read by another decoder; make sure this one agrees before it allocates.
    let (width, height) = decoder.dimensions();
    check_limits(
        path,
        &Header {
            width,
            height,
            ..*header
        },
        settings,
    )?;
    let has_alpha = decoder.color_type().has_alpha();
    let img = DynamicImage::from_decoder(decoder).map_err(|e| classify(path, e))?;
    Ok(if has_alpha {
        DynamicImage::ImageRgba8(img.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    })
}

/// Decode with jpeg-decoder at the smallest DCT scale (1, 1/2, 1/4, 1/8) still covering `min_size`.
/// `Ok(None)` means "not applicable here" (CMYK, 16-bit), so the caller falls back to image's decoder.
fn decode_jpeg(
    path: &Path,
    bytes: &[u8],
    min_size: (u32, u32),
    settings: &Settings,
) -> Result<Option<DynamicImage>, ImageError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(settings.max_memory).unwrap_or(usize::MAX));
    let request = (
        u16::try_from(min_size.0).unwrap_or(u16::MAX),
        u16::try_from(min_size.1).unwrap_or(u16::MAX),
    );
    let (width, height) = decoder
        .scale(request.0, request.1)
        .map_err(|e| ImageError::corrupt(path, e))?;
    let Some(info) = decoder.info() else { return Ok(None) };
    let pixel_format = info.pixel_format;
    if !matches!(
        pixel_format,
        jpeg_decoder::PixelFormat::RGB24 | jpeg_decoder::PixelFormat::L8
    ) {
        return Ok(None);
    }
    let pixels = decoder.decode().map_err(|e| ImageError::corrupt(path, e))?;
    let pixels = match pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        _ => pixels,
    };
    let img = RgbImage::from_raw(u32::from(width), u32::from(height), pixels)
        .ok_or_else(|| ImageError::corrupt(path, "decoded data is shorter than the image"))?;
    Ok(Some(DynamicImage::ImageRgb8(img)))
}
