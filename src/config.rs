//! `site.toml` → `Config`, validated once: every later stage trusts a `Config` and never sees
//! the raw file. All mistakes of the file are reported in one run (see `schema`).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use jiff::tz::TimeZone;

use crate::diagnostics::{Diagnostic, Located, SourceText, Span};
use crate::schema::{Doc, Table};

/// A configured language's code (`de`, `zh`, `pt-br`), kept inline so it is copied and
/// compared like a number and printed like the code it is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Lang {
    len: u8,
    bytes: [u8; 15],
}

impl Lang {
    /// A code as file names can carry it: `de`, `zh`, `pt-br`, `zh-hant`; lowercase only.
    pub(crate) fn new(code: &str) -> Option<Lang> {
        if !is_language_code(code) {
            return None;
        }
        let mut bytes = [0; 15];
        bytes[..code.len()].copy_from_slice(code.as_bytes());
        Some(Lang {
            len: code.len() as u8,
            bytes,
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII codes are ever stored.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }

    /// The primary language subtag (`zh` of `zh-hant`), for language-specific rules.
    pub(crate) fn primary(&self) -> &str {
        self.as_str().split('-').next().unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A code as file names can carry it: `de`, `zh`, `pt-br`, `zh-hant`.
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    code.len() <= 15
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// The three ways articles are grouped besides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Taxonomy {
    Tags,
    Locations,
    Sources,
}

impl Taxonomy {
    pub(crate) const ALL: [Taxonomy; 3] = [Taxonomy::Tags, Taxonomy::Locations, Taxonomy::Sources];

    /// The URL segment, the `[terms.…]` key and the key of its UI strings.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Locations => "locations",
            Taxonomy::Sources => "sources",
        }
    }

    pub(crate) fn singular(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tag",
            Taxonomy::Locations => "location",
            Taxonomy::Sources => "source",
        }
    }
}

/// The deployed address of the site, checked by the `url` crate: an absolute http(s) URL,
/// kept without its trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct BaseUrl {
    /// `https://events.example.org` or `https://x.org/sub`.
    text: String,
    /// Where the path starts in `text` (`/sub`), empty for a site at the domain's root.
    path_start: usize,
    host: String,
}

impl BaseUrl {
    pub(crate) fn parse(input: &str) -> Result<BaseUrl, String> {
        let url = url::Url::parse(input.trim()).map_err(|e| format!("`{input}` is not an absolute URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("`{input}` is not an http(s) URL"));
        }
        if url.query().is_some() || url.fragment().is_some() || url.cannot_be_a_base() {
            return Err(format!(
                "`{input}` has a query or fragment; a base URL is a folder address"
            ));
        }
        let host = url.host_str().unwrap_or_default().to_string();
        if host.is_empty() {
            return Err(format!("`{input}` has no host"));
        }
        let text = url.as_str().trim_end_matches('/').to_string();
        let path_start = text.len() - url.path().trim_end_matches('/').len();
        Ok(BaseUrl { text, path_start, host })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The path part (`/sub`), prefixed to every link so a site deployed below a domain's
    /// root still links correctly.
    pub(crate) fn path(&self) -> &str {
        &self.text[self.path_start..]
    }
}

/// The site configuration, validated.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub title: String,
    pub base_url: BaseUrl,
    pub theme: String,
    pub default_language: Lang,
    pub timezone: TimeZone,
    /// Default language first, then the others in alphabetical order.
    pub languages: Vec<Language>,
    pub paginate_by: usize,
    pub permalinks: Permalinks,
    pub markdown: MarkdownOptions,
    pub feeds: FeedOptions,
    pub terms: Terms,
    /// How bundle photos are published: the widths of their WebP variants and the quality.
    pub images: crate::images::Settings,
    /// site.toml's text: any change to it changes every output.
    pub text: Arc<str>,
}

/// One configured language.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    pub lang: Lang,
    pub title: String,
    pub description: String,
    /// UI-string overrides from `[languages.LANG.strings]`, applied over the theme's i18n file.
    pub strings: BTreeMap<String, String>,
}

