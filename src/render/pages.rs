//! HTML pages: the language chooser at `/`, each language's paginated home, articles,
//! standalone pages, the search page and the 404 page.

use serde::Serialize;

use super::views;
use super::{PageMeta, Renderer, structured};
use crate::diagnostics::Diagnostic;

/// Page navigation for paginated lists. Page 1 is the list's own URL, page n is `page/n/`.
/// `pages` holds a window (the first and last page and two on each side of the current
/// one), not every page: a home with 1,000 pages would otherwise carry a million links.
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

/// How many page links the paginator lists on each side of the current page.
const PAGE_WINDOW: usize = 2;

/// Path of page `n` of a list at `base` (`/de/`): `/de/` or `/de/page/2/`.
pub fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

impl Renderer<'_> {
    fn root_meta(&self, path: &str) -> PageMeta {
        PageMeta {
            lang: self.site.config.default_language.clone(),
            path: path.to_string(),
            alternates: Vec::new(),
            lastmod: None,
        }
    }

    pub(super) fn language_chooser(&self) -> Result<String, Diagnostic> {
        let context = self.base_context(&self.root_meta("/"), "chooser");
        self.templates.render("chooser.html", &context)
    }

    pub(super) fn not_found(&self) -> Result<String, Diagnostic> {
        let mut context = self.base_context(&self.root_meta("/404.html"), "not_found");
        context.insert("i18n_all", &self.theme.strings);
        self.templates.render("404.html", &context)
    }

    pub(super) fn home(&self, lang: usize, page: usize, meta: &PageMeta) -> Result<String, Diagnostic> {
        let code = self.lang_code(lang);
        let indices = self.site.article_indices(code);
        let mut context = self.base_context(meta, "home");
        context.insert_value("articles", self.page_of(indices, page));
        context.insert("paginator", &self.paginator(&format!("/{code}/"), page, indices.len()));
        self.templates.render("index.html", &context)
    }

    pub(super) fn article(&self, index: usize, meta: &PageMeta) -> Result<String, Diagnostic> {
        let article = &self.site.articles[index];
        let mut context = self.base_context(meta, "article");
        context.insert_value("article", self.article_values[index].clone());
        context.insert("content", &article.body.html);
        context.insert("structured_data", &structured::article_json_ld(self.site, article));
        self.templates.render("article.html", &context)
    }

    pub(super) fn page(&self, index: usize, meta: &PageMeta) -> Result<String, Diagnostic> {
        let page = &self.site.pages[index];
        let locale = &self.locales[&page.lang];
        let mut context = self.base_context(meta, "page");
        context.insert("page", &views::page_view(page, &self.site.config, locale));
        context.insert("content", &page.body.html);
        self.templates.render("page.html", &context)
    }

    pub(super) fn search_page(&self, lang: usize, meta: &PageMeta) -> Result<String, Diagnostic> {
        let mut context = self.base_context(meta, "search");
        context.insert(
            "search_index_url",
            &format!("{}/{}/search.json", self.site.config.base_path(), self.lang_code(lang)),
        );
        self.templates.render("search.html", &context)
    }

    /// The articles on page `page` of a list, as a template value.
    pub(super) fn page_of(&self, indices: &[usize], page: usize) -> tera::Value {
        let per_page = self.site.config.paginate_by;
        self.article_list(indices.iter().skip((page - 1) * per_page).take(per_page))
    }

    pub(super) fn paginator(&self, base: &str, current: usize, items: usize) -> Paginator {
        let total = self.pages_for(items);
        let url = |n: usize| format!("{}{}", self.site.config.base_path(), page_path(base, n));
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= PAGE_WINDOW)
                .map(|n| PageLink { number: n, url: url(n) })
                .collect(),
        }
    }
}
