//! The full-text search index of each language (`/{lang}/search/`): a manifest, term chunks
//! and one result fragment per article, made by `crate::search` from every article's title,
//! summary, event, location, source, tags and body. Each article is analysed once per
//! version (kept with its other renderings), so a rebuild after one edit merges cached
//! analyses instead of reading every text again.

use std::borrow::Cow;

use rayon::prelude::*;

use super::pages::ArticleKey;
use super::{Keyed, Made, Renderer, Tools};
use crate::config::Lang;
use crate::content::model::Article;
use crate::route::{OutputPath, Routes};
use crate::search::{self, Analysed, Contents, Document};

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

    /// Every file of a language's search index, relative to its search folder. Articles are
    /// analysed on all cores, once per version: a watch session keeps each analysis for the
    /// next rebuild; a build adds them to the index as they come and keeps none.
    pub(crate) fn search_files(&self, lang: Lang) -> Vec<search::File> {
        if !self.kept {
            return self.search_files_once(lang);
        }
        let inputs = self.search_inputs(lang);
        let analysed: Vec<&Analysed> = inputs
            .entries
            .par_iter()
            .map(|(article, made)| {
                made.value.search.get_or_init(|| {
                    search::analyse(&document(&self.tools, article.0, made.value, &mut Texts::default()))
                })
            })
            .collect();
        search::build(inputs.lang.as_str(), &analysed)
    }

    /// The index made in batches, oldest article first, each batch analysed on all cores.
    fn search_files_once(&self, lang: Lang) -> Vec<search::File> {
        const BATCH: usize = 256;
        let mut inverted = search::index::Inverted::default();
        // Newest first, so the batches are taken from the end, and each is added backwards.
        for batch in self.site.article_indices(lang).rchunks(BATCH) {
            let analysed: Vec<Analysed> = batch
                .par_iter()
                .map(|&i| {
                    let mut texts = Texts::default();
                    search::analyse(&document(
                        &self.tools,
                        &self.site.articles[i],
                        &self.made[i],
                        &mut texts,
                    ))
                })
                .collect();
            analysed.iter().rev().for_each(|a| inverted.add(a));
        }
        inverted.files(lang.as_str())
    }

    /// The bytes of one of `search_files(lang)`: a fragment is made again from its article, so
    /// that a build holds one fragment per thread, not every article's body text twice.
    pub(crate) fn search_bytes<'f>(&self, lang: Lang, file: &'f search::File) -> Cow<'f, [u8]> {
        match &file.contents {
            Contents::Index(bytes) => Cow::Borrowed(bytes),
            Contents::Fragment(position) => {
                let i = self.site.article_indices(lang)[*position];
                let made = &self.made[i];
                Cow::Owned(search::fragment(&document(
                    &self.tools,
                    &self.site.articles[i],
                    made,
                    &mut Texts::default(),
                )))
            }
        }
    }
}

/// The texts a [`Document`] borrows that are made for it.
#[derive(Default)]
struct Texts {
    body: String,
    url: String,
    date: String,
}

/// What the search reads of one article: its words as the page shows them (citations filled).
fn document<'a>(tools: &Tools, article: &'a Article, made: &'a Made, texts: &'a mut Texts) -> Document<'a> {
    texts.body = crate::markdown::fill(&article.body.plain_text, super::cite(tools, article)).into_owned();
    texts.url = tools.routes.href(&article.path);
    texts.date = tools.locale(article.lang).date(article.date.date());
    Document {
        url: &texts.url,
        title: &article.title,
        date: &texts.date,
        summary: &made.summary,
        event: article.event.as_ref().map_or("", |e| e.name.as_str()),
        location: article.location.as_ref().map_or("", |l| l.name.as_str()),
        source: article.source.as_ref().map_or("", |s| s.name.as_str()),
        tags: &article.tags,
        body: &texts.body,
    }
}