/// URL patterns. Placeholders: `{lang}`, `{year}`, `{month}`, `{day}`, `{slug}`.
#[derive(Debug, Clone)]
pub(crate) struct Permalinks {
    pub article: Located<String>,
    pub page: Located<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct MarkdownOptions {
    /// Raw HTML in Markdown passes through (editors are trusted); `false` escapes it.
    pub raw_html: bool,
    /// Typographic quotes and dashes, in each language's style.
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

#[derive(Debug, Clone)]
pub(crate) struct FeedOptions {
    /// Entries in each language's Atom feed (newest first).
    pub atom_entries: usize,
    /// Events in each language's calendar (latest start first).
    pub calendar_events: usize,
    /// URLs per sitemap file; the protocol allows at most 50,000. The default is 5,000: a
    /// file is made whole in memory before it is written (with hreflang links 50,000
    /// addresses are about 17 MB of text), and the last files of a build are made side by
    /// side; at 10,000 articles 10,000 per file raised the build's peak by 7 MB. Zola cuts
    /// at 30,000, WordPress's Yoast at 1,000.
    pub sitemap_urls: usize,
}

/// Terms with an identity across languages, from `[terms.TAXONOMY.SLUG]` tables: the words
/// each language uses for one tag, location or source, and the slug that pairs their pages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Terms {
    by_name: HashMap<(Taxonomy, Lang, String), String>,
    by_slug: HashMap<(Taxonomy, Lang, String), String>,
}

impl Terms {
    /// The word site.toml gives a term in a language, if it does.
    pub(crate) fn name(&self, taxonomy: Taxonomy, lang: Lang, slug: &str) -> Option<&str> {
        self.by_slug
            .get(&(taxonomy, lang, slug.to_string()))
            .map(String::as_str)
    }

    /// The slug the site gives this word, if site.toml names it.
    pub(crate) fn slug(&self, taxonomy: Taxonomy, lang: Lang, name: &str) -> Option<&str> {
        self.by_name
            .get(&(taxonomy, lang, name.to_string()))
            .map(String::as_str)
    }
}

/// Reads and validates `site.toml` in `root`.
pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
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
    let text = crate::content::decode(&bytes, display).map_err(|e| vec![e])?;
    parse(&text, display)
}

const TOP_LEVEL: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "default_language",
    "timezone",
    "paginate_by",
    "permalinks",
    "markdown",
    "feeds",
    "languages",
    "terms",
    "images",
];

/// Parses and validates config text; `display` is the name used in diagnostics.
pub(crate) fn parse(text: &Arc<str>, display: &Path) -> Result<Config, Vec<Diagnostic>> {
    let source = Arc::new(SourceText {
        display: display.to_path_buf(),
        text: text.clone(),
    });
    let doc = Doc::new(&source, 0..text.len(), TOP_LEVEL);
    let table = doc.parse(text);
    let root = doc.root(&table, 0..0);
    let config = read(&root, text);
    root.finish(TOP_LEVEL);
    match config {
        Some(config) if !doc.has_errors() => Ok(config),
        _ => Err(doc.into_errors()),
    }
}

fn read(root: &Table, text: &Arc<str>) -> Option<Config> {
    let doc = root.doc();
    let title = required(root, "title", "add title = \"…\", the site's name");
    let base_url = required(root, "base_url", "add base_url = \"https://events.example.org\"").and_then(|url| {
        BaseUrl::parse(&url.value)
            .map_err(|message| {
                doc.push(
                    Diagnostic::at_span(&url.span, message)
                        .field("base_url")
                        .hint("for example base_url = \"https://events.example.org\""),
                )
            })
            .ok()
    });
    let timezone = timezone(root);
    let paginate_by = match root.integer("paginate_by") {
        None => 10,
        Some(n) if (1..=1000).contains(&n.value) => n.value as usize,
        Some(n) => {
            doc.push(
                Diagnostic::at_span(&n.span, "expected a number of articles per page from 1 to 1000")
                    .field("paginate_by"),
            );
            10
        }
    };
    let permalinks = permalinks(root);
    let markdown = root.table("markdown").map_or(MarkdownOptions::default(), |t| {
        let options = MarkdownOptions {
            raw_html: t.bool("raw_html").unwrap_or(true),
            smart_punctuation: t.bool("smart_punctuation").unwrap_or(false),
        };
        t.finish(&["raw_html", "smart_punctuation"]);
        options
    });
    let feeds = feeds(root);
    // The site's description is each language's unless the language gives its own.
    let description = root.string("description").map(|d| d.value).unwrap_or_default();
    let (default_language, languages) = languages(root, title.as_ref().map(|t| t.value.as_str()), &description);
    let terms = terms(root, &languages);
    let images = images(root);
    Some(Config {
        title: title?.value,
        base_url: base_url?,
        theme: root.string("theme").map_or_else(|| "default".to_string(), |t| t.value),
        default_language: default_language?,
        timezone,
        languages,
        paginate_by,
        permalinks,
        markdown,
        feeds,
        terms,
        images,
        text: text.clone(),
    })
}

