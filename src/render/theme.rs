//! Finds the theme: `themes/<name>/` on disk if the site has it, else the default theme built
//! into the binary, so a site without a themes/ folder still builds. Site-level `templates/`
//! override theme templates of the same name; UI strings come from the theme's
//! `i18n/<lang>.toml` with site.toml's `[languages.LANG.strings]` on top.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::config::{Config, Lang};
use crate::diagnostics::Diagnostic;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from, for error messages.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    pub name: String,
    pub text: String,
    /// `themes/default/templates/article.html`, or `(built-in) …` for the embedded theme.
    pub display: PathBuf,
}

/// A file to copy into the output as it is.
#[derive(Debug, Clone)]
pub(crate) enum StaticFile {
    Embedded(&'static [u8]),
    OnDisk { path: PathBuf, display: PathBuf },
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    /// Theme templates first, site overrides after them (a later one wins).
    pub templates: Vec<TemplateSource>,
    /// UI strings per language, overrides applied. Dotted keys (`currency.CNY`) are flat.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The i18n file each language's strings came from, for messages.
    pub strings_files: BTreeMap<Lang, PathBuf>,
    /// Output-relative path → file, the site's static/ over the theme's.
    pub static_files: BTreeMap<String, StaticFile>,
}

/// The language whose strings fill in for a language the theme does not translate.
const FALLBACK_LANGUAGE: &str = "en";

pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(&config.theme);
    let mut files = if theme_dir.is_dir() {
        read_dir_files(root, &theme_dir)?
    } else if config.theme == "default" {
        embedded_files()
    } else {
        return Err(vec![
            Diagnostic::error("site.toml", format!("the theme `{}` was not found", config.theme))
                .field("theme")
                .hint(format!(
                    "looked for {}; remove the `theme` line to use the built-in \"default\" theme",
                    theme_dir.strip_prefix(root).unwrap_or(&theme_dir).display()
                )),
        ]);
    };
    // Site templates come after the theme's, so they replace the theme's of the same name.
    let site_templates = root.join("templates");
    if site_templates.is_dir() {
        let site_files = read_dir_files(root, &site_templates)?;
        files.extend(
            site_files
                .into_iter()
                .map(|(rel, file)| (["templates", &rel].join("/"), file)),
        );
    }
    let mut theme = Theme::default();
    let mut errors = Vec::new();
    let mut raw_strings: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for (rel, file) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            match file.text() {
                Ok(text) => {
                    theme.templates.retain(|t| t.name != name);
                    theme.templates.push(TemplateSource {
                        name: name.to_string(),
                        text,
                        display: file.display(),
                    });
                }
                Err(e) => errors.push(e),
            }
        } else if let Some(name) = rel.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".toml")) {
            match file.text() {
                Ok(text) => {
                    raw_strings.insert(name.to_string(), (file.display(), text));
                }
                Err(e) => errors.push(e),
            }
        } else if let Some(name) = rel.strip_prefix("static/") {
            theme.static_files.insert(name.to_string(), file.into_static());
        }
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        for (rel, file) in read_dir_files(root, &site_static)? {
            theme.static_files.insert(rel, file.into_static());
        }
    }
    for language in &config.languages {
        let code = language.lang.as_str();
        let own = raw_strings.get(code);
        let raw = own.or_else(|| raw_strings.get(FALLBACK_LANGUAGE));
        if let Some((display, _)) = raw {
            theme.strings_files.insert(language.lang, display.clone());
        }
        let mut strings = match raw {
            Some((display, text)) => match parse_strings(text, display) {
                Ok(s) => s,
                Err(e) => {
                    errors.extend(e);
                    BTreeMap::new()
                }
            },
            None => BTreeMap::new(),
        };
        if own.is_none() {
            // English words stand in for a language the theme does not translate, but its
            // name is not "English": until site.toml names it, the code is the name.
            strings.insert("language_name".into(), code.to_string());
        }
        strings.extend(language.strings.clone());
        theme.strings.insert(language.lang, strings);
    }
    if errors.is_empty() { Ok(theme) } else { Err(errors) }
}

