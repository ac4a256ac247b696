//! The plan: every file the site will have, where it comes from and where it goes, made once
//! from the loaded site and the theme. `build` writes it, `check` validates it, `serve` keeps
//! it and renders again only what changed — so `check` sees every collision `build` would,
//! because they look at the same list.
//!
//! A collision (two outputs writing one file) names both sources: the files and lines of
//! slugs, the static file, or the page gazette generates there.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use crate::config::{Lang, Taxonomy};
use crate::diagnostics::{Diagnostic, Span};
use crate::render::theme::{StaticFile, Theme};
use crate::route::{OutputPath, Routes, SitePath};
use crate::site::Site;

/// One generated file. Languages are carried as codes; articles, pages and terms as their
/// positions in the site's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    LanguageChooser,
    NotFound,
    Robots,
    SitemapIndex,
    /// The `n`th sitemap file, from 1.
    Sitemap(usize),
    Home {
        lang: Lang,
        page: usize,
    },
    ArchiveIndex {
        lang: Lang,
    },
    ArchiveYear {
        lang: Lang,
        year: i16,
    },
    TaxonomyList {
        lang: Lang,
        taxonomy: Taxonomy,
    },
    Term {
        lang: Lang,
        taxonomy: Taxonomy,
        term: usize,
        page: usize,
    },
    Article(usize),
    Page(usize),
    SearchPage {
        lang: Lang,
    },
    Atom {
        lang: Lang,
    },
    Calendar {
        lang: Lang,
    },
}

/// What goes into one output file.
#[derive(Debug, Clone)]
pub(crate) enum What {
    Render(Job),
    /// A language's search index: many files below `/{lang}/search/`, whose names depend on
    /// their contents. The planned file is the manifest; the folders `c/` and `f/` beside it
    /// belong to the index alone.
    Search(Lang),
    /// A file copied as it is (site static files, bundle files).
    Copy(PathBuf),
    /// A file of the built-in theme.
    Embedded(&'static [u8]),
}

/// Who asked for an output, for collision messages.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A content file's slug (or the top of the file when the slug is derived).
    Content(Span),
    /// A file copied from the site or the theme.
    Copied(PathBuf),
    /// A page gazette makes itself.
    Generated(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub file: OutputPath,
    pub what: What,
}

pub(crate) struct Plan {
    pub site: Site,
    pub outputs: Vec<Planned>,
    /// How many HTML pages the sitemap files list, in the order of `outputs`.
    pub sitemap_pages: usize,
}

impl Plan {
    pub(crate) fn jobs(&self) -> impl Iterator<Item = Job> + '_ {
        self.outputs.iter().filter_map(|o| match o.what {
            What::Render(job) => Some(job),
            _ => None,
        })
    }

    /// The HTML pages the sitemap lists, in order.
    pub(crate) fn pages(&self) -> impl Iterator<Item = Job> + '_ {
        self.jobs().filter(|job| is_listed_page(*job))
    }
}

impl Job {
    /// The language whose articles the job's file may show; `None` for the site-wide files
    /// (language chooser, 404 page, robots.txt, sitemaps), which show no article.
    pub(crate) fn lang(self, site: &Site) -> Option<Lang> {
        match self {
            Job::LanguageChooser | Job::NotFound | Job::Robots | Job::SitemapIndex | Job::Sitemap(_) => None,
            Job::Home { lang, .. }
            | Job::ArchiveIndex { lang }
            | Job::ArchiveYear { lang, .. }
            | Job::TaxonomyList { lang, .. }
            | Job::Term { lang, .. }
            | Job::SearchPage { lang }
            | Job::Atom { lang }
            | Job::Calendar { lang } => Some(lang),
            Job::Article(i) => site.articles.get(i).map(|a| a.lang),
            Job::Page(i) => site.pages.get(i).map(|p| p.lang),
        }
    }
}

/// Whether a job covers a whole language or a year of it (a feed, the calendar, a sitemap, the
/// archive): one such job takes as long as hundreds of article pages, so it is started first,
/// or the last core to finish would render it alone (see `Renderer::render_each`).
pub(crate) fn is_long(job: Job) -> bool {
    matches!(
        job,
        Job::Atom { .. }
            | Job::Calendar { .. }
            | Job::Sitemap(_)
            | Job::ArchiveIndex { .. }
            | Job::ArchiveYear { .. }
            | Job::TaxonomyList { .. }
    )
}

