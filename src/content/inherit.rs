//! Pairs translations by name and completes each file from its default-language original:
//! facts are written once, so a translation that leaves out the date, the event days, the
//! location's slug, country and coordinates, the source URL or a figure's value and unit (by
//! `key`) takes them from the original. Required fields are checked here, after inheritance.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::front_matter::{ArticleFront, Located, PageFront};
use crate::content::model::{Article, Asset, Event, Figure, Location, Page, Source};
use crate::content::{Front, ParsedFile};
use crate::diagnostics::Diagnostic;
use crate::slug;

#[derive(Default)]
pub struct Assembled {
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Completes every parsed file. `previous` holds articles assembled before, by version:
/// a file whose version is there is not assembled again (watch mode passes the last build's).
pub fn assemble(
    parsed: &[&ParsedFile],
    assets: &BTreeMap<String, Vec<PathBuf>>,
    root: &Path,
    config: &Config,
    previous: &HashMap<u64, Arc<Article>>,
) -> Assembled {
    let mut out = Assembled::default();
    let mut originals: HashMap<(bool, &str), usize> = HashMap::new();
    for (i, p) in parsed.iter().enumerate() {
        if p.source.lang == config.default_language {
            originals.insert((matches!(p.front, Front::Page(_)), p.source.name.as_str()), i);
        }
    }
    let mut used_asset_dirs = Vec::new();
    for &p in parsed {
        let original = originals
            .get(&(matches!(p.front, Front::Page(_)), p.source.name.as_str()))
            .map(|&i| parsed[i]);
        let bundle = bundle_assets(&p.source.name, p, assets, root, &mut used_asset_dirs);
        // What this file's pages are made of: its own text, for a translation the original
        // it inherits from, and the files of its bundle.
        let version = {
            let mut hasher = std::hash::DefaultHasher::new();
            (&p.source.path, p.hash, original.map(|o| o.hash), &bundle).hash(&mut hasher);
            hasher.finish()
        };
        if let Some(article) = previous.get(&version) {
            out.articles.push(article.clone());
            continue;
        }
        let mut cx = Cx {
            file: p,
            errors: Vec::new(),
            version,
        };
        match (&p.front, original.map(|o| &o.front)) {
            (Front::Article(front), original) => {
                let original = match original {
                    Some(Front::Article(o)) if p.source.lang != config.default_language => Some(&**o),
                    _ => None,
                };
                if let Some(mut article) = cx.article(front, original) {
                    article.assets = bundle;
                    article.path = super::article_path(config, &article);
                    if cx.errors.is_empty() {
                        out.articles.push(Arc::new(article));
                    }
                }
            }
            (Front::Page(front), original) => {
                let original = match original {
                    Some(Front::Page(o)) => Some(&**o),
                    _ => None,
                };
                if let Some(mut page) = cx.page(front, original) {
                    page.assets = bundle;
                    out.pages.push(page);
                }
            }
        }
        out.errors.extend(cx.errors);
    }
    for (dir, files) in assets {
        if !used_asset_dirs.contains(dir) {
            for file in files {
                out.warnings.push(
                    Diagnostic::warning(
                        super::discover::display(root, file),
                        "this file belongs to no article and is not copied",
                    )
                    .hint("put it in a folder named like an article (content/2024/NAME/) or in static/"),
                );
            }
        }
    }
    out
}

/// The files of an article's own folder (`content/NAME/` and below), for a bundle.
fn bundle_assets(
    name: &str,
    p: &ParsedFile,
    assets: &BTreeMap<String, Vec<PathBuf>>,
    root: &Path,
    used: &mut Vec<String>,
) -> Vec<Asset> {
    if assets.is_empty() {
        return Vec::new();
    }
    let folder = match p.source.front_kind_prefix() {
        Some(prefix) => format!("{prefix}/{name}"),
        None => name.to_string(),
    };
    let base = root.join("content").join(&folder);
    let below = format!("{folder}/");
    let mut found = Vec::new();
    // Folders sort by name, so `NAME-2` can come between `NAME` and `NAME/img`: skip those
    // and stop only past every folder that starts with NAME.
    for (dir, files) in assets.range(folder.clone()..) {
        if !dir.starts_with(&folder) {
            break;
        }
        if dir != &folder && !dir.starts_with(&below) {
            continue;
        }
        used.push(dir.clone());
        for file in files {
            if let Ok(relative) = file.strip_prefix(&base) {
                found.push(Asset {
                    source: file.clone(),
                    relative: relative.to_path_buf(),
                });
            }
        }
    }
    found
}

/// Completes one file; collects errors instead of stopping at the first.
struct Cx<'a> {
    file: &'a ParsedFile,
    errors: Vec<Diagnostic>,
    version: u64,
}

