//! The render stage: from the plan to the bytes of every generated file. Nothing here
//! touches the output folder.
//!
//! Each kind of output declares its inputs once, in the module that renders it: a function
//! gathers an `…Inputs` struct (the frame of the page, the article cards it lists, the
//! template it uses), and the render function receives only that struct and the build's
//! `Tools` (templates, formatters, settings). A render function cannot read what it did not
//! declare, and the fingerprint of an output is the hash of its inputs, so a watch-mode
//! rebuild that renders only the outputs whose fingerprint changed writes the same bytes as
//! a full build, by construction. Articles enter inputs as `Card`s: a shared template value
//! and a hash of everything a template can show of it.

mod feeds;
pub(crate) mod frame;
mod lists;
mod pages;
mod search;
mod sitemap;
mod structured;
mod templates;
pub(crate) mod theme;
pub(crate) mod views;

pub(crate) use search::{index_files, search_output};

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::model::Article;
use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::plan::{Job, Plan};
use crate::route::Routes;
use crate::site::Site;
use templates::Templates;
use theme::Theme;

/// One set of date and number formatters per language, shared by all render threads.
pub(crate) type Locales = HashMap<Lang, Locale>;

/// What every render function may use besides its declared inputs: settings of the whole
/// build. A change to site.toml or the theme changes `global`, and with it every fingerprint.
pub(crate) struct Tools {
    pub templates: Arc<Templates>,
    pub locales: Arc<Locales>,
    /// Per language: how it writes a figure (CLDR data and the theme's words).
    quantities: HashMap<Lang, crate::quantity::QuantityFormatter>,
    pub routes: Routes,
    pub config: Config,
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Per language: the `site`, `language` and `i18n` values every page of it gets.
    language_values: HashMap<Lang, [tera::Value; 3]>,
    /// Hash of site.toml and the theme's templates and strings.
    global: u64,
    /// Hash of each template's text, by name.
    template_keys: HashMap<String, u64>,
}

impl Tools {
    pub(crate) fn locale(&self, lang: Lang) -> &Locale {
        &self.locales[&lang]
    }

    pub(crate) fn quantity(&self, lang: Lang) -> &crate::quantity::QuantityFormatter {
        &self.quantities[&lang]
    }

    pub(crate) fn i18n<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.strings
            .get(&lang)
            .and_then(|s| s.get(key))
            .map_or(key, String::as_str)
    }

    /// A count in words, by the language's plural rules: `reports_one = "{n} Bericht"`,
    /// `reports_other = "{n} Berichte"`; `_other` is the fallback every language has.
    pub(crate) fn counted(&self, lang: Lang, key: &str, n: usize) -> String {
        let locale = self.locale(lang);
        let strings = self.strings.get(&lang);
        let pattern = strings
            .and_then(|s| s.get(&[key, locale.plural(n)].join("_")))
            .or_else(|| strings.and_then(|s| s.get(&[key, "other"].join("_"))));
        let number = self.quantity(lang).number(&crate::quantity::Exact::from(n as i64));
        match pattern {
            Some(p) => p.replace("{n}", &number),
            None => number,
        }
    }

    /// What a page made with `template` depends on in the theme: its own text. Every other
    /// template and string is in `global`.
    pub(crate) fn template(&self, name: &'static str) -> Template {
        Template {
            name,
            key: self.template_keys.get(name).copied().unwrap_or_default(),
        }
    }
}

/// A template named by an output's inputs.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct Template {
    pub name: &'static str,
    key: u64,
}

/// A value shared by many outputs (an article card, the footer links), with a hash of what
/// it shows: inputs hash the key, templates read the value.
#[derive(Debug)]
pub(crate) struct Keyed<'r, T: ?Sized = tera::Value> {
    pub value: &'r T,
    pub key: u64,
}

impl<T: ?Sized> Clone for Keyed<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Keyed<'_, T> {}

impl<T: ?Sized> Hash for Keyed<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// An article's card in a job's inputs, which hash it by what it shows: a new body leaves
/// the lists that show the article as they were.
#[derive(Clone, Copy)]
pub(crate) struct Card<'r>(&'r Made);

impl<'r> Card<'r> {
    /// The article as templates see it.
    pub(crate) fn value(self) -> &'r tera::Value {
        &self.0.value
    }

    pub(crate) fn made(self) -> &'r Made {
        self.0
    }
}

