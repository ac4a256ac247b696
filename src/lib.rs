//! gazette: a static site generator for bilingual event publications.
//!
//! The pipeline runs one way: `config` reads site.toml, `content` loads and validates every
//! article and page, `site` indexes them, `plan` lists every output file with its source
//! (and finds collisions), `render` turns planned jobs into bytes, and `output` writes them
//! aside and swaps them in. `build`, `check` and `serve` share the plan: build writes it,
//! check validates it, serve keeps it and re-renders what changed. Only `output` touches
//! the output folder. docs/architecture.md walks through the stages.

mod check;
mod config;
mod content;
mod diagnostics;
mod images;
mod locale;
mod markdown;
mod output;
mod photos;
mod plan;
mod quantity;
mod render;
mod route;
mod scaffold;
mod schema;
mod search;
mod serve;
mod site;
mod slug;
mod stable;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use check::check;
pub use diagnostics::{Diagnostic, Kind, Severity, print_all as print_diagnostics};
pub use scaffold::{confirm_translation, init, new_article, translate};
pub use serve::{print_outcome, serve, watch};

use plan::Plan;
use render::theme::Theme;
use site::Site;

/// What `gazette build` (and `serve`, `check`) was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (with site.toml).
    pub root: PathBuf,
    /// Defaults to `public/` in the site folder.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's base_url, e.g. for a preview deployment.
    pub base_url: Option<String>,
    /// Include articles and pages marked `draft = true`.
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Replace an output folder that gazette did not create.
    pub force: bool,
}

impl BuildOptions {
    /// The output folder: `--output`, or `public/` in the site folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did, for the summary line and the benchmark.
#[derive(Debug)]
pub struct BuildReport {
    /// Article versions published (each language counts).
    pub articles: usize,
    /// Standalone pages published.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Bytes of the rendered (not copied) files.
    pub bytes: usize,
    /// Photos decoded and processed by this build (0 when the cache had them all).
    pub photos_processed: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Wall time from start to the swap.
    pub elapsed: Duration,
    /// What the build still holds in memory.
    pub held: Held,
}

/// What a finished build still holds: its articles and the last language's cards, millions
/// of allocations at 100,000 articles. Dropping it frees them on all cores. The command line
/// forgets it instead, because the process ends right after: at 10,000 articles, freeing
/// took about 45 ms of a 2.5 s build.
pub struct Held {
    made: Vec<std::sync::Arc<render::Made>>,
    plan: Option<Plan>,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Held")
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        free_in_parallel(std::mem::take(&mut self.made));
        if let Some(plan) = self.plan.take() {
            free_in_parallel(plan.site.articles);
        }
    }
}

/// Everything loaded for a run: the plan and theme where they could be made, and every
/// error found on the way. `build` stops at any error; `check` goes on with what loaded.
pub(crate) struct Loaded {
    pub plan: Option<(Plan, Theme)>,
    pub errors: Vec<Diagnostic>,
}

/// Loads config, content and theme, indexes the site and makes its plan. All errors of all
/// stages come back together, sorted by file.
pub(crate) fn load(options: &BuildOptions, front: content::FrontMatter) -> Loaded {
    let config = match load_config(options) {
        Ok(config) => config,
        Err(errors) => return Loaded { plan: None, errors },
    };
    let load = content::LoadOptions {
        drafts: options.drafts,
        future: options.future,
        now: jiff::Timestamp::now(),
    };
    let ((content, mut errors), theme) = rayon::join(
        || content::load(&options.root, &config, &load, front),
        || render::theme::load(&options.root, &config),
    );
    let (mut site, more) = Site::new(config, content);
    errors.extend(more);
    let (photos, more) = photos::process(&site, &options.root, &site.config.images);
    site.photos = photos;
    errors.extend(more);
    let plan = match theme {
        Ok(theme) => {
            let (plan, more) = plan::make(site, &theme);
            errors.extend(more);
            Some((plan, theme))
        }
        Err(more) => {
            errors.extend(more);
            None
        }
    };
    diagnostics::sort(&mut errors);
    Loaded { plan, errors }
}

