//! `/{lang}/search.json`: what the theme's search script needs to find an article by words
//! in its title, summary, tags and location. Matching happens in the browser by substring,
//! which works for Chinese as well, where words are not separated by spaces.

use serde::Serialize;

use super::Renderer;

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
    pub(super) fn search_index(&self, lang: usize) -> String {
        let code = self.lang_code(lang);
        let locale = &self.locales[code];
        let entries: Vec<Entry> = self
            .site
            .article_indices(code)
            .iter()
            .map(|&i| {
                let article = &self.site.articles[i];
                Entry {
                    title: &article.title,
                    url: format!("{}{}", self.site.config.base_path(), article.path),
                    date: locale.date(article.date.date()),
                    summary: &article.summary,
                    tags: article.tags.iter().map(String::as_str).collect(),
                    location: article.location.as_ref().map(|l| l.name.as_str()),
                    source: article.source.as_ref().map(|s| s.name.as_str()),
                }
            })
            .collect();
        serde_json::to_string(&entries).expect("search entries are plain strings")
    }
}
