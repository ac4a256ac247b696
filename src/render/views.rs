//! What templates see. Each article is turned into an `ArticleView` once per version, with
//! dates and numbers already formatted for its language and every link made by the route
//! table, and every page that shows the article (its own page, lists, taxonomies, feeds)
//! reuses that view. docs/templates.md documents every field; keep the two in step.

use serde::Serialize;

use crate::config::{Lang, Taxonomy};
use crate::content::front_matter::{Attendance, EventStatus};
use crate::content::model::{Article, Page};
use crate::locale::Locale;
use crate::route::{Routes, SitePath};
use crate::site::TermSlugs;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct DateView {
    /// RFC 3339 with offset, for `<time datetime>` and machines.
    pub iso: String,
    /// `YYYY-MM-DD` in the site's time zone.
    pub day: String,
    /// `22. Oktober 2024` / `2024年10月22日`.
    pub display: String,
    /// `22. Oktober 2024, 17:30` when the front matter gave a time, else the same as `display`.
    pub display_time: String,
    pub year: i16,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct LinkView {
    pub name: String,
    pub slug: String,
    /// Page URL (path with base path), e.g. `/de/tags/automobil/`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventView {
    pub name: String,
    pub start: String,
    pub end: String,
    /// `10.–12. Mai 2023`
    pub display: String,
    pub multi_day: bool,
    /// `scheduled`, `cancelled`, `postponed`, `rescheduled`, `moved_online`.
    pub status: &'static str,
    /// `offline`, `online`, `mixed`.
    pub attendance: &'static str,
    /// The status in words (`abgesagt`, `已取消`); empty for a scheduled event.
    pub status_text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct LocationView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

// Coordinates are read from TOML and never NaN, so equality is an equivalence.
impl Eq for LocationView {}

impl std::hash::Hash for LocationView {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.name, &self.slug, &self.url, &self.country).hash(state);
        (self.latitude.map(f64::to_bits), self.longitude.map(f64::to_bits)).hash(state);
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub(crate) struct SourceView {
    pub name: String,
    pub slug: String,
    /// The source's own page on this site.
    pub url: String,
    /// The outlet's website, where given.
    pub link: Option<String>,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureView {
    pub label: String,
    /// The exact value in plain digits (`121000000000`), for data attributes.
    pub value: String,
    /// The quantity as the page's language writes it: `121 Mrd. Yuan` / `1210亿元`.
    pub display: String,
    pub key: Option<String>,
}

/// A photo as templates show it: ready `src`, `srcset`, size and words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageView {
    /// The fallback (JPEG or PNG, no metadata), for `src`.
    pub(crate) src: String,
    /// WebP files by width: `…/hall-480w.webp 480w, …`.
    pub(crate) srcset: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) alt: String,
    pub(crate) caption: Option<String>,
    pub(crate) credit: Option<String>,
    /// The fallback's absolute URL, for `og:image` and feeds.
    pub(crate) permalink: String,
    /// `image/jpeg`, `image/png`, `image/webp`.
    pub(crate) mime_type: &'static str,
    /// The fallback's size in bytes, for a feed's enclosure.
    pub(crate) bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HeadingView {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An article as templates see it; its body is the separate `content` variable of article.html.
/// The fields marked `skip` are the ones many articles share (a day, a tag, a place, a source):
/// the renderer adds them to the template value as values made once per site (see
/// `render::Shared`), so 10,000 cards do not each hold a copy of the same tag.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView {
    pub title: String,
    pub lang: Lang,
    pub url: String,
    pub permalink: String,
    pub slug: String,
    #[serde(skip)]
    pub date: DateView,
    #[serde(skip)]
    pub updated: Option<DateView>,
    pub summary: String,
    #[serde(skip)]
    pub tags: Vec<LinkView>,
    pub event: Option<EventView>,
    #[serde(skip)]
    pub location: Option<LocationView>,
    #[serde(skip)]
    pub source: Option<SourceView>,
    pub figures: Vec<FigureView>,
    /// The lead photo, where the article has one.
    pub image: Option<ImageView>,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// `3 Minuten Lesezeit`, `阅读约3分钟`.
    pub reading_time: String,
    pub headings: Vec<HeadingView>,
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub title: String,
    pub lang: Lang,
    pub url: String,
    pub permalink: String,
    pub slug: String,
    pub summary: String,
    pub updated: Option<DateView>,
    pub headings: Vec<HeadingView>,
    pub extra: toml::Table,
}

/// Another language version of the current page, for hreflang links and the switcher.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TranslationView {
    pub lang: Lang,
    /// The language's own name, from its i18n file (`Deutsch`, `中文`).
    pub language_name: String,
    pub url: String,
    pub permalink: String,
    /// False when the page has no version in that language and the link goes to its home.
    pub available: bool,
    /// `og:locale` form of the language: `zh_CN`.
    pub locale: String,
    /// A tooltip for the link to a missing translation, in the link's language.
    pub not_translated: String,
}

/// RFC 3339 with the offset: `2024-10-31T11:08:24+08:00`.
pub(crate) fn rfc3339(moment: &jiff::ZonedDateTime) -> String {
    moment.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

pub(crate) fn date_view(date: &jiff::ZonedDateTime, has_time: bool, locale: &Locale) -> DateView {
    let day = date.date();
    let display = locale.date(day);
    DateView {
        iso: rfc3339(date),
        day: day.to_string(),
        display_time: if has_time {
            locale.date_time(date.datetime())
        } else {
            display.clone()
        },
        display,
        year: day.year(),
    }
}

/// The link to a page, as templates print it.
pub(crate) struct Linker<'a> {
    pub routes: &'a Routes,
    pub lang: Lang,
}

impl Linker<'_> {
    fn term(&self, taxonomy: Taxonomy, name: &str, slug: &str) -> LinkView {
        LinkView {
            url: self.routes.href(&Routes::term(self.lang, taxonomy, slug)),
            name: name.to_string(),
            slug: slug.to_string(),
        }
    }
}

