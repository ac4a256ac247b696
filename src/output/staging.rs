//! The folder a build writes into, beside the output, and its swap into the output's place.

use rustc_hash::FxHashSet as HashSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::error::{OutputError, OutputState};
use super::location::{self, Existing, MARKER, MARKER_TEXT};
use super::swap;
use super::target::{self, Target};
use super::{Contents, safe_join, write_one};

/// How many staging names to try when one is taken (only by an earlier staging of this same
/// process, since the lock keeps other processes away and `prepare` removed older leftovers).
const NAME_TRIES: u32 = 100;

/// A fresh folder beside the output that a build writes into. Only `commit` puts it in the
/// output's place; dropped without a commit, it is removed and the output stays as it was.
pub(crate) struct Staging<'t> {
    target: &'t Target,
    dir: PathBuf,
    serial: u32,
    /// The output as it was when this staging began: what a failure before the swap reports.
    before: Existing,
    committed: bool,
}

/// The outcome of a successful commit.
#[derive(Debug)]
pub(crate) struct Committed {
    /// `Replaced`, or `ReplacedOldLeftAt` when the previous site could not be removed.
    pub state: OutputState,
    /// For the editor: e.g. where the previous site was left.
    pub warnings: Vec<String>,
}

impl<'t> Staging<'t> {
    /// Creates the staging folder with the marker. Each write makes the folders it needs.
    pub(crate) fn create(target: &'t Target) -> Result<Self, Vec<OutputError>> {
        let before = location::inspect(target.path(), target.given(), target.force()).map_err(|e| vec![e])?;
        let (dir, serial) = make_dir(target, before).map_err(|e| vec![e])?;
        let staging = Staging {
            target,
            dir,
            serial,
            before,
            committed: false,
        };
        staging.fill().map_err(|e| vec![e])?;
        Ok(staging)
    }

    /// Checks every path the build will write: inside the output, each once, no file where
    /// another path needs a folder, not gazette's marker. The plan checked the same with the
    /// editor's files named; this is the last guard before a commit, so a build runs it on a
    /// core beside its first writes (each write refuses a path outside the folder itself).
    pub(crate) fn check<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Result<(), Vec<OutputError>> {
        plan(paths, self.target.given(), self.before.untouched())
    }

    /// Writes one file; any thread may call this.
    pub(crate) fn write(&self, path: &str, contents: &Contents) -> Result<(), OutputError> {
        let file = checked_join(&self.dir, path).map_err(|m| self.error(path, m))?;
        let folder = file.parent().unwrap_or(&self.dir);
        match write_one(&file, contents) {
            // The file's folder is not there yet: it is made now. Another thread writing into
            // the same new folder may have made it since this write failed, so the folder
            // existing now is no reason to give up: create_dir_all accepts it, and the write is
            // tried again.
            Err(e) if e.kind() == ErrorKind::NotFound => {
                fs::create_dir_all(folder).and_then(|()| write_one(&file, contents))
            }
            result => result,
        }
        .map_err(|e| self.write_error(path, &e))
    }

    /// Swaps the staging folder in as the output, then deletes the previous site. The swap is
    /// atomic where the system allows (see `swap`); a previous site that cannot be deleted is a
    /// warning, not a failure, since the new site is already in place. The output is checked
    /// again first: whatever happened to it during the build, only what `prepare` accepts is
    /// replaced.
    pub(crate) fn commit(mut self) -> Result<Committed, OutputError> {
        let output = self.target.given();
        let now = location::inspect(self.target.path(), output, self.target.force())?;
        let previous = match now {
            Existing::Missing => swap::place(&self.dir, self.target.path())
                .map(|()| None)
                .map_err(|e| OutputError::io(self.target.path(), &e, output, now.untouched()))?,
            Existing::Folder(_) => {
                let old = self.target.sibling(Target::old_kind(), self.serial);
                let swapped = swap::exchange(&self.dir, self.target.path(), &old).map_err(|e| {
                    OutputError::io(self.target.path(), &e.error, output, e.state)
                        .hint("the new site is removed; build again once the cause is fixed")
                })?;
                Some(swapped.previous)
            }
        };
        self.committed = true;
        Ok(remove_previous(previous, output))
    }

    /// Named by where the file was going (`public/a.html`), not the staging folder's odd name.
    fn write_error(&self, path: &str, e: &std::io::Error) -> OutputError {
        let message = format!("could not write this file of the new site: {e}");
        let error = OutputError::new(
            self.target.given().join(path),
            message,
            self.target.given(),
            self.before.untouched(),
        );
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                error.hint("the disk is full: the unfinished new site is removed; free some space and build again")
            }
            _ => error,
        }
    }

    fn error(&self, path: &str, message: &str) -> OutputError {
        OutputError::new(path, message, self.target.given(), self.before.untouched())
    }

    /// The marker. The folders are made by the writes that need them, on the cores that
    /// render (at 100,000 articles, 320,000 folders made up front took 0.8 s of a build).
    fn fill(&self) -> Result<(), OutputError> {
        let marker = self.dir.join(MARKER);
        fs::write(&marker, MARKER_TEXT)
            .map_err(|e| OutputError::io(&marker, &e, self.target.given(), self.before.untouched()))
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.committed {
            // What cannot be removed now is a leftover the next build removes.
            let _ = target::remove(&self.dir);
        }
    }
}