impl Hash for Card<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let key = self.0.card.get_or_init(|| {
            let mut h = fingerprinter();
            serde_json::to_vec(&self.0.value).unwrap_or_default().hash(&mut h);
            h.finish()
        });
        key.hash(state);
    }
}

/// What the renderer makes of one article version, kept between watch-mode rebuilds.
pub(crate) struct Made {
    /// Which version of the article (and of its term links) this was made from.
    pub key: u64,
    pub value: tera::Value,
    /// A hash of everything a template can show of the article in a list, made when watch
    /// mode first fingerprints a list (a build never does).
    card: OnceLock<u64>,
    /// The `<img src="…"` of each of the article's own photos in its body, and what replaces
    /// it (srcset, size, lazy loading). The body's HTML itself is made when a page needs it
    /// (the article's page, a feed entry), not kept: at 10,000 articles that is 50 MB.
    images: Vec<(String, String)>,
    /// The lead photo, for structured data and feeds; boxed, as most articles have none and
    /// a build holds one `Made` per article of a language.
    pub image: Option<Box<views::ImageView>>,
    /// The article's card as the theme's `partials/article_card.html` renders it, made when a
    /// list first shows it: an article is on five or six lists (home, tags, place, source),
    /// and rendering the partial for each was a sixth of a build's time at 10,000 articles.
    card_html: OnceLock<Result<tera::Value, Box<Diagnostic>>>,
    /// What the calendar and the search index take from the article, made when first needed.
    pub vevent: OnceLock<String>,
    pub search: OnceLock<crate::search::Analysed>,
}

/// Nothing made: what a renderer of one language holds for the articles of another.
impl Default for Made {
    fn default() -> Self {
        Made {
            key: 0,
            value: tera::Value::none(),
            card: OnceLock::new(),
            images: Vec::new(),
            image: None,
            card_html: OnceLock::new(),
            vevent: OnceLock::new(),
            search: OnceLock::new(),
        }
    }
}

/// What the previous build made that the next can reuse: article renderings by article
/// version and term slugs, and the tools (until site.toml or the theme changes).
#[derive(Default)]
pub(crate) struct Cache {
    made: HashMap<u64, Arc<Made>>,
    tools: Option<Arc<Tools>>,
}

impl Cache {
    /// After a theme or config change: templates and strings must be loaded again.
    pub(crate) fn forget_tools(&mut self) {
        self.tools = None;
        self.made.clear();
    }
}

/// Everything shared by all jobs of one build.
pub(crate) struct Renderer<'a> {
    pub plan: &'a Plan,
    pub site: &'a Site,
    pub tools: Arc<Tools>,
    made: Vec<Arc<Made>>,
    /// Per language: the standalone pages the footer links.
    footers: HashMap<Lang, (tera::Value, u64)>,
    /// The only language whose articles were made, if one was chosen.
    lang: Option<Lang>,
}

