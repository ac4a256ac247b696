//! The render stage: a pure function from the loaded `Site` and the theme to the bytes of
//! every output file. Every output file is a `Job`; jobs render in parallel and share the article views
//! built once up front. Nothing here touches the output folder.
//!
//! One function, `Renderer::meta`, says for every HTML page where it lives, which pages in
//! the other languages are its translations and when it last changed: the language switcher,
//! the hreflang links and the sitemap all read that one answer.

mod feeds;
pub mod fingerprint;
mod lists;
mod pages;
mod search;
mod sitemap;
mod structured;
pub mod templates;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use jiff::ZonedDateTime;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::output::{Contents, OutputFile};
use crate::site::{Site, Taxonomy};
use templates::Templates;
use theme::{StaticFile, Theme};
use views::TranslationView;

/// Everything shared by all jobs of one build.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub templates: Arc<Templates>,
    pub locales: Arc<HashMap<String, Locale>>,
    /// Each article as templates see it (an `ArticleView` made into a template value once),
    /// same order as `site.articles`. Tera's values share their data, so putting an article
    /// into a page's context is a reference count, not a copy: lists and taxonomy pages show
    /// each article many times.
    article_values: Vec<tera::Value>,
    /// Hashes of what each kind of output shows of each article.
    article_keys: Vec<fingerprint::Keys>,
    fragments: Vec<Arc<Fragments>>,
    /// Per language: the `site`, `language`, `i18n` and `pages` values every page of it gets.
    language_values: HashMap<String, [tera::Value; 4]>,
}

#[derive(Debug, Clone, Serialize)]
struct LanguageView {
    code: String,
    title: String,
    description: String,
    language_name: String,
    url: String,
    feed_url: String,
    calendar_url: String,
}

/// A standalone page, as the footer links it.
#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    url: String,
}

/// The parts of every page's context that depend only on its language.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    default_language: &'a str,
    languages: &'a [LanguageView],
    generator: &'static str,
}

/// One set of date and number formatters per language, shared by all render threads.
type Locales = Arc<HashMap<String, Locale>>;

/// What the previous build made that the next can reuse: article values and keys by
/// article version, and the formatters and compiled templates (until the theme changes).
#[derive(Default)]
pub struct ViewCache {
    values: HashMap<u64, Made>,
    tools: Option<(Locales, Arc<Templates>)>,
}

impl ViewCache {
    /// After a theme change: templates and UI strings must be loaded again.
    pub fn forget_templates(&mut self) {
        self.tools = None;
    }
}

/// What the renderer makes of one article version, kept between watch-mode rebuilds.
#[derive(Clone)]
struct Made {
    value: tera::Value,
    keys: fingerprint::Keys,
    fragments: Arc<Fragments>,
}

/// Text that the calendar and the search index repeat for an article, made the first time
/// it is needed and reused until the article changes: a rebuild after one edit then copies
/// 10,000 entries instead of formatting them again.
#[derive(Default)]
pub(crate) struct Fragments {
    pub vevent: OnceLock<String>,
    pub search_entry: OnceLock<String>,
}

/// One output file. `lang` is an index into the configured languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    LanguageChooser,
    NotFound,
    Robots,
    Sitemap,
    Home {
        lang: usize,
        page: usize,
    },
    Archive {
        lang: usize,
    },
    TaxonomyList {
        lang: usize,
        taxonomy: Taxonomy,
    },
    Term {
        lang: usize,
        taxonomy: Taxonomy,
        term: usize,
        page: usize,
    },
    Article(usize),
    Page(usize),
    SearchPage {
        lang: usize,
    },
    SearchIndex {
        lang: usize,
    },
    Atom {
        lang: usize,
    },
    Calendar {
        lang: usize,
    },
}

/// Where an HTML page lives and how it relates to the other languages.
#[derive(Debug, Clone)]
pub struct PageMeta {
    pub lang: String,
    /// Site-absolute path without base path: `/de/2024/x/`.
    pub path: String,
    /// The same page in other languages: (language, path).
    pub alternates: Vec<(String, String)>,
    pub lastmod: Option<ZonedDateTime>,
}

