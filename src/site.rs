//! The loaded site: every article and page, indexed by language and by translation. Pure
//! data, built once after loading; rendering only reads it.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::Content;
use crate::content::model::{Article, Page};
use crate::diagnostics::Diagnostic;

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
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    pub fn new(config: Config, content: Content) -> Site {
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
        Site {
            config,
            articles: content.articles,
            pages: content.pages,
            by_language,
            article_translations,
            page_translations,
            warnings: content.warnings,
        }
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
