//! Photos for event reports: this module owns turning one source image (JPEG, PNG or WebP) into the files a page
//! publishes, and remembering that work so that rebuilding a site costs nothing for unchanged photos.
//!
//! For each source it produces, upright (EXIF orientation applied) and free of metadata (no EXIF/GPS, XMP, IPTC,
//! ICC or comments in any published file):
//! - lossy WebP variants at the configured srcset widths, never upscaled;
//! - a fallback for `<img src>` in the source's own format at the largest width: for a JPEG already at that width
//!   and upright, the original compressed data with its metadata segments removed (no second JPEG loss);
//!   otherwise a fresh JPEG; for PNG always a fresh lossless PNG; for WebP the largest WebP variant itself.
//!
//! Bad input (missing, unreadable, corrupt, unsupported, too large) is returned as an [`ImageError`] with a hint
//! for the editor; sizes are checked from the header before any pixel buffer is allocated.
//!
//! Results live in a [`Cache`] folder chosen by the caller; the `cache` submodule documents its layout and key.

mod cache;
mod decode;
mod encode;
mod error;
mod jpeg_strip;
mod pipeline;
mod resize;
mod settings;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

pub(crate) use cache::Cache;
pub(crate) use error::{ErrorKind, ImageError};
pub(crate) use settings::{Format, Settings};

use cache::Stamp;

/// The published files of one source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Processed {
    /// Intrinsic size of the source after orientation (for `width`/`height` attributes and aspect ratios).
    pub width: u32,
    pub height: u32,
    /// The `<img src>` file, in the source's format.
    pub fallback: Variant,
    /// WebP files for `srcset`, ascending by width.
    pub variants: Vec<Variant>,
    /// True when this call decoded the source; false when everything came from the cache.
    pub decoded: bool,
}

/// One published file, stored in the cache folder; the caller copies or links it into the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub file: PathBuf,
    pub bytes_len: u64,
}

/// Processes one source, from the cache when possible.
///
/// Warm path: `stat` the source and compare with its record; if unchanged, serve the entry without reading the
/// photo. Otherwise the photo is read and hashed; an entry under that hash is still served without decoding
/// (e.g. the file was touched or copied); only a true miss decodes.
pub(crate) fn process(source: &Path, settings: &Settings, cache: &Cache) -> Result<Processed, ImageError> {
    settings.validate()?;
    let source = std::path::absolute(source).map_err(|e| ImageError::io(source, &e))?;
    let meta = std::fs::metadata(&source).map_err(|e| ImageError::io(&source, &e))?;
    let stamp = Stamp::of(&meta);
    if let Some(hash) = stamp.and_then(|stamp| cache.known_hash(&source, stamp))
        && let Some(hit) = cache.lookup(&Cache::key(&hash, settings))
    {
        return Ok(hit);
    }
    let bytes = read_limited(&source, meta.len(), settings.max_memory)?;
    let format = decode::sniff(&source, &bytes)?;
    let hash = blake3::hash(&bytes);
    if let Some(stamp) = stamp {
        cache.remember_hash(&source, stamp, &hash);
    }
    let key = Cache::key(&hash, settings);
    if let Some(hit) = cache.lookup(&key) {
        return Ok(hit);
    }
    let rendered = pipeline::render(&source, &bytes, format, settings)?;
    let stored = cache.store(&key, &rendered)?;
    Ok(Processed {
        decoded: true,
        ..stored
    })
}

/// Processes many sources on rayon's pool; results are in the order of `sources`. `progress(done, total)` is
/// called once per finished source, from worker threads, in completion order.
pub(crate) fn process_all(
    sources: &[PathBuf],
    settings: &Settings,
    cache: &Cache,
    progress: impl Fn(usize, usize) + Sync,
) -> Vec<Result<Processed, ImageError>> {
    let total = sources.len();
    let done = AtomicUsize::new(0);
    sources
        .par_iter()
        .map(|source| {
            let result = process(source, settings, cache);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            result
        })
        .collect()
}

/// Width and height as displayed (orientation applied), from the header only, with the default limits.
#[cfg(test)]
pub(crate) fn probe(source: &Path) -> Result<(u32, u32), ImageError> {
    use std::io::BufRead;
    let file = File::open(source).map_err(|e| ImageError::io(source, &e))?;
    let mut reader = std::io::BufReader::new(file);
    let head = reader.fill_buf().map_err(|e| ImageError::io(source, &e))?;
    let format = decode::sniff(source, &head[..head.len().min(16)])?;
    let header = decode::read_header(source, reader, format, &Settings::default())?;
    Ok(header.oriented_size())
}

/// Reads a whole source, refusing files over `max` bytes before reading them.
fn read_limited(path: &Path, len: u64, max: u64) -> Result<Vec<u8>, ImageError> {
    if len > max {
        return Err(ImageError::new(
            ErrorKind::TooLarge,
            path,
            format!(
                "the file is {:.0} MB, more than the limit of {:.0} MB",
                len as f64 / 1e6,
                max as f64 / 1e6
            ),
            "export the photo at a smaller size or higher compression before adding it",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    File::open(path)
        .and_then(|f| f.take(max).read_to_end(&mut bytes))
        .map_err(|e| ImageError::io(path, &e))?;
    Ok(bytes)
}
