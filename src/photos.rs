//! The photos of a site: every JPEG, PNG and WebP file of an article's folder (its bundle)
//! is processed by `images` into WebP variants for `srcset` and a metadata-free fallback, so
//! no published photo carries GPS or camera data. Results live in a cache beside the site
//! (`.gazette-cache/images/`, safe to delete): a rebuild with unchanged photos decodes
//! nothing. A photo that cannot be processed is an error at the line that uses it (the lead
//! image's `file`, a Markdown image) or at the file itself, and the build stops.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::model::{Article, Asset};
use crate::diagnostics::{Diagnostic, Span};
use crate::images::{self, Cache, Processed, Settings};
use crate::route::{Routes, SitePath};
use crate::site::Site;

/// Where the processed photos are kept, below the site folder.
pub(crate) const CACHE_DIR: &str = ".gazette-cache/images";

/// The processed photos of the site, by source file.
#[derive(Debug, Default)]
pub(crate) struct Photos {
    by_source: HashMap<PathBuf, Arc<Processed>>,
    /// How many photos this run decoded (0 when everything came from the cache).
    pub(crate) decoded: usize,
}

/// One file a photo publishes beside its page.
pub(crate) struct Published<'p> {
    /// Relative to the page's folder: `hall.jpg`, `img/hall-960w.webp`.
    pub(crate) relative: String,
    pub(crate) file: &'p Path,
}

impl Photos {
    pub(crate) fn get(&self, source: &Path) -> Option<&Arc<Processed>> {
        self.by_source.get(source)
    }

    /// The files a bundle photo publishes: the fallback under the photo's own name (so links
    /// to it still work) and a WebP file per width.
    pub(crate) fn published<'p>(&'p self, asset: &Asset) -> Option<Vec<Published<'p>>> {
        let photo = self.by_source.get(&asset.source)?;
        let mut files = vec![Published {
            relative: asset.relative.clone(),
            file: &photo.fallback.file,
        }];
        files.extend(photo.variants.iter().map(|v| Published {
            relative: variant_name(&asset.relative, v.width),
            file: &v.file,
        }));
        Some(files)
    }
}

/// `img/hall.jpg` at 960 pixels → `img/hall-960w.webp`.
pub(crate) fn variant_name(relative: &str, width: u32) -> String {
    let stem = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    [stem, "-", &width.to_string(), "w.webp"].concat()
}

/// The `srcset` of a photo whose fallback is at `src` (as the page links it).
pub(crate) fn srcset(src: &str, photo: &Processed) -> String {
    photo
        .variants
        .iter()
        .map(|v| [variant_name(src, v.width), format!(" {}w", v.width)].concat())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a bundle file is a photo gazette processes (by its name; the content decides later).
pub(crate) fn is_photo(relative: &str) -> bool {
    let lower = relative.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Processes every bundle photo of the site (in parallel, through the cache).
pub(crate) fn process(site: &Site, root: &Path, settings: &Settings) -> (Photos, Vec<Diagnostic>) {
    let mut errors = lead_images_exist(site);
    let mut sources: BTreeMap<PathBuf, &Asset> = BTreeMap::new();
    for assets in site
        .articles
        .iter()
        .map(|a| &a.assets)
        .chain(site.pages.iter().map(|p| &p.assets))
    {
        for asset in assets.iter().filter(|a| is_photo(&a.relative)) {
            sources.entry(asset.source.clone()).or_insert(asset);
        }
    }
    if sources.is_empty() {
        return (Photos::default(), errors);
    }
    let cache = match Cache::open(&root.join(CACHE_DIR)) {
        Ok(cache) => cache,
        Err(e) => {
            errors.push(Diagnostic::io_message(Path::new(CACHE_DIR), e.message).hint(e.hint));
            return (Photos::default(), errors);
        }
    };
    let list: Vec<PathBuf> = sources.keys().cloned().collect();
    let progress = Progress::new(list.len());
    let results = images::process_all(&list, settings, &cache, |done, total| progress.show(done, total));
    progress.finish();
    let mut photos = Photos::default();
    for ((source, asset), result) in sources.into_iter().zip(results) {
        match result {
            Ok(processed) => {
                photos.decoded += usize::from(processed.decoded);
                photos.by_source.insert(source, Arc::new(processed));
            }
            Err(e) => errors.push(located(site, asset, e)),
        }
    }
    (photos, errors)
}

/// A lead image names a file of the article's own folder.
fn lead_images_exist(site: &Site) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for article in site.articles.iter() {
        let Some(image) = &article.image else { continue };
        let found = article.assets.iter().any(|a| a.relative == image.file);
        if !found {
            errors.push(
                Diagnostic::at_span(
                    &image.span,
                    format!("the lead image `{}` is not in the article's folder", image.file),
                )
                .field("image.file")
                .hint(format!(
                    "put the photo in content/{}/ beside the article, and give its name relative to that folder",
                    article.name
                )),
            );
        } else if !is_photo(&image.file) {
            errors.push(
                Diagnostic::at_span(&image.span, format!("the lead image `{}` is not a photo", image.file))
                    .field("image.file")
                    .hint("a lead image is a JPEG, PNG or WebP file"),
            );
        }
    }
    errors
}

/// A photo's error, at the first place that uses it: a lead image, a Markdown image, or the
/// file itself.
fn located(site: &Site, asset: &Asset, e: images::ImageError) -> Diagnostic {
    let message = format!("the photo {}: {}", asset.display.display(), e.message);
    match uses(site, asset).into_iter().next() {
        Some(span) => Diagnostic::at_span(&span, message).hint(e.hint),
        None => Diagnostic::error(&asset.display, message).hint(e.hint),
    }
}

/// Where articles use a bundle file: lead images first, then Markdown images.
fn uses(site: &Site, asset: &Asset) -> Vec<Span> {
    let mut spans = Vec::new();
    for article in site.articles.iter().filter(|a| a.assets.contains(asset)) {
        if let Some(image) = article.image.as_ref().filter(|i| i.file == asset.relative) {
            spans.push(image.span.clone());
        }
        for link in article.body.links.iter().filter(|l| l.image) {
            if resolves_to(site, article, &link.url, asset) {
                spans.push(Span::new(&article.file, link.range.clone()));
            }
        }
    }
    spans
}

/// Whether a link written on an article's page leads to one of its bundle files.
pub(crate) fn resolves_to(site: &Site, article: &Article, url: &str, asset: &Asset) -> bool {
    let target: Option<SitePath> = site.routes.resolve(&article.path, url).map(|(p, _)| p);
    target.is_some_and(|t| t == Routes::beside(&article.path, &asset.relative))
}

/// Photo progress on a terminal: a count that updates in place, for long cold runs.
struct Progress {
    shown: bool,
    started: std::time::Instant,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            shown: total > 1 && std::io::stderr().is_terminal(),
            started: std::time::Instant::now(),
        }
    }

    fn show(&self, done: usize, total: usize) {
        // Only once a run is slow enough to wonder about: a warm cache answers in milliseconds.
        if self.shown && self.started.elapsed().as_millis() > 500 {
            crate::print_stderr(&format!("\rProcessing photos: {done} of {total}"));
        }
    }

    fn finish(&self) {
        if self.shown && self.started.elapsed().as_millis() > 500 {
            crate::print_stderr("\n");
        }
    }
}
