//! The loaded site: every article and page, indexed by language, by translation and by term.
//! Pure data, built once after loading; planning and rendering only read it.
//!
//! Tags, locations and sources are terms: a term's slug is its identity across languages
//! (given in the front matter, named in site.toml's `[terms]`, or made from the word), so
//! term pages pair across languages like articles do. Distinct words never share a page:
//! when two words of one language would make the same slug, each gets a short suffix made
//! from the word itself (stable whatever else the site holds), and `check` suggests naming
//! them in `[terms]`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use crate::config::{Config, Lang, Taxonomy};
use crate::content::Content;
use crate::content::model::{Article, Page};
use crate::diagnostics::{Diagnostic, Span};
use crate::route::Routes;
use crate::slug::slugify;

/// One tag, location or source in one language, with its articles newest first.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

/// The slugs of an article's terms as the site resolved them, and the names its location and
/// source go by in the article's language.
#[derive(Debug, Clone, Default, Hash)]
pub(crate) struct TermSlugs {
    pub tags: Vec<String>,
    /// (name, slug)
    pub location: Option<(String, String)>,
    pub source: Option<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct Site {
    pub config: Config,
    pub routes: Routes,
    /// Newest first. Shared, so watch mode keeps unchanged articles from build to build.
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    /// Indices into `articles`, newest first, per language.
    by_language: HashMap<Lang, Vec<usize>>,
    article_translations: HashMap<Arc<str>, Vec<usize>>,
    page_translations: HashMap<Arc<str>, Vec<usize>>,
    /// Terms per (language, taxonomy), sorted by slug.
    terms: HashMap<(Lang, Taxonomy), Vec<Term>>,
    /// Per article (same order as `articles`): its terms' slugs.
    pub term_slugs: Vec<TermSlugs>,
    /// The processed bundle photos (filled after indexing, by `photos::process`).
    pub photos: crate::photos::Photos,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Indexes the content; a term whose slug is empty, or two words that an editor gave the
    /// same slug, are errors naming the files (the site is still indexed, without them).
    pub(crate) fn new(config: Config, content: Content) -> (Site, Vec<Diagnostic>) {
        let mut by_language: HashMap<Lang, Vec<usize>> = HashMap::default();
        let mut article_translations: HashMap<Arc<str>, Vec<usize>> = HashMap::default();
        for (i, article) in content.articles.iter().enumerate() {
            by_language.entry(article.lang).or_default().push(i);
            match article_translations.get_mut(&article.name) {
                Some(list) => list.push(i),
                None => {
                    article_translations.insert(article.name.clone(), vec![i]);
                }
            }
        }
        let mut page_translations: HashMap<Arc<str>, Vec<usize>> = HashMap::default();
        for (i, page) in content.pages.iter().enumerate() {
            page_translations.entry(page.name.clone()).or_default().push(i);
        }
        let mut warnings = content.warnings;
        let mut errors = Vec::new();
        let (terms, term_slugs) = collect_terms(&config, &content.articles, &mut warnings, &mut errors);
        let site = Site {
            routes: Routes::new(&config),
            config,
            articles: content.articles,
            pages: content.pages,
            by_language,
            article_translations,
            page_translations,
            terms,
            term_slugs,
            photos: crate::photos::Photos::default(),
            warnings,
        };
        (site, errors)
    }

    /// Once a build has written the search index, nothing reads the bodies' plain text again
    /// (pages are made from the Markdown): it goes before the cards for the pages are made,
    /// about 1.7 KB per article version (340 MB at 100,000 articles).
    pub(crate) fn forget_plain_text(&mut self) {
        use rayon::prelude::*;
        self.articles.par_iter_mut().for_each(|article| {
            if let Some(body) = Arc::get_mut(article).and_then(|a| Arc::get_mut(&mut a.body)) {
                body.plain_text = String::new();
            }
        });
    }

    /// Frees the text of a language's article files, and their bodies' HTML, once the pages
    /// that read their bodies are written: what is left to render of them (lists, sitemaps)
    /// reads their cards. At 100,000 articles a language's files are about 250 MB. A text
    /// that something else still holds (a lead photo's place, for messages) stays.
    pub(crate) fn forget_texts(&mut self, lang: Lang) {
        use rayon::prelude::*;
        self.articles
            .par_iter_mut()
            .filter(|a| a.lang == lang)
            .for_each(|article| {
                let Some(article) = Arc::get_mut(article) else { return };
                if let Some(file) = Arc::get_mut(&mut article.file) {
                    file.text = Arc::from("");
                }
                if let Some(body) = Arc::get_mut(&mut article.body) {
                    body.html = None;
                }
            });
    }

    /// A taxonomy's terms in one language, sorted by slug.
    pub(crate) fn terms(&self, lang: Lang, taxonomy: Taxonomy) -> &[Term] {
        self.terms.get(&(lang, taxonomy)).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn term(&self, lang: Lang, taxonomy: Taxonomy, slug: &str) -> Option<&Term> {
        self.term_position(lang, taxonomy, slug)
            .map(|i| &self.terms(lang, taxonomy)[i])
    }

    /// Where a term stands in `terms(lang, taxonomy)`.
    pub(crate) fn term_position(&self, lang: Lang, taxonomy: Taxonomy, slug: &str) -> Option<usize> {
        self.terms(lang, taxonomy)
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
    }

    /// Positions in `articles` of one language's articles, newest first.
    pub(crate) fn article_indices(&self, lang: Lang) -> &[usize] {
        self.by_language.get(&lang).map_or(&[], Vec::as_slice)
    }

    /// Every version of the article `article` belongs to, itself included.
    pub(crate) fn versions_of<'a>(&'a self, article: &'a Article) -> impl Iterator<Item = (usize, &'a Article)> + 'a {
        self.versions_named(&article.name)
    }

