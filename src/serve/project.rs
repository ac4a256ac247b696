//! The site kept in memory between rebuilds. A change re-reads only what the watcher reported
//! (one Markdown file, one bundle file, the theme, or everything for site.toml); every
//! rebuild then makes the plan again from the files in memory, fingerprints every output
//! from its declared inputs, and renders and writes only the outputs whose fingerprint
//! changed — so the result is the same as a full build's, byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::classify::Change;
use crate::BuildOptions;
use crate::config::Config;
use crate::content::model::Article;
use crate::content::{self, Inputs, LoadOptions, ParsedFile, discover};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{self, Contents, OutputFile};
use crate::plan::{self, Job, Plan, What};
use crate::render::theme::{self, Theme};
use crate::render::{Cache, Renderer};
use crate::route::{OutputPath, Routes};
use crate::site::Site;

pub(crate) struct Project {
    options: BuildOptions,
    output: PathBuf,
    /// `None` while site.toml is broken.
    config: Option<Config>,
    theme: Option<Theme>,
    parsed: BTreeMap<PathBuf, ParsedFile>,
    assets: BTreeMap<String, Vec<PathBuf>>,
    /// Problems that block the next build until their source is fixed.
    broken: BTreeMap<Source, Vec<Diagnostic>>,
    cache: Cache,
    /// The articles of the last build, by version.
    articles: HashMap<u64, Arc<Article>>,
    /// What the output folder holds: file → fingerprint of what produced it.
    written: HashMap<OutputPath, u64>,
    /// What was written of each language's search index.
    search_written: HashMap<crate::config::Lang, crate::search::Written>,
    /// The output folder, checked and locked for the whole session.
    target: Option<output::Target>,
    /// The plan of the last written build, and the languages whose search index it has not
    /// written yet (see [`Project::finish_search`]).
    last: Option<Plan>,
    search_due: Vec<crate::config::Lang>,
    /// What changed since the last written build.
    pending: Pending,
    /// When the first article the last plan held back for its date comes out: until then a
    /// body edit may reuse that plan.
    embargo_ends: Option<jiff::Timestamp>,
}

/// What the edits since the last written build touched.
#[derive(Debug)]
enum Pending {
    Nothing,
    /// Only the bodies of these article files: every version keeps its path, its summary and
    /// its place in every list, so the last plan holds (see [`Project::rebuild_bodies`]).
    Bodies(std::collections::BTreeSet<PathBuf>),
    Everything,
}

impl Pending {
    fn add_body(&mut self, path: &Path) {
        match self {
            Pending::Nothing => *self = Pending::Bodies([path.to_path_buf()].into()),
            Pending::Bodies(paths) => {
                paths.insert(path.to_path_buf());
            }
            Pending::Everything => {}
        }
    }
}

/// What a blocking problem belongs to, so fixing it clears it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Config,
    Theme,
    ContentTree,
    File(PathBuf),
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    pub rendered: usize,
    pub copied: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
    /// Whether the site's plan was made again; not after edits to article bodies alone.
    pub planned: bool,
}

impl Project {
    /// Loads everything; problems are kept and reported by `build`, so watching can start
    /// on a broken site and recover when it is fixed. The site is written to `output`.
    pub(crate) fn open(mut options: BuildOptions, output: PathBuf) -> Project {
        // The watcher reports absolute paths; with an absolute root every path compares.
        options.root = std::path::absolute(&options.root).unwrap_or(options.root);
        let output = std::path::absolute(&output).unwrap_or(output);
        let mut project = Project {
            options,
            output,
            config: None,
            theme: None,
            parsed: BTreeMap::new(),
            assets: BTreeMap::new(),
            broken: BTreeMap::new(),
            cache: Cache::default(),
            articles: HashMap::new(),
            written: HashMap::new(),
            search_written: HashMap::new(),
            target: None,
            last: None,
            search_due: Vec::new(),
            pending: Pending::Everything,
            embargo_ends: None,
        };
        project.reload_all();
        project
    }

    pub(crate) fn output(&self) -> &Path {
        &self.output
    }

