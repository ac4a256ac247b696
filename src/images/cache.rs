//! The on-disk cache that makes rebuilds free.
//!
//! Layout under the folder the caller chooses (e.g. `SITE/.gazette-cache/images/`):
//! - `entries/<key>/`: the published files of one source under one set of settings, plus `meta` describing them.
//!   `<key>` hashes the source bytes, the output-relevant settings and [`PIPELINE_VERSION`](super::PIPELINE_VERSION),
//!   so an entry is never stale: a changed photo or setting simply has another key.
//! - `sources/<hash of path>`: a one-line record (size, mtime, content hash) per source path, so a warm check
//!   costs a `stat` and two small reads instead of reading and hashing every photo.
//! - `tmp/`: entries being written. A complete entry is renamed into `entries/` in one step, so a crash leaves
//!   at worst a directory in `tmp/` (swept at `open`), never a half-written entry under its key.
//!
//! Every file is checked against the size recorded in `meta` before an entry is served; anything missing or
//! unreadable is a miss and is rebuilt. Deleting the whole folder at any time is therefore safe.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::error::ImageError;
use super::pipeline::{Output, Rendered};
use super::settings::{Format, Settings};
use super::{Processed, Variant};

const META_HEADER: &str = "gazette-images-entry 1";
const SOURCE_HEADER: &str = "gazette-images-source 1";
/// A file modified this close to the moment its record was written could change again within the same mtime
/// tick without the record noticing; such records are re-verified by hashing (as git does for "racy" files).
const RACY_WINDOW: Duration = Duration::from_secs(2);
const STALE_TMP: Duration = Duration::from_secs(3600);

/// A cache folder. Cheap to clone; holds no open files and no shared mutable state, so it is `Sync`.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

/// The size and modification time of a source file, as compared against its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    mtime_ns: u128,
}

impl Stamp {
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Stamp> {
        let mtime_ns = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        Some(Stamp {
            size: meta.len(),
            mtime_ns,
        })
    }
}

impl Cache {
    /// Opens (creating if needed) a cache folder and sweeps abandoned temporary entries.
    /// The cache folder, for tests that plant leftovers in it.
    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn open(dir: &Path) -> Result<Cache, ImageError> {
        for sub in ["entries", "sources", "tmp"] {
            let path = dir.join(sub);
            fs::create_dir_all(&path).map_err(|e| ImageError::cache(&path, &e))?;
        }
        let cache = Cache { dir: dir.to_path_buf() };
        cache.sweep_tmp();
        Ok(cache)
    }

    fn sweep_tmp(&self) {
        let Ok(listing) = fs::read_dir(self.dir.join("tmp")) else {
            return;
        };
        for entry in listing.flatten() {
            let age = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok());
            if age.is_some_and(|age| age > STALE_TMP) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }

    fn source_record(&self, source: &Path) -> PathBuf {
        let name = blake3::hash(source.as_os_str().as_encoded_bytes()).to_hex();
        self.dir.join("sources").join(&name[..32])
    }

    /// The content hash recorded for `source`, if its size and mtime still match and the record is not racy.
    pub(crate) fn known_hash(&self, source: &Path, stamp: Stamp) -> Option<blake3::Hash> {
        let text = fs::read_to_string(self.source_record(source)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != SOURCE_HEADER {
            return None;
        }
        let fields: Vec<&str> = lines.next()?.split(' ').collect();
        let [size, mtime_ns, recorded_ns, hash] = fields[..] else {
            return None;
        };
        let recorded = Stamp {
            size: size.parse().ok()?,
            mtime_ns: mtime_ns.parse().ok()?,
        };
        let recorded_ns: u128 = recorded_ns.parse().ok()?;
        let settled = recorded_ns.saturating_sub(stamp.mtime_ns) >= RACY_WINDOW.as_nanos();
        let same_path = lines.next()? == source.as_os_str().to_string_lossy();
        (recorded == stamp && settled && same_path).then(|| blake3::Hash::from_hex(hash).ok())?
    }

    /// Records the content hash of `source` (best effort: a failure only costs a re-hash next time).
    pub(crate) fn remember_hash(&self, source: &Path, stamp: Stamp, hash: &blake3::Hash) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let text = format!(
            "{SOURCE_HEADER}\n{} {} {now} {}\n{}\n",
            stamp.size,
            stamp.mtime_ns,
            hash.to_hex(),
            source.as_os_str().to_string_lossy()
        );
        let _ = self.write_atomically(&self.source_record(source), text.as_bytes());
    }

    fn write_atomically(&self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut tmp = tempfile::NamedTempFile::new_in(self.dir.join("tmp"))?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    }

