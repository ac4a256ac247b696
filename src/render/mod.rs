//! The render stage: a pure function from the loaded `Site` and the theme to a `Plan` of
//! files. Every output page is a `Job`; jobs render in parallel and share the article views
//! built once up front. Nothing here touches the output folder.

mod pages;
pub mod templates;
pub mod theme;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::output::{Contents, Plan};
use crate::site::Site;
use templates::Templates;
use theme::{StaticFile, Theme};
use views::{ArticleView, TranslationView};

/// Everything shared by all jobs of one build.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub templates: Templates,
    pub locales: Arc<HashMap<String, Locale>>,
    /// One view per article, same order as `site.articles`.
    pub article_views: Vec<ArticleView>,
    languages: Vec<LanguageView>,
}

#[derive(Debug, Clone, Serialize)]
struct LanguageView {
    code: String,
    title: String,
    description: String,
    language_name: String,
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

/// One output page.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    LanguageChooser,
    NotFound,
    Home { lang: usize, page: usize },
    Article(usize),
    Page(usize),
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let locales: HashMap<String, Locale> = site
            .config
            .languages
            .par_iter()
            .map(|l| (l.code.clone(), Locale::new(&l.code)))
            .collect();
        let locales = Arc::new(locales);
        let templates = Templates::new(theme, locales.clone())?;
        let article_views = site
            .articles
            .par_iter()
            .map(|a| views::article_view(a, &site.config, &locales[&a.lang]))
            .collect();
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| LanguageView {
                code: l.code.clone(),
                title: l.title.clone(),
                description: l.description.clone(),
                language_name: theme.strings[&l.code]
                    .get("language_name")
                    .cloned()
                    .unwrap_or_else(|| l.code.clone()),
                url: format!("{}{}", site.config.base_path(), site.home_path(&l.code)),
            })
            .collect();
        Ok(Renderer {
            site,
            theme,
            templates,
            locales,
            article_views,
            languages,
        })
    }

    /// Every page of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::LanguageChooser, Job::NotFound];
        for (i, language) in self.site.config.languages.iter().enumerate() {
            let pages = self
                .site
                .articles_in(&language.code)
                .len()
                .div_ceil(self.site.config.paginate_by)
                .max(1);
            jobs.extend((1..=pages).map(|page| Job::Home { lang: i, page }));
        }
        jobs.extend((0..self.site.articles.len()).map(Job::Article));
        jobs.extend((0..self.site.pages.len()).map(Job::Page));
        jobs
    }

    /// Renders all jobs in parallel, plus the static files and bundle assets.
    pub fn render_all(&self) -> Result<Plan, Vec<Diagnostic>> {
        let results: Vec<Result<(String, Vec<u8>), Diagnostic>> =
            self.jobs().into_par_iter().map(|job| self.render_job(job)).collect();
        let mut plan = Plan::default();
        let mut errors: BTreeMap<String, Diagnostic> = BTreeMap::new();
        for result in results {
            match result {
                Ok((path, bytes)) => plan.push(path, Contents::Bytes(bytes)),
                // The same template error would repeat for every page; report it once.
                Err(e) => {
                    errors.entry(e.to_string()).or_insert(e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors.into_values().collect());
        }
        self.push_files(&mut plan);
        Ok(plan)
    }

    fn push_files(&self, plan: &mut Plan) {
        for (path, file) in &self.theme.static_files {
            plan.push(
                path.clone(),
                match file {
                    StaticFile::Embedded(bytes) => Contents::Embedded(bytes),
                    StaticFile::OnDisk(source) => Contents::Copy(source.clone()),
                },
            );
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
                plan.push(
                    format!("{}{relative}", path.trim_start_matches('/')),
                    Contents::Copy(asset.source.clone()),
                );
            }
        }
    }

    pub fn render_job(&self, job: Job) -> Result<(String, Vec<u8>), Diagnostic> {
        let (path, html) = match job {
            Job::LanguageChooser => ("/".to_string(), self.language_chooser()?),
            Job::NotFound => ("/404.html".to_string(), self.not_found()?),
            Job::Home { lang, page } => self.home(&self.site.config.languages[lang].code, page)?,
            Job::Article(i) => (self.site.articles[i].path.clone(), self.article(i)?),
            Job::Page(i) => (self.site.pages[i].path.clone(), self.page(i)?),
        };
        Ok((file_for(&path), html.into_bytes()))
    }

    /// The context every page starts from.
    fn base_context(&self, lang: &str, kind: &str, path: &str) -> Context {
        let config = &self.site.config;
        let language = config.language(lang).unwrap_or(&config.languages[0]);
        let mut context = Context::new();
        context.insert(
            "site",
            &SiteView {
                title: &language.title,
                description: &language.description,
                base_url: &config.base_url,
                base_path: config.base_path(),
                default_language: &config.default_language,
                languages: &self.languages,
                generator: concat!("gazette ", env!("CARGO_PKG_VERSION")),
            },
        );
        context.insert("lang", lang);
        context.insert("i18n", &self.theme.strings[lang]);
        context.insert("page_kind", kind);
        context.insert("current_path", &format!("{}{path}", config.base_path()));
        context.insert("current_url", &config.absolute_url(path));
        context
    }

    /// Other-language links for the switcher and hreflang: the same content where it exists,
    /// that language's home where it does not.
    fn translations(&self, lang: &str, existing: &[(&str, &str, &str)]) -> Vec<TranslationView> {
        let config = &self.site.config;
        config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(|l| {
                let found = existing.iter().find(|(code, _, _)| *code == l.code);
                let path = found.map_or_else(|| self.site.home_path(&l.code), |(_, path, _)| path.to_string());
                TranslationView {
                    lang: l.code.clone(),
                    language_name: self.theme.strings[&l.code]
                        .get("language_name")
                        .cloned()
                        .unwrap_or_else(|| l.code.clone()),
                    url: format!("{}{path}", config.base_path()),
                    permalink: config.absolute_url(&path),
                    available: found.is_some(),
                    title: found.map(|(_, _, title)| title.to_string()),
                }
            })
            .collect()
    }
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
