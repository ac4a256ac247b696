//! The only stage that writes. A build writes into a fresh folder beside the output folder
//! (pages as soon as they are rendered, so the site is never held in memory whole) and swaps it
//! in only when every file is written, so a failed or killed build leaves the previous output
//! exactly as it was. Every path is checked to stay inside the output folder.
//!
//! The output folder is safe in the cases that used to lose or hide data:
//! - `prepare` runs every check before the site is rendered: the output must not be a file, the
//!   site, around or inside its sources (checked on the real absolute path, `..` resolved, even
//!   when parents do not exist yet), nor a non-empty folder gazette did not create, unless forced.
//!   gazette marks what it creates with a `.gazette` file.
//! - A symbolic link as output (`public → /srv/www`) is followed and kept: the site is built
//!   beside the link's real target and swapped in there.
//! - A lock file beside the output (`.public.gazette-lock`) keeps a second gazette away, which
//!   fails at once rather than waiting (a waiting build might wait behind a whole `serve`
//!   session); under the lock, leftovers of killed builds are removed.
//! - The swap is one atomic exchange on Linux, and two renames elsewhere (see `swap`).
//! - Every error says what state the output is in afterwards (`OutputState`), and a commit whose
//!   previous site could not be deleted succeeds with a warning saying where it was left.
//!
//! A build is: `prepare`, then `Staging::create`, `Staging::check` with every path and
//! `Staging::write` each file (from any thread), `Staging::commit`. Watch mode may instead
//! `update` the output in place.

mod error;
mod location;
mod lock;
mod staging;
mod swap;
mod target;

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

pub(crate) use error::{OutputError, OutputState};
pub(crate) use location::MARKER;
pub(crate) use staging::Staging;
pub(crate) use target::{Target, prepare};

/// One file of the output: a `/`-separated path relative to the output folder, and what goes
/// in it.
#[derive(Debug)]
pub(crate) struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug)]
pub(crate) enum Contents {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    /// A file copied as it is (static files, bundle images).
    Copy(PathBuf),
}

/// Turns a plan path into a path below `base`, refusing anything that could leave it.
pub(crate) fn safe_join(base: &Path, relative: &str) -> Option<PathBuf> {
    if relative.is_empty() || relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let mut out = base.to_path_buf();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    Some(out)
}

/// Watch mode: writes the changed files into the live output folder (each through a temporary
/// file and a rename, so a reader never sees half a page) and removes the files the site no
/// longer has, with the folders they leave empty. Takes a `Target` so that the lock keeps a full
/// build away meanwhile.
pub(crate) fn update(target: &Target, files: &[OutputFile], removed: &[String]) -> Result<(), Vec<OutputError>> {
    let output = target.path();
    let fail = |path: &Path, message: String| OutputError::new(path, message, target.given(), OutputState::Unchanged);
    ensure_marked(output).map_err(|e| vec![fail(output, e.to_string())])?;
    let changed = AtomicBool::new(false);
    let mut errors: Vec<OutputError> = files
        .par_iter()
        .filter_map(|f| {
            let Some(file) = safe_join(output, &f.path).filter(|_| f.path != MARKER) else {
                return Some(fail(
                    Path::new(&f.path),
                    "refusing to write outside the output folder".into(),
                ));
            };
            match replace_one(&file, &f.contents) {
                Ok(()) => {
                    changed.store(true, Ordering::Relaxed);
                    None
                }
                Err(e) => Some(fail(&file, e.to_string())),
            }
        })
        .collect();
    for path in removed {
        let Some(file) = safe_join(output, path).filter(|_| path != MARKER) else {
            continue;
        };
        match std::fs::remove_file(&file) {
            Ok(()) => {
                changed.store(true, Ordering::Relaxed);
                remove_empty_parents(&file, output);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => errors.push(fail(&file, e.to_string())),
        }
    }
    if changed.load(Ordering::Relaxed) {
        for error in &mut errors {
            error.state = OutputState::PartlyUpdated;
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The output folder exists and says it is gazette's (the `Target` was checked to be ours, empty,
/// or forced), so a later build accepts it.
fn ensure_marked(output: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(output)?;
    let marker = output.join(MARKER);
    if std::fs::symlink_metadata(&marker).is_err() {
        std::fs::write(marker, location::MARKER_TEXT)?;
    }
    Ok(())
}

/// Writes `target` through a temporary file beside it and a rename, so it changes at once.
fn replace_one(target: &Path, contents: &Contents) -> std::io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(".{name}.gazette-{}", std::process::id()));
    write_one(&temporary, contents)
        .and_then(|()| std::fs::rename(&temporary, target))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
}

/// Removes folders left empty by removed pages, up to (not including) the output folder.
fn remove_empty_parents(file: &Path, output: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn write_one(target: &Path, contents: &Contents) -> std::io::Result<()> {
    match contents {
        Contents::Bytes(bytes) => std::fs::write(target, bytes),
        Contents::Embedded(bytes) => std::fs::write(target, bytes),
        Contents::Copy(source) => std::fs::copy(source, target)
            .map(|_| ())
            .map_err(|e| std::io::Error::new(e.kind(), format!("copying {}: {e}", source.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let base = Path::new("/out");
        assert_eq!(
            safe_join(base, "de/x/index.html"),
            Some(PathBuf::from("/out/de/x/index.html"))
        );
        for bad in ["../x", "/etc/passwd", "de/../../x", "", "a\\..\\b", "./x", "a\0b"] {
            assert_eq!(safe_join(base, bad), None, "{bad}");
        }
    }
}