    pub(crate) fn root(&self) -> &Path {
        &self.options.root
    }

    /// Brings the in-memory site up to date with changed paths.
    pub(crate) fn apply(&mut self, changes: &[(Change, PathBuf)]) {
        if changes.iter().any(|(c, _)| *c != Change::Article) {
            self.pending = Pending::Everything;
        }
        if self.config.is_none() || changes.iter().any(|(c, _)| *c == Change::Config) {
            return self.reload_all();
        }
        if changes.iter().any(|(c, _)| *c == Change::Theme) {
            self.reload_theme();
        }
        if changes.iter().any(|(c, _)| *c == Change::ContentTree) {
            // The rescan parses only files it has not seen: those changed in the same burst
            // (content/ deleted and written again, a checkout) are forgotten first.
            for (change, path) in changes {
                if *change == Change::Article {
                    self.parsed.remove(path);
                }
            }
            return self.rescan_content();
        }
        for (change, path) in changes {
            match change {
                Change::Article => self.reparse(path),
                Change::Asset => self.update_asset(path),
                _ => {}
            }
        }
    }

    fn reload_all(&mut self) {
        self.pending = Pending::Everything;
        self.broken.clear();
        self.parsed.clear();
        self.cache = Cache::default();
        self.articles.clear();
        match crate::load_config(&self.options) {
            Ok(config) => self.config = Some(config),
            Err(errors) => {
                self.config = None;
                self.broken.insert(Source::Config, errors);
                return;
            }
        }
        self.reload_theme();
        self.rescan_content();
    }

    fn reload_theme(&mut self) {
        let Some(config) = &self.config else { return };
        self.broken.remove(&Source::Theme);
        self.cache.forget_tools();
        match theme::load(&self.options.root, config) {
            Ok(theme) => self.theme = Some(theme),
            Err(errors) => {
                self.theme = None;
                self.broken.insert(Source::Theme, errors);
            }
        }
    }

    /// Walks content/ again: parses files it has not seen, forgets files that are gone.
    fn rescan_content(&mut self) {
        self.pending = Pending::Everything;
        let Some(config) = &self.config else { return };
        let found = discover::discover(&self.options.root, config);
        self.broken.remove(&Source::ContentTree);
        if !found.errors.is_empty() {
            self.broken.insert(Source::ContentTree, found.errors);
        }
        let present: std::collections::HashSet<&PathBuf> = found.files.iter().map(|f| &f.path).collect();
        self.parsed.retain(|path, _| present.contains(path));
        self.broken
            .retain(|source, _| !matches!(source, Source::File(path) if !present.contains(path)));
        let new: Vec<_> = found
            .files
            .into_iter()
            .filter(|f| !self.parsed.contains_key(&f.path))
            .collect();
        let results: Vec<_> = new
            .into_par_iter()
            .map(|file| (file.path.clone(), content::parse_file(file, config, false)))
            .collect();
        for (path, result) in results {
            self.store(path, result);
        }
        self.assets = found.assets;
    }

    fn reparse(&mut self, path: &Path) {
        let Some(config) = &self.config else { return };
        if !path.is_file() {
            self.pending = Pending::Everything;
            self.parsed.remove(path);
            self.broken.remove(&Source::File(path.to_path_buf()));
            return;
        }
        let result = discover::source_file(&self.options.root, path, config)
            .map_err(|e| vec![e])
            .and_then(|source| content::parse_file(source, config, false));
        match (self.parsed.get(path), &result) {
            (Some(old), Ok(new)) if same_front(old, new) => self.pending.add_body(path),
            _ => self.pending = Pending::Everything,
        }
        self.store(path.to_path_buf(), result);
    }

