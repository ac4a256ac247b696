//! The site kept in memory between rebuilds. A change re-reads only what it touched (one
//! Markdown file, the theme, or everything for site.toml); every rebuild then re-pairs the
//! translations, fingerprints every output and renders and writes only the outputs whose
//! fingerprint changed, so the result is the same as a full build's, byte for byte.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::classify::Change;
use crate::BuildOptions;
use crate::config::Config;
use crate::content::model::Article;
use crate::content::{self, LoadOptions, ParsedFile, discover};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{self, Contents, OutputFile};
use crate::render::theme::{self, Theme};
use crate::render::{Job, Renderer, ViewCache, file_for};
use crate::site::Site;

pub struct Project {
    options: BuildOptions,
    output: PathBuf,
    /// `None` while site.toml is broken.
    config: Option<(Config, String)>,
    theme: Option<Theme>,
    parsed: BTreeMap<PathBuf, ParsedFile>,
    assets: BTreeMap<String, Vec<PathBuf>>,
    /// Problems that block the next build until the file is fixed, by file.
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    views: ViewCache,
    /// The articles of the last build, by version.
    articles: HashMap<u64, Arc<Article>>,
    /// What the output folder holds: file → fingerprint of what produced it.
    written: HashMap<String, u64>,
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
}

/// Marks problems of site.toml and the theme in `broken`, beside those of content files.
const CONFIG_KEY: &str = "site.toml";
const THEME_KEY: &str = "(theme)";
const CONTENT_KEY: &str = "content";