/// Every kind of output's inputs, one variant per kind.
#[derive(Hash)]
enum Inputs<'r> {
    Chooser(pages::ChooserInputs<'r>),
    NotFound(pages::NotFoundInputs<'r>),
    Article(pages::ArticleInputs<'r>),
    Page(pages::PageInputs<'r>),
    Search(pages::SearchInputs<'r>),
    List(lists::ListInputs<'r>),
    ArchiveIndex(lists::ArchiveIndexInputs<'r>),
    Archive(lists::ArchiveInputs<'r>),
    Taxonomy(lists::TaxonomyInputs<'r>),
    Term(lists::TermInputs<'r>),
    Atom(feeds::AtomInputs<'r>),
    Calendar(feeds::CalendarInputs<'r>),
    SitemapIndex(sitemap::IndexInputs),
    Sitemap(sitemap::SitemapInputs<'r>),
    Robots,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(plan: &'a Plan, theme: &Theme) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        Ok(Renderer::with_tools(
            plan,
            Arc::new(make_tools(&plan.site.config, theme)?),
            None,
            None,
        ))
    }

    /// Like `new`, reusing the renderings of articles whose version has not changed since
    /// the cache was filled: a watch-mode rebuild formats only the edited article.
    pub(crate) fn with_cache(
        plan: &'a Plan,
        theme: &Theme,
        cache: &mut Cache,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let tools = match &cache.tools {
            Some(tools) => tools.clone(),
            None => {
                let tools = Arc::new(make_tools(&plan.site.config, theme)?);
                cache.tools = Some(tools.clone());
                tools
            }
        };
        Ok(Renderer::with_tools(plan, tools, Some(cache), None))
    }

    /// The renderer of a plan with tools made before (a build makes its search index with
    /// them first), filling `cache` when there is one. With `lang`, it makes the cards of
    /// that language's articles only, and renders only jobs of that language (see
    /// [`Job::lang`]): a build renders one language at a time, so that it never holds the
    /// cards of two (at 100,000 articles, a language's cards are about 430 MB).
    pub(crate) fn with_tools(
        plan: &'a Plan,
        tools: Arc<Tools>,
        cache: Option<&mut Cache>,
        lang: Option<Lang>,
    ) -> Renderer<'a> {
        let site = &plan.site;
        let shared = Shared::default();
        let cached = cache.as_ref().map(|c| &c.made);
        let unmade = Arc::new(Made::default());
        let made: Vec<Arc<Made>> = site
            .articles
            .par_iter()
            .zip(&site.term_slugs)
            .map(|(article, slugs)| {
                if lang.is_some_and(|l| l != article.lang) {
                    return unmade.clone();
                }
                let key = made_key(article, slugs, &site.photos);
                match cached.and_then(|c| c.get(&key)) {
                    Some(made) => made.clone(),
                    None => Arc::new(make_article(article, slugs, &site.photos, key, &tools, &shared)),
                }
            })
            .collect();
        if let Some(cache) = cache {
            cache.made = site
                .articles
                .iter()
                .zip(&site.term_slugs)
                .zip(&made)
                .map(|((a, slugs), made)| (made_key(a, slugs, &site.photos), made.clone()))
                .collect();
        }
        Renderer::with_made(plan, tools, made, lang)
    }

    /// A renderer that goes on with what an earlier renderer of the same plan and language
    /// made (see [`Renderer::into_made`]): a build frees the bodies' text between the pages
    /// that read them and the lists.
    pub(crate) fn with_made(
        plan: &'a Plan,
        tools: Arc<Tools>,
        made: Vec<Arc<Made>>,
        lang: Option<Lang>,
    ) -> Renderer<'a> {
        let site = &plan.site;
        let footers = site
            .config
            .langs()
            .map(|lang| (lang, pages::footer(site, &tools.routes, lang)))
            .collect();
        Renderer {
            plan,
            site,
            tools,
            made,
            footers,
            lang,
        }
    }

    /// What was made of each article, for the caller to free as it likes.
    pub(crate) fn into_made(self) -> Vec<Arc<Made>> {
        self.made
    }

    /// The card of an article, by position in `site.articles`.
    pub(crate) fn card(&self, i: usize) -> Card<'_> {
        self.check_made(i);
        Card(&self.made[i])
    }

    /// Everything made of an article, keyed by the version it was made from.
    pub(crate) fn made(&self, i: usize) -> Keyed<'_, Made> {
        self.check_made(i);
        Keyed {
            value: &self.made[i],
            key: self.made[i].key,
        }
    }

    /// A job of another language than the renderer's would show an empty card: a bug in
    /// the caller, which tests (debug builds) catch.
    fn check_made(&self, i: usize) {
        debug_assert!(
            self.lang.is_none_or(|l| self.site.articles[i].lang == l),
            "article {i} was not made by a renderer of {:?}",
            self.lang
        );
    }

    pub(crate) fn footer(&self, lang: Lang) -> Keyed<'_> {
        let (value, key) = &self.footers[&lang];
        Keyed { value, key: *key }
    }

    fn inputs(&self, job: Job) -> Inputs<'_> {
        match job {
            Job::LanguageChooser => Inputs::Chooser(self.chooser_inputs()),
            Job::NotFound => Inputs::NotFound(self.not_found_inputs()),
            Job::Article(i) => Inputs::Article(self.article_inputs(i)),
            Job::Page(i) => Inputs::Page(self.page_inputs(i)),
            Job::SearchPage { lang } => Inputs::Search(self.search_page_inputs(lang)),
            Job::Home { lang, page } => Inputs::List(self.home_inputs(lang, page)),
            Job::ArchiveIndex { lang } => Inputs::ArchiveIndex(self.archive_index_inputs(lang)),
            Job::ArchiveYear { lang, year } => Inputs::Archive(self.archive_inputs(lang, year)),
            Job::TaxonomyList { lang, taxonomy } => Inputs::Taxonomy(self.taxonomy_inputs(lang, taxonomy)),
            Job::Term {
                lang,
                taxonomy,
                term,
                page,
            } => Inputs::Term(self.term_inputs(lang, taxonomy, term, page)),
            Job::Atom { lang } => Inputs::Atom(self.atom_inputs(lang)),
            Job::Calendar { lang } => Inputs::Calendar(self.calendar_inputs(lang)),
            Job::SitemapIndex => Inputs::SitemapIndex(self.sitemap_index_inputs()),
            Job::Sitemap(n) => Inputs::Sitemap(self.sitemap_inputs(n)),
            Job::Robots => Inputs::Robots,
        }
    }

    /// Renders one job.
    pub(crate) fn render(&self, job: Job) -> Result<Vec<u8>, Diagnostic> {
        let tools = &*self.tools;
        let bytes = match self.inputs(job) {
            Inputs::Chooser(i) => pages::chooser(tools, i)?,
            Inputs::NotFound(i) => pages::not_found(tools, i)?,
            Inputs::Article(i) => pages::article(tools, i)?,
            Inputs::Page(i) => pages::page(tools, i)?,
            Inputs::Search(i) => pages::search_page(tools, i)?,
            Inputs::List(i) => lists::home(tools, i)?,
            Inputs::ArchiveIndex(i) => lists::archive_index(tools, i)?,
            Inputs::Archive(i) => lists::archive(tools, i)?,
            Inputs::Taxonomy(i) => lists::taxonomy(tools, i)?,
            Inputs::Term(i) => lists::term(tools, i)?,
            Inputs::Atom(i) => feeds::atom(tools, i).into_bytes(),
            Inputs::Calendar(i) => feeds::calendar(tools, i).into_bytes(),
            Inputs::SitemapIndex(i) => sitemap::index(tools, i).into_bytes(),
            Inputs::Sitemap(i) => sitemap::sitemap(tools, i).into_bytes(),
            Inputs::Robots => sitemap::robots(tools).into_bytes(),
        };
        Ok(bytes)
    }

    /// The fingerprint of a job: two builds that give a job the same fingerprint write the
    /// same bytes for it.
    pub(crate) fn fingerprint(&self, job: Job) -> u64 {
        let mut h = fingerprinter();
        self.tools.global.hash(&mut h);
        self.inputs(job).hash(&mut h);
        h.finish()
    }

    /// The fingerprint of a language's search index, from the same declared inputs.
    pub(crate) fn search_fingerprint(&self, lang: Lang) -> u64 {
        let mut h = fingerprinter();
        self.tools.global.hash(&mut h);
        self.search_inputs(lang).hash(&mut h);
        h.finish()
    }

    /// Renders `jobs` in parallel and hands each file to `sink` as soon as it is rendered, so
    /// a build holds one page per thread in memory, not the site. The same template error
    /// would repeat for every page; it is reported once.
    pub(crate) fn render_each(
        &self,
        jobs: &[(usize, Job)],
        sink: impl Fn(usize, Vec<u8>) -> Result<(), Diagnostic> + Sync,
    ) -> Result<(), Vec<Diagnostic>> {
        // The long jobs from the start, one after another on one core: one at a time, since
        // a year of the archive at 100,000 articles is 10,000 cards, and two of them at once
        // raised the build's peak memory. The rest on all cores, in runs small enough that no
        // core is left with a long run of its own at the end (rayon splits by count, not by
        // cost).
        let (long, short): (Vec<&(usize, Job)>, Vec<_>) = jobs.iter().partition(|(_, job)| crate::plan::is_long(*job));
        let render = |&&(n, job): &&(usize, Job)| self.render(job).and_then(|bytes| sink(n, bytes)).err();
        let (mut errors, more): (Vec<Diagnostic>, Vec<Diagnostic>) = rayon::join(
            || long.iter().filter_map(render).collect(),
            || short.par_iter().with_max_len(8).filter_map(render).collect(),
        );
        errors.extend(more);
        if errors.is_empty() {
            return Ok(());
        }
        crate::diagnostics::sort(&mut errors);
        Err(errors)
    }
}

/// The hasher of every fingerprint: fixed, so fingerprints compare across rebuilds of one
/// session; foldhash's quality variant, several times faster than SipHash on these short inputs.
pub(crate) fn fingerprinter() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x6761_7a65_7474_6500).build_hasher()
}

/// Which rendering of an article a cache may reuse: the article's version and the slugs its
/// term links use (another article's new tag can change them).
fn made_key(article: &Article, slugs: &crate::site::TermSlugs, photos: &crate::photos::Photos) -> u64 {
    let mut h = fingerprinter();
    (article.version, slugs).hash(&mut h);
    // A photo replaced under the same name changes the page's sizes and srcset.
    for asset in &article.assets {
        if let Some(photo) = photos.get(&asset.source) {
            (photo.width, photo.height, &photo.fallback.file).hash(&mut h);
            photo.variants.iter().for_each(|v| v.file.hash(&mut h));
        }
    }
    h.finish()
}

fn make_article(
    article: &Article,
    slugs: &crate::site::TermSlugs,
    photos: &crate::photos::Photos,
    key: u64,
    tools: &Tools,
    shared: &Shared,
) -> Made {
    // Citations become the figure as this language writes it, so the text and the figures
    // box say the same; every key was checked when the article was loaded.
    let summary = crate::markdown::fill(&article.summary, cite(tools, article)).into_owned();
    let view = views::article_view(article, slugs, photos, tools, summary);
    Made {
        key,
        image: view.image.clone().map(Box::new),
        value: shared.card(&view),
        card: OnceLock::new(),
        images: responsive_images(article, photos),
        card_html: OnceLock::new(),
        vevent: OnceLock::new(),
        search: OnceLock::new(),
    }
}

/// The theme's card partial, which lists show for each article.
pub(crate) const CARD_TEMPLATE: &str = "partials/article_card.html";

impl Made {
    /// The summary, citations filled in, read from the card rather than kept twice.
    pub(crate) fn summary(&self) -> &str {
        self.value
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::Str("summary")))
            .and_then(tera::Value::as_str)
            .unwrap_or_default()
    }

    /// The card's HTML: the card partial rendered with `a` (this article), `lang`, `site`,
    /// `language` and `i18n`. A theme without the partial gets none.
    pub(crate) fn card_html(&self, tools: &Tools, lang: Lang) -> Result<Option<tera::Value>, Diagnostic> {
        if !tools.templates.has(CARD_TEMPLATE) {
            return Ok(None);
        }
        let made = self.card_html.get_or_init(|| {
            let [site, language, i18n] = tools.language_values[&lang].clone();
            let mut context = tera::Context::new();
            context.insert_value("site", site);
            context.insert("lang", &lang);
            context.insert_value("language", language);
            context.insert_value("i18n", i18n);
            context.insert_value("a", self.value.clone());
            let bytes = tools.templates.render_part(CARD_TEMPLATE, &context).map_err(Box::new)?;
            Ok(tera::Value::safe_string(&String::from_utf8_lossy(&bytes)))
        });
        made.clone().map(Some).map_err(|e| *e)
    }

    /// The article's body as HTML: citations filled, photos responsive.
    pub(crate) fn html(&self, tools: &Tools, article: &Article) -> String {
        let body = crate::content::body_html(&tools.config, article.lang, &article.file, &article.body);
        let mut html = crate::markdown::fill_html(&body, cite(tools, article)).into_owned();
        for (plain, responsive) in &self.images {
            html = html.replace(plain, responsive);
        }
        html
    }
}