    /// A bundle file appeared, changed or went away: only its folder's list changes.
    fn update_asset(&mut self, path: &Path) {
        let content = self.options.root.join("content");
        let was_folder = path
            .strip_prefix(&content)
            .ok()
            .and_then(|p| p.to_str())
            .is_some_and(|p| {
                self.assets.keys().any(|k| {
                    k.strip_prefix(p)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
            });
        if path.is_dir() || was_folder {
            return self.rescan_content();
        }
        let Some(folder) = path
            .parent()
            .and_then(|p| p.strip_prefix(&content).ok())
            .and_then(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_str())
                    .collect::<Option<Vec<_>>>()
            })
            .map(|parts| parts.join("/"))
        else {
            return self.rescan_content();
        };
        let files = self.assets.entry(folder.clone()).or_default();
        files.retain(|f| f != path);
        if path.is_file() {
            files.push(path.to_path_buf());
            files.sort();
        }
        if files.is_empty() {
            self.assets.remove(&folder);
        }
    }

    fn store(&mut self, path: PathBuf, result: Result<ParsedFile, Vec<Diagnostic>>) {
        match result {
            Ok(parsed) => {
                self.broken.remove(&Source::File(path.clone()));
                self.parsed.insert(path, parsed);
            }
            Err(errors) => {
                self.parsed.remove(&path);
                self.broken.insert(Source::File(path), errors);
            }
        }
    }

    /// Makes the plan of the files in memory.
    fn plan(&mut self) -> Result<Plan, Vec<Diagnostic>> {
        let (Some(config), Some(theme)) = (&self.config, &self.theme) else {
            return Err(Vec::new());
        };
        let load = LoadOptions {
            drafts: self.options.drafts,
            future: self.options.future,
            now: jiff::Timestamp::now(),
        };
        let parsed: Vec<&ParsedFile> = self.parsed.values().collect();
        let routes = Routes::new(config);
        let inputs = Inputs {
            assets: &self.assets,
            root: &self.options.root,
            config,
            routes: &routes,
            previous: &self.articles,
        };
        self.embargo_ends = (!load.future)
            .then(|| {
                parsed
                    .iter()
                    .filter_map(|p| match &p.front {
                        content::Front::Article(front) => front.date.as_ref().map(|d| d.value.timestamp()),
                        content::Front::Page(_) => None,
                    })
                    .filter(|date| *date > load.now)
                    .min()
            })
            .flatten();
        let (content, mut errors) = content::complete(&parsed, &inputs, &load);
        // Keep this build's articles: the next rebuild assembles only the files that changed.
        self.articles = content.articles.iter().map(|a| (a.version, a.clone())).collect();
        let (mut site, more) = Site::new(config.clone(), content);
        errors.extend(more);
        let (photos, more) = crate::photos::process(&site, &self.options.root, &config.images);
        site.photos = photos;
        errors.extend(more);
        let (plan, more) = plan::make(site, theme);
        errors.extend(more);
        if errors.is_empty() {
            Ok(plan)
        } else {
            diagnostics::sort(&mut errors);
            Err(errors)
        }
    }

    /// Renders and writes what changed since the last successful build, search index included.
    pub(crate) fn build(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let rebuild = self.build_pages()?;
        self.finish_search()?;
        Ok(rebuild)
    }

    /// Renders and writes what changed since the last successful build, except the search
    /// index, which [`Project::finish_search`] writes next. The page an editor is looking at
    /// is then written (and reloaded) without waiting for the index: at 10,000 articles
    /// merging it takes about 250 ms of a 580 ms rebuild. The first build, and any build after
    /// the output folder vanished, writes everything aside and swaps it in like `gazette build`.
    pub(crate) fn build_pages(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let started = Instant::now();
        self.search_due.clear();
        // Whatever fails below is built whole next time.
        let pending = std::mem::replace(&mut self.pending, Pending::Everything);
        if !self.broken.is_empty() {
            let mut errors: Vec<Diagnostic> = self.broken.values().flatten().cloned().collect();
            diagnostics::sort(&mut errors);
            return Err(errors);
        }
        let result = match pending {
            Pending::Bodies(paths) => match self.rebuild_bodies(&paths, started) {
                Some(result) => result,
                None => self.build_whole(started),
            },
            Pending::Nothing | Pending::Everything => self.build_whole(started),
        };
        if result.is_ok() {
            self.pending = Pending::Nothing;
        }
        result
    }