impl Renderer<'_> {
    /// The template value of a list of articles, by position in `site.articles`.
    pub(crate) fn article_list<'i>(&self, indices: impl IntoIterator<Item = &'i usize>) -> tera::Value {
        tera::Value::from(
            indices
                .into_iter()
                .map(|&i| self.article_values[i].clone())
                .collect::<Vec<_>>(),
        )
    }
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        Renderer::with_cache(site, theme, &mut ViewCache::default())
    }

    /// Like `new`, reusing the views of articles whose version has not changed since the
    /// cache was filled: a watch-mode rebuild formats only the edited article's dates.
    pub fn with_cache(
        site: &'a Site,
        theme: &'a Theme,
        cache: &mut ViewCache,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let (locales, templates) = match &cache.tools {
            Some(tools) => tools.clone(),
            None => {
                let locales: HashMap<String, Locale> = site
                    .config
                    .languages
                    .par_iter()
                    .map(|l| (l.code.clone(), Locale::new(&l.code)))
                    .collect();
                let locales = Arc::new(locales);
                let templates = Arc::new(Templates::new(theme, locales.clone())?);
                cache.tools = Some((locales.clone(), templates.clone()));
                (locales, templates)
            }
        };
        let made: Vec<Made> = site
            .articles
            .par_iter()
            .map(|a| match cache.values.get(&a.version) {
                Some(made) => made.clone(),
                None => {
                    let view = views::article_view(a, &site.config, &locales[&a.lang]);
                    let keys = fingerprint::Keys::of(a, &view);
                    Made {
                        value: tera::Value::from_serializable(&view),
                        keys,
                        fragments: Arc::default(),
                    }
                }
            })
            .collect();
        cache.values = site
            .articles
            .iter()
            .zip(&made)
            .map(|(a, made)| (a.version, made.clone()))
            .collect();
        let article_values = made.iter().map(|m| m.value.clone()).collect();
        let article_keys = made.iter().map(|m| m.keys).collect();
        let fragments = made.into_iter().map(|m| m.fragments).collect();
        let base = site.config.base_path();
        let languages: Vec<LanguageView> = site
            .config
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.code.clone(),
                title: l.title.clone(),
                description: l.description.clone(),
                language_name: language_name(theme, &l.code),
                url: format!("{base}/{}/", l.code),
                feed_url: format!("{base}/{}/atom.xml", l.code),
                calendar_url: format!("{base}/{}/events.ics", l.code),
            })
            .collect();
        let config = &site.config;
        let language_values = config
            .languages
            .iter()
            .map(|language| {
                let site_view = SiteView {
                    title: &language.title,
                    description: &language.description,
                    base_url: &config.base_url,
                    base_path: config.base_path(),
                    default_language: &config.default_language,
                    languages: &languages,
                    generator: concat!("gazette ", env!("CARGO_PKG_VERSION")),
                };
                let this = languages.iter().find(|l| l.code == language.code);
                let pages: Vec<PageLink> = site
                    .pages
                    .iter()
                    .filter(|p| p.lang == language.code)
                    .map(|p| PageLink {
                        title: &p.title,
                        url: format!("{}{}", config.base_path(), p.path),
                    })
                    .collect();
                let values = [
                    tera::Value::from_serializable(&site_view),
                    tera::Value::from_serializable(&this),
                    tera::Value::from_serializable(&theme.strings[&language.code]),
                    tera::Value::from_serializable(&pages),
                ];
                (language.code.clone(), values)
            })
            .collect();
        Ok(Renderer {
            site,
            theme,
            templates,
            locales,
            article_values,
            article_keys,
            fragments,
            language_values,
        })
    }

    fn lang_code(&self, lang: usize) -> &str {
        &self.site.config.languages[lang].code
    }

    fn pages_for(&self, items: usize) -> usize {
        items.div_ceil(self.site.config.paginate_by).max(1)
    }

    /// Every file of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::LanguageChooser, Job::NotFound, Job::Robots, Job::Sitemap];
        for (lang, language) in self.site.config.languages.iter().enumerate() {
            let code = language.code.as_str();
            let pages = self.pages_for(self.site.article_indices(code).len());
            jobs.extend((1..=pages).map(|page| Job::Home { lang, page }));
            jobs.extend([
                Job::Archive { lang },
                Job::SearchPage { lang },
                Job::SearchIndex { lang },
                Job::Atom { lang },
                Job::Calendar { lang },
            ]);
            for taxonomy in Taxonomy::ALL {
                jobs.push(Job::TaxonomyList { lang, taxonomy });
                for (term, t) in self.site.terms(code, taxonomy).iter().enumerate() {
                    let pages = self.pages_for(t.articles.len());
                    jobs.extend((1..=pages).map(|page| Job::Term {
                        lang,
                        taxonomy,
                        term,
                        page,
                    }));
                }
            }
        }
        jobs.extend((0..self.site.articles.len()).map(Job::Article));
        jobs.extend((0..self.site.pages.len()).map(Job::Page));
        jobs
    }

    /// Renders `jobs` in parallel and hands each page to `sink` as soon as it is rendered,
    /// so a build holds one page per thread in memory, not the site. The same template
    /// error would repeat for every page; it is reported once.
    pub fn render_each(
        &self,
        jobs: &[Job],
        sink: impl Fn(String, Vec<u8>) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&job| self.render_job(job).and_then(|(path, bytes)| sink(path, bytes)).err())
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        let unique: BTreeMap<String, Diagnostic> = errors.into_iter().map(|e| (e.to_string(), e)).collect();
        Err(unique.into_values().collect())
    }

    /// Every output file's path, relative to the output folder: pages and copied files.
    pub fn output_paths(&self, jobs: &[Job]) -> Vec<String> {
        let mut paths: Vec<String> = jobs.par_iter().map(|&job| file_for(&self.path_of(job))).collect();
        paths.extend(self.files().into_iter().map(|f| f.path));
        paths
    }

    /// The files copied as they are: the theme's and site's static files, bundle assets.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        for (path, file) in &self.theme.static_files {
            let contents = match file {
                StaticFile::Embedded(bytes) => Contents::Embedded(bytes),
                StaticFile::OnDisk(source) => Contents::Copy(source.clone()),
            };
            files.push(OutputFile {
                path: path.clone(),
                contents,
            });
        }
        let articles = self.site.articles.iter().map(|a| (&a.path, &a.assets));
        let pages = self.site.pages.iter().map(|p| (&p.path, &p.assets));
        for (path, assets) in articles.chain(pages) {
            for asset in assets {
                let relative = asset
                    .relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let path = format!("{}{relative}", path.trim_start_matches('/'));
                files.push(OutputFile {
                    path,
                    contents: Contents::Copy(asset.source.clone()),
                });
            }
        }
        files
    }

    /// The site-absolute path a job writes (`/de/2024/x/`, `/de/atom.xml`).
    pub fn path_of(&self, job: Job) -> String {
        match job {
            Job::LanguageChooser => "/".to_string(),
            Job::NotFound => "/404.html".to_string(),
            Job::Robots => "/robots.txt".to_string(),
            Job::Sitemap => "/sitemap.xml".to_string(),
            Job::SearchIndex { lang } => format!("/{}/search.json", self.lang_code(lang)),
            Job::Atom { lang } => format!("/{}/atom.xml", self.lang_code(lang)),
            Job::Calendar { lang } => format!("/{}/events.ics", self.lang_code(lang)),
            Job::Article(i) => self.site.articles[i].path.clone(),
            Job::Page(i) => self.site.pages[i].path.clone(),
            html => self.meta(html).expect("every other job is an HTML page").path,
        }
    }

    /// Renders one job into its output file (relative path) and bytes.
    pub fn render_job(&self, job: Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let text = match job {
            Job::LanguageChooser => self.language_chooser()?,
            Job::NotFound => self.not_found()?,
            Job::Robots => sitemap::robots(&self.site.config),
            Job::Sitemap => self.sitemap(),
            Job::SearchIndex { lang } => self.search_index(lang),
            Job::Atom { lang } => self.atom(lang),
            Job::Calendar { lang } => self.calendar(lang),
            html => {
                let meta = self.meta(html).expect("every other job is an HTML page");
                let text = match html {
                    Job::Home { lang, page } => self.home(lang, page, &meta)?,
                    Job::Archive { lang } => self.archive(lang, &meta)?,
                    Job::TaxonomyList { lang, taxonomy } => self.taxonomy_list(lang, taxonomy, &meta)?,
                    Job::Term {
                        lang,
                        taxonomy,
                        term,
                        page,
                    } => self.term(lang, taxonomy, term, page, &meta)?,
                    Job::Article(i) => self.article(i, &meta)?,
                    Job::Page(i) => self.page(i, &meta)?,
                    Job::SearchPage { lang } => self.search_page(lang, &meta)?,
                    _ => unreachable!("handled above"),
                };
                return Ok((file_for(&meta.path), text.into_bytes()));
            }
        };
        Ok((file_for(&self.path_of(job)), text.into_bytes()))
    }

    /// Path, translations and last change of an HTML page listed in the sitemap; `None` for
    /// feeds, data files and pages that are not content (404, language chooser).
    pub fn meta(&self, job: Job) -> Option<PageMeta> {
        let site = self.site;
        let codes = || site.config.languages.iter().map(|l| l.code.clone());
        let everywhere = |lang: usize, path: &dyn Fn(&str) -> String| {
            let code = self.lang_code(lang);
            let alternates = codes().filter(|c| c != code).map(|c| (c.clone(), path(&c))).collect();
            (code.to_string(), path(code), alternates)
        };
        let newest = |indices: &[usize]| indices.first().map(|&i| latest_change(&site.articles[i]));
        let (lang, path, alternates, lastmod) = match job {
            Job::Home { lang, page } => {
                let code = self.lang_code(lang);
                let path = pages::page_path(&format!("/{code}/"), page);
                let (lang, _, alternates) = everywhere(lang, &|c| format!("/{c}/"));
                let alternates = if page == 1 { alternates } else { Vec::new() };
                (lang, path, alternates, newest(site.article_indices(code)))
            }
            Job::Archive { lang } => {
                let (code, path, alternates) = everywhere(lang, &|c| format!("/{c}/archive/"));
                let lastmod = newest(site.article_indices(&code));
                (code, path, alternates, lastmod)
            }
            Job::SearchPage { lang } => {
                let (code, path, alternates) = everywhere(lang, &|c| format!("/{c}/search/"));
                (code, path, alternates, None)
            }
            Job::TaxonomyList { lang, taxonomy } => {
                let (code, path, alternates) = everywhere(lang, &|c| format!("/{c}/{}/", taxonomy.key()));
                let lastmod = newest(site.article_indices(&code));
                (code, path, alternates, lastmod)
            }
            Job::Term {
                lang,
                taxonomy,
                term,
                page,
            } => {
                let code = self.lang_code(lang).to_string();
                let t = &site.terms(&code, taxonomy)[term];
                let base = views::term_path(&code, taxonomy.key(), &t.slug);
                let alternates = if page == 1 {
                    codes()
                        .filter(|c| *c != code && site.term(c, taxonomy, &t.slug).is_some())
                        .map(|c| {
                            let path = views::term_path(&c, taxonomy.key(), &t.slug);
                            (c, path)
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                (code, pages::page_path(&base, page), alternates, newest(&t.articles))
            }
            Job::Article(i) => {
                let article = &site.articles[i];
                let alternates = site
                    .translations_of(article)
                    .map(|t| (t.lang.clone(), t.path.clone()))
                    .collect();
                (
                    article.lang.clone(),
                    article.path.clone(),
                    alternates,
                    Some(latest_change(article)),
                )
            }
            Job::Page(i) => {
                let page = &site.pages[i];
                let alternates = site
                    .page_translations_of(page)
                    .map(|t| (t.lang.clone(), t.path.clone()))
                    .collect();
                (page.lang.clone(), page.path.clone(), alternates, page.updated.clone())
            }
            _ => return None,
        };
        Some(PageMeta {
            lang,
            path,
            alternates,
            lastmod,
        })
    }

    /// The context every HTML page starts from.
    fn base_context(&self, meta: &PageMeta, kind: &str) -> Context {
        let config = &self.site.config;
        let lang = meta.lang.as_str();
        let [site, language, i18n, pages] = self.language_values[lang].clone();
        let mut context = Context::new();
        context.insert_value("site", site);
        context.insert("lang", lang);
        context.insert_value("language", language);
        context.insert_value("i18n", i18n);
        context.insert_value("pages", pages);
        context.insert("page_kind", kind);
        context.insert("current_path", &format!("{}{}", config.base_path(), meta.path));
        context.insert("current_url", &config.absolute_url(&meta.path));
        context.insert("translations", &self.translations(meta));
        context
    }

    /// Other-language links for the switcher and hreflang: the same content where it exists,
    /// that language's home where it does not.
    fn translations(&self, meta: &PageMeta) -> Vec<TranslationView> {
        let config = &self.site.config;
        config
            .languages
            .iter()
            .filter(|l| l.code != meta.lang)
            .map(|l| {
                let found = meta.alternates.iter().find(|(code, _)| *code == l.code);
                let path = found.map_or_else(|| format!("/{}/", l.code), |(_, path)| path.clone());
                TranslationView {
                    lang: l.code.clone(),
                    language_name: language_name(self.theme, &l.code),
                    url: format!("{}{path}", config.base_path()),
                    permalink: config.absolute_url(&path),
                    available: found.is_some(),
                }
            })
            .collect()
    }
}

/// When an article last changed: `updated` if given, else its publication.
pub fn latest_change(article: &crate::content::model::Article) -> ZonedDateTime {
    article
        .updated
        .clone()
        .filter(|u| *u > article.date)
        .unwrap_or_else(|| article.date.clone())
}

fn language_name(theme: &Theme, code: &str) -> String {
    theme
        .strings
        .get(code)
        .and_then(|s| s.get("language_name"))
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// `/de/2024/x/` → `de/2024/x/index.html`; `/404.html` → `404.html`.
pub fn file_for(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}
