//! Pages that list articles: each language's paginated home, the archive (an index of years
//! and a page per year, so no page grows with the whole site), and for each taxonomy (tags,
//! locations, sources) the list of its terms and a paginated page per term.

use serde::Serialize;

use super::frame::{Frame, base_context, render_page};
use super::{Card, Renderer, Tools};
use crate::config::{Lang, Taxonomy};
use crate::diagnostics::Diagnostic;
use crate::plan::{Job, pages_for};
use crate::route::{Routes, SitePath};

/// Page navigation for paginated lists. Page 1 is the list's own URL, page n is `page/n/`.
/// `pages` holds a window (the first and last page and two on each side of the current
/// one), not every page: a home with 1,000 pages would otherwise carry a million links.
#[derive(Debug, Serialize)]
struct Paginator {
    /// `Seite 2 von 3`, `第2页，共3页`.
    status: String,
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// How many page links the paginator lists on each side of the current page.
const PAGE_WINDOW: usize = 2;

/// Page `current` of `total` of a list whose first page is `first`.
#[derive(Hash)]
pub(super) struct Pagination {
    first: SitePath,
    current: usize,
    total: usize,
}

fn paginator(tools: &Tools, lang: Lang, p: &Pagination) -> Paginator {
    let url = |n: usize| tools.routes.href(&Routes::paged(&p.first, n));
    let locale = tools.locale(lang);
    Paginator {
        status: tools
            .i18n(lang, "page_of")
            .replace("{current}", &locale.number(p.current as f64))
            .replace("{total}", &locale.number(p.total as f64)),
        current: p.current,
        total: p.total,
        previous: (p.current > 1).then(|| url(p.current - 1)),
        next: (p.current < p.total).then(|| url(p.current + 1)),
        pages: (1..=p.total)
            .filter(|&n| n == 1 || n == p.total || n.abs_diff(p.current) <= PAGE_WINDOW)
            .map(|n| PageLink {
                number: n,
                url: url(n),
                current: n == p.current,
            })
            .collect(),
    }
}

fn cards_value(cards: &[Card]) -> tera::Value {
    tera::Value::from(cards.iter().map(|c| c.value().clone()).collect::<Vec<_>>())
}

/// `articles` and `cards`: each article's values, and its card's HTML (see
/// [`Made::card_html`]), which a theme prints instead of including the partial per list.
fn insert_cards(tools: &Tools, lang: Lang, cards: &[Card], context: &mut tera::Context) -> Result<(), Diagnostic> {
    context.insert_value("articles", cards_value(cards));
    let html: Option<Vec<tera::Value>> = cards
        .iter()
        .map(|c| c.made().card_html(tools, lang))
        .collect::<Result<_, _>>()?;
    if let Some(html) = html {
        context.insert_value("cards", tera::Value::from(html));
    }
    Ok(())
}

#[derive(Hash)]
pub(super) struct ListInputs<'r> {
    frame: Frame<'r>,
    cards: Vec<Card<'r>>,
    pagination: Pagination,
}

#[derive(Hash)]
pub(super) struct TermInputs<'r> {
    list: ListInputs<'r>,
    taxonomy: Taxonomy,
    name: &'r str,
    slug: &'r str,
    count: usize,
}

#[derive(Hash)]
pub(super) struct TaxonomyInputs<'r> {
    frame: Frame<'r>,
    taxonomy: Taxonomy,
    /// Name, slug and number of articles of every term.
    terms: Vec<(&'r str, &'r str, usize)>,
}

#[derive(Hash)]
pub(super) struct ArchiveIndexInputs<'r> {
    frame: Frame<'r>,
    /// Every year with its number of articles, newest first.
    years: Vec<(i16, usize)>,
}

#[derive(Hash)]
pub(super) struct ArchiveInputs<'r> {
    index: ArchiveIndexInputs<'r>,
    year: i16,
    /// The year's articles, newest first, with their month.
    cards: Vec<(i8, Card<'r>)>,
}