    fn build_whole(&mut self, started: Instant) -> Result<Rebuild, Vec<Diagnostic>> {
        let plan = self.plan()?;
        let Some(theme) = self.theme.take() else {
            return Err(Vec::new());
        };
        let result = self.write(&plan, &theme, started);
        self.theme = Some(theme);
        self.last = result.is_ok().then_some(plan);
        result
    }

    /// After edits to article bodies only: the last plan stays, with those articles' versions
    /// completed again, and only the outputs that can show a body are fingerprinted again —
    /// the articles' own pages and the site's lists and feeds, not the other 20,000 pages.
    /// At 10,000 articles a save then costs about a tenth of a whole rebuild. `None` when
    /// an edit did more than that (a summary made from the first paragraph changed, a
    /// version stopped being published, an error): the caller then builds whole.
    fn rebuild_bodies(
        &mut self,
        paths: &std::collections::BTreeSet<PathBuf>,
        started: Instant,
    ) -> Option<Result<Rebuild, Vec<Diagnostic>>> {
        let load = LoadOptions {
            drafts: self.options.drafts,
            future: self.options.future,
            now: jiff::Timestamp::now(),
        };
        if self.embargo_ends.is_some_and(|ends| ends <= load.now) || self.written.is_empty() || !self.output.is_dir() {
            return None;
        }
        let (Some(config), Some(mut plan)) = (&self.config, self.last.take()) else {
            return None;
        };
        let names: std::collections::BTreeSet<&str> = paths
            .iter()
            .map(|p| self.parsed.get(p).map(|f| &*f.source.name))
            .collect::<Option<_>>()?;
        let versions: Vec<&ParsedFile> = self
            .parsed
            .values()
            .filter(|p| p.source.kind == discover::Kind::Article && names.contains(&*p.source.name))
            .collect();
        let routes = Routes::new(config);
        let inputs = Inputs {
            assets: &self.assets,
            root: &self.options.root,
            config,
            routes: &routes,
            previous: &HashMap::new(),
        };
        let (fresh, errors) = content::complete_versions(&versions, &inputs, &load);
        let places = same_places(&plan.site, &names, &fresh);
        if !errors.is_empty() || places.is_none() {
            self.last = Some(plan);
            return None;
        }
        let mut replaced = Vec::new();
        for (i, article) in places.into_iter().flatten().zip(fresh) {
            self.articles.remove(&plan.site.articles[i].version);
            self.articles.insert(article.version, article.clone());
            plan.site.articles[i] = article;
            replaced.push(i);
        }
        let theme = self.theme.take()?;
        let result = self.write_bodies(&plan, &theme, &replaced, started);
        self.theme = Some(theme);
        self.last = Some(plan);
        Some(result)
    }

    /// Writes what the articles at `replaced` changed: their pages, and the lists and feeds
    /// that show them (a list shows an article's card, which counts its words). The search
    /// index is left due. Every other output's inputs hold nothing of a body.
    fn write_bodies(
        &mut self,
        plan: &Plan,
        theme: &Theme,
        replaced: &[usize],
        started: Instant,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let mut renderer = Renderer::with_cache(plan, theme, &mut self.cache)?;
        let langs: Vec<crate::config::Lang> = replaced.iter().map(|&i| plan.site.articles[i].lang).collect();
        let mut jobs: std::collections::HashSet<Job> = replaced.iter().map(|&i| Job::Article(i)).collect();
        jobs.extend(replaced.iter().flat_map(|&i| plan::lists_of(&plan.site, i)));
        let considered: Vec<usize> = (0..plan.outputs.len())
            .filter(|&n| match plan.outputs[n].what {
                What::Render(job) => jobs.contains(&job),
                What::Search(lang) => langs.contains(&lang),
                What::Copy(_) | What::Embedded(_) => false,
            })
            .collect();
        let prints = fingerprints(plan, &renderer, &considered);
        let target = self.target.take().ok_or_else(Vec::new)?;
        let result = self.write_changes(plan, &mut renderer, &target, prints, false, started);
        self.target = Some(target);
        result
    }