    /// The cache key of a source with content `hash` under `settings`.
    pub(crate) fn key(hash: &blake3::Hash, settings: &Settings) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(settings.key_material().as_bytes());
        hasher.update(b"\0");
        hasher.update(hash.as_bytes());
        hasher.finalize().to_hex()[..32].to_string()
    }

    fn entry_dir(&self, key: &str) -> PathBuf {
        self.dir.join("entries").join(key)
    }

    /// A complete, intact entry for `key`, or `None`.
    pub(crate) fn lookup(&self, key: &str) -> Option<Processed> {
        let dir = self.entry_dir(key);
        let text = fs::read_to_string(dir.join("meta")).ok()?;
        let processed = parse_meta(&dir, &text)?;
        let intact = std::iter::once(&processed.fallback)
            .chain(&processed.variants)
            .all(|v| fs::metadata(&v.file).is_ok_and(|m| m.len() == v.bytes_len));
        intact.then_some(processed)
    }

    /// Writes all outputs of one source under `key` and returns them as served from the cache.
    pub(crate) fn store(&self, key: &str, rendered: &Rendered) -> Result<Processed, ImageError> {
        let tmp_root = self.dir.join("tmp");
        let tmp = tempfile::Builder::new()
            .prefix(key)
            .tempdir_in(&tmp_root)
            .map_err(|e| ImageError::cache(&tmp_root, &e))?;
        let meta = write_outputs(tmp.path(), rendered)?;
        let target = self.entry_dir(key);
        if fs::rename(tmp.path(), &target).is_err() {
            // Another worker or process finished the same entry first, or a broken one is in the way.
            if let Some(done) = self.lookup(key) {
                return Ok(done);
            }
            let _ = fs::remove_dir_all(&target);
            fs::rename(tmp.path(), &target).map_err(|e| ImageError::cache(&target, &e))?;
        }
        let _ = tmp.keep();
        parse_meta(&target, &meta).ok_or_else(|| {
            ImageError::cache(
                &target,
                &std::io::Error::other("entry written but its description is unreadable"),
            )
        })
    }
}

fn output_name(output: &Output, fallback: bool) -> String {
    if fallback {
        format!("fallback.{}", output.format.extension())
    } else {
        format!("{}.webp", output.width)
    }
}

/// Writes the files of an entry into `dir` (meta last) and returns the meta text.
fn write_outputs(dir: &Path, rendered: &Rendered) -> Result<String, ImageError> {
    let mut meta = format!("{META_HEADER}\nsize {} {}\n", rendered.width, rendered.height);
    let fallback = rendered.fallback.iter().map(|o| (o, true));
    for (output, is_fallback) in rendered.variants.iter().map(|o| (o, false)).chain(fallback) {
        let name = output_name(output, is_fallback);
        let path = dir.join(&name);
        fs::write(&path, &output.bytes).map_err(|e| ImageError::cache(&path, &e))?;
        let role = if is_fallback { "fallback" } else { "variant" };
        let (format, w, h, len) = (output.format.name(), output.width, output.height, output.bytes.len());
        meta.push_str(&format!("{role} {format} {w} {h} {name} {len}\n"));
    }
    if rendered.fallback.is_none() {
        // WebP sources: the largest variant is also the fallback.
        let last = rendered.variants.last().map(|o| (o, output_name(o, false)));
        if let Some((o, name)) = last {
            meta.push_str(&format!(
                "fallback webp {} {} {name} {}\n",
                o.width,
                o.height,
                o.bytes.len()
            ));
        }
    }
    let path = dir.join("meta");
    fs::write(&path, &meta).map_err(|e| ImageError::cache(&path, &e))?;
    Ok(meta)
}

fn parse_meta(dir: &Path, text: &str) -> Option<Processed> {
    let mut lines = text.lines();
    if lines.next()? != META_HEADER {
        return None;
    }
    let size: Vec<&str> = lines.next()?.split(' ').collect();
    let ["size", width, height] = size[..] else { return None };
    let (width, height) = (width.parse().ok()?, height.parse().ok()?);
    let mut variants = Vec::new();
    let mut fallback = None;
    for line in lines {
        let fields: Vec<&str> = line.split(' ').collect();
        let [role, format, w, h, name, len] = fields[..] else {
            return None;
        };
        let variant = Variant {
            width: w.parse().ok()?,
            height: h.parse().ok()?,
            format: Format::from_name(format)?,
            file: dir.join(name),
            bytes_len: len.parse().ok()?,
        };
        match role {
            "variant" => variants.push(variant),
            "fallback" => fallback = Some(variant),
            _ => return None,
        }
    }
    Some(Processed {
        width,
        height,
        fallback: fallback?,
        variants,
        decoded: false,
    })
}