/// Whether a job reads articles' bodies (their pages and the feed that carries them); a build
/// renders these first, then frees the bodies' text.
pub(crate) fn reads_bodies(job: Job) -> bool {
    matches!(job, Job::Article(_) | Job::Atom { .. })
}

/// Whether a job is an HTML page of the site's content (listed in the sitemap).
pub(crate) fn is_listed_page(job: Job) -> bool {
    !matches!(
        job,
        Job::LanguageChooser
            | Job::NotFound
            | Job::Robots
            | Job::SitemapIndex
            | Job::Sitemap(_)
            | Job::Atom { .. }
            | Job::Calendar { .. }
    )
}

/// Lists every output of the site and checks that each file is written once; a second
/// output for a file is reported and left out of the plan.
pub(crate) fn make(site: Site, theme: &Theme) -> (Plan, Vec<Diagnostic>) {
    // Every page's path and origin, on all cores (at 100,000 articles, 300,000 paths).
    let mut outputs: Vec<_> = {
        use rayon::prelude::*;
        page_jobs(&site)
            .into_par_iter()
            .with_min_len(512)
            .map(|job| (path_of(&site, job), What::Render(job), origin_of(&site, job)))
            .collect()
    };
    let pages = outputs.len();
    let mut push = |path: SitePath, what: What, origin: Origin| {
        outputs.push((path, what, origin));
    };
    let per_file = site.config.feeds.sitemap_urls;
    let files = (pages + 1).div_ceil(per_file).max(1);
    for job in [Job::LanguageChooser, Job::NotFound, Job::Robots, Job::SitemapIndex]
        .into_iter()
        .chain((1..=files).map(Job::Sitemap))
        .chain(
            site.config
                .langs()
                .flat_map(|lang| [Job::Atom { lang }, Job::Calendar { lang }]),
        )
    {
        push(path_of(&site, job), What::Render(job), origin_of(&site, job));
    }
    for lang in site.config.langs() {
        let origin = Origin::Generated(format!("the {lang} search index"));
        push(Routes::search_file(lang, "index.json"), What::Search(lang), origin);
    }
    for (relative, file) in &theme.static_files {
        let (what, origin) = match file {
            StaticFile::Embedded(bytes) => (
                What::Embedded(bytes),
                Origin::Copied(PathBuf::from("(built-in theme)/static").join(relative)),
            ),
            StaticFile::OnDisk { path, display } => (What::Copy(path.clone()), Origin::Copied(display.clone())),
        };
        push(Routes::static_file(relative), what, origin);
    }
    let bundles = site.articles.iter().map(|a| (&a.path, &a.assets));
    for (page, assets) in bundles.chain(site.pages.iter().map(|p| (&p.path, &p.assets))) {
        for asset in assets {
            let origin = Origin::Copied(asset.display.clone());
            // A photo publishes its processed files (no metadata), never the file as it is.
            match site.photos.published(asset) {
                Some(files) => {
                    for file in files {
                        let what = What::Copy(file.file.to_path_buf());
                        push(Routes::beside(page, &file.relative), what, origin.clone());
                    }
                }
                None if crate::photos::is_photo(&asset.relative) => {}
                None => push(
                    Routes::beside(page, &asset.relative),
                    What::Copy(asset.source.clone()),
                    origin,
                ),
            }
        }
    }
    let (outputs, errors) = check_files(outputs);
    let plan = Plan {
        site,
        outputs,
        sitemap_pages: pages,
    };
    (plan, errors)
}

/// Every HTML page of the site's content, in the order the sitemap lists them.
fn page_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for lang in site.config.langs() {
        let pages = pages_for(site, site.article_indices(lang).len());
        jobs.extend((1..=pages).map(|page| Job::Home { lang, page }));
        jobs.push(Job::ArchiveIndex { lang });
        jobs.extend(
            site.years(lang)
                .into_iter()
                .map(|(year, _)| Job::ArchiveYear { lang, year }),
        );
        jobs.push(Job::SearchPage { lang });
        for taxonomy in Taxonomy::ALL {
            jobs.push(Job::TaxonomyList { lang, taxonomy });
            for (term, t) in site.terms(lang, taxonomy).iter().enumerate() {
                let pages = pages_for(site, t.articles.len());
                jobs.extend((1..=pages).map(|page| Job::Term {
                    lang,
                    taxonomy,
                    term,
                    page,
                }));
            }
        }
    }
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