    /// Writes the search files that the last [`Project::build_pages`] left due. Returns how
    /// many files changed.
    pub(crate) fn finish_search(&mut self) -> Result<usize, Vec<Diagnostic>> {
        if self.search_due.is_empty() {
            return Ok(0);
        }
        let due = std::mem::take(&mut self.search_due);
        let (Some(plan), Some(theme), Some(target)) = (self.last.take(), self.theme.take(), self.target.take()) else {
            return Ok(0);
        };
        let result = Renderer::with_cache(&plan, &theme, &mut self.cache).and_then(|renderer| {
            let (files, removed) = self.search_changes(&renderer, &due);
            output::update(&target, &files, &removed)
                .map_err(|errors| errors.into_iter().map(Diagnostic::from).collect::<Vec<_>>())?;
            Ok(files.len() + removed.len())
        });
        self.last = Some(plan);
        self.theme = Some(theme);
        self.target = Some(target);
        result
    }

    fn write(&mut self, plan: &Plan, theme: &Theme, started: Instant) -> Result<Rebuild, Vec<Diagnostic>> {
        let mut renderer = Renderer::with_cache(plan, theme, &mut self.cache)?;
        let all: Vec<usize> = (0..plan.outputs.len()).collect();
        let prints = fingerprints(plan, &renderer, &all);
        let target = match self.target.take() {
            Some(target) if self.output.is_dir() => target,
            stale => {
                // The first build, or the output folder went away (`rm -rf public`): check
                // the place again and write everything. The old target's lock goes first: it
                // is this process's own, and would refuse the new one.
                drop(stale);
                self.written.clear();
                output::prepare(&self.options.root, &self.output, self.options.force).map_err(|e| vec![e.into()])?
            }
        };
        let result = self.write_changes(plan, &mut renderer, &target, prints, true, started);
        self.target = Some(target);
        result
    }

    /// Writes the outputs among `prints` (position in the plan, fingerprint) whose fingerprint
    /// changed. When `prints` covers the `whole` plan, files no longer planned are removed.
    fn write_changes(
        &mut self,
        plan: &Plan,
        renderer: &mut Renderer,
        target: &output::Target,
        prints: Vec<(usize, u64)>,
        whole: bool,
        started: Instant,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        if self.written.is_empty() {
            let written = crate::write_all(renderer, target)?;
            self.search_written = written.search;
            self.written = prints
                .into_iter()
                .map(|(n, print)| (plan.outputs[n].file.clone(), print))
                .collect();
            let mut warnings = plan.site.warnings.clone();
            warnings.extend(written.warnings);
            return Ok(Rebuild {
                rendered: written.count,
                copied: 0,
                removed: 0,
                unchanged: 0,
                elapsed: started.elapsed(),
                warnings,
                planned: true,
            });
        }
        let changed: Vec<(usize, &plan::Planned)> = prints
            .iter()
            .filter(|(n, print)| self.written.get(&plan.outputs[*n].file) != Some(print))
            .map(|&(n, _)| (n, &plan.outputs[n]))
            .collect();
        let jobs: Vec<(usize, plan::Job)> = changed
            .iter()
            .filter_map(|(n, o)| match o.what {
                What::Render(job) => Some((*n, job)),
                _ => None,
            })
            .collect();
        let rendered = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
        renderer.render_each(&jobs, |n, bytes| {
            let file = OutputFile {
                path: plan.outputs[n].file.as_str().to_string(),
                contents: Contents::Bytes(bytes),
            };
            rendered.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        })?;
        let mut files = rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let rendered_count = files.len();
        for (_, o) in &changed {
            let contents = match &o.what {
                What::Copy(source) => Contents::Copy(source.clone()),
                What::Embedded(bytes) => Contents::Embedded(bytes),
                What::Render(_) | What::Search(_) => continue,
            };
            files.push(OutputFile {
                path: o.file.as_str().to_string(),
                contents,
            });
        }
        let copied = files.len() - rendered_count;
        let removed: Vec<String> = if whole {
            let planned: std::collections::HashSet<&OutputPath> = plan.outputs.iter().map(|o| &o.file).collect();
            self.written
                .keys()
                .filter(|p| !planned.contains(*p))
                .map(|p| p.as_str().to_string())
                .collect()
        } else {
            Vec::new()
        };
        self.search_due = changed
            .iter()
            .filter_map(|(_, o)| match o.what {
                What::Search(lang) => Some(lang),
                _ => None,
            })
            .collect();
        output::update(target, &files, &removed)
            .map_err(|errors| errors.into_iter().map(Diagnostic::from).collect::<Vec<_>>())?;
        let unchanged = plan.outputs.len().saturating_sub(rendered_count + copied);
        if whole {
            self.written.clear();
        }
        for (n, print) in prints {
            self.written.insert(plan.outputs[n].file.clone(), print);
        }
        Ok(Rebuild {
            rendered: rendered_count,
            copied,
            removed: removed.len(),
            unchanged,
            elapsed: started.elapsed(),
            warnings: plan.site.warnings.clone(),
            planned: whole,
        })
    }
}

