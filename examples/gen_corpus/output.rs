//! Writing the corpus: preparing the target folders (never clearing a folder the generator
//! did not write) and writing files, with each folder created once per thread.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Prepares `dir`: creates it, or clears the entries `owned` of a previous corpus there. A
/// non-empty folder without `marker` (site.toml, hugo.toml) is someone else's: refused.
pub(crate) fn prepare(dir: &Path, marker: &str, owned: &[&str]) -> Result<(), String> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() && !dir.join(marker).exists() {
            return Err(format!(
                "{} is not empty and holds no {marker}; refusing to write into it",
                dir.display()
            ));
        }
        for name in owned {
            let path = dir.join(name);
            let removed = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else if path.exists() {
                fs::remove_file(&path)
            } else {
                Ok(())
            };
            removed.map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

/// Writes files, creating each parent folder the first time it is needed. One per thread.
#[derive(Default)]
pub(crate) struct Writer {
    made: HashSet<PathBuf>,
    pub(crate) files: usize,
    pub(crate) bytes: u64,
}

impl Writer {
    fn parent(&mut self, path: &Path) -> Result<(), String> {
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            self.made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    pub(crate) fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        self.parent(path)?;
        fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// `to` as a hard link to `from` (no second copy of a 5 MB photo), or a copy where links
    /// are impossible (another file system).
    pub(crate) fn link(&mut self, from: &Path, to: &Path) -> Result<(), String> {
        self.parent(to)?;
        if fs::hard_link(from, to).is_err() {
            fs::copy(from, to).map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))?;
        }
        self.files += 1;
        Ok(())
    }
}
