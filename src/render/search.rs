//! The full-text search index of each language (`/{lang}/search/`): a manifest, term chunks
//! and one result fragment per article, made by `crate::search` from every article's title,
//! summary, event, location, source, tags and body. Each article is analysed once per
//! version (kept with its other renderings), so a rebuild after one edit merges cached
//! analyses instead of reading every text again.

use super::pages::ArticleKey;
use super::{Keyed, Made, Renderer, Tools};
use crate::config::Lang;
use crate::content::model::Article;
use crate::route::{OutputPath, Routes};
use crate::search::{self, Analysed, Document};

#[derive(Hash)]
pub(super) struct SearchInputs<'r> {
    lang: Lang,
    /// Newest first.
    entries: Vec<(ArticleKey<'r>, Keyed<'r, Made>)>,
}

/// Where a file of a language's search index goes.
pub(crate) fn search_output(lang: Lang, file: &search::File) -> Option<OutputPath> {
    OutputPath::new(Routes::search_file(lang, &file.path).output().as_str())
}

impl Renderer<'_> {
    pub(super) fn search_inputs(&self, lang: Lang) -> SearchInputs<'_> {
        SearchInputs {
            lang,
            entries: self
                .site
                .article_indices(lang)
                .iter()
                .map(|&i| (ArticleKey(&self.site.articles[i]), self.made(i)))
                .collect(),
        }
    }

    /// Every file of a language's search index, relative to its search folder.
    pub(crate) fn search_files(&self, lang: Lang) -> Vec<search::File<'_>> {
        index(&self.tools, self.search_inputs(lang))
    }
}

pub(super) fn index<'r>(tools: &Tools, inputs: SearchInputs<'r>) -> Vec<search::File<'r>> {
    let analysed: Vec<&'r Analysed> = inputs
        .entries
        .iter()
        .map(|(article, made)| made.value.search.get_or_init(|| analyse(tools, article.0, made.value)))
        .collect();
    search::build(inputs.lang.as_str(), &analysed)
}

/// What the search reads of one article: its words as the page shows them (citations filled).
fn analyse(tools: &Tools, article: &Article, made: &Made) -> Analysed {
    let quantities = tools.quantity(article.lang);
    let cite = |key: &str| {
        article
            .figures
            .iter()
            .find(|f| f.key.as_deref() == Some(key))
            .map(|f| quantities.format(&f.quantity))
    };
    let body = crate::markdown::fill(&article.body.plain_text, cite);
    let url = tools.routes.href(&article.path);
    let date = tools.locale(article.lang).date(article.date.date());
    search::analyse(&Document {
        url: &url,
        title: &article.title,
        date: &date,
        summary: &made.summary,
        event: article.event.as_ref().map_or("", |e| e.name.as_str()),
        location: article.location.as_ref().map_or("", |l| l.name.as_str()),
        source: article.source.as_ref().map_or("", |s| s.name.as_str()),
        tags: &article.tags,
        body: &body,
    })
}
