//! `site.toml` → `Config`. The raw file is deserialized strictly (unknown keys are errors) and
//! validated once; every later stage trusts a `Config` and never sees the raw struct.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Without a trailing slash: `https://events.example.org` or `https://x.org/sub`.
    pub base_url: String,
    pub theme: String,
    pub default_language: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    /// Default language first, then the others in alphabetical order.
    pub languages: Vec<Language>,
    pub paginate_by: usize,
    pub permalinks: Permalinks,
    pub markdown: MarkdownOptions,
    pub feeds: FeedOptions,
}

/// One configured language.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code used in file suffixes and URLs (`de`, `zh`).
    pub code: String,
    pub title: String,
    pub description: String,
    /// UI-string overrides from `[languages.LANG.strings]`, applied over the theme's i18n file.
    pub strings: BTreeMap<String, String>,
}

/// URL patterns. Placeholders: `{lang}`, `{year}`, `{month}`, `{day}`, `{slug}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Permalinks {
    pub article: String,
    pub page: String,
}

impl Default for Permalinks {
    fn default() -> Self {
        Permalinks {
            article: "/{lang}/{year}/{slug}/".into(),
            page: "/{lang}/{slug}/".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Raw HTML in Markdown passes through (editors are trusted); `false` escapes it.
    pub raw_html: bool,
    /// Typographic quotes and dashes.
    pub smart_punctuation: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            raw_html: true,
            smart_punctuation: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedOptions {
    /// Entries in each language's Atom feed (newest first); 0 means all.
    pub atom_entries: usize,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions { atom_entries: 20 }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: toml::Spanned<String>,
    #[serde(default = "default_theme")]
    theme: String,
    default_language: toml::Spanned<String>,
    #[serde(default)]
    timezone: Option<toml::Spanned<String>>,
    #[serde(default)]
    paginate_by: Option<toml::Spanned<i64>>,
    #[serde(default)]
    permalinks: Permalinks,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    feeds: FeedOptions,
    languages: toml::Spanned<BTreeMap<String, toml::Spanned<RawLanguage>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

fn default_theme() -> String {
    "default".into()
}

/// Reads and validates `site.toml` in `root`.
pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.toml");
    let display = Path::new("site.toml");
    let bytes = std::fs::read(&path).map_err(|e| {
        let d = if e.kind() == std::io::ErrorKind::NotFound {
            Diagnostic::error(display, format!("no site.toml in {}", root.display()))
                .hint("run gazette in the site's folder, pass --root DIR, or create a site with `gazette init DIR`")
        } else {
            Diagnostic::io(&path, &e)
        };
        vec![d]
    })?;
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(s) => Arc::from(s.strip_prefix('\u{feff}').unwrap_or(&s)),
        Err(_) => {
            return Err(vec![
                Diagnostic::error(display, "site.toml is not valid UTF-8").hint("save the file as UTF-8"),
            ]);
        }
    };
    parse(&text, display)
}

/// Parses and validates config text; `display` is the name used in diagnostics.
pub fn parse(text: &Arc<str>, display: &Path) -> Result<Config, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| vec![Diagnostic::from_toml(&e, text, display, 0)])?;
    validate(raw, text, display)
}

fn validate(raw: RawConfig, text: &Arc<str>, file: &Path) -> Result<Config, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let base_url = match check_base_url(raw.base_url.get_ref()) {
        Ok(url) => url,
        Err(d) => {
            errors.push(d.in_file(file).at(text, raw.base_url.span()));
            String::new()
        }
    };
    let timezone_name = raw.timezone.as_ref().map_or("UTC".to_string(), |t| t.get_ref().clone());
    let timezone = match TimeZone::get(&timezone_name) {
        Ok(tz) => tz,
        Err(_) => {
            let d = Diagnostic::error(file, format!("unknown time zone `{timezone_name}`"))
                .field("timezone")
                .hint("use an IANA name such as \"Asia/Shanghai\" or \"Europe/Berlin\"");
            errors.push(match &raw.timezone {
                Some(t) => d.at(text, t.span()),
                None => d,
            });
            TimeZone::UTC
        }
    };
    let paginate_by = match &raw.paginate_by {
        None => 10,
        Some(n) if (1..=1000).contains(n.get_ref()) => *n.get_ref() as usize,
        Some(n) => {
            errors.push(
                Diagnostic::error(file, "expected a number of articles per page from 1 to 1000")
                    .field("paginate_by")
                    .at(text, n.span()),
            );
            10
        }
    };
    for (field, pattern, allowed) in [
        ("permalinks.article", &raw.permalinks.article, ARTICLE_PLACEHOLDERS),
        ("permalinks.page", &raw.permalinks.page, PAGE_PLACEHOLDERS),
    ] {
        if let Err(message) = check_permalink(pattern, allowed) {
            errors.push(
                Diagnostic::error(file, message)
                    .field(field)
                    .hint("for example \"/{lang}/{year}/{slug}/\""),
            );
        }
    }

    let mut languages = Vec::new();
    for (code, language) in raw.languages.get_ref() {
        if !is_language_code(code) {
            errors.push(
                Diagnostic::error(file, format!("`{code}` is not a language code"))
                    .field(format!("languages.{code}"))
                    .hint("use a lowercase code such as \"de\", \"zh\" or \"en\"")
                    .at(text, language.span()),
            );
        }
        let language = language.get_ref();
        languages.push(Language {
            code: code.clone(),
            title: language.title.clone().unwrap_or_else(|| raw.title.clone()),
            description: language.description.clone().unwrap_or_else(|| raw.description.clone()),
            strings: language.strings.clone(),
        });
    }
    let default_language = raw.default_language.get_ref().clone();
    if languages.is_empty() {
        errors.push(
            Diagnostic::error(file, "at least one language must be configured")
                .field("languages")
                .hint("add a table such as [languages.de] with a title")
                .at(text, raw.languages.span()),
        );
    } else if !languages.iter().any(|l| l.code == default_language) {
        let codes: Vec<_> = languages.iter().map(|l| l.code.as_str()).collect();
        errors.push(
            Diagnostic::error(
                file,
                format!("the default language `{default_language}` is not configured under [languages]"),
            )
            .field("default_language")
            .hint(format!("configured languages: {}", codes.join(", ")))
            .at(text, raw.default_language.span()),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    languages.sort_by_key(|l| (l.code != default_language, l.code.clone()));
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        theme: raw.theme,
        default_language,
        timezone,
        timezone_name,
        languages,
        paginate_by,
        permalinks: raw.permalinks,
        markdown: raw.markdown,
        feeds: raw.feeds,
    })
}

