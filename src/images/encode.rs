//! Encoders for published files. Every encoder here writes pixels only: no EXIF, XMP, IPTC, ICC or comments, so
//! nothing about the camera or the place a photo was taken leaks into the site.

use std::ffi::c_int;

use image::DynamicImage;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use libwebp_sys as webp;

/// Lossy WebP through libwebp with the "photo" preset (as Hugo's default `hint`), alpha kept when present.
pub(crate) fn webp(img: &DynamicImage, quality: u8, effort: u8) -> Result<Vec<u8>, String> {
    let mut config = webp::WebPConfig::new_with_preset(webp::WebPPreset::WEBP_PRESET_PHOTO, f32::from(quality))
        .map_err(|()| "libwebp rejected its configuration".to_string())?;
    config.method = c_int::from(effort);
    // SAFETY: `config` is initialised by libwebp above; validation only reads it.
    if unsafe { webp::WebPValidateConfig(&config) } == 0 {
        return Err(format!("libwebp rejected quality {quality} / effort {effort}"));
    }
    let (width, height) = (to_c_int(img.width())?, to_c_int(img.height())?);
    match img {
        DynamicImage::ImageRgb8(buf) => encode_webp(&config, buf.as_raw(), width, height, 3),
        DynamicImage::ImageRgba8(buf) => encode_webp(&config, buf.as_raw(), width, height, 4),
        _ => Err("internal: pixels must be RGB8 or RGBA8 before encoding".to_string()),
    }
}

fn to_c_int(v: u32) -> Result<c_int, String> {
    c_int::try_from(v).map_err(|_| format!("dimension {v} is too large for WebP"))
}

/// Owns a `WebPPicture` and a `WebPMemoryWriter` so both are freed on every path, including errors.
struct WebpJob {
    picture: webp::WebPPicture,
    writer: webp::WebPMemoryWriter,
}

impl Drop for WebpJob {
    fn drop(&mut self) {
        // SAFETY: both were initialised by libwebp (`WebPPicture::new`, `WebPMemoryWriterInit`) and are freed once.
        unsafe {
            webp::WebPPictureFree(&mut self.picture);
            webp::WebPMemoryWriterClear(&mut self.writer);
        }
    }
}

fn encode_webp(
    config: &webp::WebPConfig,
    pixels: &[u8],
    width: c_int,
    height: c_int,
    channels: usize,
) -> Result<Vec<u8>, String> {
    let stride = width as usize * channels;
    if width <= 0 || height <= 0 || pixels.len() < stride * height as usize {
        return Err(format!(
            "internal: buffer of {} bytes does not hold {width}x{height} pixels",
            pixels.len()
        ));
    }
    let picture = webp::WebPPicture::new().map_err(|()| "libwebp could not initialise a picture".to_string())?;
    // SAFETY: WebPMemoryWriterInit only zeroes the struct it is given.
    let writer = unsafe {
        let mut writer = std::mem::zeroed::<webp::WebPMemoryWriter>();
        webp::WebPMemoryWriterInit(&mut writer);
        writer
    };
    let mut job = Box::new(WebpJob { picture, writer });
    job.picture.width = width;
    job.picture.height = height;
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above) and outlives these calls; libwebp
    // copies the pixels into the picture. The writer pointer stays valid because `job` is boxed and alive until
    // the end of this function, after `WebPEncode` returned.
    unsafe {
        let imported = if channels == 4 {
            webp::WebPPictureImportRGBA(&mut job.picture, pixels.as_ptr(), stride as c_int)
        } else {
            webp::WebPPictureImportRGB(&mut job.picture, pixels.as_ptr(), stride as c_int)
        };
        if imported == 0 {
            return Err("libwebp could not import the pixels (out of memory?)".to_string());
        }
        job.picture.writer = Some(webp::WebPMemoryWrite);
        job.picture.custom_ptr = (&mut job.writer as *mut webp::WebPMemoryWriter).cast();
        if webp::WebPEncode(config, &mut job.picture) == 0 {
            return Err(format!("libwebp failed: {:?}", job.picture.error_code));
        }
        if job.writer.mem.is_null() {
            return Err("libwebp produced no output".to_string());
        }
        Ok(std::slice::from_raw_parts(job.writer.mem, job.writer.size).to_vec())
    }
}

/// Baseline JPEG with the standard Huffman tables; writes only a JFIF header. Optimised tables would save a few
/// percent but jpeg-encoder 0.7.1's optimised tables are misread by zune-jpeg 0.5.15 (image's JPEG decoder), a
/// sign that some decoders in the wild may struggle too.
pub(crate) fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let DynamicImage::ImageRgb8(buf) = img else {
        return Err("internal: JPEG fallback needs RGB8 pixels".to_string());
    };
    let width = u16::try_from(buf.width()).map_err(|_| "image too wide for JPEG".to_string())?;
    let height = u16::try_from(buf.height()).map_err(|_| "image too tall for JPEG".to_string())?;
    let mut out = Vec::with_capacity(buf.as_raw().len() / 8);
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder
        .encode(buf.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Lossless PNG of the decoded pixels: only IHDR, IDAT and IEND chunks, so text and eXIf chunks are gone.
pub(crate) fn png(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let encoder = PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive);
    img.write_with_encoder(encoder).map_err(|e| e.to_string())?;
    Ok(out)
}