/// The parts of cards that many articles have in common, each made into a template value once
/// and shared (a `tera::Value` map is an `Arc`): at 10,000 articles the tags, places, sources
/// and days of the cards were 40 MB of identical copies.
#[derive(Default)]
struct Shared {
    dates: Interner<views::DateView>,
    links: Interner<views::LinkView>,
    locations: Interner<views::LocationView>,
    sources: Interner<views::SourceView>,
}

struct Interner<T>(std::sync::Mutex<HashMap<T, tera::Value>>);

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner(std::sync::Mutex::new(HashMap::new()))
    }
}

impl<T: serde::Serialize + Eq + Hash + Clone> Interner<T> {
    fn value(&self, part: &T) -> tera::Value {
        let mut values = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = values.get(part) {
            return value.clone();
        }
        let value = tera::Value::from_serializable(part);
        values.insert(part.clone(), value.clone());
        value
    }

    fn option(&self, part: Option<&T>) -> tera::Value {
        part.map_or_else(tera::Value::none, |p| self.value(p))
    }
}

impl Shared {
    /// The template value of an article: its own fields, and the shared ones by reference.
    fn card(&self, view: &views::ArticleView) -> tera::Value {
        use tera::value::Key;
        let mut map = tera::Value::from_serializable(view).into_map().unwrap_or_default();
        map.insert(Key::Str("date"), self.dates.value(&view.date));
        map.insert(Key::Str("updated"), self.dates.option(view.updated.as_ref()));
        let tags: Vec<tera::Value> = view.tags.iter().map(|t| self.links.value(t)).collect();
        map.insert(Key::Str("tags"), tera::Value::from(tags));
        map.insert(Key::Str("location"), self.locations.option(view.location.as_ref()));
        map.insert(Key::Str("source"), self.sources.option(view.source.as_ref()));
        tera::Value::from(map)
    }
}

