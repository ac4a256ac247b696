//! HTML pages of one thing each: the language chooser at `/`, articles, standalone pages,
//! the search page and the 404 page.

use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::frame::{Frame, base_context, render_page};
use super::{Keyed, Renderer, Tools, structured, views};
use crate::config::Lang;
use crate::content::model::{Article, Page};
use crate::diagnostics::Diagnostic;
use crate::plan::Job;
use crate::route::{Routes, SitePath};
use crate::site::Site;

/// A standalone page, as the footer links it.
#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    url: String,
}

/// The footer's links to a language's standalone pages, and their hash.
pub(super) fn footer(site: &Site, routes: &Routes, lang: Lang) -> (tera::Value, u64) {
    let links: Vec<PageLink> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang)
        .map(|p| PageLink {
            title: &p.title,
            url: routes.href(&p.path),
        })
        .collect();
    let mut h = crate::render::fingerprinter();
    for link in &links {
        (link.title, &link.url).hash(&mut h);
    }
    (tera::Value::from_serializable(&links), h.finish())
}

#[derive(Hash)]
pub(super) struct ChooserInputs<'r> {
    frame: Frame<'r>,
}

#[derive(Hash)]
pub(super) struct NotFoundInputs<'r> {
    frame: Frame<'r>,
}

#[derive(Hash)]
pub(super) struct ArticleInputs<'r> {
    frame: Frame<'r>,
    card: super::Card<'r>,
    made: Keyed<'r, super::Made>,
    /// The body and what the JSON-LD says: this version and its relatives.
    article: ArticleKey<'r>,
    original: Option<ArticleKey<'r>>,
    translations: Vec<ArticleKey<'r>>,
}

/// An article by its version (which covers its text, its original and its bundle).
#[derive(Clone, Copy)]
pub(super) struct ArticleKey<'r>(pub &'r Article);

impl Hash for ArticleKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0.version, &self.0.path).hash(state);
    }
}

#[derive(Hash)]
pub(super) struct PageInputs<'r> {
    frame: Frame<'r>,
    page: PageKey<'r>,
}

pub(super) struct PageKey<'r>(&'r Page);

impl Hash for PageKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.0.version, &self.0.path).hash(state);
    }
}

#[derive(Hash)]
pub(super) struct SearchInputs<'r> {
    frame: Frame<'r>,
    index: SitePath,
}

impl Renderer<'_> {
    pub(super) fn chooser_inputs(&self) -> ChooserInputs<'_> {
        ChooserInputs {
            frame: self.frame(Job::LanguageChooser),
        }
    }

    pub(super) fn not_found_inputs(&self) -> NotFoundInputs<'_> {
        NotFoundInputs {
            frame: self.frame(Job::NotFound),
        }
    }

    pub(super) fn article_inputs(&self, i: usize) -> ArticleInputs<'_> {
        let article = &*self.site.articles[i];
        let versions: Vec<&Article> = self.site.translations_of(article).collect();
        let original = match article.role {
            crate::content::model::Role::Translation { from } => {
                versions.iter().find(|a| a.lang == from).map(|a| ArticleKey(a))
            }
            crate::content::model::Role::Original => None,
        };
        ArticleInputs {
            frame: self.frame(Job::Article(i)),
            card: self.card(i),
            made: self.made(i),
            article: ArticleKey(article),
            original,
            translations: versions
                .into_iter()
                .filter(|a| a.is_translation())
                .map(ArticleKey)
                .collect(),
        }
    }

    pub(super) fn page_inputs(&self, i: usize) -> PageInputs<'_> {
        PageInputs {
            frame: self.frame(Job::Page(i)),
            page: PageKey(&self.site.pages[i]),
        }
    }

    pub(super) fn search_page_inputs(&self, lang: Lang) -> SearchInputs<'_> {
        SearchInputs {
            frame: self.frame(Job::SearchPage { lang }),
            index: Routes::search_file(lang, "index.json"),
        }
    }
}

pub(super) fn chooser(tools: &Tools, inputs: ChooserInputs) -> Result<Vec<u8>, Diagnostic> {
    render_page(tools, &inputs.frame, &base_context(tools, &inputs.frame))
}

pub(super) fn not_found(tools: &Tools, inputs: NotFoundInputs) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(tools, &inputs.frame);
    context.insert(
        "i18n_all",
        &tools
            .strings
            .iter()
            .map(|(l, s)| (l.to_string(), s))
            .collect::<std::collections::BTreeMap<_, _>>(),
    );
    render_page(tools, &inputs.frame, &context)
}

pub(super) fn article(tools: &Tools, inputs: ArticleInputs) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(tools, &inputs.frame);
    context.insert_value("article", inputs.card.value().clone());
    context.insert("content", &inputs.made.value.html(tools, inputs.article.0));
    let json_ld = structured::article_json_ld(
        tools,
        inputs.article.0,
        inputs.made.value.summary(),
        inputs.made.value.image.as_deref(),
        inputs.original.map(|o| o.0),
        inputs.translations.iter().map(|t| t.0),
    );
    context.insert("structured_data", &json_ld);
    render_page(tools, &inputs.frame, &context)
}

pub(super) fn page(tools: &Tools, inputs: PageInputs) -> Result<Vec<u8>, Diagnostic> {
    let page = inputs.page.0;
    let mut context = base_context(tools, &inputs.frame);
    context.insert("page", &views::page_view(page, &tools.routes, tools.locale(page.lang)));
    context.insert(
        "content",
        &crate::content::body_html(&tools.config, page.lang, &page.file, &page.body),
    );
    render_page(tools, &inputs.frame, &context)
}

pub(super) fn search_page(tools: &Tools, inputs: SearchInputs) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(tools, &inputs.frame);
    context.insert("search_index_url", &tools.routes.href(&inputs.index));
    render_page(tools, &inputs.frame, &context)
}