fn required(table: &Table, key: &str, hint: &str) -> Option<Located<String>> {
    let value = table.string(key);
    if value.is_none() && table.get(key).is_none() {
        table.doc().push(
            Diagnostic::at_span(&table.span(), "required field is missing")
                .field(table.name(key))
                .hint(hint),
        );
    }
    value
}

fn timezone(root: &Table) -> TimeZone {
    let Some(name) = root.string("timezone") else {
        return TimeZone::UTC;
    };
    match TimeZone::get(&name.value) {
        Ok(tz) => tz,
        Err(_) => {
            root.doc().push(
                Diagnostic::at_span(&name.span, format!("unknown time zone `{}`", name.value))
                    .field("timezone")
                    .hint("use an IANA name such as \"Asia/Shanghai\" or \"Europe/Berlin\""),
            );
            TimeZone::UTC
        }
    }
}

fn permalinks(root: &Table) -> Permalinks {
    let defaults = |pattern: &str| Located {
        value: pattern.to_string(),
        span: root.span(),
    };
    let mut permalinks = Permalinks {
        article: defaults("/{lang}/{year}/{slug}/"),
        page: defaults("/{lang}/{slug}/"),
    };
    let Some(table) = root.table("permalinks") else {
        return permalinks;
    };
    for (key, allowed, slot) in [
        ("article", ARTICLE_PLACEHOLDERS, &mut permalinks.article),
        ("page", PAGE_PLACEHOLDERS, &mut permalinks.page),
    ] {
        if let Some(pattern) = table.string(key) {
            match check_permalink(&pattern.value, allowed) {
                Ok(()) => *slot = pattern,
                Err(message) => table.doc().push(
                    Diagnostic::at_span(&pattern.span, message)
                        .field(table.name(key))
                        .hint("for example \"/{lang}/{year}/{slug}/\""),
                ),
            }
        }
    }
    table.finish(&["article", "page"]);
    permalinks
}

fn feeds(root: &Table) -> FeedOptions {
    let mut feeds = FeedOptions {
        atom_entries: 20,
        calendar_events: 1000,
        sitemap_urls: 5_000,
    };
    let Some(table) = root.table("feeds") else {
        return feeds;
    };
    for (key, slot, max) in [
        ("atom_entries", &mut feeds.atom_entries, 10_000),
        ("calendar_events", &mut feeds.calendar_events, 10_000),
        ("sitemap_urls", &mut feeds.sitemap_urls, 50_000),
    ] {
        match table.integer(key) {
            Some(n) if (1..=max).contains(&n.value) => *slot = n.value as usize,
            Some(n) => table.doc().push(
                Diagnostic::at_span(&n.span, format!("expected a number from 1 to {max}"))
                    .field(table.name(key))
                    .hint("feeds are bounded so that readers and calendars load them quickly"),
            ),
            None => {}
        }
    }
    table.finish(&["atom_entries", "calendar_events", "sitemap_urls"]);
    feeds
}

