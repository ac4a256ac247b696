//! The loaded site: every article and page, indexed by language and by translation. Pure
//! data, built once after loading; rendering only reads it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::content::Content;
use crate::content::model::{Article, Page};
use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// The three ways articles are grouped besides time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Taxonomy {
    Tags,
    Locations,
    Sources,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Tags, Taxonomy::Locations, Taxonomy::Sources];

    /// The URL segment and the key of its UI strings.
    pub fn key(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Locations => "locations",
            Taxonomy::Sources => "sources",
        }
    }

    /// The names an article is filed under in this taxonomy, with the slug where the
    /// article fixes it (a location's slug pairs 重庆 with Chongqing).
    fn terms_of(self, article: &Article) -> Vec<(&str, Option<&str>)> {
        match self {
            Taxonomy::Tags => article.tags.iter().map(|t| (t.as_str(), None)).collect(),
            Taxonomy::Locations => article
                .location
                .iter()
                .map(|l| (l.name.as_str(), Some(l.slug.as_str())))
                .collect(),
            Taxonomy::Sources => article.source.iter().map(|s| (s.name.as_str(), None)).collect(),
        }
    }
}

/// One tag, location or source in one language, with its articles newest first.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first. Shared, so watch mode keeps unchanged articles from build to build.
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    /// Indices into `articles`, newest first, per language code.
    by_language: HashMap<String, Vec<usize>>,
    article_translations: HashMap<String, Vec<usize>>,
    page_translations: HashMap<String, Vec<usize>>,
    /// Terms per (language, taxonomy), sorted by slug.
    terms: TermIndex,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Indexes the content; two terms of one language that would write the same page (same
    /// slug, different names) are an error naming both.
    pub fn new(config: Config, content: Content) -> Result<Site, Vec<Diagnostic>> {
        let mut by_language: HashMap<String, Vec<usize>> = HashMap::new();
        let mut article_translations: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, article) in content.articles.iter().enumerate() {
            // Look up before inserting: an entry() call would allocate a key per article.
            match by_language.get_mut(&article.lang) {
                Some(list) => list.push(i),
                None => {
                    by_language.insert(article.lang.clone(), vec![i]);
                }
            }
            match article_translations.get_mut(&article.name) {
                Some(list) => list.push(i),
                None => {
                    article_translations.insert(article.name.clone(), vec![i]);
                }
            }
        }
        let mut page_translations: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            page_translations.entry(page.name.clone()).or_default().push(i);
        }
        let terms = collect_terms(&content.articles)?;
        Ok(Site {
            config,
            articles: content.articles,
            pages: content.pages,
            by_language,
            article_translations,
            page_translations,
            terms,
            warnings: content.warnings,
        })
    }

    /// A taxonomy's terms in one language, sorted by slug.
    pub fn terms(&self, lang: &str, taxonomy: Taxonomy) -> &[Term] {
        self.terms.get(&(lang.to_string(), taxonomy)).map_or(&[], Vec::as_slice)
    }

    pub fn term(&self, lang: &str, taxonomy: Taxonomy, slug: &str) -> Option<&Term> {
        let terms = self.terms(lang, taxonomy);
        terms
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &terms[i])
    }

    /// Positions in `articles` of one language's articles, newest first.
    pub fn article_indices(&self, lang: &str) -> &[usize] {
        self.by_language.get(lang).map_or(&[], Vec::as_slice)
    }

    /// The other language versions of an article (not the article itself).
    pub fn translations_of<'a>(&'a self, article: &'a Article) -> impl Iterator<Item = &'a Article> + 'a {
        let indices: &[usize] = self.article_translations.get(&article.name).map_or(&[], Vec::as_slice);
        indices
            .iter()
            .map(|&i| &*self.articles[i])
            .filter(move |a| a.lang != article.lang)
    }

    pub fn page_translations_of<'a>(&'a self, page: &'a Page) -> impl Iterator<Item = &'a Page> + 'a {
        let indices: &[usize] = self.page_translations.get(&page.name).map_or(&[], Vec::as_slice);
        indices
            .iter()
            .map(|&i| &self.pages[i])
            .filter(move |p| p.lang != page.lang)
    }
}

/// Terms per (language, taxonomy).
type TermIndex = HashMap<(String, Taxonomy), Vec<Term>>;

fn collect_terms(articles: &[Arc<Article>]) -> Result<TermIndex, Vec<Diagnostic>> {
    // Each distinct (language, taxonomy, name) is looked up without allocating; its slug is
    // made and checked for a clash only the first time the name is seen.
    let mut terms: Vec<(String, Taxonomy, Term)> = Vec::new();
    let mut by_name: HashMap<(&str, Taxonomy, &str), usize> = HashMap::new();
    let mut by_slug: HashMap<(String, Taxonomy, String), (&str, &Path)> = HashMap::new();
    let mut errors = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for taxonomy in Taxonomy::ALL {
            for (name, fixed_slug) in taxonomy.terms_of(article) {
                let key = (article.lang.as_str(), taxonomy, fixed_slug.unwrap_or(name));
                let index = match by_name.get(&key) {
                    Some(&index) => index,
                    None => {
                        let slug = fixed_slug.map_or_else(|| slugify(name), str::to_string);
                        let slug_key = (article.lang.clone(), taxonomy, slug.clone());
                        if let Some((other, first_file)) = by_slug.get(&slug_key).filter(|(other, _)| *other != name) {
                            errors.push(clash(article, taxonomy, name, other, first_file, &slug));
                            continue;
                        }
                        by_slug.insert(slug_key, (name, &article.file));
                        let term = Term {
                            name: name.to_string(),
                            slug,
                            articles: Vec::new(),
                        };
                        terms.push((article.lang.clone(), taxonomy, term));
                        by_name.insert(key, terms.len() - 1);
                        terms.len() - 1
                    }
                };
                let term = &mut terms[index].2;
                if term.name != name {
                    // Same fixed slug, another name: a location spelt two ways in one language.
                    let first = by_slug
                        .get(&(article.lang.clone(), taxonomy, term.slug.clone()))
                        .map_or(article.file.as_path(), |f| f.1);
                    errors.push(clash(article, taxonomy, name, &term.name, first, &term.slug));
                } else if term.articles.last() != Some(&i) {
                    term.articles.push(i);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut index = TermIndex::new();
    for (lang, taxonomy, term) in terms {
        if !term.slug.is_empty() {
            index.entry((lang, taxonomy)).or_default().push(term);
        }
    }
    for list in index.values_mut() {
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    Ok(index)
}

fn clash(article: &Article, taxonomy: Taxonomy, name: &str, other: &str, first_file: &Path, slug: &str) -> Diagnostic {
    Diagnostic::error(
        &article.file,
        format!(
            "the {} `{name}` and `{other}` (in {}) would both write the page /{}/{}/{slug}/",
            singular(taxonomy),
            first_file.display(),
            article.lang,
            taxonomy.key()
        ),
    )
    .field(taxonomy.key())
    .hint("use exactly the same spelling for the same term, or different words")
}

fn singular(taxonomy: Taxonomy) -> &'static str {
    match taxonomy {
        Taxonomy::Tags => "tag",
        Taxonomy::Locations => "location",
        Taxonomy::Sources => "source",
    }
}