/// site.toml with the command line's overrides applied.
pub(crate) fn load_config(options: &BuildOptions) -> Result<config::Config, Vec<Diagnostic>> {
    let mut config = config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config::override_base_url(&mut config, url).map_err(|d| vec![d])?;
    }
    Ok(config)
}

/// Loads the site and makes its plan; any error stops here.
pub(crate) fn load_plan(options: &BuildOptions, front: content::FrontMatter) -> Result<(Plan, Theme), Vec<Diagnostic>> {
    match load(options, front) {
        Loaded {
            plan: Some(plan),
            errors,
        } if errors.is_empty() => Ok(plan),
        Loaded { errors, .. } => Err(errors),
    }
}

/// A full build: load, plan, render, write aside, swap in.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let output = options.output_dir();
    let target = output::prepare(&options.root, &output, options.force).map_err(|e| vec![e.into()])?;
    let shown = output.strip_prefix(&options.root).unwrap_or(&output).to_path_buf();
    let untouched = |mut errors: Vec<Diagnostic>| {
        errors.push(
            Diagnostic::warning(&shown, "nothing was written; the output folder is as it was")
                .hint("fix the errors above and build again"),
        );
        errors
    };
    let (mut plan, theme) = load_plan(options, content::FrontMatter::Drop).map_err(untouched)?;
    let tools = std::sync::Arc::new(render::make_tools(&plan.site.config, &theme).map_err(untouched)?);
    let staging = stage(&target)?;
    let mut out = Out::new(&plan);
    // The search index first, while the bodies' plain text is there; the cards the pages
    // need are made after it is gone, so the two are never held at once. The languages'
    // indexes are made side by side: each has steps on one core (adding to the inverted
    // index, writing its chunks), which the other's analysis fills. The links are counted
    // and the staging paths checked beside them, for the same reason.
    let (indexes, ((broken, left_out), checked)) = rayon::join(
        || {
            use rayon::prelude::*;
            let langs: Vec<_> = plan.site.config.langs().collect();
            let out = &out;
            langs
                .par_iter()
                .map(|&lang| {
                    let failed = std::sync::Mutex::new(Vec::new());
                    let files = render::index_files(&plan.site, &tools, lang, |id, bytes| {
                        if let Some(e) = out.write(&staging, lang, &route::Routes::search_fragment(id), bytes) {
                            failed.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                        }
                    });
                    (lang, files, failed.into_inner().unwrap_or_else(|e| e.into_inner()))
                })
                .collect::<Vec<_>>()
        },
        || rayon::join(|| check::links::count(&plan), || check_paths(&plan, &staging)),
    );
    checked?;
    for (lang, files, failed) in indexes {
        out.errors.extend(failed);
        // The fragments are written; the rest of the index now.
        out.search(&staging, lang, &files, |f| match &f.contents {
            search::Contents::Index(bytes) => Some(std::borrow::Cow::Borrowed(bytes)),
            search::Contents::Fragment(_) => None,
        });
    }
    plan.site.forget_plain_text();
    out.copies(&plan, &staging);
    // One language at a time, each with its own cards; the site-wide files with the first.
    // Within a language, the pages that read the bodies first; then the bodies' text goes,
    // and the lists take its place with their cards' HTML.
    let langs: Vec<_> = plan.site.config.langs().collect();
    let mut made = Vec::new();
    for (n, &lang) in langs.iter().enumerate() {
        free_in_parallel(std::mem::take(&mut made));
        let renderer = render::Renderer::with_tools(&plan, tools.clone(), None, Some(lang));
        out.pages(&renderer, &staging, |job| {
            plan::reads_bodies(job) && job.lang(&plan.site).map_or(n == 0, |l| l == lang)
        })?;
        let cards = renderer.into_made();
        plan.site.forget_texts(lang);
        let renderer = render::Renderer::with_made(&plan, tools.clone(), cards, Some(lang));
        out.pages(&renderer, &staging, |job| {
            !plan::reads_bodies(job) && job.lang(&plan.site).map_or(n == 0, |l| l == lang)
        })?;
        made = renderer.into_made();
    }
    let written = out.commit(staging, &target)?;
    let mut warnings = plan.site.warnings.clone();
    warnings.extend(
        target
            .warnings()
            .iter()
            .map(|w| Diagnostic::warning(&output, w.clone())),
    );
    warnings.extend(written.warnings);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if broken > 0 {
        warnings.push(
            Diagnostic::warning(
                "content",
                format!("{broken} broken internal link{} in the built site", plural(broken)),
            )
            .hint("run `gazette check` to see each one with its file and line"),
        );
    }
    if left_out > 0 {
        warnings.push(
            Diagnostic::warning(
                "content",
                format!(
                    "{left_out} link{} left out of the pages: with [markdown] raw_html = false only relative, http, https, mailto and tel links are written",
                    plural(left_out)
                ),
            )
            .hint("run `gazette check` to see each one with its file and line"),
        );
    }
    let report = BuildReport {
        articles: plan.site.articles.len(),
        pages: plan.site.pages.len(),
        files: written.count,
        bytes: written.bytes,
        photos_processed: plan.site.photos.decoded,
        warnings,
        elapsed: started.elapsed(),
        held: Held { made, plan: Some(plan) },
    };
    Ok(report)
}