impl Project {
    /// Loads everything; problems are kept and reported by `build`, so watching can start
    /// on a broken site and recover when it is fixed.
    pub fn open(mut options: BuildOptions) -> Project {
        // The watcher reports absolute paths; with an absolute root every path compares.
        options.root = std::path::absolute(&options.root).unwrap_or(options.root);
        let output = options.output_dir();
        let output = std::path::absolute(&output).unwrap_or(output);
        let mut project = Project {
            options,
            output,
            config: None,
            theme: None,
            parsed: BTreeMap::new(),
            assets: BTreeMap::new(),
            broken: BTreeMap::new(),
            views: ViewCache::default(),
            articles: HashMap::new(),
            written: HashMap::new(),
        };
        project.reload_all();
        project
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Brings the in-memory site up to date with changed paths.
    pub fn apply(&mut self, changes: &[(Change, PathBuf)]) {
        if self.config.is_none() || changes.iter().any(|(c, _)| *c == Change::Config) {
            return self.reload_all();
        }
        if changes.iter().any(|(c, _)| *c == Change::Theme) {
            self.reload_theme();
        }
        if changes.iter().any(|(c, _)| *c == Change::ContentTree) {
            self.rescan_content();
        }
        for (change, path) in changes {
            if *change == Change::Article {
                self.reparse(path);
            }
        }
    }

    fn reload_all(&mut self) {
        self.broken.clear();
        self.parsed.clear();
        self.views = ViewCache::default();
        self.articles.clear();
        let path = self.options.root.join("site.toml");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match crate::load_config(&self.options) {
            Ok(config) => self.config = Some((config, text)),
            Err(errors) => {
                self.config = None;
                self.broken.insert(PathBuf::from(CONFIG_KEY), errors);
                return;
            }
        }
        self.reload_theme();
        self.rescan_content();
    }

    fn reload_theme(&mut self) {
        let Some((config, _)) = &self.config else { return };
        self.broken.remove(Path::new(THEME_KEY));
        self.views.forget_templates();
        match theme::load(&self.options.root, config) {
            Ok(theme) => self.theme = Some(theme),
            Err(errors) => {
                self.theme = None;
                self.broken.insert(PathBuf::from(THEME_KEY), errors);
            }
        }
    }

    /// Walks content/ again: parses files it has not seen, forgets files that are gone.
    fn rescan_content(&mut self) {
        let Some((config, _)) = &self.config else { return };
        self.broken.remove(Path::new(CONTENT_KEY));
        let found = match discover::discover(&self.options.root, config) {
            Ok(found) => found,
            Err(errors) => {
                self.broken.insert(PathBuf::from(CONTENT_KEY), errors);
                return;
            }
        };
        let present: std::collections::HashSet<&PathBuf> = found.files.iter().map(|f| &f.path).collect();
        self.parsed.retain(|path, _| present.contains(path));
        self.broken
            .retain(|path, _| !path.is_absolute() || present.contains(path));
        let new: Vec<_> = found
            .files
            .into_iter()
            .filter(|f| !self.parsed.contains_key(&f.path))
            .collect();
        let results: Vec<_> = new
            .into_par_iter()
            .map(|file| (file.path.clone(), content::parse_file(file, config)))
            .collect();
        for (path, result) in results {
            self.store(path, result);
        }
        self.assets = found.assets;
    }

    fn reparse(&mut self, path: &Path) {
        let Some((config, _)) = &self.config else { return };
        if !path.is_file() {
            self.parsed.remove(path);
            self.broken.remove(path);
            return;
        }
        let result = discover::source_file(&self.options.root, path, config)
            .map_err(|e| vec![e])
            .and_then(|source| content::parse_file(source, config));
        self.store(path.to_path_buf(), result);
    }

    fn store(&mut self, path: PathBuf, result: Result<ParsedFile, Vec<Diagnostic>>) {
        match result {
            Ok(parsed) => {
                self.broken.remove(&path);
                self.parsed.insert(path, parsed);
            }
            Err(errors) => {
                self.parsed.remove(&path);
                self.broken.insert(path, errors);
            }
        }
    }

    /// Renders and writes what changed since the last successful build. The first build
    /// writes everything, aside and swapped in like `gazette build`.
    pub fn build(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let started = Instant::now();
        if !self.broken.is_empty() {
            let mut errors: Vec<Diagnostic> = self.broken.values().flatten().cloned().collect();
            diagnostics::sort(&mut errors);
            return Err(errors);
        }
        let (Some((config, config_text)), Some(theme)) = (&self.config, &self.theme) else {
            return Err(vec![Diagnostic::error(CONFIG_KEY, "the site is not loaded")]);
        };
        let load_options = LoadOptions {
            drafts: self.options.drafts,
            future: self.options.future,
            now: jiff::Timestamp::now(),
        };
        let parsed: Vec<&ParsedFile> = self.parsed.values().collect();
        let content = content::complete(
            &parsed,
            &self.assets,
            &self.options.root,
            config,
            &load_options,
            &self.articles,
        )?;
        // Keep this build's articles: the next rebuild assembles only the files that changed.
        self.articles = content.articles.iter().map(|a| (a.version, a.clone())).collect();
        let site = Site::new(config.clone(), content)?;
        let renderer = Renderer::with_cache(&site, theme, &mut self.views)?;
        let jobs = renderer.jobs();
        let prints = renderer.fingerprints(&jobs, theme, config_text);
        let pages: Vec<(String, u64, Job)> = jobs
            .par_iter()
            .zip(&prints)
            .map(|(&job, &print)| (file_for(&renderer.path_of(job)), print, job))
            .collect();
        let files: Vec<(u64, OutputFile)> = renderer
            .files()
            .into_iter()
            .map(|f| (file_fingerprint(&f), f))
            .collect();
        if self.written.is_empty() {
            // The first build writes everything aside and swaps it in, like `gazette build`.
            output::check_output_location(&self.options.root, &self.output).map_err(|d| vec![d])?;
            let written = crate::write_site(&renderer, &self.output)?;
            self.written = pages.into_iter().map(|(path, print, _)| (path, print)).collect();
            self.written
                .extend(files.iter().map(|(print, f)| (f.path.clone(), *print)));
            return Ok(Rebuild {
                rendered: written.count - files.len(),
                copied: files.len(),
                removed: 0,
                unchanged: 0,
                elapsed: started.elapsed(),
                warnings: site.warnings,
            });
        }
        let changed_pages: Vec<Job> = pages
            .iter()
            .filter(|(path, print, _)| self.written.get(path) != Some(print))
            .map(|(_, _, job)| *job)
            .collect();
        let mut now_written: HashMap<String, u64> = pages.into_iter().map(|(path, print, _)| (path, print)).collect();
        now_written.extend(files.iter().map(|(print, f)| (f.path.clone(), *print)));
        let rendered = std::sync::Mutex::new(Vec::with_capacity(changed_pages.len()));
        renderer.render_each(&changed_pages, |path, bytes| {
            let file = OutputFile {
                path,
                contents: Contents::Bytes(bytes),
            };
            rendered.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        })?;
        let mut out = rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let rendered_count = out.len();
        let copies: Vec<OutputFile> = files
            .into_iter()
            .filter(|(print, file)| self.written.get(&file.path) != Some(print))
            .map(|(_, file)| file)
            .collect();
        let copied = copies.len();
        out.extend(copies);
        let removed: Vec<String> = self
            .written
            .keys()
            .filter(|p| !now_written.contains_key(*p))
            .cloned()
            .collect();
        output::update(&out, &removed, &self.output)?;
        let unchanged = now_written.len() - rendered_count - copied;
        self.written = now_written;
        Ok(Rebuild {
            rendered: rendered_count,
            copied,
            removed: removed.len(),
            unchanged,
            elapsed: started.elapsed(),
            warnings: site.warnings,
        })
    }
}

/// A copied file changes when its source's size or modification time does.
fn file_fingerprint(file: &OutputFile) -> u64 {
    let mut h = DefaultHasher::new();
    match &file.contents {
        Contents::Embedded(bytes) => bytes.hash(&mut h),
        Contents::Copy(source) => {
            source.hash(&mut h);
            if let Ok(meta) = std::fs::metadata(source) {
                (meta.len(), meta.modified().ok()).hash(&mut h);
            }
        }
        Contents::Bytes(bytes) => bytes.hash(&mut h),
    }
    h.finish()
}
