//! The loaded site: every article and page, indexed by language and by translation. Pure
//! data, built once after loading; rendering only reads it.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

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

    /// The (name, slug) pairs an article belongs to in this taxonomy.
    fn terms_of(self, article: &Article) -> Vec<(String, String)> {
        match self {
            Taxonomy::Tags => article.tags.iter().map(|t| (t.clone(), slugify(t))).collect(),
            Taxonomy::Locations => article
                .location
                .iter()
                .map(|l| (l.name.clone(), l.slug.clone()))
                .collect(),
            Taxonomy::Sources => article
                .source
                .iter()
                .map(|s| (s.name.clone(), slugify(&s.name)))
                .collect(),
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
    /// Newest first.
    pub articles: Vec<Article>,
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
            by_language.entry(article.lang.clone()).or_default().push(i);
            article_translations.entry(article.name.clone()).or_default().push(i);
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

    /// The articles of one language, newest first.
    pub fn articles_in<'a>(&'a self, lang: &str) -> impl ExactSizeIterator<Item = &'a Article> + Clone + 'a {
        self.article_indices(lang).iter().map(|&i| &self.articles[i])
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
            .map(|&i| &self.articles[i])
            .filter(move |a| a.lang != article.lang)
    }

    pub fn page_translations_of<'a>(&'a self, page: &'a Page) -> impl Iterator<Item = &'a Page> + 'a {
        let indices: &[usize] = self.page_translations.get(&page.name).map_or(&[], Vec::as_slice);
        indices
            .iter()
            .map(|&i| &self.pages[i])
            .filter(move |p| p.lang != page.lang)
    }

    /// Site-absolute path of a language's home, `/de/`.
    pub fn home_path(&self, lang: &str) -> String {
        format!("/{lang}/")
    }
}

/// Terms per (language, taxonomy).
type TermIndex = HashMap<(String, Taxonomy), Vec<Term>>;

fn collect_terms(articles: &[Article]) -> Result<TermIndex, Vec<Diagnostic>> {
    // slug → (name, first file) per language and taxonomy, to report a clash with both files.
    let mut found: BTreeMap<(String, Taxonomy, String), (Term, PathBuf)> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for taxonomy in Taxonomy::ALL {
            for (name, slug) in taxonomy.terms_of(article) {
                let key = (article.lang.clone(), taxonomy, slug.clone());
                let (term, first_file) = found.entry(key).or_insert_with(|| {
                    (
                        Term {
                            name: name.clone(),
                            slug: slug.clone(),
                            articles: Vec::new(),
                        },
                        article.file.clone(),
                    )
                });
                if term.name != name {
                    errors.push(
                        Diagnostic::error(
                            &article.file,
                            format!(
                                "the {} `{name}` and `{}` (in {}) would both write the page /{}/{}/{slug}/",
                                singular(taxonomy),
                                term.name,
                                first_file.display(),
                                article.lang,
                                taxonomy.key()
                            ),
                        )
                        .field(taxonomy.key())
                        .hint("use exactly the same spelling for the same term, or different words"),
                    );
                } else if term.articles.last() != Some(&i) {
                    term.articles.push(i);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut terms = TermIndex::new();
    for ((lang, taxonomy, _), (term, _)) in found {
        if !term.slug.is_empty() {
            terms.entry((lang, taxonomy)).or_default().push(term);
        }
    }
    Ok(terms)
}

fn singular(taxonomy: Taxonomy) -> &'static str {
    match taxonomy {
        Taxonomy::Tags => "tag",
        Taxonomy::Locations => "location",
        Taxonomy::Sources => "source",
    }
}
