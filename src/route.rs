//! Every path and URL gazette writes comes from here. A `SitePath` is a place in the site
//! (`/de/2024/shandong-talks/`, without the base path), an `OutputPath` the file that holds
//! it (`de/2024/shandong-talks/index.html`), and `Routes` turns site paths into the links
//! pages print: root-relative with the base path for `href`s, absolute for feeds, sitemaps
//! and canonical links. Keeping the formatting in one module makes a base-path or collision
//! bug a bug of this file only; a test greps the rest of the code for path formatting.

use std::fmt;

use jiff::civil::Date;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::config::{BaseUrl, Config, Lang, Taxonomy};

/// A place in the site, starting with `/`: `/de/2024/x/`, `/de/atom.xml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SitePath(Box<str>);

/// A file below the output folder, `/`-separated: `de/2024/x/index.html`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct OutputPath(Box<str>);

impl SitePath {
    fn new(path: String) -> SitePath {
        debug_assert!(path.starts_with('/'), "{path}");
        SitePath(path.into_boxed_str())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The file that serves this place: a folder's `index.html`, or the file itself.
    pub(crate) fn output(&self) -> OutputPath {
        let trimmed = self.0.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.ends_with('/') {
            OutputPath(format!("{trimmed}index.html").into_boxed_str())
        } else {
            OutputPath(trimmed.into())
        }
    }
}

impl SitePath {
    /// The same place as a folder: `/de/x` → `/de/x/` (a link written without its slash).
    pub(crate) fn as_folder(&self) -> SitePath {
        if self.0.ends_with('/') {
            self.clone()
        } else {
            SitePath::new(format!("{}/", self.0))
        }
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl OutputPath {
    /// A path relative to the output folder, refused when it could leave it: empty, absolute,
    /// with `.` or `..` or empty segments, a backslash or a NUL.
    pub(crate) fn new(relative: &str) -> Option<OutputPath> {
        let safe = !relative.is_empty()
            && !relative.contains(['\\', '\0'])
            && relative.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
        safe.then(|| OutputPath(relative.into()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters kept out of a URL path segment: controls, space and the delimiters.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The route table: where each kind of page lives, and how a place is linked.
#[derive(Debug, Clone)]
pub(crate) struct Routes {
    base: BaseUrl,
    article: String,
    page: String,
}

impl Routes {
    pub(crate) fn new(config: &Config) -> Routes {
        Routes {
            base: config.base_url.clone(),
            article: config.permalinks.article.value.clone(),
            page: config.permalinks.page.value.clone(),
        }
    }

    /// The root-relative link a page prints: `/sub/de/2024/x/` under a base path.
    pub(crate) fn href(&self, path: &SitePath) -> String {
        format!("{}{}", self.base.path(), utf8_percent_encode(path.as_str(), SEGMENT))
    }

    /// The absolute URL, for canonical links, feeds, sitemaps and structured data.
    pub(crate) fn url(&self, path: &SitePath) -> String {
        format!("{}{}", self.base.as_str(), utf8_percent_encode(path.as_str(), SEGMENT))
    }

    /// The site's address without a trailing slash.
    pub(crate) fn site_url(&self) -> &str {
        self.base.as_str()
    }

    pub(crate) fn chooser() -> SitePath {
        SitePath::new("/".into())
    }

    pub(crate) fn not_found() -> SitePath {
        SitePath::new("/404.html".into())
    }

    pub(crate) fn robots() -> SitePath {
        SitePath::new("/robots.txt".into())
    }

    /// The sitemap index, which lists the sitemap files.
    pub(crate) fn sitemap_index() -> SitePath {
        SitePath::new("/sitemap.xml".into())
    }

    /// The `n`th sitemap file (from 1).
    pub(crate) fn sitemap(n: usize) -> SitePath {
        SitePath::new(format!("/sitemap-{n}.xml"))
    }

    pub(crate) fn home(lang: Lang) -> SitePath {
        SitePath::new(format!("/{lang}/"))
    }

    /// Page `n` of a list at `first` (`/de/` → `/de/page/2/`); page 1 is the list itself.
    pub(crate) fn paged(first: &SitePath, n: usize) -> SitePath {
        if n <= 1 {
            first.clone()
        } else {
            SitePath::new(format!("{first}page/{n}/"))
        }
    }

    pub(crate) fn archive(lang: Lang) -> SitePath {
        SitePath::new(format!("/{lang}/archive/"))
    }

    pub(crate) fn archive_year(lang: Lang, year: i16) -> SitePath {
        SitePath::new(format!("/{lang}/archive/{year}/"))
    }

    pub(crate) fn taxonomy(lang: Lang, taxonomy: Taxonomy) -> SitePath {
        SitePath::new(format!("/{lang}/{}/", taxonomy.key()))
    }

    pub(crate) fn term(lang: Lang, taxonomy: Taxonomy, slug: &str) -> SitePath {
        SitePath::new(format!("/{lang}/{}/{slug}/", taxonomy.key()))
    }

    pub(crate) fn search(lang: Lang) -> SitePath {
        SitePath::new(format!("/{lang}/search/"))
    }

    /// A file of a language's search index (`/de/search/index.json`).
    pub(crate) fn search_file(lang: Lang, name: &str) -> SitePath {
        SitePath::new(format!("/{lang}/search/{name}"))
    }

    pub(crate) fn atom(lang: Lang) -> SitePath {
        SitePath::new(format!("/{lang}/atom.xml"))
    }

    pub(crate) fn calendar(lang: Lang) -> SitePath {
        SitePath::new(format!("/{lang}/events.ics"))
    }

    /// A chunk of a search index, relative to its manifest: `c/3f2a1b9c.json`.
    pub(crate) fn search_chunk(name: &str) -> String {
        format!("c/{name}.json")
    }

    /// A search result fragment, relative to its manifest: `f/12.json`.
    pub(crate) fn search_fragment(id: usize) -> String {
        format!("f/{id}.json")
    }

    /// The address of the development server, as the base URL of the pages it serves.
    pub(crate) fn local_base_url(address: std::net::SocketAddr) -> String {
        format!("http://{address}")
    }

    /// A static file at its place below the site root (`gazette.css`, `img/logo.svg`).
    pub(crate) fn static_file(relative: &str) -> SitePath {
        SitePath::new(format!("/{}", relative.trim_start_matches('/')))
    }

    /// A file beside a page (bundle images): `/de/2024/x/` + `hall.jpg`.
    pub(crate) fn beside(page: &SitePath, relative: &str) -> SitePath {
        let folder = page.as_str().rsplit_once('/').map_or("", |(dir, _)| dir);
        SitePath::new(format!("{folder}/{relative}"))
    }

    /// An article's place from the permalink pattern; the date (in the site's time zone)
    /// gives the year, month and day.
    pub(crate) fn article(&self, lang: Lang, date: Date, slug: &str) -> SitePath {
        SitePath::new(
            self.article
                .replace("{lang}", lang.as_str())
                .replace("{year}", &format!("{:04}", date.year()))
                .replace("{month}", &format!("{:02}", date.month()))
                .replace("{day}", &format!("{:02}", date.day()))
                .replace("{slug}", slug),
        )
    }

    pub(crate) fn page(&self, lang: Lang, slug: &str) -> SitePath {
        SitePath::new(self.page.replace("{lang}", lang.as_str()).replace("{slug}", slug))
    }

    /// The place a link written on the page at `from` leads to, resolved as a browser would;
    /// `None` for external links and for paths that climb above the site.
    pub(crate) fn resolve(&self, from: &SitePath, written: &str) -> Option<(SitePath, Option<String>)> {
        if is_external(written) {
            return None;
        }
        let (target, fragment) = match written.split_once('#') {
            Some((t, f)) => (t, Some(f.to_string())),
            None => (written, None),
        };
        let target = target.split('?').next().unwrap_or_default();
        let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
        let absolute = if target.is_empty() {
            from.as_str().to_string()
        } else if target.starts_with('/') {
            target.into_owned()
        } else {
            let folder = from.as_str().rsplit_once('/').map_or("", |(dir, _)| dir);
            format!("{folder}/{target}")
        };
        Some((SitePath::new(normalise(&absolute)?), fragment))
    }
}

/// Whether a link leaves the site: a scheme (`https:`, `mailto:`) or a protocol-relative `//`.
pub(crate) fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
}

/// Resolves `.` and `..` segments; `None` for a path that climbs above the site's root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let trailing = if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{trailing}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(base: &str) -> Routes {
        let text = format!(
            "title = \"t\"\nbase_url = \"{base}\"\ndefault_language = \"de\"\n[languages.de]\n[languages.zh]\n"
        );
        Routes::new(&crate::config::parse(&text.into(), std::path::Path::new("site.toml")).unwrap())
    }

    #[test]
    fn paths_hrefs_and_urls() {
        let r = routes("https://x.org/events/");
        let de = Lang::new("de").unwrap();
        let article = r.article(de, Date::constant(2024, 10, 22), "talks");
        assert_eq!(article.as_str(), "/de/2024/talks/");
        assert_eq!(article.output().as_str(), "de/2024/talks/index.html");
        assert_eq!(r.href(&article), "/events/de/2024/talks/");
        assert_eq!(r.url(&article), "https://x.org/events/de/2024/talks/");
        assert_eq!(Routes::paged(&Routes::home(de), 3).as_str(), "/de/page/3/");
        assert_eq!(
            Routes::beside(&article, "hall 1.jpg").as_str(),
            "/de/2024/talks/hall 1.jpg"
        );
        assert_eq!(
            r.href(&Routes::beside(&article, "hall 1.jpg")),
            "/events/de/2024/talks/hall%201.jpg"
        );
        assert_eq!(Routes::not_found().output().as_str(), "404.html");
    }

    #[test]
    fn links_resolve_like_a_browser() {
        let r = routes("https://x.org");
        let from = SitePath::new("/de/2024/x/".into());
        let resolve = |link: &str| r.resolve(&from, link).map(|(p, f)| (p.to_string(), f));
        assert_eq!(resolve("../y/"), Some(("/de/2024/y/".into(), None)));
        assert_eq!(
            resolve("hall.svg#a"),
            Some(("/de/2024/x/hall.svg".into(), Some("a".into())))
        );
        assert_eq!(resolve("#top"), Some(("/de/2024/x/".into(), Some("top".into()))));
        assert_eq!(resolve("/../../etc"), None);
        assert_eq!(resolve("https://x.org/a"), None);
        assert_eq!(resolve("mailto:a@b.c"), None);
    }

    #[test]
    fn output_paths_stay_inside() {
        assert!(OutputPath::new("de/x/index.html").is_some());
        for bad in ["", "/etc/passwd", "../x", "a//b", "a/./b", "a\\b", "a\0b"] {
            assert!(OutputPath::new(bad).is_none(), "{bad}");
        }
    }
}