impl Renderer<'_> {
    /// The articles on page `page` of a list.
    fn page_of(&self, indices: &[usize], page: usize) -> Vec<Card<'_>> {
        let per_page = self.site.config.paginate_by;
        indices
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(|&i| self.card(i))
            .collect()
    }

    pub(super) fn home_inputs(&self, lang: Lang, page: usize) -> ListInputs<'_> {
        let indices = self.site.article_indices(lang);
        ListInputs {
            frame: self.frame(Job::Home { lang, page }),
            cards: self.page_of(indices, page),
            pagination: Pagination {
                first: Routes::home(lang),
                current: page,
                total: pages_for(self.site, indices.len()),
            },
        }
    }

    pub(super) fn term_inputs(&self, lang: Lang, taxonomy: Taxonomy, term: usize, page: usize) -> TermInputs<'_> {
        let t = &self.site.terms(lang, taxonomy)[term];
        TermInputs {
            list: ListInputs {
                frame: self.frame(Job::Term {
                    lang,
                    taxonomy,
                    term,
                    page,
                }),
                cards: self.page_of(&t.articles, page),
                pagination: Pagination {
                    first: Routes::term(lang, taxonomy, &t.slug),
                    current: page,
                    total: pages_for(self.site, t.articles.len()),
                },
            },
            taxonomy,
            name: &t.name,
            slug: &t.slug,
            count: t.articles.len(),
        }
    }

    pub(super) fn taxonomy_inputs(&self, lang: Lang, taxonomy: Taxonomy) -> TaxonomyInputs<'_> {
        TaxonomyInputs {
            frame: self.frame(Job::TaxonomyList { lang, taxonomy }),
            taxonomy,
            terms: self
                .site
                .terms(lang, taxonomy)
                .iter()
                .map(|t| (t.name.as_str(), t.slug.as_str(), t.articles.len()))
                .collect(),
        }
    }

    pub(super) fn archive_index_inputs(&self, lang: Lang) -> ArchiveIndexInputs<'_> {
        self.archive_frame(Job::ArchiveIndex { lang }, lang)
    }

    fn archive_frame(&self, job: Job, lang: Lang) -> ArchiveIndexInputs<'_> {
        ArchiveIndexInputs {
            frame: self.frame(job),
            years: self.site.years(lang).into_iter().map(|(y, r)| (y, r.len())).collect(),
        }
    }

    pub(super) fn archive_inputs(&self, lang: Lang, year: i16) -> ArchiveInputs<'_> {
        let years = self.site.years(lang);
        let range = years
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, r)| r.clone())
            .unwrap_or(0..0);
        let indices = &self.site.article_indices(lang)[range];
        ArchiveInputs {
            index: self.archive_frame(Job::ArchiveYear { lang, year }, lang),
            year,
            cards: indices
                .iter()
                .map(|&i| (self.site.articles[i].date.date().month(), self.card(i)))
                .collect(),
        }
    }
}

pub(super) fn home(tools: &Tools, inputs: ListInputs) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(tools, &inputs.frame);
    insert_cards(tools, inputs.frame.lang, &inputs.cards, &mut context)?;
    context.insert("paginator", &paginator(tools, inputs.frame.lang, &inputs.pagination));
    render_page(tools, &inputs.frame, &context)
}

#[derive(Serialize)]
struct TaxonomyView<'a> {
    key: &'static str,
    /// Translated name, from the i18n key of the same name (`tags` → `Schlagwörter`).
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    count: usize,
    /// `3 Berichte`, `3篇报道`.
    count_text: String,
}

fn taxonomy_view(tools: &Tools, lang: Lang, taxonomy: Taxonomy) -> TaxonomyView<'_> {
    TaxonomyView {
        key: taxonomy.key(),
        name: tools.i18n(lang, taxonomy.key()),
        url: tools.routes.href(&Routes::taxonomy(lang, taxonomy)),
    }
}

