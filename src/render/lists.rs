//! Pages that group articles: the archive by year and month, and for each taxonomy (tags,
//! locations, sources) the list of its terms and a paginated page per term.

use serde::Serialize;

use super::views::term_path;
use super::{PageMeta, Renderer};
use crate::diagnostics::Diagnostic;
use crate::site::Taxonomy;

struct YearView {
    year: i16,
    months: Vec<MonthView>,
}

struct MonthView {
    month: i8,
    /// `Oktober` / `十月`
    name: String,
    /// `Oktober 2024` / `2024年10月`
    name_with_year: String,
    articles: Vec<tera::Value>,
}

/// The archive's years as template values, made directly: serialising them would copy every
/// article's value, and the archive shows all of them.
fn years_value(years: Vec<YearView>) -> tera::Value {
    let years: Vec<tera::Value> = years
        .into_iter()
        .map(|y| {
            let months: Vec<tera::Value> = y
                .months
                .into_iter()
                .map(|m| {
                    map([
                        ("month", tera::Value::from(m.month)),
                        ("name", tera::Value::from(m.name)),
                        ("name_with_year", tera::Value::from(m.name_with_year)),
                        ("articles", tera::Value::from(m.articles)),
                    ])
                })
                .collect();
            map([
                ("year", tera::Value::from(y.year)),
                ("months", tera::Value::from(months)),
            ])
        })
        .collect();
    tera::Value::from(years)
}

fn map<const N: usize>(fields: [(&'static str, tera::Value); N]) -> tera::Value {
    let mut map = tera::Map::default();
    for (key, value) in fields {
        map.insert(key.into(), value);
    }
    tera::Value::from(map)
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    key: &'static str,
    /// Translated name, from the i18n key of the same name (`tags` → `Schlagwörter`).
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    slug: String,
    url: String,
    count: usize,
}

impl Renderer<'_> {
    pub(super) fn archive(&self, lang: usize, meta: &PageMeta) -> Result<String, Diagnostic> {
        let code = self.lang_code(lang);
        let locale = &self.locales[code];
        let mut years: Vec<YearView> = Vec::new();
        for &i in self.site.article_indices(code) {
            let date = self.site.articles[i].date.date();
            if years.last().is_none_or(|y| y.year != date.year()) {
                years.push(YearView {
                    year: date.year(),
                    months: Vec::new(),
                });
            }
            let months = &mut years.last_mut().expect("pushed above").months;
            if months.last().is_none_or(|m| m.month != date.month()) {
                months.push(MonthView {
                    month: date.month(),
                    name: locale.month(date),
                    name_with_year: locale.month_year(date),
                    articles: Vec::new(),
                });
            }
            months
                .last_mut()
                .expect("pushed above")
                .articles
                .push(self.article_values[i].clone());
        }
        let mut context = self.base_context(meta, "archive");
        context.insert_value("years", years_value(years));
        self.templates.render("archive.html", &context)
    }

    pub(super) fn taxonomy_list(&self, lang: usize, taxonomy: Taxonomy, meta: &PageMeta) -> Result<String, Diagnostic> {
        let code = self.lang_code(lang);
        let terms: Vec<TermView> = self
            .site
            .terms(code, taxonomy)
            .iter()
            .map(|t| self.term_view(code, taxonomy, t))
            .collect();
        let mut context = self.base_context(meta, "taxonomy");
        context.insert("taxonomy", &self.taxonomy_view(code, taxonomy));
        context.insert("terms", &terms);
        self.templates.render("taxonomy_list.html", &context)
    }

    pub(super) fn term(
        &self,
        lang: usize,
        taxonomy: Taxonomy,
        term: usize,
        page: usize,
        meta: &PageMeta,
    ) -> Result<String, Diagnostic> {
        let code = self.lang_code(lang);
        let t = &self.site.terms(code, taxonomy)[term];
        let mut context = self.base_context(meta, "term");
        context.insert("taxonomy", &self.taxonomy_view(code, taxonomy));
        context.insert("term", &self.term_view(code, taxonomy, t));
        context.insert_value("articles", self.page_of(&t.articles, page));
        context.insert(
            "paginator",
            &self.paginator(&term_path(code, taxonomy.key(), &t.slug), page, t.articles.len()),
        );
        self.templates.render("taxonomy_term.html", &context)
    }

    fn taxonomy_view(&self, code: &str, taxonomy: Taxonomy) -> TaxonomyView<'_> {
        let key = taxonomy.key();
        TaxonomyView {
            key,
            name: self.theme.strings[code].get(key).map_or(key, String::as_str),
            url: format!("{}/{code}/{key}/", self.site.config.base_path()),
        }
    }

    fn term_view(&self, code: &str, taxonomy: Taxonomy, term: &crate::site::Term) -> TermView {
        TermView {
            name: term.name.clone(),
            slug: term.slug.clone(),
            url: format!(
                "{}{}",
                self.site.config.base_path(),
                term_path(code, taxonomy.key(), &term.slug)
            ),
            count: term.articles.len(),
        }
    }
}
