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
        let indices = self.site.article_indices(code);
        let mut json = String::with_capacity(indices.len() * 400 + 2);
        json.push('[');
        for (n, &i) in indices.iter().enumerate() {
            if n > 0 {
                json.push(',');
            }
            json.push_str(self.fragments[i].search_entry.get_or_init(|| {
                let article = &self.site.articles[i];
                let entry = Entry {
                    title: &article.title,
                    url: format!("{}{}", self.site.config.base_path(), article.path),
                    date: locale.date(article.date.date()),
                    summary: &article.summary,
                    tags: article.tags.iter().map(String::as_str).collect(),
                    location: article.location.as_ref().map(|l| l.name.as_str()),
                    source: article.source.as_ref().map(|s| s.name.as_str()),
                };
                serde_json::to_string(&entry).expect("search entries are plain strings")
            }));
        }
        json.push(']');
        json
    }
}
