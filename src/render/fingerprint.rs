//! What each output depends on, as one number. Two builds that give a job the same
//! fingerprint write the same bytes for it, so a watch-mode rebuild renders only the jobs
//! whose fingerprint changed.
//!
//! A fingerprint hashes the page's place (its path, its translations' paths, its last
//! change), the templates it is made from, and what it shows of its articles — for each
//! kind of output only what that kind can show: a template page sees the article's whole
//! view, the search index only the words it indexes, the calendar only the event. So
//! correcting a typo in one article's body re-renders its page and the lists that show its
//! reading time, but not the sitemap, the calendar or the other language.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::theme::Theme;
use super::views::ArticleView;
use super::{Job, Renderer, feeds, latest_change};
use crate::content::model::Article;
use crate::site::Taxonomy;

/// Hashes of one article version, made once with its view.
#[derive(Debug, Clone, Copy)]
pub struct Keys {
    /// The whole view: everything a template can show of the article in a list.
    card: u64,
    /// What the search index shows.
    search: u64,
    /// What the calendar shows.
    event: u64,
}

impl Keys {
    pub fn of(article: &Article, view: &ArticleView) -> Keys {
        Keys {
            card: hash(serde_json::to_vec(view).unwrap_or_default()),
            search: hash((
                &article.title,
                &article.path,
                article.date.date(),
                &article.summary,
                &article.tags,
                article.location.as_ref().map(|l| &l.name),
                article.source.as_ref().map(|s| &s.name),
            )),
            event: hash((
                &article.name,
                &article.path,
                &article.summary,
                latest_change(article).timestamp(),
                article.event.as_ref().map(|e| (&e.name, e.start, e.end)),
                article
                    .location
                    .as_ref()
                    .map(|l| (&l.name, &l.country, l.coordinates.map(|c| c.map(f64::to_bits)))),
            )),
        }
    }
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

/// What a whole build shares.
struct Inputs {
    /// Per language: every article's card, its search key and its event key, in order.
    cards: Vec<u64>,
    search: Vec<u64>,
    events: Vec<u64>,
    /// Per language and taxonomy: the terms' names, slugs and counts.
    terms: HashMap<(usize, Taxonomy), u64>,
    templates: HashMap<&'static str, u64>,
    shared_templates: u64,
    /// site.toml's text: a config change changes every fingerprint.
    config: u64,
    /// Every page's place: the sitemap is a list of them.
    sitemap: u64,
}

fn hash(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl Renderer<'_> {
    /// The fingerprint of each of `jobs`, in the same order.
    pub fn fingerprints(&self, jobs: &[Job], theme: &Theme, config_text: &str) -> Vec<u64> {
        let places: Vec<u64> = jobs.par_iter().map(|&job| self.place(job)).collect();
        let inputs = self.inputs(theme, config_text, hash(&places));
        jobs.par_iter()
            .zip(&places)
            .map(|(&job, &place)| self.fingerprint(job, place, &inputs))
            .collect()
    }

    fn inputs(&self, theme: &Theme, config_text: &str, sitemap: u64) -> Inputs {
        let site = self.site;
        let per_language = |key: fn(&Keys) -> u64| -> Vec<u64> {
            (0..site.config.languages.len())
                .map(|lang| {
                    let mut h = DefaultHasher::new();
                    for &i in site.article_indices(self.lang_code(lang)) {
                        key(&self.article_keys[i]).hash(&mut h);
                    }
                    h.finish()
                })
                .collect()
        };
        let mut terms = HashMap::new();
        for lang in 0..site.config.languages.len() {
            for taxonomy in Taxonomy::ALL {
                let mut h = DefaultHasher::new();
                for t in site.terms(self.lang_code(lang), taxonomy) {
                    (&t.name, &t.slug, t.articles.len()).hash(&mut h);
                }
                terms.insert((lang, taxonomy), h.finish());
            }
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
        // Every page's footer links the standalone pages of its language.
        for page in &site.pages {
            (&page.lang, &page.title, &page.path).hash(&mut shared);
        }
        Inputs {
            cards: per_language(|k| k.card),
            search: per_language(|k| k.search),
            events: per_language(|k| k.event),
            terms,
            templates,
            shared_templates: shared.finish(),
            config: hash(config_text),
            sitemap,
        }
    }

    /// Where an HTML page lives and what it links to; 0 for outputs that are not pages.
    fn place(&self, job: Job) -> u64 {
        let site = self.site;
        if let Job::Article(i) = job {
            // Articles are two thirds of all jobs: hash their place without building a
            // `PageMeta`, from the same inputs.
            let a = &site.articles[i];
            let mut h = DefaultHasher::new();
            (&a.path, latest_change(a).timestamp()).hash(&mut h);
            for t in site.translations_of(a) {
                (&t.lang, &t.path).hash(&mut h);
            }
            return h.finish();
        }
        self.meta(job).map_or(0, |meta| {
            hash((&meta.path, &meta.alternates, meta.lastmod.map(|m| m.timestamp())))
        })
    }

    fn fingerprint(&self, job: Job, place: u64, inputs: &Inputs) -> u64 {
        let site = self.site;
        let mut h = DefaultHasher::new();
        (inputs.config, place).hash(&mut h);
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
            Job::Robots | Job::Sitemap | Job::SearchIndex { .. } | Job::Atom { .. } | Job::Calendar { .. } => "",
        };
        if !template.is_empty() {
            (inputs.templates.get(template), inputs.shared_templates).hash(&mut h);
        }
        match job {
            Job::LanguageChooser | Job::NotFound | Job::Robots | Job::SearchPage { .. } => {}
            Job::Sitemap => inputs.sitemap.hash(&mut h),
            Job::Home { lang, page } => self.hash_page(site.article_indices(self.lang_code(lang)), page, &mut h),
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
            Job::Archive { lang } => inputs.cards[lang].hash(&mut h),
            Job::TaxonomyList { lang, taxonomy } => inputs.terms[&(lang, taxonomy)].hash(&mut h),
            Job::SearchIndex { lang } => inputs.search[lang].hash(&mut h),
            Job::Calendar { lang } => inputs.events[lang].hash(&mut h),
            Job::Atom { lang } => {
                // The feed carries each entry's whole text.
                let indices = site.article_indices(self.lang_code(lang));
                for &i in indices.iter().take(feeds::entries(&site.config, indices.len())) {
                    (site.articles[i].text_hash, self.article_keys[i].card).hash(&mut h);
                }
            }
            Job::Article(i) => (site.articles[i].text_hash, self.article_keys[i].card).hash(&mut h),
            Job::Page(i) => site.pages[i].version.hash(&mut h),
        }
        h.finish()
    }

    /// The articles on page `page` of a list, and how many there are in all.
    fn hash_page(&self, indices: &[usize], page: usize, h: &mut DefaultHasher) {
        indices.len().hash(h);
        let per_page = self.site.config.paginate_by;
        for &i in indices.iter().skip((page - 1) * per_page).take(per_page) {
            self.article_keys[i].card.hash(h);
        }
    }
}
