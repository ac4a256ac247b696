//! The frame of every HTML page: its language, its place, its versions in the other
//! languages and when it last changed. The language switcher, the hreflang links, the
//! canonical link and the sitemap all read the same frame, so they cannot disagree.
//!
//! `x-default` tells search engines which version to give a reader whose language the site
//! does not have. One rule everywhere: for the language homes it is the language chooser at
//! `/` (which sends readers on by their browser's language); for every other page it is the
//! page's version in the site's default language, where there is one.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::views::{TranslationView, translation_view};
use super::{Keyed, Renderer, Template, Tools, latest_change};
use crate::config::{Config, Lang, Taxonomy};
use crate::plan::{Job, path_of};
use crate::render::theme::Theme;
use crate::route::{Routes, SitePath};

/// The template that renders each kind of HTML page; every other template (base.html,
/// partials) and the UI strings are shared by all pages.
pub(crate) const TOP_LEVEL: [&str; 9] = [
    "chooser.html",
    "404.html",
    "index.html",
    "archive.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "article.html",
    "page.html",
    "search.html",
];

/// Where an HTML page lives and how it relates to the other languages.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Frame<'r> {
    pub lang: Lang,
    pub kind: &'static str,
    pub template: Template,
    pub path: SitePath,
    /// The same page in other languages.
    pub alternates: Vec<(Lang, SitePath)>,
    pub x_default: Option<SitePath>,
    pub lastmod: Option<jiff::Timestamp>,
    pub footer: Keyed<'r>,
}

#[derive(Debug, Clone, Serialize)]
struct LanguageView<'a> {
    code: Lang,
    title: &'a str,
    description: &'a str,
    language_name: String,
    /// `og:locale` form: `de_DE`, `zh_CN`.
    locale: String,
    url: String,
    permalink: String,
    archive_url: String,
    search_url: String,
    tags_url: String,
    locations_url: String,
    sources_url: String,
    feed_url: String,
    feed_permalink: String,
    calendar_url: String,
    calendar_permalink: String,
}

/// The parts of every page's context that depend only on its language.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    default_language: Lang,
    languages: &'a [LanguageView<'a>],
    generator: &'static str,
    stylesheet: String,
    favicon: String,
    search_script: String,
    chooser_url: String,
}

/// `de` → `de_DE`, `zh` → `zh_CN`: the territory CLDR's likely-subtags data gives.
pub(crate) fn og_locale(lang: Lang) -> String {
    use icu_locale_core::LanguageIdentifier;
    let expander = icu_locale::LocaleExpander::new_common();
    let Ok(mut id) = lang.as_str().parse::<LanguageIdentifier>() else {
        return lang.primary().to_string();
    };
    expander.maximize(&mut id);
    match id.region {
        Some(region) => format!("{}_{}", id.language, region),
        None => lang.primary().to_string(),
    }
}

pub(crate) fn language_name(theme: &Theme, lang: Lang) -> String {
    theme
        .strings
        .get(&lang)
        .and_then(|s| s.get("language_name"))
        .cloned()
        .unwrap_or_else(|| lang.to_string())
}

/// Per language: the `site`, `language` and `i18n` values.
pub(crate) fn language_values(config: &Config, theme: &Theme, routes: &Routes) -> HashMap<Lang, [tera::Value; 3]> {
    let languages: Vec<LanguageView> = config
        .languages
        .iter()
        .map(|l| {
            let lang = l.lang;
            LanguageView {
                code: lang,
                title: &l.title,
                description: &l.description,
                language_name: language_name(theme, lang),
                locale: og_locale(lang),
                url: routes.href(&Routes::home(lang)),
                permalink: routes.url(&Routes::home(lang)),
                archive_url: routes.href(&Routes::archive(lang)),
                search_url: routes.href(&Routes::search(lang)),
                tags_url: routes.href(&Routes::taxonomy(lang, Taxonomy::Tags)),
                locations_url: routes.href(&Routes::taxonomy(lang, Taxonomy::Locations)),
                sources_url: routes.href(&Routes::taxonomy(lang, Taxonomy::Sources)),
                feed_url: routes.href(&Routes::atom(lang)),
                feed_permalink: routes.url(&Routes::atom(lang)),
                calendar_url: routes.href(&Routes::calendar(lang)),
                calendar_permalink: routes.url(&Routes::calendar(lang)),
            }
        })
        .collect();
    config
        .languages
        .iter()
        .map(|language| {
            let site = SiteView {
                title: &language.title,
                description: &language.description,
                base_url: routes.site_url(),
                default_language: config.default_language,
                languages: &languages,
                generator: concat!("gazette ", env!("CARGO_PKG_VERSION")),
                stylesheet: routes.href(&Routes::static_file("gazette.css")),
                favicon: routes.href(&Routes::static_file("favicon.svg")),
                search_script: routes.href(&Routes::static_file("search.js")),
                chooser_url: routes.href(&Routes::chooser()),
            };
            let this = languages.iter().find(|l| l.code == language.lang);
            let values = [
                tera::Value::from_serializable(&site),
                tera::Value::from_serializable(&this),
                tera::Value::from_serializable(&theme.strings.get(&language.lang)),
            ];
            (language.lang, values)
        })
        .collect()
}

