//! gazette: a static site generator for bilingual event publications.
//!
//! The pipeline runs one way: `config` reads site.toml, `content` loads and validates every
//! article and page, `site` indexes them, `render` turns the site into a plan of files, and
//! `output` writes that plan aside and swaps it in. Only `output` touches the output folder.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod locale;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostics::Diagnostic;
use render::theme::Theme;
use site::Site;

/// What `gazette build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (with site.toml).
    pub root: PathBuf,
    /// Defaults to `public/` in the site folder.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's base_url, e.g. for a preview deployment.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did, for the summary line and the benchmark.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Loads and validates everything a build needs: config, content and theme. All errors of
/// all stages come back together, sorted by file.
pub fn load(options: &BuildOptions) -> Result<(Site, Theme), Vec<Diagnostic>> {
    let config = load_config(options)?;
    let load_options = content::LoadOptions {
        drafts: options.drafts,
        future: options.future,
        now: jiff::Timestamp::now(),
    };
    let (content, theme) = rayon::join(
        || content::load(&options.root, &config, &load_options),
        || render::theme::load(&options.root, &config),
    );
    let mut errors = Vec::new();
    let content = content.map_err(|e| errors.extend(e)).ok();
    let theme = theme.map_err(|e| errors.extend(e)).ok();
    match (content, theme) {
        (Some(content), Some(theme)) if errors.is_empty() => Ok((Site::new(config, content)?, theme)),
        _ => {
            diagnostics::sort(&mut errors);
            Err(errors)
        }
    }
}

/// site.toml with the command line's overrides applied.
pub fn load_config(options: &BuildOptions) -> Result<config::Config, Vec<Diagnostic>> {
    let mut config = config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::check_base_url(url).map_err(|d| vec![d])?;
    }
    Ok(config)
}

/// A full build: load, render, write aside, swap in.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let output = options.output_dir();
    output::check_output_location(&options.root, &output).map_err(|d| vec![d])?;
    let (site, theme) = load(options)?;
    let renderer = render::Renderer::new(&site, &theme)?;
    let files = write_site(&renderer, &output)?;
    Ok(BuildReport {
        articles: site.articles.len(),
        pages: site.pages.len(),
        files: files.count,
        bytes: files.bytes,
        warnings: site.warnings,
        elapsed: started.elapsed(),
    })
}

/// How much a build wrote.
pub struct Written {
    pub count: usize,
    pub bytes: usize,
}

/// Renders every page straight into a staging folder beside `output`, copies the static
/// files and bundle assets, and swaps the folder in.
pub fn write_site(renderer: &render::Renderer, output: &Path) -> Result<Written, Vec<Diagnostic>> {
    let jobs = renderer.jobs();
    let paths = renderer.output_paths(&jobs);
    let staging = output::Staging::create(output, paths.iter().map(String::as_str))?;
    let bytes = std::sync::atomic::AtomicUsize::new(0);
    renderer.render_each(&jobs, |path, page| {
        bytes.fetch_add(page.len(), std::sync::atomic::Ordering::Relaxed);
        staging.write(&path, &output::Contents::Bytes(page))
    })?;
    let files = renderer.files();
    let errors: Vec<Diagnostic> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .filter_map(|f| staging.write(&f.path, &f.contents).err())
            .collect()
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    staging.commit().map_err(|e| vec![e])?;
    Ok(Written {
        count: paths.len(),
        bytes: bytes.into_inner(),
    })
}

/// The site folder of a path given on the command line.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
