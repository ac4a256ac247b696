//! The full-text search index of each language (`/{lang}/search/`): a manifest, term chunks
//! and one result fragment per article, made by `crate::search` from every article's title,
//! summary, event, location, source, tags and body. A build makes it first, from the site
//! alone ([`index_files`]); a watch session analyses each article once per version and keeps
//! the analysis with its other renderings, so a rebuild after one edit merges cached analyses
//! instead of reading every text again ([`Renderer::search_files`]).

use std::borrow::Cow;

use rayon::prelude::*;

use super::pages::ArticleKey;
use super::{Keyed, Made, Renderer, Tools};
use crate::config::Lang;
use crate::content::model::Article;
use crate::route::{OutputPath, Routes};
use crate::search::{self, Analysed, Contents, Document};
use crate::site::Site;

#[derive(Hash)]
pub(super) struct SearchInputs<'r> {
    lang: Lang,
    /// Newest first.
    entries: Vec<(ArticleKey<'r>, Keyed<'r, Made>)>,
}

/// Where a file of a language's search index goes.
pub(crate) fn search_output(lang: Lang, name: &str) -> Option<OutputPath> {
    OutputPath::new(Routes::search_file(lang, name).output().as_str())
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

    /// Every file of a language's search index, relative to its search folder, for a watch
    /// session: each article is analysed once per version and the analysis kept with what
    /// else was made of it, so the next rebuild analyses only what changed.
    pub(crate) fn search_files(&self, lang: Lang) -> Vec<search::File> {
        let inputs = self.search_inputs(lang);
        let analysed: Vec<&Analysed> = inputs
            .entries
            .par_iter()
            .map(|(article, made)| {
                made.value.search.get_or_init(|| {
                    let mut texts = Texts::default();
                    search::analyse(&document(
                        &self.tools,
                        article.0,
                        Some(made.value.summary()),
                        &mut texts,
                    ))
                })
            })
            .collect();
        search::build(inputs.lang.as_str(), &analysed)
    }

    /// The bytes of one of `search_files(lang)`: a fragment is made again from its article, so
    /// that a build holds one fragment per thread, not every article's body text twice.
    pub(crate) fn search_bytes<'f>(&self, lang: Lang, file: &'f search::File) -> Cow<'f, [u8]> {
        match &file.contents {
            Contents::Index(bytes) => Cow::Borrowed(bytes),
            Contents::Fragment(position) => {
                let i = self.site.article_indices(lang)[*position];
                let mut texts = Texts::default();
                Cow::Owned(search::fragment(&document(
                    &self.tools,
                    &self.site.articles[i],
                    Some(self.made[i].summary()),
                    &mut texts,
                )))
            }
        }
    }
}

/// A build's search index of one language, made from the site before the renderer and its
/// cards exist: the bodies' plain text is needed only here, and the build frees it before the
/// pages (see `Site::forget_plain_text`). Articles are analysed in batches on all cores and
/// added to the index as they come, so no article's analysis is kept; while one batch is added
/// the next is analysed. Each article's result fragment goes to `fragment` (its document id and
/// bytes) as soon as it is made; the files returned list the fragments but hold only the
/// manifest's and the chunks' bytes.
pub(crate) fn index_files(
    site: &Site,
    tools: &Tools,
    lang: Lang,
    fragment: impl Fn(usize, Vec<u8>) + Sync,
) -> Vec<search::File> {
    const BATCH: usize = 256;
    let indices = site.article_indices(lang);
    let oldest_first: Vec<usize> = (0..indices.len()).rev().collect();
    // A document id counts from the oldest article (see `search::index`).
    let analyse = |positions: &[usize]| -> Vec<Analysed> {
        positions
            .par_iter()
            .map(|&p| {
                let mut texts = Texts::default();
                let doc = document(tools, &site.articles[indices[p]], None, &mut texts);
                let (analysed, bytes) = search::analyse_with_fragment(&doc);
                fragment(indices.len() - 1 - p, bytes);
                analysed
            })
            .collect()
    };
    let mut inverted = search::index::Inverted::default();
    let mut batches = oldest_first.chunks(BATCH);
    let mut ready = batches.next().map(analyse).unwrap_or_default();
    loop {
        let next = batches.next();
        let ((), analysed) = rayon::join(|| ready.iter().for_each(|a| inverted.add(a)), || next.map(analyse));
        match analysed {
            Some(analysed) => ready = analysed,
            None => break,
        }
    }
    inverted.files(lang.as_str())
}

/// The texts a [`Document`] borrows that are made for it.
#[derive(Default)]
struct Texts {
    summary: String,
    body: String,
    url: String,
    date: String,
}

/// What the search reads of one article: its words as the page shows them (citations filled).
/// `summary` is the article's summary with its citations filled, where it was made already.
fn document<'a>(tools: &Tools, article: &'a Article, summary: Option<&'a str>, texts: &'a mut Texts) -> Document<'a> {
    texts.body = crate::markdown::fill(&article.body.plain_text, super::cite(tools, article)).into_owned();
    texts.url = tools.routes.href(&article.path);
    texts.date = tools.locale(article.lang).date(article.date.date());
    if summary.is_none() {
        texts.summary = crate::markdown::fill(&article.summary, super::cite(tools, article)).into_owned();
    }
    let texts: &'a Texts = texts;
    Document {
        url: &texts.url,
        title: &article.title,
        date: &texts.date,
        summary: summary.unwrap_or(&texts.summary),
        event: article.event.as_ref().map_or("", |e| e.name.as_str()),
        location: article.location.as_ref().map_or("", |l| l.name.as_str()),
        source: article.source.as_ref().map_or("", |s| s.name.as_str()),
        tags: &article.tags,
        body: &texts.body,
    }
}