/// Deletes the previous site after a successful swap; failing to is reported, not fatal.
fn remove_previous(previous: Option<PathBuf>, output: &Path) -> Committed {
    let Some(previous) = previous else {
        return Committed {
            state: OutputState::Replaced,
            warnings: Vec::new(),
        };
    };
    match target::remove(&previous) {
        Ok(()) => Committed {
            state: OutputState::Replaced,
            warnings: Vec::new(),
        },
        Err(e) => {
            let state = OutputState::ReplacedOldLeftAt(previous);
            let warning = format!("{} (removing it failed: {e})", state.describe(output));
            Committed {
                state,
                warnings: vec![warning],
            }
        }
    }
}

/// An exclusive fresh folder beside the output, with the previous output's permissions (so a
/// web server that could read the old site can read the new one).
fn make_dir(target: &Target, before: Existing) -> Result<(PathBuf, u32), OutputError> {
    for serial in 0..NAME_TRIES {
        let dir = target.sibling(Target::staging_kind(), serial);
        match fs::create_dir(&dir) {
            Ok(()) => {
                set_mode(&dir, before).map_err(|e| {
                    let _ = fs::remove_dir(&dir);
                    OutputError::io(&dir, &e, target.given(), before.untouched())
                })?;
                return Ok((dir, serial));
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(OutputError::io(&dir, &e, target.given(), before.untouched()).hint(
                    "gazette writes the new site beside the output folder and swaps it in, so it needs to write in \
                     that folder's parent",
                ));
            }
        }
    }
    Err(OutputError::new(
        target.path(),
        "no free name for a staging folder beside the output",
        target.given(),
        before.untouched(),
    ))
}

#[cfg(unix)]
fn set_mode(dir: &Path, before: Existing) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match before {
        Existing::Folder(identity) => fs::set_permissions(dir, fs::Permissions::from_mode(identity.mode)),
        Existing::Missing => Ok(()),
    }
}

#[cfg(not(unix))]
fn set_mode(_dir: &Path, _before: Existing) -> std::io::Result<()> {
    Ok(())
}

/// Every problem with the planned paths, if any.
fn plan<'p>(
    paths: impl IntoIterator<Item = &'p str>,
    output: &Path,
    state: OutputState,
) -> Result<(), Vec<OutputError>> {
    let mut errors = Vec::new();
    let mut files = HashSet::default();
    let mut folders = HashSet::default();
    for path in paths {
        if let Err(message) = checked_join(Path::new(""), path) {
            errors.push(OutputError::new(path, message, output, state.clone()));
        } else if !files.insert(path) {
            errors.push(
                OutputError::new(path, "two outputs would write this same file", output, state.clone())
                    .hint("a page's slug may collide with a list page (archive, tags, page …); change the slug"),
            );
        } else {
            // A folder listed before has its parents listed too.
            let mut folder = path;
            while let Some((parent, _)) = folder.rsplit_once('/') {
                if !folders.insert(parent) {
                    break;
                }
                folder = parent;
            }
        }
    }
    let mut clashes: Vec<&str> = files.into_iter().filter(|f| folders.contains(f)).collect();
    clashes.sort_unstable();
    for clash in clashes {
        errors.push(
            OutputError::new(
                clash,
                "this path is both a file and a folder of other files",
                output,
                state.clone(),
            )
            .hint("two pages' slugs collide: one is the start of the other's path"),
        );
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// `safe_join`, and the marker kept for gazette.
fn checked_join(base: &Path, path: &str) -> Result<PathBuf, &'static str> {
    if path == MARKER {
        return Err("this name is kept for gazette's marker file");
    }
    safe_join(base, path).ok_or("refusing to write outside the output folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(paths: &[&str]) -> Result<(), usize> {
        plan(paths.iter().copied(), Path::new("public"), OutputState::Unchanged).map_err(|e| e.len())
    }

    #[test]
    fn the_plan_refuses_collisions() {
        assert_eq!(planned(&["index.html", "a/b/c.html", "a/d.html"]), Ok(()));
        assert_eq!(planned(&["a/b", "a/b/c.html"]), Err(1));
        assert_eq!(planned(&["x.html", "x.html", "../y", ".gazette"]), Err(3));
    }

    /// The failure injected here (a path below a file) is one that root cannot override either.
    #[test]
    fn a_previous_site_that_cannot_be_removed_is_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("file");
        fs::write(&file, "x").expect("file");
        let committed = remove_previous(Some(file.join("previous")), Path::new("public"));
        assert_eq!(committed.state, OutputState::ReplacedOldLeftAt(file.join("previous")));
        assert!(
            committed.warnings[0].starts_with("the new site is in place at public;"),
            "{:?}",
            committed.warnings
        );
        assert_eq!(remove_previous(None, Path::new("public")).state, OutputState::Replaced);
    }
}