impl Project {
    /// The search files to write again (those whose bytes changed) and to remove, for the
    /// languages whose index changed.
    fn search_changes(&mut self, renderer: &Renderer, langs: &[crate::config::Lang]) -> (Vec<OutputFile>, Vec<String>) {
        let mut files = Vec::new();
        let mut removed = Vec::new();
        for &lang in langs {
            let fresh = renderer.search_files(lang);
            let changes = self.search_written.entry(lang).or_default().update(&fresh);
            for i in changes.write {
                if let Some(path) = crate::render::search_output(lang, &fresh[i].path) {
                    files.push(OutputFile {
                        path: path.as_str().to_string(),
                        contents: Contents::Bytes(renderer.search_bytes(lang, &fresh[i]).into_owned()),
                    });
                }
            }
            removed.extend(changes.remove.iter().filter_map(|gone| {
                OutputPath::new(crate::route::Routes::search_file(lang, gone).output().as_str())
                    .map(|p| p.as_str().to_string())
            }));
        }
        (files, removed)
    }
}

/// The fingerprints of the outputs at `positions` in the plan, with their positions.
fn fingerprints(plan: &Plan, renderer: &Renderer, positions: &[usize]) -> Vec<(usize, u64)> {
    positions
        .par_iter()
        .map(|&n| {
            let print = match &plan.outputs[n].what {
                What::Render(job) => renderer.fingerprint(*job),
                What::Search(lang) => renderer.search_fingerprint(*lang),
                What::Copy(source) => copy_fingerprint(source),
                What::Embedded(bytes) => {
                    let mut h = crate::render::fingerprinter();
                    bytes.hash(&mut h);
                    h.finish()
                }
            };
            (n, print)
        })
        .collect()
}

/// Whether a file saved again has the front matter it had, byte for byte, and no mistakes in
/// either: then only its body changed.
fn same_front(old: &ParsedFile, new: &ParsedFile) -> bool {
    let front = |p: &ParsedFile| p.file.text.get(..p.body.source.start).unwrap_or_default().to_string();
    old.errors.is_empty() && new.errors.is_empty() && front(old) == front(new)
}

/// Where each of `fresh` stands in the site's articles, when the site published exactly
/// these versions of the articles `names` before, with the same paths and summaries (a
/// summary shows in lists and feeds, a path in every link).
fn same_places(site: &Site, names: &std::collections::BTreeSet<&str>, fresh: &[Arc<Article>]) -> Option<Vec<usize>> {
    let published: usize = names.iter().map(|name| site.versions_named(name).count()).sum();
    if published != fresh.len() {
        return None;
    }
    fresh
        .iter()
        .map(|article| {
            site.versions_named(&article.name)
                .find(|(_, old)| old.lang == article.lang)
                .filter(|(_, old)| old.path == article.path && old.summary == article.summary)
                .map(|(i, _)| i)
        })
        .collect()
}

/// A copied file changes when its source's size or modification time does.
fn copy_fingerprint(source: &Path) -> u64 {
    let mut h = crate::render::fingerprinter();
    source.hash(&mut h);
    if let Ok(meta) = std::fs::metadata(source) {
        (meta.len(), meta.modified().ok()).hash(&mut h);
    }
    h.finish()
}
