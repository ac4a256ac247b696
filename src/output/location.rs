//! Where the output really is and whether gazette may replace it. The checks work on the real
//! absolute path, so neither `..`, a symbolic link nor a parent that does not exist yet can hide
//! that an output would swallow the site or land inside its sources.

use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use super::error::{OutputError, OutputState};

/// The file gazette puts into every output folder it writes. A non-empty folder without it is
/// someone else's, and gazette does not replace it unless forced.
pub(crate) const MARKER: &str = ".gazette";

/// What the marker says to whoever opens it.
pub(crate) const MARKER_TEXT: &str = "This folder is a site written by gazette, a static site generator.\n\
Every build replaces the whole folder, so files put here by hand are deleted.\n\
gazette replaces only folders that contain this file (or are empty), unless it is run with --force.\n";

/// Folders of the site that hold the editors' sources: an output inside one of them would be
/// read back as content, and replacing one would delete sources.
const SOURCES: [&str; 4] = ["content", "themes", "templates", "static"];

/// An output path resolved as the kernel would for the part that exists (symbolic links
/// followed) and lexically for the rest, which a build creates as real folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub real: PathBuf,
    /// Whether a symbolic link was followed on the way (said in messages).
    pub through_link: bool,
}

/// Resolves `path` one component at a time, so `missing/..` is undone lexically while
/// `link/..` goes to the link target's parent, as the kernel would go.
pub(crate) fn resolve(path: &Path, output: &Path) -> Result<Resolved, OutputError> {
    let absolute = std::path::absolute(path).map_err(|e| {
        OutputError::io(path, &e, output, untouched(path)).hint("check the current folder still exists")
    })?;
    let mut real = PathBuf::new();
    let mut missing: Vec<OsString> = Vec::new();
    let mut through_link = false;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                if missing.pop().is_none() {
                    real.pop();
                }
            }
            Component::Normal(name) if !missing.is_empty() => missing.push(name.to_owned()),
            Component::Normal(name) => {
                let candidate = real.join(name);
                match fs::symlink_metadata(&candidate) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        real = follow(&candidate, path, output)?;
                        through_link = true;
                    }
                    Ok(_) => real = candidate,
                    Err(e) if e.kind() == ErrorKind::NotFound => missing.push(name.to_owned()),
                    Err(e) if e.kind() == ErrorKind::NotADirectory => {
                        return Err(OutputError::new(
                            real,
                            "this is a file, so the output cannot be created inside it",
                            output,
                            untouched(path),
                        ));
                    }
                    Err(e) => return Err(OutputError::io(&candidate, &e, output, untouched(path))),
                }
            }
        }
    }
    real.extend(missing);
    Ok(Resolved { real, through_link })
}

/// The real path of a symbolic link on the output's way; a dangling one is refused rather than
/// guessed at.
fn follow(link: &Path, path: &Path, output: &Path) -> Result<PathBuf, OutputError> {
    fs::canonicalize(link).map_err(|e| {
        let target = fs::read_link(link).map_or_else(|_| "?".into(), |t| t.display().to_string());
        let message = if e.kind() == ErrorKind::NotFound {
            format!("this symbolic link points to {target}, which does not exist")
        } else {
            format!("this symbolic link points to {target}, which cannot be followed: {e}")
        };
        OutputError::new(link, message, output, untouched(path))
            .hint("create the folder the link points to, or remove the link")
    })
}

/// The state to report when a refusal touched nothing: it depends only on whether the output
/// was there.
pub(crate) fn untouched(output: &Path) -> OutputState {
    if fs::symlink_metadata(output).is_ok() {
        OutputState::Unchanged
    } else {
        OutputState::Missing
    }
}

/// Refuses an output that is the site itself, contains it or one of its source folders, or lies
/// inside a source folder. `root` and `real` are both resolved, so links cannot hide either.
pub(crate) fn check_location(root: &Path, real: &Path, output: &Path) -> Result<(), OutputError> {
    let refuse = |message: String| {
        OutputError::new(real, message, output, untouched(output))
            .hint("choose a folder inside or beside the site, such as public/")
    };
    if real.parent().is_none() {
        return Err(refuse("the output folder cannot be the root of the file system".into()));
    }
    if root.starts_with(real) {
        return Err(refuse("the output folder would contain the site itself".into()));
    }
    for source in SOURCES {
        let lexical = root.join(source);
        let resolved = resolve(&lexical, output).map_or(lexical.clone(), |r| r.real);
        for folder in [&lexical, &resolved] {
            if real.starts_with(folder) {
                return Err(refuse(format!(
                    "the output folder is inside the site's {source}/ folder"
                )));
            }
            if folder.starts_with(real) {
                return Err(refuse(format!(
                    "the output folder would contain the site's {source}/ folder"
                )));
            }
        }
    }
    Ok(())
}

