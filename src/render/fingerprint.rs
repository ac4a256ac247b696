//! What each output depends on, as one number. Two builds that give a job the same
//! fingerprint write the same bytes for it, so a watch-mode rebuild renders only the jobs
//! whose fingerprint changed. A fingerprint hashes the page's place (path, translations,
//! last change), the versions of the articles it shows, and the templates it is made from.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::theme::Theme;
use super::{Job, Renderer};

/// Hashes of what a whole build shares: per language, every article's version in order;
/// per job kind, the templates that kind renders with.
pub struct Inputs {
    languages: Vec<u64>,
    all: u64,
    templates: HashMap<&'static str, u64>,
    shared_templates: u64,
    /// site.toml's text: a config change changes every fingerprint.
    config: u64,
}

/// The template that renders each kind of HTML page. Every other template (base.html,
/// partials) and the UI strings are shared by all kinds.
const TOP_LEVEL: [&str; 9] = [
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

impl Inputs {
    pub fn new(renderer: &Renderer, theme: &Theme, config_text: &str) -> Inputs {
        let site = renderer.site;
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| {
                let mut h = DefaultHasher::new();
                for &i in site.article_indices(&l.code) {
                    let a = &site.articles[i];
                    (&a.name, a.version).hash(&mut h);
                }
                h.finish()
            })
            .collect::<Vec<_>>();
        let mut all = DefaultHasher::new();
        languages.hash(&mut all);
        for page in &site.pages {
            (&page.name, &page.lang, page.version).hash(&mut all);
        }
        let mut shared = DefaultHasher::new();
        let mut templates = HashMap::new();
        for t in &theme.templates {
            match TOP_LEVEL.iter().find(|name| **name == t.name) {
                Some(name) => {
                    templates.insert(*name, hash(&t.text));
                }
                None => (&t.name, &t.text).hash(&mut shared),
            }
        }
        theme.strings.hash(&mut shared);
        Inputs {
            languages,
            all: all.finish(),
            templates,
            shared_templates: shared.finish(),
            config: hash(config_text),
        }
    }
}

fn hash(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Renderer<'_> {
    /// The fingerprint of one job; see the module comment.
    pub fn fingerprint(&self, job: Job, inputs: &Inputs) -> u64 {
        let site = self.site;
        let mut h = DefaultHasher::new();
        inputs.config.hash(&mut h);
        if let Some(meta) = self.meta(job) {
            (
                &meta.path,
                &meta.alternates,
                meta.lastmod.as_ref().map(|m| m.timestamp()),
            )
                .hash(&mut h);
            inputs.shared_templates.hash(&mut h);
        }
        let template = match job {
            Job::LanguageChooser => "chooser.html",
            Job::NotFound => "404.html",
            Job::Home { .. } => "index.html",
            Job::Archive { .. } => "archive.html",
            Job::TaxonomyList { .. } => "taxonomy_list.html",
            Job::Term { .. } => "taxonomy_term.html",
            Job::Article(_) => "article.html",
            Job::Page(_) => "page.html",
            Job::SearchPage { .. } => "search.html",
            _ => "",
        };
        inputs.templates.get(template).hash(&mut h);
        match job {
            Job::LanguageChooser | Job::NotFound | Job::Robots => inputs.shared_templates.hash(&mut h),
            Job::Sitemap => inputs.all.hash(&mut h),
            Job::Home { lang, page } => {
                let indices = site.article_indices(self.lang_code(lang));
                self.hash_page(indices, page, &mut h);
            }
            Job::Term {
                lang,
                taxonomy,
                term,
                page,
            } => {
                let t = &site.terms(self.lang_code(lang), taxonomy)[term];
                t.name.hash(&mut h);
                self.hash_page(&t.articles, page, &mut h);
            }
            Job::Archive { lang }
            | Job::TaxonomyList { lang, .. }
            | Job::SearchPage { lang }
            | Job::SearchIndex { lang }
            | Job::Atom { lang }
            | Job::Calendar { lang } => (lang, inputs.languages[lang]).hash(&mut h),
            Job::Article(i) => {
                let a = &site.articles[i];
                (&a.name, &a.lang, a.version).hash(&mut h);
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                (&p.name, &p.lang, p.version).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The articles on page `page` of a list, and how many there are in all.
    fn hash_page(&self, indices: &[usize], page: usize, h: &mut DefaultHasher) {
        indices.len().hash(h);
        let per_page = self.site.config.paginate_by;
        for &i in indices.iter().skip((page - 1) * per_page).take(per_page) {
            let a = &self.site.articles[i];
            (&a.name, a.version).hash(h);
        }
    }
}