    /// The published versions of the article named `name`, with their positions.
    pub(crate) fn versions_named<'a>(&'a self, name: &str) -> impl Iterator<Item = (usize, &'a Article)> + 'a {
        let indices: &[usize] = self.article_translations.get(name).map_or(&[], Vec::as_slice);
        indices.iter().map(|&i| (i, &*self.articles[i]))
    }

    /// The other language versions of an article (not the article itself).
    pub(crate) fn translations_of<'a>(&'a self, article: &'a Article) -> impl Iterator<Item = &'a Article> + 'a {
        self.versions_of(article)
            .map(|(_, a)| a)
            .filter(move |a| a.lang != article.lang)
    }

    pub(crate) fn page_translations_of<'a>(&'a self, page: &'a Page) -> impl Iterator<Item = &'a Page> + 'a {
        let indices: &[usize] = self.page_translations.get(&page.name).map_or(&[], Vec::as_slice);
        indices
            .iter()
            .map(|&i| &self.pages[i])
            .filter(move |p| p.lang != page.lang)
    }

    /// The years of a language's articles, newest first, with the range of their indices
    /// in `article_indices(lang)` (articles are sorted newest first, so a year is a run).
    pub(crate) fn years(&self, lang: Lang) -> Vec<(i16, std::ops::Range<usize>)> {
        let indices = self.article_indices(lang);
        let mut years: Vec<(i16, std::ops::Range<usize>)> = Vec::new();
        for (n, &i) in indices.iter().enumerate() {
            let year = self.articles[i].date.date().year();
            match years.last_mut() {
                Some((y, range)) if *y == year => range.end = n + 1,
                _ => years.push((year, n..n + 1)),
            }
        }
        years
    }
}

/// One mention of a term in an article: the word, the slug it asks for, and whether an
/// editor fixed that slug (then a clash is the editor's to resolve).
struct Mention {
    name: String,
    slug: String,
    fixed: bool,
    /// False for a location or source name this version inherited from its original.
    written: bool,
    span: Span,
}

/// The slug of each word, read once: a site names a few hundred tags across thousands of
/// articles, and reading a Chinese word's pinyin was a tenth of a watch-mode rebuild.
type SlugMemo = HashMap<(Taxonomy, Lang), HashMap<String, (String, bool)>>;

fn mentions(config: &Config, article: &Article, taxonomy: Taxonomy, memo: &mut SlugMemo) -> Vec<Mention> {
    let lang = article.lang;
    let memo = memo.entry((taxonomy, lang)).or_default();
    let mut derived = |name: &str| {
        if let Some(known) = memo.get(name) {
            return known.clone();
        }
        let made = config
            .terms
            .slug(taxonomy, lang, name)
            .map_or_else(|| (slugify(name, lang.as_str()), false), |s| (s.to_string(), true));
        memo.insert(name.to_string(), made.clone());
        made
    };
    match taxonomy {
        Taxonomy::Tags => article
            .tags
            .iter()
            .enumerate()
            .map(|(n, name)| {
                let (slug, fixed) = derived(name);
                Mention {
                    name: name.clone(),
                    slug,
                    fixed,
                    written: true,
                    span: article.span(article.spans.tags.get(n)),
                }
            })
            .collect(),
        Taxonomy::Locations => article
            .location
            .iter()
            .map(|l| Mention {
                name: l.name.clone(),
                slug: l.slug.clone(),
                fixed: true,
                written: l.name_written,
                span: article.span(article.spans.location.as_ref()),
            })
            .collect(),
        Taxonomy::Sources => article
            .source
            .iter()
            .map(|s| {
                // An inherited name is the original's word: site.toml may name it in that
                // language, and its slug then pairs the pages.
                let named = (!s.name_written)
                    .then(|| {
                        config
                            .langs()
                            .find_map(|l| config.terms.slug(Taxonomy::Sources, l, &s.name))
                    })
                    .flatten();
                let (slug, fixed) = match (&s.slug, named) {
                    (Some(given), _) => (given.clone(), true),
                    (None, Some(named)) => (named.to_string(), true),
                    (None, None) => derived(&s.name),
                };
                Mention {
                    name: s.name.clone(),
                    slug,
                    fixed,
                    written: s.name_written,
                    span: article.span(article.spans.source.as_ref()),
                }
            })
            .collect(),
    }
}