/// What is at the output's real path, as far as replacing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    Missing,
    /// A folder gazette may replace; its permissions are given to the new one.
    Folder(Identity),
}

impl Existing {
    /// The state to report for a failure that did not get to swap anything.
    pub(super) fn untouched(self) -> OutputState {
        match self {
            Existing::Missing => OutputState::Missing,
            Existing::Folder(_) => OutputState::Unchanged,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity {
    pub device: u64,
    pub mode: u32,
}

/// Looks at the output's real path and refuses what gazette must not replace: a file, a mount
/// point, and a non-empty folder without the marker unless `force`.
pub(crate) fn inspect(real: &Path, output: &Path, force: bool) -> Result<Existing, OutputError> {
    let meta = match fs::symlink_metadata(real) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Existing::Missing),
        Err(e) => return Err(OutputError::io(real, &e, output, OutputState::Unchanged)),
    };
    let refuse = |message: &str| OutputError::new(real, message, output, OutputState::Unchanged);
    if meta.file_type().is_symlink() {
        return Err(
            refuse("the output was replaced by a symbolic link while gazette was checking it")
                .hint("run the build again"),
        );
    }
    if !meta.is_dir() {
        return Err(
            refuse("the output path is a file, not a folder; gazette will not replace a file with a site")
                .hint("choose a folder for the output, such as public/"),
        );
    }
    let identity = identity(&meta);
    if is_mount_point(real, identity.device) {
        return Err(refuse(
            "the output folder is a mount point, which gazette cannot replace: it builds the site beside \
             the output and swaps the two, and a mount point cannot be moved",
        )
        .hint("choose a folder inside the mounted file system as the output"));
    }
    if force || is_ours(real).map_err(|e| OutputError::io(real, &e, output, OutputState::Unchanged))? {
        return Ok(Existing::Folder(identity));
    }
    Err(refuse(
        "the output folder is not empty and gazette did not create it (it has no .gazette file); a build \
         replaces the output folder whole, so everything in it would be deleted",
    )
    .hint("choose another output folder, empty this one, or pass --force to replace it and its contents"))
}

/// A folder is gazette's when it carries the marker, or holds nothing that could be lost.
fn is_ours(folder: &Path) -> std::io::Result<bool> {
    if fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(true);
    }
    Ok(fs::read_dir(folder)?.next().is_none())
}

fn is_mount_point(folder: &Path, device: u64) -> bool {
    let parent = folder.parent().unwrap_or(folder);
    fs::metadata(parent).is_ok_and(|m| identity(&m).device != device)
}

#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity {
        device: meta.dev(),
        mode: meta.mode() & 0o7777,
    }
}

/// Without device numbers no mount point is seen, and the new folder keeps default permissions.
#[cfg(not(unix))]
fn identity(_meta: &fs::Metadata) -> Identity {
    Identity { device: 0, mode: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real(path: &Path) -> PathBuf {
        resolve(path, path).expect("resolves").real
    }

    #[test]
    fn missing_parents_are_normalised_lexically() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = fs::canonicalize(dir.path()).expect("canonical");
        fs::create_dir(base.join("content")).expect("content");
        let path = base.join("content/../content/x/new/../deep");
        assert_eq!(real(&path), base.join("content/x/deep"));
    }

    #[test]
    fn links_are_followed_before_dot_dot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = fs::canonicalize(dir.path()).expect("canonical");
        fs::create_dir_all(base.join("a/b")).expect("a/b");
        std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).expect("link");
        let resolved = resolve(&base.join("link/../out"), Path::new("out")).expect("resolves");
        assert_eq!(resolved.real, base.join("a/out"));
        assert!(resolved.through_link);
    }

    #[test]
    fn sources_and_the_site_itself_are_refused() {
        let root = Path::new("/site");
        for bad in ["/site", "/", "/site/content/x", "/site/static", "/site/themes/a/b"] {
            assert!(check_location(root, Path::new(bad), Path::new(bad)).is_err(), "{bad}");
        }
        for good in ["/site/public", "/elsewhere/public", "/site/contents"] {
            assert!(check_location(root, Path::new(good), Path::new(good)).is_ok(), "{good}");
        }
    }
}