impl Cx<'_> {
    fn text(&self) -> &Arc<str> {
        &self.file.text
    }

    fn missing(&mut self, field: &str, at: std::ops::Range<usize>, hint: &str) {
        let d = Diagnostic::error(&self.file.source.display, "required field is missing")
            .field(field)
            .hint(hint.to_string())
            .at(self.text(), at);
        self.errors.push(d);
    }

    fn article(&mut self, own: &Arc<ArticleFront>, original: Option<&ArticleFront>) -> Option<Article> {
        let p = self.file;
        let title = match &own.title {
            Some(t) if !t.value.trim().is_empty() => t.value.clone(),
            _ => {
                self.missing("title", own.span.clone(), "add title = \"…\" to the front matter");
                String::new()
            }
        };
        let date = own
            .date
            .as_ref()
            .or(original.and_then(|o| o.date.as_ref()))
            .map(|d| d.value.clone());
        if date.is_none() {
            let hint = if original.is_some() {
                "add date = 2024-10-22 here or in the default-language original"
            } else {
                "add date = 2024-10-22 (or a datetime such as 2024-10-31T11:08:24+08:00)"
            };
            self.missing("date", own.span.clone(), hint);
        }
        let slug = self.slug(own.slug.as_ref(), original.and_then(|o| o.slug.as_ref()));
        let event = self.event(own, original, &title);
        let location = self.location(own, original);
        let source = self.source(own, original);
        let figures = self.figures(own, original);
        let date = date?;
        Some(Article {
            name: p.source.name.clone(),
            lang: p.source.lang.clone(),
            file: p.source.display.clone(),
            title,
            date,
            updated: own
                .updated
                .as_ref()
                .or(original.and_then(|o| o.updated.as_ref()))
                .map(|d| d.value.clone()),
            summary: own.summary.clone().unwrap_or_else(|| p.body.first_paragraph.clone()),
            slug,
            tags: own.tags.clone(),
            draft: own.draft,
            event,
            location,
            source,
            figures,
            extra: own.extra.clone(),
            body: p.body.clone(),
            path: String::new(),
            assets: Vec::new(),
            front: own.clone(),
            version: self.version,
            text_hash: p.hash,
        })
    }

    fn page(&mut self, own: &Arc<PageFront>, original: Option<&PageFront>) -> Option<Page> {
        let p = self.file;
        let title = match &own.title {
            Some(t) if !t.value.trim().is_empty() => t.value.clone(),
            _ => {
                self.missing("title", own.span.clone(), "add title = \"…\" to the front matter");
                return None;
            }
        };
        let slug = self.slug(own.slug.as_ref(), original.and_then(|o| o.slug.as_ref()));
        Some(Page {
            name: p.source.name.clone(),
            lang: p.source.lang.clone(),
            file: p.source.display.clone(),
            title,
            summary: own.summary.clone().unwrap_or_else(|| p.body.first_paragraph.clone()),
            slug,
            draft: own.draft,
            updated: own.updated.as_ref().map(|d| d.value.clone()),
            extra: own.extra.clone(),
            body: p.body.clone(),
            path: String::new(),
            assets: Vec::new(),
            front: own.clone(),
            version: self.version,
            text_hash: p.hash,
        })
    }

    /// Reports a slug that is not one safe URL segment, with a slug made from it as the hint.
    fn check_slug(&mut self, field: &str, given: &Located<String>) {
        if slug::is_valid(&given.value) {
            return;
        }
        let suggestion = slug::slugify(&given.value);
        let try_this = if suggestion.is_empty() {
            String::new()
        } else {
            format!(": try \"{suggestion}\"")
        };
        let d = Diagnostic::error(
            &self.file.source.display,
            format!("`{}` is not a safe slug", given.value),
        )
        .field(field)
        .hint(format!(
            "a slug is one URL segment of letters, digits, `-`, `_` and `.`; it cannot contain `/` or `..`{try_this}"
        ))
        .at(self.text(), given.span.clone());
        self.errors.push(d);
    }

    /// The editor's slug (checked: one safe path segment), the original's, or the name's last part.
    fn slug(&mut self, own: Option<&Located<String>>, original: Option<&Located<String>>) -> String {
        if let Some(given) = own {
            self.check_slug("slug", given);
            return given.value.clone();
        }
        if let Some(inherited) = original.filter(|o| slug::is_valid(&o.value)) {
            return inherited.value.clone();
        }
        let last = self.file.source.name.rsplit('/').next().unwrap_or_default();
        let derived = slug::slugify(last);
        if derived.is_empty() {
            self.errors.push(
                Diagnostic::error(&self.file.source.display, "no slug can be made from the file name")
                    .field("slug")
                    .hint("add slug = \"…\" (letters, digits and hyphens) to the front matter"),
            );
        }
        derived
    }

    fn event(&mut self, own: &ArticleFront, original: Option<&ArticleFront>, title: &str) -> Option<Event> {
        let inherited = original.and_then(|o| o.event.as_ref());
        let front = own.event.as_ref().or(inherited)?;
        let start = front.start.as_ref().or(inherited.and_then(|o| o.start.as_ref()));
        let Some(start) = start.map(|s| s.value) else {
            self.missing("event.start", front.span.clone(), "add start = 2024-10-22 to [event]");
            return None;
        };
        let end = front
            .end
            .as_ref()
            .or(inherited.and_then(|o| o.end.as_ref()))
            .map_or(start, |e| e.value);
        if end < start {
            let d = Diagnostic::error(
                &self.file.source.display,
                format!("the event ends ({end}) before it starts ({start})"),
            )
            .field("event.end")
            .hint("one of the dates differs from the original's; `end` must not be before `start`")
            .at(self.text(), front.span.clone());
            self.errors.push(d);
        }
        let name = own
            .event
            .as_ref()
            .and_then(|e| e.name.clone())
            .or(if own.event.is_none() { front.name.clone() } else { None });
        Some(Event {
            name: name.unwrap_or_else(|| title.to_string()),
            start,
            end,
        })
    }

    /// A table's `name`, or the original's; an empty or missing name is an error.
    fn name(
        &mut self,
        own: Option<&String>,
        inherited: Option<&String>,
        table: &str,
        span: &Range<usize>,
    ) -> Option<String> {
        let name = own.or(inherited).filter(|n| !n.trim().is_empty()).cloned();
        if name.is_none() {
            self.missing(
                &format!("{table}.name"),
                span.clone(),
                &format!("add name = \"…\" to [{table}]"),
            );
        }
        name
    }

    fn location(&mut self, own: &ArticleFront, original: Option<&ArticleFront>) -> Option<Location> {
        let inherited = original.and_then(|o| o.location.as_ref());
        let front = own.location.as_ref().or(inherited)?;
        let name = self.name(
            front.name.as_ref(),
            inherited.and_then(|o| o.name.as_ref()),
            "location",
            &front.span,
        )?;
        let slug = match front.slug.as_ref().or(inherited.and_then(|o| o.slug.as_ref())) {
            Some(given) => {
                self.check_slug("location.slug", given);
                given.value.clone()
            }
            None => match inherited.and_then(|o| o.name.as_deref()) {
                Some(original_name) => slug::slugify(original_name),
                None => slug::slugify(&name),
            },
        };
        Some(Location {
            name,
            slug,
            country: front
                .country
                .as_ref()
                .or(inherited.and_then(|o| o.country.as_ref()))
                .map(|c| c.value.clone()),
            coordinates: front
                .coordinates
                .as_ref()
                .or(inherited.and_then(|o| o.coordinates.as_ref()))
                .map(|c| c.value),
        })
    }

    fn source(&mut self, own: &ArticleFront, original: Option<&ArticleFront>) -> Option<Source> {
        let inherited = original.and_then(|o| o.source.as_ref());
        let front = own.source.as_ref().or(inherited)?;
        let name = self.name(
            front.name.as_ref(),
            inherited.and_then(|o| o.name.as_ref()),
            "source",
            &front.span,
        )?;
        Some(Source {
            name,
            url: front
                .url
                .as_ref()
                .or(inherited.and_then(|o| o.url.as_ref()))
                .map(|u| u.value.clone()),
            section: front.section.clone(),
        })
    }

    fn figures(&mut self, own: &ArticleFront, original: Option<&ArticleFront>) -> Vec<Figure> {
        let mut figures = Vec::new();
        for figure in &own.figures {
            let from_original = figure
                .key
                .as_ref()
                .and_then(|key| original?.figures.iter().find(|f| f.key.as_ref() == Some(key)));
            let value = figure
                .value
                .as_ref()
                .or(from_original.and_then(|f| f.value.as_ref()))
                .map(|v| v.value);
            let Some(value) = value else {
                let hint = match (&figure.key, original) {
                    (Some(key), Some(_)) => {
                        format!("the original has no figure with key = \"{key}\" and a value; add value = … here")
                    }
                    _ => "add value = … (a number), or a `key` that matches a figure of the default-language original"
                        .to_string(),
                };
                self.missing("figures.value", figure.span.clone(), &hint);
                continue;
            };
            if !value.is_finite() {
                let d = Diagnostic::error(&self.file.source.display, "the value is not a finite number")
                    .field("figures.value")
                    .at(self.text(), figure.span.clone());
                self.errors.push(d);
            }
            figures.push(Figure {
                label: figure.label.clone(),
                value,
                unit: figure.unit.clone().or(from_original.and_then(|f| f.unit.clone())),
                key: figure.key.clone(),
            });
        }
        figures
    }
}

impl super::discover::SourceFile {
    /// Pages' names are relative to content/pages, so their bundle folder is below it.
    fn front_kind_prefix(&self) -> Option<&'static str> {
        match self.kind {
            super::discover::Kind::Page => Some(super::discover::PAGES_DIR),
            super::discover::Kind::Article => None,
        }
    }
}