/// The lists that show the article at `i` in `site.articles`: the page of its language's
/// home, of its year's archive and of each of its terms that it is on, and the feeds.
pub(crate) fn lists_of(site: &Site, i: usize) -> Vec<Job> {
    let article = &site.articles[i];
    let lang = article.lang;
    let page_in = |indices: &[usize]| {
        indices
            .iter()
            .position(|&at| at == i)
            .map(|n| n / site.config.paginate_by + 1)
    };
    let mut jobs = vec![
        Job::ArchiveYear {
            lang,
            year: article.date.date().year(),
        },
        Job::Atom { lang },
        Job::Calendar { lang },
    ];
    jobs.extend(page_in(site.article_indices(lang)).map(|page| Job::Home { lang, page }));
    let slugs = &site.term_slugs[i];
    let terms = [
        (Taxonomy::Tags, slugs.tags.iter().collect::<Vec<_>>()),
        (Taxonomy::Locations, slugs.location.iter().map(|(_, s)| s).collect()),
        (Taxonomy::Sources, slugs.source.iter().map(|(_, s)| s).collect()),
    ];
    for (taxonomy, slugs) in terms {
        for slug in slugs {
            let Some(term) = site.term_position(lang, taxonomy, slug) else {
                continue;
            };
            let page = page_in(&site.terms(lang, taxonomy)[term].articles);
            jobs.extend(page.map(|page| Job::Term {
                lang,
                taxonomy,
                term,
                page,
            }));
        }
    }
    jobs
}

/// How many pages a list of `items` articles takes.
pub(crate) fn pages_for(site: &Site, items: usize) -> usize {
    items.div_ceil(site.config.paginate_by).max(1)
}

/// Where a job's output lives.
pub(crate) fn path_of(site: &Site, job: Job) -> SitePath {
    match job {
        Job::LanguageChooser => Routes::chooser(),
        Job::NotFound => Routes::not_found(),
        Job::Robots => Routes::robots(),
        Job::SitemapIndex => Routes::sitemap_index(),
        Job::Sitemap(n) => Routes::sitemap(n),
        Job::Home { lang, page } => Routes::paged(&Routes::home(lang), page),
        Job::ArchiveIndex { lang } => Routes::archive(lang),
        Job::ArchiveYear { lang, year } => Routes::archive_year(lang, year),
        Job::TaxonomyList { lang, taxonomy } => Routes::taxonomy(lang, taxonomy),
        Job::Term {
            lang,
            taxonomy,
            term,
            page,
        } => Routes::paged(
            &Routes::term(lang, taxonomy, &site.terms(lang, taxonomy)[term].slug),
            page,
        ),
        Job::Article(i) => site.articles[i].path.clone(),
        Job::Page(i) => site.pages[i].path.clone(),
        Job::SearchPage { lang } => Routes::search(lang),
        Job::Atom { lang } => Routes::atom(lang),
        Job::Calendar { lang } => Routes::calendar(lang),
    }
}

fn origin_of(site: &Site, job: Job) -> Origin {
    let generated = |what: String| Origin::Generated(what);
    match job {
        Job::Article(i) => Origin::Content(site.articles[i].slug_span()),
        Job::Page(i) => Origin::Content(site.pages[i].slug_span()),
        Job::LanguageChooser => generated("the language chooser".into()),
        Job::NotFound => generated("the 404 page".into()),
        Job::Robots => generated("the robots.txt gazette writes".into()),
        Job::SitemapIndex | Job::Sitemap(_) => generated("the sitemap".into()),
        Job::Home { lang, page } => generated(format!("page {page} of the {lang} home")),
        Job::ArchiveIndex { lang } | Job::ArchiveYear { lang, .. } => generated(format!("the {lang} archive")),
        Job::TaxonomyList { lang, taxonomy } => generated(format!("the {lang} list of {}", taxonomy.key())),
        Job::Term {
            lang, taxonomy, term, ..
        } => generated(format!(
            "the {lang} page of the {} `{}`",
            taxonomy.singular(),
            site.terms(lang, taxonomy)[term].name
        )),
        Job::SearchPage { lang } => generated(format!("the {lang} search")),
        Job::Atom { lang } => generated(format!("the {lang} Atom feed")),
        Job::Calendar { lang } => generated(format!("the {lang} calendar")),
    }
}