fn languages(root: &Table, site_title: Option<&str>, site_description: &str) -> (Option<Lang>, Vec<Language>) {
    let doc = root.doc();
    let default = required(root, "default_language", "add default_language = \"de\"");
    let mut languages = Vec::new();
    let Some(table) = root.table("languages") else {
        doc.push(
            Diagnostic::at_span(&root.span(), "at least one language must be configured")
                .field("languages")
                .hint("add a table such as [languages.de] with a title"),
        );
        return (None, languages);
    };
    for (code, value) in table.entries() {
        let Some(lang) = Lang::new(&code.value) else {
            doc.push(
                Diagnostic::at_span(&code.span, format!("`{}` is not a language code", code.value))
                    .field(format!("languages.{}", code.value))
                    .hint("use a lowercase code such as \"de\", \"zh\" or \"en\""),
            );
            continue;
        };
        let Some(language) = table.table_of(&code.value, value) else {
            doc.push(
                Diagnostic::at_span(&code.span, "expected a table")
                    .field(format!("languages.{lang}"))
                    .hint(format!("write it as [languages.{lang}] with a title")),
            );
            continue;
        };
        let strings = language.table("strings").map(|t| {
            t.entries()
                .into_iter()
                .filter_map(|(key, value)| match value.get_ref() {
                    toml::de::DeValue::String(s) => Some((key.value, s.to_string())),
                    _ => t.wrong_type(&key.value, value, "text in quotes", "UI strings are text"),
                })
                .collect()
        });
        languages.push(Language {
            lang,
            title: language
                .string("title")
                .map(|t| t.value)
                .or(site_title.map(str::to_string))
                .unwrap_or_default(),
            description: language
                .string("description")
                .map_or_else(|| site_description.to_string(), |t| t.value),
            strings: strings.unwrap_or_default(),
        });
        language.finish(&["title", "description", "strings"]);
    }
    let span = table.span();
    table.finish(&[]);
    if languages.is_empty() {
        doc.push(
            Diagnostic::at_span(&span, "at least one language must be configured")
                .field("languages")
                .hint("add a table such as [languages.de] with a title"),
        );
    }
    let default = default.and_then(|d| match languages.iter().find(|l| l.lang.as_str() == d.value) {
        Some(language) => Some(language.lang),
        None => {
            let codes: Vec<_> = languages.iter().map(|l| l.lang.as_str()).collect();
            doc.push(
                Diagnostic::at_span(
                    &d.span,
                    format!("the default language `{}` is not configured under [languages]", d.value),
                )
                .field("default_language")
                .hint(format!("configured languages: {}", codes.join(", "))),
            );
            None
        }
    });
    if let Some(default) = default {
        languages.sort_by_key(|l| (l.lang != default, l.lang));
    }
    (default, languages)
}

