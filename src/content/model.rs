//! The content model after loading: complete, validated articles and pages. Everything after
//! `content::load` works on these plain structs and never sees front matter again.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::ZonedDateTime;
use jiff::civil::Date;

use crate::content::front_matter::{ArticleFront, PageFront};
use crate::markdown::Markdown;

/// One language version of an event report.
#[derive(Debug, Clone)]
pub struct Article {
    /// The translation key: the file's path under content/ without language and `.md`
    /// (`2024/shandong-chongqing-talks`). Files with the same name are translations.
    pub name: String,
    pub lang: String,
    /// The source file, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    pub date: ZonedDateTime,
    pub updated: Option<ZonedDateTime>,
    /// Plain text: the front matter `summary`, or the body's first paragraph.
    pub summary: String,
    pub slug: String,
    pub tags: Vec<String>,
    pub draft: bool,
    pub event: Option<Event>,
    pub location: Option<Location>,
    pub source: Option<Source>,
    pub figures: Vec<Figure>,
    pub extra: toml::Table,
    pub body: Arc<Markdown>,
    /// Site-absolute path of the page, `/de/2024/slug/` (without base_url's path).
    pub path: String,
    pub assets: Vec<Asset>,
    /// The front matter as written, kept for `gazette check`'s translation comparisons.
    pub front: Arc<ArticleFront>,
    /// Changes whenever this file or the original it inherits from changes: what
    /// incremental rebuilds compare to decide which pages to render again.
    pub version: u64,
    /// This file's own text, hashed: what the article's page shows besides its facts.
    pub text_hash: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    pub start: Date,
    /// Equal to `start` for a one-day event.
    pub end: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub name: String,
    /// Language-independent: pairs 重庆 with Chongqing.
    pub slug: String,
    pub country: Option<String>,
    /// [latitude, longitude]
    pub coordinates: Option<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub section: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    pub unit: Option<String>,
    /// Language-independent key that pairs figures across translations.
    pub key: Option<String>,
}

/// A standalone page (content/pages/): not in lists, feeds or calendars.
#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub lang: String,
    pub file: PathBuf,
    pub title: String,
    pub summary: String,
    pub slug: String,
    pub draft: bool,
    pub updated: Option<ZonedDateTime>,
    pub extra: toml::Table,
    pub body: Arc<Markdown>,
    pub path: String,
    pub assets: Vec<Asset>,
    pub front: Arc<PageFront>,
    pub version: u64,
    /// This file's own text, hashed: what the article's page shows besides its facts.
    pub text_hash: u64,
}

/// A file beside an article (bundle), copied next to its page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Asset {
    /// Absolute source path.
    pub source: PathBuf,
    /// Path relative to the page's folder.
    pub relative: PathBuf,
}