pub(crate) fn article_view(
    article: &Article,
    slugs: &TermSlugs,
    photos: &crate::photos::Photos,
    tools: &super::Tools,
    summary: String,
) -> ArticleView {
    let routes = &tools.routes;
    let locale = tools.locale(article.lang);
    let links = Linker {
        routes,
        lang: article.lang,
    };
    ArticleView {
        title: article.title.clone(),
        lang: article.lang,
        url: routes.href(&article.path),
        permalink: routes.url(&article.path),
        slug: article.slug.clone(),
        date: date_view(&article.date, article.times_given.0, locale),
        // An `updated` before the publication says nothing new; meta tags and JSON-LD agree.
        updated: article
            .updated
            .as_ref()
            .filter(|u| **u > article.date)
            .map(|u| date_view(u, article.times_given.1, locale)),
        summary,
        tags: article
            .tags
            .iter()
            .zip(&slugs.tags)
            .map(|(name, slug)| links.term(Taxonomy::Tags, name, slug))
            .collect(),
        event: article.event.as_ref().map(|e| EventView {
            name: e.name.clone(),
            start: e.start.to_string(),
            end: e.end.to_string(),
            display: locale.date_range(e.start, e.end),
            multi_day: e.start != e.end,
            status: status_key(e.status),
            attendance: attendance_key(e.attendance),
            status_text: match e.status {
                EventStatus::Scheduled => String::new(),
                status => tools
                    .i18n(article.lang, &["event_status", status_key(status)].join("_"))
                    .to_string(),
            },
        }),
        location: article
            .location
            .as_ref()
            .zip(slugs.location.as_ref())
            .map(|(l, (name, slug))| LocationView {
                url: routes.href(&Routes::term(article.lang, Taxonomy::Locations, slug)),
                name: name.clone(),
                slug: slug.clone(),
                country: l.country.clone(),
                latitude: l.coordinates.map(|c| c[0]),
                longitude: l.coordinates.map(|c| c[1]),
            }),
        source: article
            .source
            .as_ref()
            .zip(slugs.source.as_ref())
            .map(|(s, (name, slug))| SourceView {
                url: routes.href(&Routes::term(article.lang, Taxonomy::Sources, slug)),
                name: name.clone(),
                slug: slug.clone(),
                link: s.url.clone(),
                section: s.section.clone(),
            }),
        figures: article
            .figures
            .iter()
            .map(|f| FigureView {
                label: f.label.clone(),
                value: f.quantity.value.plain().to_string(),
                display: tools.quantity(article.lang).format(&f.quantity),
                key: f.key.clone(),
            })
            .collect(),
        image: image_view(article, photos, routes),
        word_count: article.body.word_count,
        reading_minutes: article.body.reading_minutes,
        reading_time: tools.counted(article.lang, "reading", article.body.reading_minutes),
        headings: headings(&article.body.headings),
        extra: article.extra.clone(),
    }
}