/// `[images] widths = [480, 960, 1600], quality = 80`.
fn images(root: &Table) -> crate::images::Settings {
    let mut settings = crate::images::Settings::default();
    let Some(table) = root.table("images") else {
        return settings;
    };
    let doc = root.doc();
    if let Some(value) = table.get("widths") {
        let widths: Option<Vec<u32>> = match value.get_ref() {
            toml::de::DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    toml::de::DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .and_then(|n| u32::try_from(n).ok())
                        .filter(|n| (16..=8192).contains(n)),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        match widths {
            Some(widths) if !widths.is_empty() => settings.widths = widths,
            _ => doc.push(
                doc.error(
                    value.span(),
                    "images.widths",
                    "expected a list of widths in pixels, each from 16 to 8192",
                )
                .hint("for example widths = [480, 960, 1600]"),
            ),
        }
    }
    match table.integer("quality") {
        Some(q) if (1..=100).contains(&q.value) => settings.quality = q.value as u8,
        Some(q) => doc.push(Diagnostic::at_span(&q.span, "expected a quality from 1 to 100").field("images.quality")),
        None => {}
    }
    table.finish(&["widths", "quality"]);
    settings
}

/// `[terms.tags.automobil] de = "Automobil", zh = "汽车"`.
fn terms(root: &Table, languages: &[Language]) -> Terms {
    let mut terms = Terms::default();
    let Some(table) = root.table("terms") else {
        return terms;
    };
    let doc = root.doc();
    for taxonomy in Taxonomy::ALL {
        let Some(by_slug) = table.table(taxonomy.key()) else {
            continue;
        };
        let mut seen: HashMap<(Lang, String), Span> = HashMap::new();
        for (slug, value) in by_slug.entries() {
            if !crate::slug::is_valid(&slug.value) {
                doc.push(
                    Diagnostic::at_span(&slug.span, format!("`{}` is not a safe slug", slug.value))
                        .field(by_slug.name(&slug.value))
                        .hint("a slug is one URL segment of letters, digits, `-`, `_` and `.`"),
                );
                continue;
            }
            let Some(names) = by_slug.table_of(&slug.value, value) else {
                by_slug.wrong_type::<()>(
                    &slug.value,
                    value,
                    "a table",
                    "write each language's word: de = \"…\", zh = \"…\"",
                );
                continue;
            };
            for language in languages {
                let Some(name) = names.string(language.lang.as_str()) else {
                    continue;
                };
                if let Some(first) = seen.insert((language.lang, name.value.clone()), name.span.clone()) {
                    doc.push(
                        Diagnostic::at_span(
                            &name.span,
                            format!(
                                "`{}` is already the word of another {} (line {})",
                                name.value,
                                taxonomy.singular(),
                                first.line()
                            ),
                        )
                        .field(names.name(language.lang.as_str()))
                        .hint("one word names one term; distinct terms need distinct words"),
                    );
                }
                terms
                    .by_slug
                    .insert((taxonomy, language.lang, slug.value.clone()), name.value.clone());
                terms
                    .by_name
                    .insert((taxonomy, language.lang, name.value), slug.value.clone());
            }
            let codes: Vec<&str> = languages.iter().map(|l| l.lang.as_str()).collect();
            names.finish(&codes);
        }
    }
    table.finish(&["tags", "locations", "sources"]);
    terms
}

/// Replaces site.toml's base_url with the `--base-url` flag's; a mistake there is the flag's,
/// not the file's.
pub(crate) fn override_base_url(config: &mut Config, url: &str) -> Result<(), Diagnostic> {
    config.base_url = BaseUrl::parse(url).map_err(|message| {
        Diagnostic::flag("--base-url", message).hint("for example --base-url https://preview.example.org/events")
    })?;
    Ok(())
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
    if pattern.split('/').any(|part| part == ".." || part == ".") || pattern.contains("//") {
        return Err(format!(
            "permalink `{pattern}` must not contain empty, `.` or `..` segments"
        ));
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
    pub(crate) fn language(&self, lang: Lang) -> Option<&Language> {
        self.languages.iter().find(|l| l.lang == lang)
    }

    /// The configured language with this code.
    pub(crate) fn lang(&self, code: &str) -> Option<Lang> {
        self.languages.iter().map(|l| l.lang).find(|l| l.as_str() == code)
    }

    pub(crate) fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.languages.iter().map(|l| l.lang)
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
[terms.tags.automotive]
de = "Automobil"
zh = "汽车"
"#;

    #[test]
    fn good_config_puts_default_language_first() {
        let c = parse_str(GOOD).unwrap();
        assert_eq!(c.base_url.as_str(), "https://events.example.org");
        let codes: Vec<_> = c.langs().map(|l| l.to_string()).collect();
        assert_eq!(codes, ["zh", "de"]);
        assert_eq!(c.paginate_by, 10);
        let zh = c.lang("zh").unwrap();
        assert_eq!(c.terms.slug(Taxonomy::Tags, zh, "汽车"), Some("automotive"));
    }

    #[test]
    fn unknown_key_gets_a_hint_and_a_line() {
        let bad = GOOD.replace("timezone =", "timezon =");
        let errors = parse_str(&bad).unwrap_err();
        assert_eq!(errors[0].line, 5, "{errors:?}");
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `timezone`?"));
    }

    #[test]
    fn all_mistakes_are_reported_together() {
        let bad = GOOD
            .replace("Asia/Shanghai", "Asia/Nowhere")
            .replace("\"zh\"\n", "\"fr\"\n")
            .replace(
                "title = \"Ost-West\"",
                "title = \"Ost-West\"\npaginate_by = \"10\"\nbogus = 1",
            );
        let errors = parse_str(&bad).unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:#?}");
    }

    #[test]
    fn base_path_is_the_url_path() {
        let base = BaseUrl::parse("https://x.org/sub/").unwrap();
        assert_eq!((base.as_str(), base.path()), ("https://x.org/sub", "/sub"));
        assert_eq!(BaseUrl::parse("https://x.org").unwrap().path(), "");
        for bad in ["ftp://x.org", "x.org", "https://x.org/?a=1", "https:///"] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn languages_are_inline_codes() {
        let zh = Lang::new("zh-hant").unwrap();
        assert_eq!((zh.as_str(), zh.primary()), ("zh-hant", "zh"));
        assert!(Lang::new("DE").is_none() && Lang::new("deutsch").is_none());
    }
}
