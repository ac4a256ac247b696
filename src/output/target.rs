//! A validated output location: every check that can refuse an output runs here, before the
//! site is loaded or rendered, and the lock that keeps other gazette processes away is taken.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::error::{OutputError, OutputState};
use super::location::{self, Resolved};
use super::lock::{Lock, LockError};

/// Kinds of hidden siblings a build leaves beside the output: `staging` while it writes (and,
/// after the exchange, holding the previous site while it is deleted), `old` for the previous
/// site parked by the two-rename fallback. `new` is the staging name of gazette before 0.2.
const STAGING: &str = "staging";
const OLD: &str = "old";
const LEGACY_STAGING: &str = "new";

/// An output folder gazette may write: its real path (symbolic links followed), checked against
/// the site, and locked against other gazette processes for as long as this value lives.
pub(crate) struct Target {
    given: PathBuf,
    real: PathBuf,
    force: bool,
    warnings: Vec<String>,
    // Dropped in this order: the lock file goes before the folders created to hold it.
    _lock: Lock,
    _created: CreatedFolders,
}

/// Checks `output` for a build of the site at `root` and locks it. Refuses an output that is a
/// file, the site itself, inside or around the site's sources, a mount point, or a non-empty
/// folder gazette did not create (unless `force`); fails if another gazette writes it. Removes
/// what killed builds left beside it, and puts the previous site back if a build was killed
/// halfway through the two-rename fallback.
pub(crate) fn prepare(root: &Path, output: &Path, force: bool) -> Result<Target, OutputError> {
    let root = fs::canonicalize(root).map_err(|e| {
        OutputError::new(
            root,
            format!("cannot open the site folder: {e}"),
            output,
            location::untouched(output),
        )
    })?;
    let Resolved { real, .. } = location::resolve(output, output)?;
    location::check_location(&root, &real, output)?;
    // Refused here, before anything is created beside the output.
    location::inspect(&real, output, force)?;
    let parent = real.parent().unwrap_or(&real).to_path_buf();
    let created = CreatedFolders::create(&parent, &real)
        .map_err(|e| OutputError::io(&parent, &e, output, OutputState::Missing))?;
    let lock = lock(&real, output)?;
    let warnings = sweep(&real);
    // Again under the lock: another build may have swapped in meanwhile, or `sweep` put a site back.
    location::inspect(&real, output, force)?;
    Ok(Target {
        given: output.to_path_buf(),
        real,
        force,
        warnings,
        _lock: lock,
        _created: created,
    })
}

impl Target {
    /// The output folder's real absolute path (where a server should serve from).
    pub(crate) fn path(&self) -> &Path {
        &self.real
    }

    /// The output folder as the caller named it, used in every message.
    pub(crate) fn given(&self) -> &Path {
        &self.given
    }

    /// What `prepare` cleaned up or could not, for the caller to show once.
    pub(crate) fn warnings(&self) -> &[String] {
        &self.warnings
    }

    pub(crate) fn force(&self) -> bool {
        self.force
    }

    /// A hidden sibling of the output: beside it so that renames between them stay on one file
    /// system and are atomic.
    pub(crate) fn sibling(&self, kind: &str, serial: u32) -> PathBuf {
        sibling(&self.real, &format!("{kind}-{}-{serial}", std::process::id()))
    }

    pub(crate) fn staging_kind() -> &'static str {
        STAGING
    }

    pub(crate) fn old_kind() -> &'static str {
        OLD
    }
}

fn sibling(real: &Path, suffix: &str) -> PathBuf {
    real.with_file_name(format!("{}{suffix}", prefix(real)))
}

/// `.public.gazette-`: the start of every name gazette gives the output's siblings.
fn prefix(real: &Path) -> String {
    let name = real
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.gazette-")
}

fn lock(real: &Path, output: &Path) -> Result<Lock, OutputError> {
    let path = sibling(real, "lock");
    Lock::acquire(&path).map_err(|e| match e {
        LockError::Held(pid) => {
            let who = pid.map_or_else(String::new, |p| format!(" (process {p})"));
            OutputError::new(
                real,
                format!("another gazette build{who} is writing this output"),
                output,
                location::untouched(real),
            )
            .hint(format!(
                "wait for it to finish (or stop `gazette serve` on this output) and build again; the lock ({}) \
                 is released when that process ends, even if it crashes",
                path.display()
            ))
        }
        LockError::Io(e) => OutputError::new(
            &path,
            format!("cannot create the lock file beside the output: {e}"),
            output,
            location::untouched(real),
        )
        .hint("gazette writes the new site beside the output folder and swaps it in, so it needs to write in that folder's parent"),
    })
}