/// A cited figure's value as the article's language writes it, by its key.
pub(crate) fn cite<'a>(tools: &'a Tools, article: &'a Article) -> impl Fn(&str) -> Option<String> + 'a {
    let quantities = tools.quantity(article.lang);
    move |key: &str| {
        article
            .figures
            .iter()
            .find(|f| f.key.as_deref() == Some(key))
            .map(|f| quantities.format(&f.quantity))
    }
}

/// The tools of a build: templates, formatters and settings, made from site.toml and the theme.
pub(crate) fn make_tools(config: &Config, theme: &Theme) -> Result<Tools, Vec<Diagnostic>> {
    let locales: Locales = config
        .languages
        .par_iter()
        .map(|l| (l.lang, Locale::new(l.lang.as_str())))
        .collect();
    let locales = Arc::new(locales);
    let templates = Arc::new(Templates::new(theme, locales.clone())?);
    let routes = Routes::new(config);
    let language_values = frame::language_values(config, theme, &routes);
    let mut quantities = HashMap::new();
    let mut errors = Vec::new();
    for lang in config.langs() {
        let empty = BTreeMap::new();
        let words = theme.strings.get(&lang).unwrap_or(&empty);
        match crate::quantity::QuantityFormatter::new(lang.as_str(), words) {
            Ok(formatter) => {
                quantities.insert(lang, formatter);
            }
            Err(e) => {
                errors.push(Diagnostic::error("site.toml", e.message).field(["languages", lang.as_str()].join(".")))
            }
        }
        for e in crate::quantity::check_words(words) {
            let d = Diagnostic::error(theme.strings_file(lang), e.message);
            errors.push(match e.hint {
                Some(hint) => d.hint(hint),
                None => d,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut global = fingerprinter();
    config.text.hash(&mut global);
    theme.strings.hash(&mut global);
    let mut template_keys = HashMap::new();
    for t in &theme.templates {
        let mut h = fingerprinter();
        t.text.hash(&mut h);
        if frame::TOP_LEVEL.contains(&t.name.as_str()) {
            template_keys.insert(t.name.clone(), h.finish());
        } else {
            // base.html and partials are shared by every page.
            (&t.name, h.finish()).hash(&mut global);
        }
    }
    Ok(Tools {
        templates,
        locales,
        quantities,
        routes,
        config: config.clone(),
        strings: theme.strings.clone(),
        language_values,
        global: global.finish(),
        template_keys,
    })
}

/// Markdown images of the article's own photos get their WebP `srcset`, their size (so the
/// page does not shift while they load), and load lazily: each `<img src="…"` to replace,
/// with its replacement.
fn responsive_images(article: &Article, photos: &crate::photos::Photos) -> Vec<(String, String)> {
    let mut images = Vec::new();
    for link in article.body.links.iter().filter(|l| l.image) {
        let Some(emitted) = &link.emitted else { continue };
        let Some(asset) = article
            .assets
            .iter()
            .find(|a| a.relative == link.url.trim_start_matches("./"))
        else {
            continue;
        };
        let Some(photo) = photos.get(&asset.source) else {
            continue;
        };
        let escaped = quick_xml::escape::escape(emitted.as_str());
        let plain = ["<img src=\"", &escaped, "\""].concat();
        let responsive = format!(
            "{plain} srcset=\"{}\" sizes=\"(min-width: 48rem) 48rem, 100vw\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"",
            quick_xml::escape::escape(crate::photos::srcset(emitted, photo).as_str()),
            photo.fallback.width,
            photo.fallback.height
        );
        // The same photo shown twice is one replacement, or the second would apply twice.
        if !images.iter().any(|(p, _)| *p == plain) {
            images.push((plain, responsive));
        }
    }
    images
}

/// When an article last changed: `updated` if given and later, else its publication.
pub(crate) fn latest_change(article: &Article) -> jiff::ZonedDateTime {
    article
        .updated
        .clone()
        .filter(|u| *u > article.date)
        .unwrap_or_else(|| article.date.clone())
}