/// An i18n file: a flat list of `key = "text"` lines; every mistake is reported.
fn parse_strings(text: &str, display: &Path) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let source = Arc::new(crate::diagnostics::SourceText {
        display: display.to_path_buf(),
        text: Arc::from(text),
    });
    let doc = crate::schema::Doc::new(&source, 0..text.len(), &[]);
    let table = doc.parse(text);
    let root = doc.root(&table, 0..0);
    let mut strings = BTreeMap::new();
    flatten(&root, "", &mut strings);
    if doc.has_errors() {
        Err(doc.into_errors())
    } else {
        Ok(strings)
    }
}

/// `currency.CNY = "{0}元"` is a nested table in TOML; the strings are kept flat, by their
/// dotted key.
fn flatten(table: &crate::schema::Table, prefix: &str, out: &mut BTreeMap<String, String>) {
    for (key, value) in table.entries() {
        let name = if prefix.is_empty() {
            key.value.clone()
        } else {
            [prefix, &key.value].join(".")
        };
        match value.get_ref() {
            toml::de::DeValue::String(s) => {
                out.insert(name, s.to_string());
            }
            toml::de::DeValue::Table(_) => {
                if let Some(inner) = table.table_of(&key.value, value) {
                    flatten(&inner, &name, out);
                }
            }
            _ => {
                table.wrong_type::<()>(
                    &key.value,
                    value,
                    "text in quotes",
                    "an i18n file is a list of key = \"text\" lines",
                );
            }
        }
    }
}

impl Theme {
    /// The i18n file of a language's strings, for messages about them.
    pub(crate) fn strings_file(&self, lang: Lang) -> PathBuf {
        self.strings_files
            .get(&lang)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("site.toml"))
    }
}

enum ThemeFile {
    Embedded(&'static include_dir::File<'static>),
    OnDisk { path: PathBuf, display: PathBuf },
}

impl ThemeFile {
    fn text(&self) -> Result<String, Diagnostic> {
        match self {
            ThemeFile::Embedded(f) => Ok(f.contents_utf8().unwrap_or_default().to_string()),
            ThemeFile::OnDisk { path, display } => {
                let bytes = std::fs::read(path).map_err(|e| Diagnostic::io(display, &e))?;
                String::from_utf8(bytes)
                    .map_err(|_| Diagnostic::error(display, "the file is not valid UTF-8").hint("save it as UTF-8"))
            }
        }
    }

    fn display(&self) -> PathBuf {
        match self {
            ThemeFile::Embedded(f) => Path::new("(built-in theme)").join(f.path()),
            ThemeFile::OnDisk { display, .. } => display.clone(),
        }
    }

    fn into_static(self) -> StaticFile {
        match self {
            ThemeFile::Embedded(f) => StaticFile::Embedded(f.contents()),
            ThemeFile::OnDisk { path, display } => StaticFile::OnDisk { path, display },
        }
    }
}

/// The built-in theme's files, for `gazette init` to write out where editors can change them.
pub(crate) fn default_theme_files() -> Vec<(String, &'static [u8])> {
    embedded_files()
        .into_iter()
        .filter_map(|(path, file)| match file {
            ThemeFile::Embedded(f) => Some((path, f.contents())),
            ThemeFile::OnDisk { .. } => None,
        })
        .collect()
}

fn embedded_files() -> Vec<(String, ThemeFile)> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, ThemeFile)>) {
        for file in dir.files() {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            out.push((rel, ThemeFile::Embedded(file)));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT_THEME, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every file below `dir`, keyed by its `/`-separated path relative to `dir`.
fn read_dir_files(root: &Path, dir: &Path) -> Result<Vec<(String, ThemeFile)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for entry in crate::content::discover::walk(dir) {
        match entry {
            Ok(e) if e.path_is_symlink() => {
                let display = e.path().strip_prefix(root).unwrap_or(e.path());
                errors.push(crate::content::discover::symlink_error(display));
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let display = e.path().strip_prefix(root).unwrap_or(e.path()).to_path_buf();
                out.push((
                    rel,
                    ThemeFile::OnDisk {
                        path: e.path().to_path_buf(),
                        display,
                    },
                ));
            }
            Ok(_) => {}
            Err(e) => errors.push(Diagnostic::io_message(
                dir.strip_prefix(root).unwrap_or(dir),
                format!("cannot read this folder: {e}"),
            )),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}