impl Renderer<'_> {
    /// The frame of an HTML page.
    pub(crate) fn frame(&self, job: Job) -> Frame<'_> {
        let site = self.site;
        let lang = match job {
            Job::Home { lang, .. }
            | Job::ArchiveIndex { lang }
            | Job::ArchiveYear { lang, .. }
            | Job::TaxonomyList { lang, .. }
            | Job::Term { lang, .. }
            | Job::SearchPage { lang }
            | Job::Atom { lang }
            | Job::Calendar { lang } => lang,
            Job::Article(i) => site.articles[i].lang,
            Job::Page(i) => site.pages[i].lang,
            _ => site.config.default_language,
        };
        let others = || site.config.langs().filter(move |l| *l != lang);
        let newest = |indices: &[usize]| indices.first().map(|&i| latest_change(&site.articles[i]).timestamp());
        let (kind, template, alternates, lastmod): (&'static str, &'static str, Vec<(Lang, SitePath)>, _) = match job {
            Job::Home { page, .. } => {
                let alternates = if page == 1 {
                    others().map(|l| (l, Routes::home(l))).collect()
                } else {
                    Vec::new()
                };
                ("home", "index.html", alternates, newest(site.article_indices(lang)))
            }
            Job::ArchiveIndex { .. } => (
                "archive",
                "archive.html",
                others().map(|l| (l, Routes::archive(l))).collect(),
                newest(site.article_indices(lang)),
            ),
            Job::ArchiveYear { year, .. } => {
                let alternates = others()
                    .filter(|&l| site.years(l).iter().any(|(y, _)| *y == year))
                    .map(|l| (l, Routes::archive_year(l, year)))
                    .collect();
                let years = site.years(lang);
                let range = years
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, r)| r.clone())
                    .unwrap_or(0..0);
                (
                    "archive",
                    "archive.html",
                    alternates,
                    newest(&site.article_indices(lang)[range]),
                )
            }
            Job::SearchPage { .. } => (
                "search",
                "search.html",
                others().map(|l| (l, Routes::search(l))).collect(),
                None,
            ),
            Job::TaxonomyList { taxonomy, .. } => (
                "taxonomy",
                "taxonomy_list.html",
                others().map(|l| (l, Routes::taxonomy(l, taxonomy))).collect(),
                newest(site.article_indices(lang)),
            ),
            Job::Term {
                taxonomy, term, page, ..
            } => {
                let t = &site.terms(lang, taxonomy)[term];
                let alternates = if page == 1 {
                    others()
                        .filter(|&l| site.term(l, taxonomy, &t.slug).is_some())
                        .map(|l| (l, Routes::term(l, taxonomy, &t.slug)))
                        .collect()
                } else {
                    Vec::new()
                };
                ("term", "taxonomy_term.html", alternates, newest(&t.articles))
            }
            Job::Article(i) => {
                let article = &site.articles[i];
                let alternates = site
                    .translations_of(article)
                    .map(|t| (t.lang, t.path.clone()))
                    .collect();
                (
                    "article",
                    "article.html",
                    alternates,
                    Some(latest_change(article).timestamp()),
                )
            }
            Job::Page(i) => {
                let page = &site.pages[i];
                let alternates = site
                    .page_translations_of(page)
                    .map(|t| (t.lang, t.path.clone()))
                    .collect();
                (
                    "page",
                    "page.html",
                    alternates,
                    page.updated.as_ref().map(|u| u.timestamp()),
                )
            }
            Job::NotFound => ("not_found", "404.html", Vec::new(), None),
            _ => (
                "chooser",
                "chooser.html",
                site.config.langs().map(|l| (l, Routes::home(l))).collect(),
                None,
            ),
        };
        let path = path_of(site, job);
        let x_default = x_default(job, lang, &path, &alternates, site.config.default_language);
        Frame {
            lang,
            kind,
            template: self.tools.template(template),
            path,
            alternates,
            x_default,
            lastmod,
            footer: self.footer(lang),
        }
    }
}

fn x_default(
    job: Job,
    lang: Lang,
    path: &SitePath,
    alternates: &[(Lang, SitePath)],
    default: Lang,
) -> Option<SitePath> {
    if alternates.is_empty() {
        return None;
    }
    if matches!(job, Job::Home { page: 1, .. } | Job::LanguageChooser) {
        return Some(Routes::chooser());
    }
    if lang == default {
        return Some(path.clone());
    }
    alternates.iter().find(|(l, _)| *l == default).map(|(_, p)| p.clone())
}

/// The context every HTML page starts from.
pub(crate) fn base_context(tools: &Tools, frame: &Frame) -> Context {
    let routes = &tools.routes;
    let [site, language, i18n] = tools.language_values[&frame.lang].clone();
    let mut context = Context::new();
    context.insert_value("site", site);
    context.insert("lang", &frame.lang);
    context.insert_value("language", language);
    context.insert_value("i18n", i18n);
    context.insert_value("pages", frame.footer.value.clone());
    context.insert("page_kind", frame.kind);
    context.insert("current_path", &routes.href(&frame.path));
    context.insert("current_url", &routes.url(&frame.path));
    context.insert("x_default", &frame.x_default.as_ref().map(|p| routes.url(p)));
    // Whether the page exists in another language: its hreflang links are written then, with
    // or without an x-default (a page in two languages neither of which is the default).
    context.insert("translated", &!frame.alternates.is_empty());
    context.insert("translations", &translations(tools, frame));
    context
}

/// Other-language links for the switcher and hreflang: the same content where it exists,
/// that language's home where it does not.
fn translations(tools: &Tools, frame: &Frame) -> Vec<TranslationView> {
    tools
        .config
        .langs()
        .filter(|l| *l != frame.lang)
        .map(|l| {
            let found = frame.alternates.iter().find(|(code, _)| *code == l).map(|(_, p)| p);
            translation_view(tools, l, found)
        })
        .collect()
}

pub(crate) fn render_page(
    tools: &Tools,
    frame: &Frame,
    context: &Context,
) -> Result<Vec<u8>, crate::diagnostics::Diagnostic> {
    tools.templates.render(frame.template.name, context)
}