/// Checks every output file: inside the output folder, and written by one source only.
fn check_files(outputs: Vec<(SitePath, What, Origin)>) -> (Vec<Planned>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    // The search index names its files by their contents, so no other output may live in the
    // folders it owns.
    let owned: Vec<(String, &Origin)> = outputs
        .iter()
        .filter(|(_, what, _)| matches!(what, What::Search(_)))
        .flat_map(|(path, _, origin)| {
            let index = path.output();
            let folder = index.as_str().trim_end_matches("index.json");
            ["c/", "f/"].map(|sub| ([folder, sub].concat(), origin))
        })
        .collect();
    // On one core: the plan keeps these, and made on all cores beside the page paths
    // (which go at the end of this function) they held about 20 MB more at 100,000
    // articles, in memory the allocator could not reuse.
    let files: Vec<Option<OutputPath>> = outputs
        .iter()
        .map(|(path, _, _)| OutputPath::new(path.output().as_str()))
        .collect();
    // Who asked for each file is in `outputs`, for the messages only: an article's origin
    // holds its file's text, which a build frees once the article's page is written.
    let origin = |n: usize| &outputs[n].2;
    let mut keep = vec![false; outputs.len()];
    let mut first: HashMap<&str, usize> = HashMap::with_capacity_and_hasher(outputs.len(), Default::default());
    for (n, file) in files.iter().enumerate() {
        let Some(file) = file else {
            let message = format!("would write {}, outside the output folder", outputs[n].0);
            errors.push(located(origin(n), message));
            continue;
        };
        if let Some((_, owner)) = owned
            .iter()
            .find(|(folder, _)| file.as_str().starts_with(folder.as_str()))
        {
            errors.push(collision(file, owner, origin(n)));
            continue;
        }
        match first.entry(file.as_str()) {
            std::collections::hash_map::Entry::Occupied(e) => errors.push(collision(file, origin(*e.get()), origin(n))),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(n);
                keep[n] = true;
            }
        }
    }
    drop(first);
    // A path cannot be a file and a folder at once: a page with the slug `atom.xml` would
    // write `de/atom.xml/index.html` where the feed is the file `de/atom.xml`. Folders are
    // recorded deepest first; a folder already known has all its parents recorded too.
    let kept = || {
        files
            .iter()
            .enumerate()
            .filter(|&(n, _)| keep[n])
            .filter_map(|(n, f)| Some((n, f.as_ref()?.as_str())))
    };
    let mut folders: HashMap<&str, usize> = HashMap::default();
    for (n, file) in kept() {
        for (end, _) in file.rmatch_indices('/') {
            if folders.insert(&file[..end], n).is_some() {
                break;
            }
        }
    }
    let clashes: Vec<(usize, usize)> = kept()
        .filter_map(|(n, file)| folders.get(file).map(|&inside| (n, inside)))
        .collect();
    for &(n, inside) in &clashes {
        if let Some(file) = &files[n] {
            errors.push(collision(file, origin(n), origin(inside)));
        }
    }
    drop(folders);
    for (n, _) in clashes {
        keep[n] = false;
    }
    let planned = outputs
        .into_iter()
        .zip(files)
        .zip(keep)
        .filter_map(|(((_, what, _), file), keep)| {
            Some(Planned {
                file: file.filter(|_| keep)?,
                what,
            })
        })
        .collect();
    (planned, errors)
}

fn collision(file: &OutputPath, first: &Origin, second: &Origin) -> Diagnostic {
    // Report at the editor's file where there is one: that is what they can change.
    let (here, there) = match (first, second) {
        (Origin::Content(_), Origin::Content(_)) => (second, first),
        (Origin::Content(_), _) => (first, second),
        _ => (second, first),
    };
    let hint = match (here, there) {
        (Origin::Content(_), _) => "give one of them a different `slug` in its front matter",
        (Origin::Copied(_), Origin::Generated(_)) => "gazette makes this file itself: remove or rename the copied one",
        _ => "rename one of the two files",
    };
    let d = located(here, format!("this and {} would both write {file}", describe(there))).hint(hint);
    if matches!(here, Origin::Content(_)) {
        d.field("slug")
    } else {
        d
    }
}

fn describe(origin: &Origin) -> String {
    match origin {
        Origin::Content(span) => format!("{}:{}", span.file().display(), span.line()),
        Origin::Copied(path) => path.display().to_string(),
        Origin::Generated(what) => what.clone(),
    }
}

fn located(origin: &Origin, message: String) -> Diagnostic {
    match origin {
        Origin::Content(span) => Diagnostic::at_span(span, message),
        Origin::Copied(path) => Diagnostic::error(path, message),
        Origin::Generated(what) => Diagnostic::error("site.toml", format!("{what}: {message}")),
    }
}
