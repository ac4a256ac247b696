//! `/{lang}/search/index.json`: what the theme's search script needs to find an article.

use serde::Serialize;

use super::pages::ArticleKey;
use super::{Keyed, Made, Renderer, Tools};
use crate::config::Lang;

#[derive(Hash)]
pub(super) struct SearchInputs<'r> {
    lang: Lang,
    entries: Vec<(ArticleKey<'r>, Keyed<'r, Made>)>,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    date: String,
    summary: &'a str,
    tags: Vec<&'a str>,
    location: Option<&'a str>,
    source: Option<&'a str>,
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
}

pub(super) fn index(tools: &Tools, inputs: SearchInputs) -> String {
    let locale = tools.locale(inputs.lang);
    let mut json = String::with_capacity(inputs.entries.len() * 400 + 2);
    json.push('[');
    for (n, (article, made)) in inputs.entries.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(made.value.search_entry.get_or_init(|| {
            let article = article.0;
            let entry = Entry {
                title: &article.title,
                url: tools.routes.href(&article.path),
                date: locale.date(article.date.date()),
                summary: &made.value.summary,
                tags: article.tags.iter().map(String::as_str).collect(),
                location: article.location.as_ref().map(|l| l.name.as_str()),
                source: article.source.as_ref().map(|s| s.name.as_str()),
            };
            serde_json::to_string(&entry).unwrap_or_default()
        }));
    }
    json.push(']');
    json
}
