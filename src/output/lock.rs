//! An exclusive lock on a file beside the output, held for as long as a `Target` lives: while
//! it is held, no other gazette writes this output, so leftovers beside it are safely removable.
//!
//! The lock file is removed when the lock is given up, so it litters the site folder only while
//! a build runs (or after one was killed, until the next). Removing a lock file races with a
//! process that opened it just before: that process would then lock a file no longer on disk. So
//! after locking, the locked file is checked to still be the one at the path, and if it is not the
//! lock is taken again.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

/// How often to try again when the lock file was replaced between opening and locking it; each
/// retry means another process finished in that instant, so a few are plenty.
const TRIES: usize = 20;

pub(crate) struct Lock {
    path: PathBuf,
    // Held only for its lock, which closing the file releases.
    _file: File,
}

pub(crate) enum LockError {
    /// Another process holds the lock; its process id, if it wrote one.
    Held(Option<u32>),
    Io(std::io::Error),
}

impl Lock {
    pub(super) fn acquire(path: &Path) -> Result<Lock, LockError> {
        for _ in 0..TRIES {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(LockError::Io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(LockError::Held(holder(&mut file))),
                Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
            }
            if is_at(&file, path).map_err(LockError::Io)? {
                record_holder(&mut file);
                return Ok(Lock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
        Err(LockError::Io(std::io::Error::other(
            "the lock file kept being replaced by other gazette processes",
        )))
    }
}

impl Drop for Lock {
    /// Removed while still locked, so no other process can have replaced it by then.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `file` is still the file at `path` (and not one that was removed meanwhile).
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match fs::metadata(path) {
        Ok(now) => Ok(held.dev() == now.dev() && held.ino() == now.ino()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Elsewhere a locked open file cannot be removed, so it is always the one at the path.
#[cfg(not(unix))]
fn is_at(_file: &File, _path: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// Writes this process's id into the lock file, only so that the error another build shows can
/// name it.
fn record_holder(file: &mut File) {
    let _ = file
        .set_len(0)
        .and_then(|()| file.write_all(std::process::id().to_string().as_bytes()));
}

fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_and_the_file_goes_with_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(".public.gazette-lock");
        let first = Lock::acquire(&path).ok().expect("first lock");
        match Lock::acquire(&path) {
            Err(LockError::Held(pid)) => assert_eq!(pid, Some(std::process::id())),
            _ => panic!("second lock was not refused"),
        }
        drop(first);
        assert!(!path.exists());
        assert!(Lock::acquire(&path).is_ok());
    }
}
