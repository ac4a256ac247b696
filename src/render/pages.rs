//! HTML pages: the language chooser at `/`, each language's paginated home, articles,
//! standalone pages and the 404 page.

use serde::Serialize;

use super::Renderer;
use super::views::{self, ArticleView};
use crate::diagnostics::Diagnostic;

/// Page navigation for paginated lists. Page 1 is the list's own URL, page n is `page/n/`.
#[derive(Debug, Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
}

/// Path of page `n` of a list at `base` (`/de/`): `/de/` or `/de/page/2/`.
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

impl Renderer<'_> {
    pub(super) fn language_chooser(&self) -> Result<String, Diagnostic> {
        let lang = &self.site.config.default_language;
        let mut context = self.base_context(lang, "chooser", "/");
        let alternates: Vec<_> = self.translations("", &[]);
        context.insert("translations", &alternates);
        self.templates.render("chooser.html", &context)
    }

    pub(super) fn not_found(&self) -> Result<String, Diagnostic> {
        let lang = &self.site.config.default_language;
        let mut context = self.base_context(lang, "not_found", "/404.html");
        context.insert("i18n_all", &self.theme.strings);
        context.insert("translations", &Vec::<()>::new());
        self.templates.render("404.html", &context)
    }

    pub(super) fn home(&self, lang: &str, page: usize) -> Result<(String, String), Diagnostic> {
        let base = self.site.home_path(lang);
        let path = page_path(&base, page);
        let per_page = self.site.config.paginate_by;
        let all = self.site.article_indices(lang);
        let chunk: Vec<&ArticleView> = all
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|&i| &self.article_views[i])
            .collect();
        let mut context = self.base_context(lang, "home", &path);
        let other_homes: Vec<(&str, &str, &str)> = Vec::new();
        context.insert("translations", &self.translations(lang, &other_homes));
        context.insert("articles", &chunk);
        context.insert("paginator", &self.paginator(&base, page, all.len()));
        Ok((path, self.templates.render("index.html", &context)?))
    }

    pub(super) fn article(&self, index: usize) -> Result<String, Diagnostic> {
        let article = &self.site.articles[index];
        let mut context = self.base_context(&article.lang, "article", &article.path);
        let existing: Vec<(&str, &str, &str)> = self
            .site
            .translations_of(article)
            .map(|t| (t.lang.as_str(), t.path.as_str(), t.title.as_str()))
            .collect();
        context.insert("translations", &self.translations(&article.lang, &existing));
        context.insert("article", &self.article_views[index]);
        context.insert("content", &article.body.html);
        self.templates.render("article.html", &context)
    }

    pub(super) fn page(&self, index: usize) -> Result<String, Diagnostic> {
        let page = &self.site.pages[index];
        let locale = &self.locales[&page.lang];
        let mut context = self.base_context(&page.lang, "page", &page.path);
        let existing: Vec<(&str, &str, &str)> = self
            .site
            .page_translations_of(page)
            .map(|t| (t.lang.as_str(), t.path.as_str(), t.title.as_str()))
            .collect();
        context.insert("translations", &self.translations(&page.lang, &existing));
        context.insert("page", &views::page_view(page, &self.site.config, locale));
        context.insert("content", &page.body.html);
        self.templates.render("page.html", &context)
    }

    pub(super) fn paginator(&self, base: &str, current: usize, items: usize) -> Paginator {
        let total = items.div_ceil(self.site.config.paginate_by).max(1);
        let url = |n: usize| format!("{}{}", self.site.config.base_path(), page_path(base, n));
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: (1..=total).map(|n| PageLink { number: n, url: url(n) }).collect(),
        }
    }
}
