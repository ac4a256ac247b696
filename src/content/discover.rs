//! Finds the content files under `content/` (walkdir) and works out, from the file name alone,
//! which article or page each one is and in which language. Reads no file contents. A bad
//! name is reported and the walk goes on, so one run shows every file's mistakes.
//!
//! Names are compared in Unicode NFC: a file saved as `café` in NFD by one editor and NFC by
//! another is still one article. Symbolic links are not followed anywhere in the site's
//! sources: a link could publish a file from outside the site, and following it in one mode
//! and not another made build and preview disagree; gazette reports it instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::config::{Config, Lang};
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Article,
    Page,
}

/// One Markdown file and what its name says about it.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub path: PathBuf,
    /// Relative to the site root (`content/2024/x.de.md`), for messages.
    pub display: PathBuf,
    /// Translation key (`2024/x`); for pages, relative to content/pages.
    pub name: Arc<str>,
    pub lang: Lang,
    pub kind: Kind,
}

#[derive(Debug, Default)]
pub(crate) struct Discovered {
    pub files: Vec<SourceFile>,
    /// Non-Markdown files by their folder under content/ (`2024/x`), for bundles.
    pub assets: BTreeMap<String, Vec<PathBuf>>,
    pub errors: Vec<Diagnostic>,
}

/// Standalone pages live here, below content/.
pub(crate) const PAGES_DIR: &str = "pages";

pub(crate) fn discover(root: &Path, config: &Config) -> Discovered {
    let content = root.join("content");
    let mut found = Discovered::default();
    if !content.is_dir() {
        return found;
    }
    // The walk is sequential; naming each file (NFC, language, kind) runs on all cores, in
    // the walk's order (at 200,000 files, half of the walk's time).
    let mut entries = Vec::new();
    for entry in walk(&content) {
        match entry {
            Ok(entry) if entry.path_is_symlink() => found.errors.push(symlink_error(&display(root, entry.path()))),
            Ok(entry) if entry.file_type().is_file() => entries.push(entry.into_path()),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(&content).to_path_buf();
                found.errors.push(Diagnostic::io_message(
                    &display(root, &path),
                    format!("cannot read this path: {e}"),
                ));
            }
        }
    }
    let named: Vec<Named> = entries
        .into_par_iter()
        .map(|path| name_file(root, &content, path, config))
        .collect();
    for named in named {
        match named {
            Named::Source(file) => found.files.push(file),
            Named::Asset(folder, path) => found.assets.entry(folder).or_default().push(path),
            Named::Error(e) => found.errors.push(e),
        }
    }
    found
}

/// What a file under content/ is, by its name.
enum Named {
    Source(SourceFile),
    /// A bundle file, with its folder under content/.
    Asset(String, PathBuf),
    Error(Diagnostic),
}

fn name_file(root: &Path, content: &Path, path: PathBuf, config: &Config) -> Named {
    let Some(relative) = relative_name(content, &path) else {
        return Named::Error(
            Diagnostic::error(display(root, &path), "the path is not valid UTF-8")
                .hint("rename the file using UTF-8 characters"),
        );
    };
    if let Some(stem) = relative.strip_suffix(".md") {
        match classify(stem, config) {
            Ok((name, lang, kind)) => Named::Source(SourceFile {
                display: display(root, &path),
                path,
                name: Arc::from(name),
                lang,
                kind,
            }),
            Err(e) => Named::Error(e.in_file(display(root, &path))),
        }
    } else {
        let folder = relative.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
        Named::Asset(folder, path)
    }
}

/// The walk every source folder shares: sorted, without hidden files and editor backups,
/// reporting links instead of following them.
pub(crate) fn walk(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    // Siblings share their folder's path, so their whole paths sort as their names do; and
    // comparing bytes is several times faster than finding each name in its path, which
    // `sort_by_file_name` does (a third of the walk of 20,000 files).
    walkdir::WalkDir::new(dir)
        .sort_by(|a, b| {
            a.path()
                .as_os_str()
                .as_encoded_bytes()
                .cmp(b.path().as_os_str().as_encoded_bytes())
        })
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or_default()))
}

pub(crate) fn symlink_error(display: &Path) -> Diagnostic {
    Diagnostic::error(
        display,
        "this is a symbolic link; gazette does not follow links in the site's sources",
    )
    .hint("copy the file or folder here instead: a link could publish files from outside the site")
}

/// The source file at `path` (below `root`/content), as discovery would see it.
pub(crate) fn source_file(root: &Path, path: &Path, config: &Config) -> Result<SourceFile, Diagnostic> {
    let content = root.join("content");
    let display_path = display(root, path);
    let relative = relative_name(&content, path)
        .ok_or_else(|| Diagnostic::error(&display_path, "the path is not valid UTF-8 or not under content/"))?;
    let stem = relative.strip_suffix(".md").unwrap_or(&relative);
    let (name, lang, kind) = classify(stem, config).map_err(|e| e.in_file(&display_path))?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        display: display_path,
        name: Arc::from(name),
        lang,
        kind,
    })
}