/// An absolute http(s) URL without its trailing slash.
pub fn check_base_url(url: &str) -> Result<String, Diagnostic> {
    let trimmed = url.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) && !host.contains(['?', '#']) => {
            Ok(trimmed.to_string())
        }
        _ => Err(
            Diagnostic::error("site.toml", format!("`{url}` is not an absolute http(s) URL"))
                .field("base_url")
                .hint("for example base_url = \"https://events.example.org\""),
        ),
    }
}

/// A language code as file names can carry it: `de`, `zh`, `pt-br`, `zh-hant`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Placeholders an article's permalink may use; a standalone page has no date.
const ARTICLE_PLACEHOLDERS: &[&str] = &["{lang}", "{year}", "{month}", "{day}", "{slug}"];
const PAGE_PLACEHOLDERS: &[&str] = &["{lang}", "{slug}"];

fn check_permalink(pattern: &str, allowed: &[&str]) -> Result<(), String> {
    if !pattern.starts_with('/') || !pattern.ends_with('/') {
        return Err(format!("permalink `{pattern}` must start and end with `/`"));
    }
    if !pattern.contains("{slug}") {
        return Err(format!("permalink `{pattern}` must contain {{slug}}"));
    }
    if pattern.split('/').any(|part| part == ".." || part == ".") {
        return Err(format!("permalink `{pattern}` must not contain `.` or `..` segments"));
    }
    let rest = allowed.iter().fold(pattern.to_string(), |s, p| s.replace(p, ""));
    if rest.contains(['{', '}']) {
        return Err(format!(
            "permalink `{pattern}` has a placeholder that is not allowed here; allowed: {}",
            allowed.join(", ")
        ));
    }
    Ok(())
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// `path` is site-absolute (`/de/2024/x/`); the result is a full URL on base_url.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The path part of base_url (`/sub` for `https://x.org/sub`), prefixed to every link so a
    /// site deployed below a domain's root still links correctly.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(&Arc::from(s), Path::new("site.toml"))
    }

    const GOOD: &str = r#"
title = "Ost-West"
base_url = "https://events.example.org/"
default_language = "zh"
timezone = "Asia/Shanghai"
[languages.de]
title = "Ost-West-Kooperation"
[languages.zh]
title = "东西部协作"
"#;

    #[test]
    fn good_config_puts_default_language_first() {
        let c = parse_str(GOOD).unwrap();
        assert_eq!(c.base_url, "https://events.example.org");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["zh", "de"]);
        assert_eq!(c.paginate_by, 10);
    }

    #[test]
    fn unknown_key_gets_a_hint_and_a_line() {
        let bad = GOOD.replace("timezone =", "timezon =");
        let errors = parse_str(&bad).unwrap_err();
        assert_eq!(errors[0].line, 5, "{errors:?}");
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `timezone`?"));
    }

    #[test]
    fn bad_timezone_and_language_are_reported_together() {
        let bad = GOOD
            .replace("Asia/Shanghai", "Asia/Nowhere")
            .replace("\"zh\"", "\"fr\"");
        let errors = parse_str(&bad).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn base_path_is_the_url_path() {
        let c = parse_str(&GOOD.replace("events.example.org/", "x.org/sub/")).unwrap();
        assert_eq!(c.base_path(), "/sub");
        assert_eq!(parse_str(GOOD).unwrap().base_path(), "");
    }
}