/// Drops the items on all cores: at 100,000 articles, cards and articles are millions of
/// allocations, and freed on one core they kept the build going 0.25 s longer.
fn free_in_parallel<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}

/// How much a build wrote.
pub(crate) struct Written {
    pub count: usize,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    /// What was written of each language's search index.
    pub search: std::collections::HashMap<config::Lang, search::Written>,
}

/// Renders every planned file straight into a staging folder beside the output, copies the
/// static files and bundle files, writes the search index from the renderer's cached
/// analyses, and swaps the folder in: a watch session's first build.
pub(crate) fn write_all(renderer: &render::Renderer, target: &output::Target) -> Result<Written, Vec<Diagnostic>> {
    let staging = stage(target)?;
    check_paths(renderer.plan, &staging)?;
    let mut out = Out::new(renderer.plan);
    out.copies(renderer.plan, &staging);
    out.pages(renderer, &staging, |_| true)?;
    for lang in renderer.plan.site.config.langs() {
        let files = renderer.search_files(lang);
        out.search(&staging, lang, &files, |f| Some(renderer.search_bytes(lang, f)));
    }
    out.commit(staging, target)
}

/// A staging folder beside the output.
fn stage(target: &output::Target) -> Result<output::Staging<'_>, Vec<Diagnostic>> {
    output::Staging::create(target).map_err(diagnostics_of)
}

/// The staging folder's check of every planned file's path.
fn check_paths(plan: &Plan, staging: &output::Staging) -> Result<(), Vec<Diagnostic>> {
    staging
        .check(plan.outputs.iter().map(|o| o.file.as_str()))
        .map_err(diagnostics_of)
}

fn diagnostics_of(errors: Vec<output::OutputError>) -> Vec<Diagnostic> {
    errors.into_iter().map(Diagnostic::from).collect()
}

/// What a build has written into its staging folder so far, and what failed.
struct Out {
    count: usize,
    bytes: std::sync::atomic::AtomicUsize,
    errors: Vec<output::OutputError>,
    search: std::collections::HashMap<config::Lang, search::Written>,
}

impl Out {
    fn new(plan: &Plan) -> Self {
        Out {
            count: plan.outputs.len(),
            bytes: Default::default(),
            errors: Vec::new(),
            search: Default::default(),
        }
    }

    /// Renders the plan's pages that `wanted` picks; a render error stops the build.
    fn pages(
        &mut self,
        renderer: &render::Renderer,
        staging: &output::Staging,
        wanted: impl Fn(plan::Job) -> bool,
    ) -> Result<(), Vec<Diagnostic>> {
        use std::sync::atomic::Ordering;
        let plan = renderer.plan;
        let jobs: Vec<(usize, plan::Job)> = plan
            .outputs
            .iter()
            .enumerate()
            .filter_map(|(n, o)| match o.what {
                plan::What::Render(job) if wanted(job) => Some((n, job)),
                _ => None,
            })
            .collect();
        renderer.render_each(&jobs, |n, page| {
            self.bytes.fetch_add(page.len(), Ordering::Relaxed);
            staging
                .write(plan.outputs[n].file.as_str(), &output::Contents::Bytes(page))
                .map_err(Diagnostic::from)
        })
    }