/// Editors' backup and temporary files, and hidden files, are never content.
pub(crate) fn is_ignored(file_name: &str) -> bool {
    file_name.starts_with('.')
        || file_name.ends_with('~')
        || file_name.ends_with(".swp")
        || file_name.ends_with(".tmp")
        || file_name.starts_with('#')
}

/// `2024/x.de` → (`2024/x`, `de`, Article); `2024/x/index` → (`2024/x`, default, Article);
/// `pages/about.zh` → (`about`, `zh`, Page).
fn classify(stem: &str, config: &Config) -> Result<(String, Lang, Kind), Diagnostic> {
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, suffix)) if crate::config::is_language_code(&suffix.to_ascii_lowercase()) => {
            (base, suffix_language(base, suffix, config)?)
        }
        _ => (stem, config.default_language),
    };
    let base = match base.rsplit_once('/') {
        Some((dir, "index")) => dir,
        None if base == "index" => "index",
        _ => base,
    };
    let (name, kind) = match base.strip_prefix(PAGES_DIR).and_then(|rest| rest.strip_prefix('/')) {
        Some(page) => (page, Kind::Page),
        None => (base, Kind::Article),
    };
    Ok((name.to_string(), lang, kind))
}

/// The configured language a file suffix names; an uppercase or unknown suffix is an error,
/// never a silent part of the article's name.
fn suffix_language(base: &str, suffix: &str, config: &Config) -> Result<Lang, Diagnostic> {
    let lower = suffix.to_ascii_lowercase();
    match config.lang(&lower) {
        Some(lang) if lower == suffix => Ok(lang),
        Some(lang) => Err(Diagnostic::error(
            PathBuf::new(),
            format!("the language suffix `{suffix}` must be written in lowercase"),
        )
        .hint(format!(
            "rename it to {}.{lang}.md",
            base.rsplit('/').next().unwrap_or(base)
        ))),
        None => {
            let configured: Vec<_> = config.langs().map(|l| l.to_string()).collect();
            Err(Diagnostic::error(
                PathBuf::new(),
                format!("the language suffix `{suffix}` is not configured in site.toml"),
            )
            .hint(format!(
                "configured languages: {}; add [languages.{lower}] to site.toml or rename the file",
                configured.join(", ")
            )))
        }
    }
}

/// The path below content/ with `/` separators, on every platform, in NFC.
fn relative_name(content: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(content).ok()?;
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/").nfc().collect())
}

pub(crate) fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

impl Diagnostic {
    /// The same problem, attributed to another file (for checks that run before the file
    /// name is known).
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = file.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text: Arc<str> = Arc::from(
            "title = \"t\"\nbase_url = \"https://x.org\"\ndefault_language = \"de\"\n[languages.de]\n[languages.zh]\n",
        );
        crate::config::parse(&text, Path::new("site.toml")).unwrap()
    }

    /// The walk's own order is walkdir's name order, folder by folder, for names whose
    /// bytes sort differently from their paths' (`a` before `a-c`, but `a/` after `a-`).
    #[test]
    fn the_walk_visits_names_in_walkdirs_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        for path in ["a/x.md", "a-c/y.md", "a.b.md", "ä/z.md", "B.md", "a0.md", "a/x/w.md"] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
            std::fs::write(path, "").expect("file");
        }
        let paths = |walk: &mut dyn Iterator<Item = walkdir::Result<walkdir::DirEntry>>| -> Vec<PathBuf> {
            walk.map(|e| e.expect("entry").into_path()).collect()
        };
        let expected = paths(&mut walkdir::WalkDir::new(dir.path()).sort_by_file_name().into_iter());
        assert_eq!(paths(&mut walk(dir.path())), expected);
        assert_eq!(expected.len(), 12);
    }

    #[test]
    fn names_languages_and_kinds() {
        let c = config();
        let check = |stem: &str| {
            classify(stem, &c)
                .map(|(n, l, k)| (n, l.to_string(), k))
                .map_err(|e| e.message)
        };
        assert_eq!(
            check("2024/x.de").unwrap(),
            ("2024/x".into(), "de".into(), Kind::Article)
        );
        assert_eq!(check("2024/x").unwrap(), ("2024/x".into(), "de".into(), Kind::Article));
        assert_eq!(
            check("2025/y/index.zh").unwrap(),
            ("2025/y".into(), "zh".into(), Kind::Article)
        );
        assert_eq!(
            check("pages/about.zh").unwrap(),
            ("about".into(), "zh".into(), Kind::Page)
        );
        assert_eq!(check("2024/report.v2").unwrap().0, "2024/report.v2");
        assert!(check("2024/x.fr").unwrap_err().contains("`fr` is not configured"));
        assert!(check("2024/a.DE").unwrap_err().contains("must be written in lowercase"));
    }

    #[test]
    fn nfc_and_nfd_spellings_are_one_name() {
        let content = Path::new("/c");
        let nfd = relative_name(content, Path::new("/c/2024/cafe\u{301}.de.md")).unwrap();
        let nfc = relative_name(content, Path::new("/c/2024/caf\u{e9}.de.md")).unwrap();
        assert_eq!(nfd, nfc);
    }
}