type TermIndex = HashMap<(Lang, Taxonomy), Vec<Term>>;

/// A word of one language and taxonomy, borrowed from its article.
type WordKey<'a> = (Lang, Taxonomy, &'a str);

fn collect_terms(
    config: &Config,
    articles: &[Arc<Article>],
    warnings: &mut Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> (TermIndex, Vec<TermSlugs>) {
    use rayon::prelude::*;
    // A term belongs to one language, so each language's terms are collected on a core of
    // their own (at 10,000 articles, a fifth of the time before rendering ran on one core).
    let langs: Vec<Lang> = config.langs().collect();
    let parts: Vec<LanguageTerms> = langs
        .par_iter()
        .map(|&lang| language_terms(config, articles, lang))
        .collect();
    let mut index = TermIndex::default();
    let mut term_slugs = vec![TermSlugs::default(); articles.len()];
    for part in parts {
        index.extend(part.index);
        for (i, slugs) in part.term_slugs {
            term_slugs[i] = slugs;
        }
        errors.extend(part.errors);
        warnings.extend(part.warnings);
    }
    (index, term_slugs)
}

/// One language's terms, and its articles' slugs by position in `site.articles`.
#[derive(Default)]
struct LanguageTerms {
    index: TermIndex,
    term_slugs: Vec<(usize, TermSlugs)>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

fn language_terms(config: &Config, articles: &[Arc<Article>], lang: Lang) -> LanguageTerms {
    use rayon::prelude::*;
    let mut out = LanguageTerms::default();
    let (positions, mine): (Vec<usize>, Vec<&Article>) = articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.lang == lang)
        .map(|(i, a)| (i, &**a))
        .unzip();
    // On all cores, each run of articles with its own memo of slugs made (a word's slug is
    // the same whichever run makes it).
    let mut all: Vec<Vec<Vec<Mention>>> = mine
        .par_chunks(512)
        .flat_map_iter(|run| {
            let mut slugs = SlugMemo::default();
            run.iter()
                .map(|article| {
                    Taxonomy::ALL
                        .iter()
                        .map(|&t| mentions(config, article, t, &mut slugs))
                        .collect()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    name_inherited_terms(config, &mine, &mut all);
    // Every distinct word per taxonomy, the slug it asks for, and which words ask for each
    // slug.
    let mut words: HashMap<(Lang, Taxonomy, &str), (String, bool, Span)> = HashMap::default();
    for (article, per_taxonomy) in mine.iter().zip(&all) {
        for (taxonomy, list) in Taxonomy::ALL.iter().zip(per_taxonomy) {
            for m in list {
                if m.slug.is_empty() {
                    out.errors.push(
                        Diagnostic::at_span(
                            &m.span,
                            format!("the {} `{}` gives no slug for its page", taxonomy.singular(), m.name),
                        )
                        .field(taxonomy.key())
                        .hint(format!(
                            "use a word with letters or digits, or name it in site.toml: [terms.{}.SLUG] {} = \"{}\"",
                            taxonomy.key(),
                            article.lang,
                            m.name
                        )),
                    );
                    continue;
                }
                words
                    .entry((article.lang, *taxonomy, m.name.as_str()))
                    .or_insert_with(|| (m.slug.clone(), m.fixed, m.span.clone()));
            }
        }
    }
    let slugs = resolve_clashes(&words, &mut out.errors, &mut out.warnings);
    // Second pass: file every article under its terms' final slugs.
    let mut at_of: HashMap<(Lang, Taxonomy, &str), usize> = HashMap::default();
    for ((&i, article), per_taxonomy) in positions.iter().zip(&mine).zip(&all) {
        let mut own = TermSlugs::default();
        for (taxonomy, list) in Taxonomy::ALL.iter().zip(per_taxonomy) {
            for m in list {
                let key = (article.lang, *taxonomy, m.name.as_str());
                let Some(slug) = slugs.get(&key) else {
                    continue;
                };
                let terms = out.index.entry((article.lang, *taxonomy)).or_default();
                let at = *at_of.entry(key).or_insert_with(|| {
                    terms.push(Term {
                        name: m.name.to_string(),
                        slug: slug.clone(),
                        articles: Vec::new(),
                    });
                    terms.len() - 1
                });
                if terms[at].articles.last() != Some(&i) {
                    terms[at].articles.push(i);
                }
                match taxonomy {
                    Taxonomy::Tags => own.tags.push(slug.clone()),
                    Taxonomy::Locations => own.location = Some((m.name.clone(), slug.clone())),
                    Taxonomy::Sources => own.source = Some((m.name.clone(), slug.clone())),
                }
            }
        }
        out.term_slugs.push((i, own));
    }
    for list in out.index.values_mut() {
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    out
}

/// A translation that leaves out its location's or source's name inherits the original's,
/// which is in the other language. Where the site knows this language's word for the same
/// place or outlet (named in site.toml's `[terms]`, or written by another article of this
/// language), that word is shown instead, so a German page says Chongqing, not 重庆.
fn name_inherited_terms(config: &Config, articles: &[&Article], all: &mut [Vec<Vec<Mention>>]) {
    let mut written: HashMap<(Lang, Taxonomy, String), String> = HashMap::default();
    for (article, per_taxonomy) in articles.iter().zip(all.iter()) {
        for (taxonomy, list) in Taxonomy::ALL.iter().zip(per_taxonomy) {
            for m in list.iter().filter(|m| m.written) {
                written
                    .entry((article.lang, *taxonomy, m.slug.clone()))
                    .or_insert_with(|| m.name.clone());
            }
        }
    }
    for (article, per_taxonomy) in articles.iter().zip(all.iter_mut()) {
        for (taxonomy, list) in Taxonomy::ALL.iter().zip(per_taxonomy.iter_mut()) {
            for m in list.iter_mut().filter(|m| !m.written) {
                let known = config
                    .terms
                    .name(*taxonomy, article.lang, &m.slug)
                    .map(str::to_string)
                    .or_else(|| written.get(&(article.lang, *taxonomy, m.slug.clone())).cloned());
                if let Some(name) = known {
                    m.name = name;
                }
            }
        }
    }
}

/// The final slug of every word. Derived slugs that clash get a suffix made from the word;
/// a clash between slugs an editor fixed is an error naming both places.
fn resolve_clashes<'a>(
    words: &HashMap<WordKey<'a>, (String, bool, Span)>,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> HashMap<WordKey<'a>, String> {
    let mut by_slug: HashMap<WordKey, Vec<(&str, bool, &Span)>> = HashMap::default();
    for ((lang, taxonomy, name), (slug, fixed, span)) in words {
        by_slug
            .entry((*lang, *taxonomy, slug.as_str()))
            .or_default()
            .push((name, *fixed, span));
    }
    let mut out = HashMap::with_capacity_and_hasher(words.len(), Default::default());
    for ((lang, taxonomy, slug), mut names) in by_slug {
        names.sort_by_key(|(name, _, _)| *name);
        let clash = names.len() > 1;
        let fixed: Vec<_> = names.iter().filter(|n| n.1).collect();
        if clash && fixed.len() > 1 {
            let (first, _, first_span) = fixed[0];
            for (name, _, span) in &fixed[1..] {
                errors.push(
                    Diagnostic::at_span(
                        span,
                        format!(
                            "the {} `{name}` and `{first}` ({}:{}) are given the same slug `{slug}`",
                            taxonomy.singular(),
                            first_span.file().display(),
                            first_span.line()
                        ),
                    )
                    .field(taxonomy.key())
                    .hint("one slug names one term: spell the term the same way everywhere, or give each its own slug"),
                );
            }
        }
        for (name, is_fixed, span) in &names {
            let final_slug = if clash && !is_fixed {
                warnings.push(
                    Diagnostic::warning(
                        span.file(),
                        format!(
                            "the {} `{name}` shares the slug `{slug}` with another word; its page gets a suffix",
                            taxonomy.singular()
                        ),
                    )
                    .spanned(span)
                    .as_warning()
                    .field(taxonomy.key())
                    .hint(format!(
                        "give it a lasting slug in site.toml: [terms.{}.SLUG] {lang} = \"{name}\"",
                        taxonomy.key()
                    )),
                );
                suffixed(slug, name)
            } else {
                slug.to_string()
            };
            out.insert((lang, taxonomy, *name), final_slug);
        }
    }
    out
}

/// `gongyi` → `gongyi-3f2a`: four hex digits of a hash of the word, so the suffix does not
/// depend on which other words the site holds.
fn suffixed(slug: &str, name: &str) -> String {
    format!("{slug}-{}", &crate::stable::hex(name.as_bytes())[..4])
}