    /// Copies the static files and the bundles' files.
    fn copies(&mut self, plan: &Plan, staging: &output::Staging) {
        use rayon::prelude::*;
        let failed: Vec<output::OutputError> = plan
            .outputs
            .par_iter()
            .filter_map(|o| match &o.what {
                plan::What::Copy(source) => staging
                    .write(o.file.as_str(), &output::Contents::Copy(source.clone()))
                    .err(),
                plan::What::Embedded(data) => staging.write(o.file.as_str(), &output::Contents::Embedded(data)).err(),
                plan::What::Render(_) | plan::What::Search(_) => None,
            })
            .collect();
        self.errors.extend(failed);
    }

    /// Writes one language's search files, those `bytes_of` gives bytes for (the plan counts
    /// its index as one output).
    fn search<'f>(
        &mut self,
        staging: &output::Staging,
        lang: config::Lang,
        files: &'f [search::File],
        bytes_of: impl Fn(&'f search::File) -> Option<std::borrow::Cow<'f, [u8]>> + Sync,
    ) {
        use rayon::prelude::*;
        self.count += files.len().saturating_sub(1);
        self.search.entry(lang).or_default().update(files);
        let failed: Vec<output::OutputError> = files
            .par_iter()
            .filter_map(|f| self.write(staging, lang, &f.path, bytes_of(f)?.into_owned()))
            .collect();
        self.errors.extend(failed);
    }

    /// Writes one search file, by its path in the language's search folder.
    fn write(
        &self,
        staging: &output::Staging,
        lang: config::Lang,
        name: &str,
        contents: Vec<u8>,
    ) -> Option<output::OutputError> {
        let path = render::search_output(lang, name)?;
        self.bytes
            .fetch_add(contents.len(), std::sync::atomic::Ordering::Relaxed);
        staging.write(path.as_str(), &output::Contents::Bytes(contents)).err()
    }

    /// Swaps the staging folder in, unless a write failed.
    fn commit(self, staging: output::Staging, target: &output::Target) -> Result<Written, Vec<Diagnostic>> {
        if !self.errors.is_empty() {
            return Err(one_per_cause(self.errors));
        }
        let committed = staging.commit().map_err(|e| vec![e.into()])?;
        let left_behind = matches!(committed.state, output::OutputState::ReplacedOldLeftAt(_));
        let warnings = committed
            .warnings
            .into_iter()
            .map(|w| {
                let d = Diagnostic::warning(target.given(), w);
                if left_behind {
                    d.hint("the next build tries to remove it again")
                } else {
                    d
                }
            })
            .collect();
        Ok(Written {
            count: self.count,
            bytes: self.bytes.into_inner(),
            warnings,
            search: self.search,
        })
    }
}

/// Write failures, one per cause: a full disk fails every remaining file the same way, and
/// the editor needs to read it once, with how many files it hit.
fn one_per_cause(errors: Vec<output::OutputError>) -> Vec<Diagnostic> {
    let mut causes: Vec<(output::OutputError, usize)> = Vec::new();
    for e in errors {
        match causes.iter_mut().find(|(first, _)| first.message == e.message) {
            Some((_, n)) => *n += 1,
            None => causes.push((e, 1)),
        }
    }
    causes
        .into_iter()
        .map(|(e, n)| {
            let mut d = Diagnostic::from(e);
            if n > 1 {
                d.message = format!("{} (and {} more files)", d.message, n - 1);
            }
            d
        })
        .collect()
}

/// The site folder of a path given on the command line.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Writes to stderr without ever panicking: when the reader of a pipe has gone (`| head`),
/// there is nobody left to tell, and gazette must still exit quietly.
pub fn print_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