/// The lead photo's view: its published files are beside the article's page.
fn image_view(article: &Article, photos: &crate::photos::Photos, routes: &Routes) -> Option<ImageView> {
    let image = article.image.as_ref()?;
    let asset = article.assets.iter().find(|a| a.relative == image.file)?;
    let photo = photos.get(&asset.source)?;
    let beside = |relative: &str| Routes::beside(&article.path, relative);
    let srcset = photo
        .variants
        .iter()
        .map(|v| {
            let href = routes.href(&beside(&crate::photos::variant_name(&image.file, v.width)));
            [href, format!(" {}w", v.width)].concat()
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(ImageView {
        src: routes.href(&beside(&image.file)),
        srcset,
        width: photo.fallback.width,
        height: photo.fallback.height,
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit: image.credit.clone(),
        permalink: routes.url(&beside(&image.file)),
        mime_type: photo.fallback.format.mime_type(),
        bytes: photo.fallback.bytes_len,
    })
}

pub(crate) fn status_key(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Scheduled => "scheduled",
        EventStatus::Cancelled => "cancelled",
        EventStatus::Postponed => "postponed",
        EventStatus::Rescheduled => "rescheduled",
        EventStatus::MovedOnline => "moved_online",
    }
}

pub(crate) fn attendance_key(attendance: Attendance) -> &'static str {
    match attendance {
        Attendance::Offline => "offline",
        Attendance::Online => "online",
        Attendance::Mixed => "mixed",
    }
}

pub(crate) fn page_view(page: &Page, routes: &Routes, locale: &Locale) -> PageView {
    let has_time = page
        .front
        .updated
        .as_ref()
        .is_some_and(|d| d.span.text().contains(['T', ' ', ':']));
    PageView {
        title: page.title.clone(),
        lang: page.lang,
        url: routes.href(&page.path),
        permalink: routes.url(&page.path),
        slug: page.slug.clone(),
        summary: page.summary.clone(),
        updated: page.updated.as_ref().map(|u| date_view(u, has_time, locale)),
        headings: headings(&page.body.headings),
        extra: page.extra.clone(),
    }
}

fn headings(headings: &[crate::markdown::Heading]) -> Vec<HeadingView> {
    headings
        .iter()
        .map(|h| HeadingView {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}

/// A link to `path` in language `lang` for a page's switcher and hreflang.
pub(crate) fn translation_view(tools: &super::Tools, lang: Lang, path: Option<&SitePath>) -> TranslationView {
    let target = path.cloned().unwrap_or_else(|| Routes::home(lang));
    TranslationView {
        lang,
        language_name: tools.i18n(lang, "language_name").to_string(),
        url: tools.routes.href(&target),
        permalink: tools.routes.url(&target),
        available: path.is_some(),
        locale: super::frame::og_locale(lang),
        not_translated: tools.i18n(lang, "not_translated").to_string(),
    }
}
