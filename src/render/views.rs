//! What templates see. Each article is turned into an `ArticleView` once per build, with
//! dates and numbers already formatted for its language, and every page that shows the article
//! (its own page, lists, taxonomies, feeds) reuses that view. docs/templates.md documents
//! every field; keep the two in step.

use serde::Serialize;

use crate::config::Config;
use crate::content::model::{Article, Page};
use crate::locale::Locale;
use crate::slug::slugify;

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339 with offset, for `<time datetime>` and machines.
    pub iso: String,
    /// `YYYY-MM-DD` in the site's time zone.
    pub day: String,
    /// `22. Oktober 2024` / `2024年10月22日`.
    pub display: String,
    pub year: i16,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub slug: String,
    /// Page URL (path with base path), e.g. `/de/tags/automobil/`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub name: String,
    pub start: String,
    pub end: String,
    /// `10.–12. Mai 2023`
    pub display: String,
    pub multi_day: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub name: String,
    pub slug: String,
    /// The source's own page on this site.
    pub url: String,
    /// The outlet's website, where given.
    pub link: Option<String>,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: String,
    pub value: f64,
    /// `1.500` / `1,500`
    pub display: String,
    pub unit: Option<String>,
    pub key: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadingView {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An article as templates see it; its body is the separate `content` variable of article.html.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub lang: String,
    pub url: String,
    pub permalink: String,
    pub slug: String,
    pub date: DateView,
    pub updated: Option<DateView>,
    pub summary: String,
    pub tags: Vec<LinkView>,
    pub event: Option<EventView>,
    pub location: Option<LocationView>,
    pub source: Option<SourceView>,
    pub figures: Vec<FigureView>,
    pub word_count: usize,
    pub reading_minutes: usize,
    pub headings: Vec<HeadingView>,
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub lang: String,
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
pub struct TranslationView {
    pub lang: String,
    /// The language's own name, from its i18n file (`Deutsch`, `中文`).
    pub language_name: String,
    pub url: String,
    pub permalink: String,
    /// False when the page has no version in that language and the link goes to its home.
    pub available: bool,
}

/// RFC 3339 with the offset: `2024-10-31T11:08:24+08:00`.
pub fn rfc3339(moment: &jiff::ZonedDateTime) -> String {
    moment.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

pub fn date_view(date: &jiff::ZonedDateTime, locale: &Locale) -> DateView {
    let day = date.date();
    DateView {
        iso: rfc3339(date),
        day: day.to_string(),
        display: locale.date(day),
        year: day.year(),
    }
}

/// URL path of a taxonomy term page: `/de/tags/automobil/`.
pub fn term_path(lang: &str, taxonomy: &str, slug: &str) -> String {
    format!("/{lang}/{taxonomy}/{slug}/")
}

pub fn article_view(article: &Article, config: &Config, locale: &Locale) -> ArticleView {
    let base = config.base_path();
    let lang = &article.lang;
    let link = |taxonomy: &str, name: &str, slug: String| LinkView {
        url: format!("{base}{}", term_path(lang, taxonomy, &slug)),
        name: name.to_string(),
        slug,
    };
    ArticleView {
        title: article.title.clone(),
        lang: lang.clone(),
        url: format!("{base}{}", article.path),
        permalink: config.absolute_url(&article.path),
        slug: article.slug.clone(),
        date: date_view(&article.date, locale),
        updated: article.updated.as_ref().map(|u| date_view(u, locale)),
        summary: article.summary.clone(),
        tags: article.tags.iter().map(|t| link("tags", t, slugify(t))).collect(),
        event: article.event.as_ref().map(|e| EventView {
            name: e.name.clone(),
            start: e.start.to_string(),
            end: e.end.to_string(),
            display: locale.date_range(e.start, e.end),
            multi_day: e.start != e.end,
        }),
        location: article.location.as_ref().map(|l| LocationView {
            url: format!("{base}{}", term_path(lang, "locations", &l.slug)),
            name: l.name.clone(),
            slug: l.slug.clone(),
            country: l.country.clone(),
            latitude: l.coordinates.map(|c| c[0]),
            longitude: l.coordinates.map(|c| c[1]),
        }),
        source: article.source.as_ref().map(|s| {
            let slug = slugify(&s.name);
            SourceView {
                url: format!("{base}{}", term_path(lang, "sources", &slug)),
                name: s.name.clone(),
                slug,
                link: s.url.clone(),
                section: s.section.clone(),
            }
        }),
        figures: article
            .figures
            .iter()
            .map(|f| FigureView {
                label: f.label.clone(),
                value: f.value,
                display: locale.number(f.value),
                unit: f.unit.clone(),
                key: f.key.clone(),
            })
            .collect(),
        word_count: article.body.word_count,
        reading_minutes: article.body.reading_minutes,
        headings: headings(&article.body.headings),
        extra: article.extra.clone(),
    }
}

pub fn page_view(page: &Page, config: &Config, locale: &Locale) -> PageView {
    PageView {
        title: page.title.clone(),
        lang: page.lang.clone(),
        url: format!("{}{}", config.base_path(), page.path),
        permalink: config.absolute_url(&page.path),
        slug: page.slug.clone(),
        summary: page.summary.clone(),
        updated: page.updated.as_ref().map(|u| date_view(u, locale)),
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