pub(super) fn term(tools: &Tools, inputs: TermInputs) -> Result<Vec<u8>, Diagnostic> {
    let list = &inputs.list;
    let lang = list.frame.lang;
    let mut context = base_context(tools, &list.frame);
    context.insert("taxonomy", &taxonomy_view(tools, lang, inputs.taxonomy));
    let term = TermView {
        name: inputs.name,
        slug: inputs.slug,
        url: tools.routes.href(&Routes::term(lang, inputs.taxonomy, inputs.slug)),
        count: inputs.count,
        count_text: tools.counted(lang, "reports", inputs.count),
    };
    context.insert("term", &term);
    insert_cards(tools, lang, &list.cards, &mut context)?;
    context.insert("paginator", &paginator(tools, lang, &list.pagination));
    render_page(tools, &list.frame, &context)
}

pub(super) fn taxonomy(tools: &Tools, inputs: TaxonomyInputs) -> Result<Vec<u8>, Diagnostic> {
    let lang = inputs.frame.lang;
    let mut context = base_context(tools, &inputs.frame);
    context.insert("taxonomy", &taxonomy_view(tools, lang, inputs.taxonomy));
    let terms: Vec<TermView> = inputs
        .terms
        .iter()
        .map(|&(name, slug, count)| TermView {
            name,
            slug,
            url: tools.routes.href(&Routes::term(lang, inputs.taxonomy, slug)),
            count,
            count_text: tools.counted(lang, "reports", count),
        })
        .collect();
    context.insert("terms", &terms);
    render_page(tools, &inputs.frame, &context)
}

#[derive(Serialize)]
struct YearLink {
    year: i16,
    count: usize,
    count_text: String,
    url: String,
    current: bool,
}

fn year_links(tools: &Tools, inputs: &ArchiveIndexInputs, current: Option<i16>) -> Vec<YearLink> {
    inputs
        .years
        .iter()
        .map(|&(year, count)| YearLink {
            year,
            count,
            count_text: tools.counted(inputs.frame.lang, "reports", count),
            url: tools.routes.href(&Routes::archive_year(inputs.frame.lang, year)),
            current: Some(year) == current,
        })
        .collect()
}

pub(super) fn archive_index(tools: &Tools, inputs: ArchiveIndexInputs) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(tools, &inputs.frame);
    context.insert("years", &year_links(tools, &inputs, None));
    context.insert("year", &None::<i16>);
    context.insert_value("months", tera::Value::from(Vec::<tera::Value>::new()));
    render_page(tools, &inputs.frame, &context)
}

pub(super) fn archive(tools: &Tools, inputs: ArchiveInputs) -> Result<Vec<u8>, Diagnostic> {
    let lang = inputs.index.frame.lang;
    let locale = tools.locale(lang);
    let mut months: Vec<(i8, Vec<tera::Value>)> = Vec::new();
    for (month, card) in &inputs.cards {
        match months.last_mut() {
            Some((m, list)) if m == month => list.push(card.value().clone()),
            _ => months.push((*month, vec![card.value().clone()])),
        }
    }
    let months: Vec<tera::Value> = months
        .into_iter()
        .map(|(month, articles)| {
            let date = jiff::civil::Date::new(inputs.year, month, 1).unwrap_or_default();
            let mut map = tera::Map::default();
            map.insert("month".into(), tera::Value::from(month));
            map.insert("name".into(), tera::Value::from(locale.month(date)));
            map.insert("name_with_year".into(), tera::Value::from(locale.month_year(date)));
            map.insert("articles".into(), tera::Value::from(articles));
            tera::Value::from(map)
        })
        .collect();
    let mut context = base_context(tools, &inputs.index.frame);
    context.insert("years", &year_links(tools, &inputs.index, Some(inputs.year)));
    context.insert("year", &Some(inputs.year));
    context.insert_value("months", tera::Value::from(months));
    render_page(tools, &inputs.index.frame, &context)
}
