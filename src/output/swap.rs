//! Putting a finished staging folder in the output's place.
//!
//! On Linux the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`: at every moment
//! the output path holds either the whole previous site or the whole new one, even if the build
//! is killed. The previous site then has the staging folder's name and is deleted from there. A
//! first build (no output yet) uses `RENAME_NOREPLACE`, which is just as atomic.
//!
//! Where exchange is not supported (other systems, and Linux file systems that refuse the flag,
//! such as some network and FUSE file systems) the fallback is two renames: the previous output
//! aside, the new one in. Between the two there is a window with no output at all; a build
//! killed in it leaves the previous site under the "old" name, and the next build puts it back
//! before anything else (see `target::sweep`).

use std::io::{self, ErrorKind};
use std::path::{Path, PathBuf};

use super::error::OutputState;

/// Where the previous site went when the new one was swapped in.
#[derive(Debug)]
pub(crate) struct Swapped {
    pub previous: PathBuf,
}

/// A failed swap: the error, and the state it left the output in.
#[derive(Debug)]
pub(crate) struct SwapError {
    pub error: io::Error,
    pub state: OutputState,
}

/// Puts `staging` where there is no output yet, never overwriting one that appeared meanwhile.
pub(crate) fn place(staging: &Path, output: &Path) -> io::Result<()> {
    match rename_no_replace(staging, output) {
        Err(e) if is_unsupported(&e) => {
            if std::fs::symlink_metadata(output).is_ok() {
                return Err(io::Error::new(
                    ErrorKind::AlreadyExists,
                    "the output appeared during the build",
                ));
            }
            std::fs::rename(staging, output)
        }
        result => result,
    }
}

/// Swaps `staging` in as `output`; the previous output is afterwards at the returned path.
/// `old` is the name the two-rename fallback parks the previous output under.
pub(crate) fn exchange(staging: &Path, output: &Path, old: &Path) -> Result<Swapped, SwapError> {
    match rename_exchange(staging, output) {
        Ok(()) => Ok(Swapped {
            previous: staging.to_path_buf(),
        }),
        Err(e) if is_unsupported(&e) => two_renames(staging, output, old),
        Err(error) => Err(SwapError {
            error,
            state: OutputState::Unchanged,
        }),
    }
}

/// The fallback: previous output aside, new one in, and the previous put back if the second
/// rename fails.
pub(crate) fn two_renames(staging: &Path, output: &Path, old: &Path) -> Result<Swapped, SwapError> {
    std::fs::rename(output, old).map_err(|error| SwapError {
        error,
        state: OutputState::Unchanged,
    })?;
    match std::fs::rename(staging, output) {
        Ok(()) => Ok(Swapped {
            previous: old.to_path_buf(),
        }),
        Err(error) => {
            let state = match std::fs::rename(old, output) {
                Ok(()) => OutputState::Unchanged,
                Err(_) => OutputState::MissingOldAt(old.to_path_buf()),
            };
            Err(SwapError { error, state })
        }
    }
}

/// Errors that mean "this system or file system cannot do that kind of rename", as opposed to
/// "this rename failed".
fn is_unsupported(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::Unsupported | ErrorKind::InvalidInput)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_exchange(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, from, CWD, to, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_exchange(_from: &Path, _to: &Path) -> io::Result<()> {
    Err(ErrorKind::Unsupported.into())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_no_replace(_from: &Path, _to: &Path) -> io::Result<()> {
    Err(ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn folder_with(path: &Path, text: &str) {
        fs::create_dir(path).expect("folder");
        fs::write(path.join("index.html"), text).expect("file");
    }

    fn text(path: &Path) -> String {
        fs::read_to_string(path.join("index.html")).expect("read")
    }

    #[test]
    fn exchange_leaves_the_previous_site_under_the_staging_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (staging, output, old) = (dir.path().join("s"), dir.path().join("public"), dir.path().join("o"));
        folder_with(&output, "old");
        folder_with(&staging, "new");
        let swapped = exchange(&staging, &output, &old).expect("swap");
        assert_eq!(text(&output), "new");
        assert_eq!(text(&swapped.previous), "old");
    }

    #[test]
    fn the_fallback_swaps_and_puts_the_previous_back_when_the_second_rename_fails() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (staging, output, old) = (dir.path().join("s"), dir.path().join("public"), dir.path().join("o"));
        folder_with(&output, "old");
        folder_with(&staging, "new");
        let swapped = two_renames(&staging, &output, &old).expect("swap");
        assert_eq!((text(&output), text(&swapped.previous)), ("new".into(), "old".into()));

        // A staging folder that is not there makes the second rename fail.
        let failed = two_renames(&dir.path().join("gone"), &output, &dir.path().join("o2")).expect_err("fails");
        assert_eq!(failed.state, OutputState::Unchanged);
        assert_eq!(text(&output), "new");
    }

    #[test]
    fn place_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (staging, output) = (dir.path().join("s"), dir.path().join("public"));
        folder_with(&staging, "new");
        fs::create_dir(&output).expect("empty output");
        assert!(place(&staging, &output).is_err());
        fs::remove_dir(&output).expect("remove");
        place(&staging, &output).expect("placed");
        assert_eq!(text(&output), "new");
    }
}
