//! The only stage that writes. A build writes into a fresh folder beside the output folder
//! (pages as soon as they are rendered, so the site is never held in memory whole) and swaps
//! it in only when every file is written, so a failed build leaves the previous `public/`
//! exactly as it was. Every path is checked to stay inside the output folder.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// One file of the output: a `/`-separated path relative to the output folder, and what
/// goes in it.
#[derive(Debug)]
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    /// A file copied as it is (static files, bundle images).
    Copy(PathBuf),
}

/// Turns a plan path into a path below `base`, refusing anything that could leave it.
pub fn safe_join(base: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    if relative.is_empty() || relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let mut out = base.to_path_buf();
    for component in rel.components() {
        match component {
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    Some(out)
}

/// Refuses an output folder that is the site itself or contains it: swapping it would move
/// the editors' files away.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    let output = match output.file_name() {
        Some(name) => parent.join(name),
        None => parent,
    };
    if root.starts_with(&output) {
        return Err(
            Diagnostic::error(&output, "the output folder would contain the site itself")
                .hint("choose a folder inside or beside the site, such as public/"),
        );
    }
    for protected in ["content", "themes", "templates", "static"] {
        if output.starts_with(root.join(protected)) {
            return Err(Diagnostic::error(
                &output,
                format!("the output folder is inside the site's {protected}/ folder"),
            )
            .hint("choose a folder such as public/"));
        }
    }
    Ok(())
}

/// A fresh folder beside the output folder that a build writes into. Only `commit` puts it
/// in the output's place; dropped without a commit, it is removed and the output folder
/// stays exactly as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks every path the build will write (inside the folder, each once) and creates
    /// their folders, before anything is rendered.
    pub fn create<'p>(output: &Path, paths: impl IntoIterator<Item = &'p str>) -> Result<Staging, Vec<Diagnostic>> {
        let dir = sibling(output, "new");
        remove_if_exists(&dir).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        let mut folders = BTreeSet::new();
        for path in paths {
            match safe_join(&dir, path) {
                Some(target) if seen.insert(path) => {
                    if let Some(parent) = target.parent() {
                        folders.insert(parent.to_path_buf());
                    }
                }
                Some(_) => errors.push(
                    Diagnostic::error(path, "two outputs would write this same file")
                        .hint("a page's slug may collide with a list page (archive, tags, page …); change the slug"),
                ),
                None => errors.push(Diagnostic::error(path, "refusing to write outside the output folder")),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let staging = Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        };
        std::fs::create_dir_all(&staging.dir).map_err(|e| vec![Diagnostic::io(&staging.dir, &e)])?;
        for folder in folders {
            std::fs::create_dir_all(&folder).map_err(|e| vec![Diagnostic::io(&folder, &e)])?;
        }
        Ok(staging)
    }

    /// Writes one file; any thread may call this.
    pub fn write(&self, path: &str, contents: &Contents) -> Result<(), Diagnostic> {
        let target = safe_join(&self.dir, path)
            .ok_or_else(|| Diagnostic::error(path, "refusing to write outside the output folder"))?;
        write_one(&target, contents)
    }

    /// Swaps the staging folder in as the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.committed = true;
        swap_in(&self.dir, &self.output).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&self.dir);
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes whole files aside and swaps them in: `Staging` for files already in memory.
pub fn write(files: &[OutputFile], output: &Path) -> Result<(), Vec<Diagnostic>> {
    let staging = Staging::create(output, files.iter().map(|f| f.path.as_str()))?;
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|f| staging.write(&f.path, &f.contents).err())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    staging.commit().map_err(|e| vec![e])
}

/// Watch mode: writes the changed files into the live output folder (each through a
/// temporary file and a rename, so a reader never sees half a page) and removes the files
/// the site no longer has.
pub fn update(files: &[OutputFile], removed: &[String], output: &Path) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let targets: Vec<(PathBuf, &Contents)> = files
        .iter()
        .filter_map(|f| match safe_join(output, &f.path) {
            Some(target) => Some((target, &f.contents)),
            None => {
                errors.push(Diagnostic::error(
                    &f.path,
                    "refusing to write outside the output folder",
                ));
                None
            }
        })
        .collect();
    let failed: Vec<Diagnostic> = targets
        .par_iter()
        .filter_map(|(target, contents)| replace_one(target, contents).err())
        .collect();
    errors.extend(failed);
    for path in removed {
        if let Some(target) = safe_join(output, path) {
            match std::fs::remove_file(&target) {
                Ok(()) => remove_empty_parents(&target, output),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => errors.push(Diagnostic::io(&target, &e)),
            }
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn replace_one(target: &Path, contents: &Contents) -> Result<(), Diagnostic> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Diagnostic::io(dir, &e))?;
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(".{name}.gazette-{}", std::process::id()));
    write_one(&temporary, contents)?;
    std::fs::rename(&temporary, target).map_err(|e| Diagnostic::io(target, &e))
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

/// A hidden folder beside the output folder, on the same file system so renames are atomic.
fn sibling(output: &Path, kind: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.gazette-{kind}-{}", std::process::id()))
}

fn remove_if_exists(path: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Diagnostic::io(path, &e)),
    }
}

fn write_one(target: &Path, contents: &Contents) -> Result<(), Diagnostic> {
    let result = match contents {
        Contents::Bytes(bytes) => std::fs::write(target, bytes),
        Contents::Embedded(bytes) => std::fs::write(target, bytes),
        Contents::Copy(source) => std::fs::copy(source, target)
            .map(|_| ())
            .map_err(|e| std::io::Error::new(e.kind(), format!("copying {}: {e}", source.display()))),
    };
    result.map_err(|e| Diagnostic::io(target, &e))
}

/// Renames the old output aside, the new one in, and only then deletes the old.
fn swap_in(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    let old = sibling(output, "old");
    remove_if_exists(&old)?;
    let had_old = output.exists();
    if had_old {
        std::fs::rename(output, &old).map_err(|e| Diagnostic::io(output, &e))?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        return Err(Diagnostic::io(output, &e));
    }
    if had_old {
        remove_if_exists(&old)?;
    }
    Ok(())
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
        for bad in ["../x", "/etc/passwd", "de/../../x", "", "a\\..\\b", "./x"] {
            assert_eq!(safe_join(base, bad), None, "{bad}");
        }
    }
}
