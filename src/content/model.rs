//! The content model after loading: complete, validated articles and pages. Everything after
//! `content::load` works on these plain structs and never sees front matter again, except
//! `check`, which compares what a translation wrote with its original.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::ZonedDateTime;
use jiff::civil::Date;

use crate::config::Lang;
use crate::content::front_matter::{ArticleFront, Attendance, EventStatus, PageFront};
use crate::diagnostics::{SourceText, Span};
use crate::markdown::Markdown;
use crate::quantity::Figure as Quantity;
use crate::route::SitePath;

/// Whether a version is the article's original, or translates the one in `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Original,
    Translation { from: Lang },
}

/// One language version of an event report.
#[derive(Debug, Clone)]
pub(crate) struct Article {
    /// The translation key: the file's path under content/ without language and `.md`
    /// (`2024/shandong-chongqing-talks`). Files with the same name are translations.
    pub name: Arc<str>,
    pub lang: Lang,
    /// The source file, with its text (diagnostics show lines of it).
    pub file: Arc<SourceText>,
    pub role: Role,
    pub title: String,
    pub date: ZonedDateTime,
    pub updated: Option<ZonedDateTime>,
    /// Whether `date` and `updated` were written with a time of day (then pages show it).
    pub times_given: (bool, bool),
    /// Plain text: the front matter `summary`, or the body's first paragraph. May hold
    /// figure citations, filled in when the article is rendered.
    pub summary: String,
    pub slug: String,
    /// The stable identity of feeds and calendars: the front matter's `id`, else derived
    /// from the article's name.
    pub id: String,
    pub tags: Vec<String>,
    pub draft: bool,
    pub event: Option<Event>,
    pub location: Option<Location>,
    pub source: Option<Source>,
    pub figures: Vec<Figure>,
    /// Boxed: most articles have none, and a build holds every version at once.
    pub image: Option<Box<LeadImage>>,
    pub extra: toml::Table,
    pub body: Arc<Markdown>,
    /// Where the page lives: `/de/2024/slug/` (without base_url's path).
    pub path: SitePath,
    pub assets: Vec<Asset>,
    /// The front matter as written, kept for `gazette check`'s translation comparisons,
    /// `gazette translate` and watch mode; `None` in a build, which drops it as soon as the
    /// article is assembled (see `content::load`).
    pub front: Option<Arc<ArticleFront>>,
    /// Where the front matter wrote what the site indexes and routes by.
    pub spans: Spans,
    /// Changes whenever this file, the original it inherits from or its bundle changes.
    pub version: u64,
}

/// Where a version's front matter wrote what the site indexes and routes by: messages about
/// terms and paths point there, also once the front matter itself is gone. Byte ranges in
/// the article's own file (`Article::span` makes them spans): a build holds one per version.
#[derive(Debug, Clone)]
pub(crate) struct Spans {
    /// The whole front matter, for a fact without a place of its own.
    pub top: Range<u32>,
    pub slug: Option<Range<u32>>,
    /// One per tag this version wrote; none when it inherits the original's.
    pub tags: Box<[Range<u32>]>,
    pub location: Option<Range<u32>>,
    pub source: Option<Range<u32>>,
}

impl Spans {
    /// The range of a span in the version's own file (files are at most 10 MB).
    pub(crate) fn range(span: &Span) -> Range<u32> {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        narrow(span.range.start)..narrow(span.range.end)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    pub name: String,
    pub start: Date,
    /// Equal to `start` for a one-day event.
    pub end: Date,
    pub status: EventStatus,
    pub attendance: Attendance,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Location {
    pub name: String,
    /// Whether this version wrote the name; an inherited name is in the original's language,
    /// and the site shows this language's name for the same place where it knows one.
    pub name_written: bool,
    /// Language-independent: pairs 重庆 with Chongqing.
    pub slug: String,
    pub country: Option<String>,
    /// [latitude, longitude]
    pub coordinates: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    pub name: String,
    /// As for a location: whether this version wrote the name.
    pub name_written: bool,
    /// Given by the editor (pairs 大众网 with dzwww.com); otherwise made from the name.
    pub slug: Option<String>,
    pub url: Option<String>,
    pub section: Option<String>,
}

/// A key figure: a quantity each language writes its own way, under its own label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub label: String,
    pub quantity: Quantity,
    /// Language-independent key that pairs figures across translations and lets the body
    /// cite them.
    pub key: Option<String>,
}

/// The lead photo: a bundle file, and the words of this language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LeadImage {
    /// Relative to the article's bundle folder.
    pub file: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub span: Span,
}

/// A standalone page (content/pages/): not in lists, feeds or calendars.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub name: Arc<str>,
    pub lang: Lang,
    pub file: Arc<SourceText>,
    pub title: String,
    pub summary: String,
    pub slug: String,
    pub draft: bool,
    pub updated: Option<ZonedDateTime>,
    pub extra: toml::Table,
    pub body: Arc<Markdown>,
    pub path: SitePath,
    pub assets: Vec<Asset>,
    pub front: Arc<PageFront>,
    pub version: u64,
}

/// A file beside an article (bundle), copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Asset {
    /// Absolute source path.
    pub source: PathBuf,
    /// Path relative to the page's folder, `/`-separated.
    pub relative: String,
    /// Relative to the site root, for messages.
    pub display: PathBuf,
}

impl Article {
    /// For a build, once the article is assembled: the body's HTML was made when it was read,
    /// so the file's text shrinks to its front matter, which later messages point at. An
    /// article whose body shows photos keeps its text instead (messages about a photo point
    /// at its place in the body) and makes its HTML again when its page is written; so does
    /// one whose file something else holds.
    pub(crate) fn keep_html(&mut self) {
        let Some(body) = Arc::get_mut(&mut self.body) else {
            return;
        };
        let shows_photos = body.links.iter().any(|l| l.image);
        match (Arc::get_mut(&mut self.file), &body.html) {
            (Some(file), Some(_)) if !shows_photos => {
                file.text = Arc::from(file.text.get(..body.source.start).unwrap_or_default());
            }
            _ => body.html = None,
        }
    }

    /// Where the slug came from, for messages about the page's path: the editor's `slug`,
    /// else the front matter.
    pub(crate) fn slug_span(&self) -> Span {
        self.span(self.spans.slug.as_ref())
    }

    /// A place in this version's file; the front matter, where a fact without a place of its
    /// own is reported, when there is none.
    pub(crate) fn span(&self, range: Option<&Range<u32>>) -> Span {
        let range = range.unwrap_or(&self.spans.top);
        Span::new(&self.file, range.start as usize..range.end as usize)
    }

    pub(crate) fn is_translation(&self) -> bool {
        matches!(self.role, Role::Translation { .. })
    }
}

impl Page {
    pub(crate) fn slug_span(&self) -> Span {
        self.front
            .slug
            .as_ref()
            .map_or_else(|| self.front.span.clone(), |s| s.span.clone())
    }
}