/// Cleans what killed or failed builds left beside the output. Only runs under the lock, so
/// nothing it removes belongs to a running build. Problems become warnings: they do not stop
/// this build.
fn sweep(real: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    let (mut olds, stagings) = leftovers(real);
    if fs::symlink_metadata(real).is_err()
        && let Some(old) = newest(&mut olds)
    {
        match fs::rename(&old, real) {
            Ok(()) => warnings.push(format!(
                "{} was missing after an interrupted build; the previous site was put back from {}",
                real.display(),
                old.display()
            )),
            Err(e) => warnings.push(format!(
                "{} is missing after an interrupted build and the previous site could not be put back from {}: {e}",
                real.display(),
                old.display()
            )),
        }
    }
    for leftover in olds.into_iter().chain(stagings) {
        if let Err(e) = remove(&leftover) {
            warnings.push(format!(
                "could not remove {}, left by an earlier build: {e}",
                leftover.display()
            ));
        }
    }
    warnings
}

/// The output's hidden siblings of gazette's naming pattern, as (parked previous sites, staging
/// folders). Anything else that starts like them, the lock file included, is left alone.
fn leftovers(real: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut olds, mut stagings) = (Vec::new(), Vec::new());
    let (Some(parent), prefix) = (real.parent(), prefix(real)) else {
        return (olds, stagings);
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return (olds, stagings);
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        match rest.split_once('-') {
            Some((OLD, serial)) if is_serial(serial) => olds.push(entry.path()),
            Some((STAGING | LEGACY_STAGING, serial)) if is_serial(serial) => stagings.push(entry.path()),
            _ => {}
        }
    }
    (olds, stagings)
}

/// `1234` or `1234-0`: a process id and an optional serial number.
fn is_serial(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Takes the most recently modified path out of `paths`.
fn newest(paths: &mut Vec<PathBuf>) -> Option<PathBuf> {
    let modified = |p: &PathBuf| fs::symlink_metadata(p).and_then(|m| m.modified()).ok();
    let index = (0..paths.len()).max_by_key(|&i| modified(&paths[i]))?;
    Some(paths.swap_remove(index))
}

/// Removes a folder tree, or a file or link, without following links.
pub(crate) fn remove(path: &Path) -> std::io::Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The folders `prepare` had to create to hold the lock beside an output whose parents did not
/// exist. They are removed again if the output never came to be, so a refused or failed build
/// leaves no trace.
struct CreatedFolders {
    top: Option<PathBuf>,
    bottom: PathBuf,
    output: PathBuf,
}

impl CreatedFolders {
    fn create(folder: &Path, output: &Path) -> std::io::Result<CreatedFolders> {
        let top = folder
            .ancestors()
            .take_while(|a| fs::symlink_metadata(a).is_err())
            .last();
        fs::create_dir_all(folder)?;
        Ok(CreatedFolders {
            top: top.map(Path::to_path_buf),
            bottom: folder.to_path_buf(),
            output: output.to_path_buf(),
        })
    }
}

impl Drop for CreatedFolders {
    fn drop(&mut self) {
        let Some(top) = &self.top else { return };
        if fs::symlink_metadata(&self.output).is_ok() {
            return;
        }
        for folder in self.bottom.ancestors() {
            // Stops at the first folder something else was put into.
            if fs::remove_dir(folder).is_err() || folder == top {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_their_exact_pattern() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("public");
        for name in [
            ".public.gazette-staging-12-0",
            ".public.gazette-new-12",
            ".public.gazette-old-7-1",
            ".public.gazette-lock",
            ".public.gazette-staging-x",
            ".public.gazette-staging-",
            ".other.gazette-staging-1-0",
            "public",
        ] {
            fs::create_dir(dir.path().join(name)).expect("folder");
        }
        let (olds, mut stagings) = leftovers(&real);
        stagings.sort();
        assert_eq!(olds, vec![dir.path().join(".public.gazette-old-7-1")]);
        assert_eq!(
            stagings,
            vec![
                dir.path().join(".public.gazette-new-12"),
                dir.path().join(".public.gazette-staging-12-0")
            ]
        );
    }

    #[test]
    fn a_site_parked_by_a_killed_fallback_swap_is_put_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("public");
        let old = dir.path().join(".public.gazette-old-7-0");
        let staging = dir.path().join(".public.gazette-staging-7-0");
        fs::create_dir(&old).expect("old");
        fs::write(old.join("index.html"), "previous").expect("file");
        fs::create_dir(&staging).expect("staging");
        let warnings = sweep(&real);
        assert_eq!(
            fs::read_to_string(real.join("index.html")).expect("restored"),
            "previous"
        );
        assert!(!staging.exists() && !old.exists());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn folders_created_for_a_missing_parent_go_when_no_output_was_made() {
        let dir = tempfile::tempdir().expect("temp dir");
        let parent = dir.path().join("a/b/c");
        let created = CreatedFolders::create(&parent, &parent.join("public")).expect("create");
        assert!(parent.is_dir());
        drop(created);
        assert!(!dir.path().join("a").exists());
    }
}
