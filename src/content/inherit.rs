//! Pairs translations by name, finds each article's original, and completes every file from
//! it: facts are written once, so a translation that leaves out the date, the event days,
//! the location's slug, country and coordinates, the source URL, the lead image's file and
//! credit or a figure's quantity (by `key`) takes them from its original.
//!
//! The original can be in any configured language. A version with a `[translation]` table is
//! a translation (of the language its `from` names); of the others, the one that holds the
//! facts (a `date`) is the original and the rest translate it. Two versions that both claim
//! to be the original are an error that names both files. Required fields are checked here,
//! after inheritance, and every error is reported in the file that holds the value.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, Lang, Taxonomy};
use crate::content::discover::Kind;
use crate::content::front_matter::{ArticleFront, Attendance, EventStatus, PageFront};
use crate::content::model::{Article, Asset, Event, Figure, LeadImage, Location, Page, Role, Source, Spans};
use crate::content::{Front, ParsedFile};
use crate::diagnostics::{Diagnostic, Located, Span};
use crate::quantity::{Figure as Quantity, Unit};
use crate::route::Routes;
use crate::slug;

#[derive(Default)]
pub(super) struct Assembled {
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Everything `assemble` reads besides the parsed files.
pub(crate) struct Inputs<'a> {
    pub assets: &'a BTreeMap<String, Vec<PathBuf>>,
    pub root: &'a Path,
    pub config: &'a Config,
    pub routes: &'a Routes,
    /// Articles assembled before, by version: a file whose version is there is not
    /// assembled again (watch mode passes the last build's).
    pub previous: &'a HashMap<u64, Arc<Article>>,
}

/// Completes every parsed file, and warns of bundle files no article claims.
pub(super) fn assemble(parsed: &[&ParsedFile], inputs: &Inputs) -> Assembled {
    let mut used_asset_dirs = Vec::new();
    let mut out = assemble_versions(parsed, inputs, &mut used_asset_dirs);
    out.warnings.extend(unused_assets(inputs, &used_asset_dirs));
    out
}

/// Completes the parsed files, which must hold every version of each article among them;
/// `used_asset_dirs` collects the bundle folders they claim.
pub(super) fn assemble_versions(
    parsed: &[&ParsedFile],
    inputs: &Inputs,
    used_asset_dirs: &mut Vec<String>,
) -> Assembled {
    use rayon::prelude::*;
    let mut groups: BTreeMap<(bool, &str), Vec<&ParsedFile>> = BTreeMap::new();
    for &p in parsed {
        groups
            .entry((p.source.kind == Kind::Page, &*p.source.name))
            .or_default()
            .push(p);
    }
    let groups: Vec<((bool, &str), Vec<&ParsedFile>)> = groups.into_iter().collect();
    // Each article's versions on their own, on all cores; put together in the groups' order.
    let parts: Vec<(Assembled, Vec<String>)> = groups
        .par_iter()
        .map(|((is_page, _), versions)| assemble_group(*is_page, versions, inputs))
        .collect();
    merge(parts, used_asset_dirs)
}

/// The versions of one article or page, completed; and the bundle folders they claim.
pub(super) fn assemble_group(is_page: bool, versions: &[&ParsedFile], inputs: &Inputs) -> (Assembled, Vec<String>) {
    let mut out = Assembled::default();
    let mut used = Vec::new();
    let original = if is_page {
        page_original(versions, inputs.config)
    } else {
        article_original(versions, &mut out.errors)
    };
    for &p in versions {
        let from = original.filter(|o| o.source.lang != p.source.lang);
        let bundle = bundle_assets(p, inputs, &mut used);
        complete_one(p, from, bundle, inputs, &mut out);
    }
    (out, used)
}

/// Groups' results put together, in order.
pub(super) fn merge(parts: Vec<(Assembled, Vec<String>)>, used_asset_dirs: &mut Vec<String>) -> Assembled {
    let mut out = Assembled::default();
    for (part, used) in parts {
        out.articles.extend(part.articles);
        out.pages.extend(part.pages);
        out.errors.extend(part.errors);
        out.warnings.extend(part.warnings);
        used_asset_dirs.extend(used);
    }
    out
}

/// Assembles one file (or reuses its article from the last build).
fn complete_one(
    p: &ParsedFile,
    original: Option<&ParsedFile>,
    bundle: Vec<Asset>,
    inputs: &Inputs,
    out: &mut Assembled,
) {
    // What this file's pages are made of: its own text, the original it inherits from, and
    // the files of its bundle.
    let version = {
        let mut hasher = std::hash::DefaultHasher::new();
        (
            &p.source.path,
            p.hash,
            original.map(|o| (o.hash, o.source.lang)),
            &bundle,
        )
            .hash(&mut hasher);
        hasher.finish()
    };
    if let Some(article) = inputs.previous.get(&version).filter(|_| p.errors.is_empty()) {
        out.articles.push(article.clone());
        return;
    }
    let mut cx = Cx {
        file: p,
        errors: p.errors.clone(),
        version,
        original_file: original.map(|o| o.source.display.as_path()),
        original_lang: original.map(|o| o.source.lang),
        terms: &inputs.config.terms,
    };
    match (&p.front, original.map(|o| &o.front)) {
        (Front::Article(front), original) => {
            let original = match original {
                Some(Front::Article(o)) => Some(&**o),
                _ => None,
            };
            let role = match cx.original_lang {
                Some(from) => Role::Translation { from },
                None => Role::Original,
            };
            if let Some(mut article) = cx.article(front, original, role) {
                article.assets = bundle;
                article.path = inputs.routes.article(article.lang, article.date.date(), &article.slug);
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
                page.path = inputs.routes.page(page.lang, &page.slug);
                if cx.errors.is_empty() {
                    out.pages.push(page);
                }
            }
        }
    }
    out.errors.extend(cx.errors);
}

/// The original among an article's versions: the only one not marked as a translation, or
/// of several unmarked ones the one that holds the facts. Mistakes are reported, and a best
/// guess is returned so the other checks still run.
fn article_original<'p>(versions: &[&'p ParsedFile], errors: &mut Vec<Diagnostic>) -> Option<&'p ParsedFile> {
    let front = |p: &ParsedFile| match &p.front {
        Front::Article(f) => Some(f.clone()),
        Front::Page(_) => None,
    };
    let unmarked: Vec<&ParsedFile> = versions
        .iter()
        .copied()
        .filter(|p| front(p).is_some_and(|f| f.translation.is_none()))
        .collect();
    let holders: Vec<&ParsedFile> = unmarked
        .iter()
        .copied()
        .filter(|p| front(p).is_some_and(|f| f.date.is_some()))
        .collect();
    let original = match (unmarked.len(), holders.as_slice()) {
        (0, _) => {
            if let Some(first) = versions.first() {
                errors.push(
                    Diagnostic::error(
                        &first.source.display,
                        "every version of this article is marked as a translation",
                    )
                    .hint("remove the [translation] table from the original"),
                );
            }
            None
        }
        (1, _) => Some(unmarked[0]),
        (_, [one]) => Some(*one),
        (_, []) => unmarked.first().copied(),
        (_, [first, rest @ ..]) => {
            for other in rest {
                let span = front(other).and_then(|f| f.date.as_ref().map(|d| d.span.clone()));
                let d = Diagnostic::error(
                    &other.source.display,
                    format!(
                        "two originals: this file and {} both hold the article's facts",
                        first.source.display.display()
                    ),
                )
                .field("date")
                .hint(format!(
                    "a translation leaves the facts to its original: remove `date` here, or mark this file with [translation] from = \"{}\"",
                    first.source.lang
                ));
                errors.push(match span {
                    Some(span) => d.spanned(&span),
                    None => d,
                });
            }
            Some(*first)
        }
    };
    check_marks(versions, original, errors);
    original
}

/// A `[translation] from` must name the original's language.
fn check_marks(versions: &[&ParsedFile], original: Option<&ParsedFile>, errors: &mut Vec<Diagnostic>) {
    for p in versions {
        let Front::Article(front) = &p.front else { continue };
        let Some(from) = front.translation.as_ref().and_then(|t| t.from.as_ref()) else {
            continue;
        };
        let problem = match original {
            _ if from.value == p.source.lang => Some("`from` names this file's own language".to_string()),
            Some(o) if o.source.lang != from.value => Some(format!(
                "the original of this article is {}, not the {} version",
                o.source.display.display(),
                from.value
            )),
            None => Some(format!("there is no original {} version of this article", from.value)),
            _ => None,
        };
        if let Some(message) = problem {
            errors.push(
                Diagnostic::at_span(&from.span, message)
                    .field("translation.from")
                    .hint("`from` is the language of the file this one translates"),
            );
        }
    }
}

/// Pages carry no facts: the default language's version is the one others follow.
fn page_original<'p>(versions: &[&'p ParsedFile], config: &Config) -> Option<&'p ParsedFile> {
    let unmarked = |p: &&&ParsedFile| matches!(&p.front, Front::Page(f) if f.translation.is_none());
    versions
        .iter()
        .filter(unmarked)
        .find(|p| p.source.lang == config.default_language)
        .or_else(|| versions.iter().find(unmarked))
        .copied()
}

/// The files of an article's own folder (`content/NAME/` and below), for a bundle.
fn bundle_assets(p: &ParsedFile, inputs: &Inputs, used: &mut Vec<String>) -> Vec<Asset> {
    if inputs.assets.is_empty() {
        return Vec::new();
    }
    let folder: String = match p.source.kind {
        Kind::Page => [super::discover::PAGES_DIR, &p.source.name].join("/"),
        Kind::Article => p.source.name.to_string(),
    };
    let base = inputs.root.join("content").join(&folder);
    let below = [folder.as_str(), ""].join("/");
    let mut found = Vec::new();
    // Folders sort by name, so `NAME-2` can come between `NAME` and `NAME/img`: skip those
    // and stop only past every folder that starts with NAME.
    for (dir, files) in inputs.assets.range(folder.clone()..) {
        if !dir.starts_with(&folder) {
            break;
        }
        if dir != &folder && !dir.starts_with(&below) {
            continue;
        }
        used.push(dir.clone());
        for file in files {
            if let Ok(relative) = file.strip_prefix(&base) {
                let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                found.push(Asset {
                    source: file.clone(),
                    relative: parts.join("/"),
                    display: super::discover::display(inputs.root, file),
                });
            }
        }
    }
    found
}

pub(super) fn unused_assets(inputs: &Inputs, used: &[String]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (dir, files) in inputs.assets {
        if used.contains(dir) {
            continue;
        }
        for file in files {
            warnings.push(
                Diagnostic::warning(
                    super::discover::display(inputs.root, file),
                    "this file belongs to no article and is not copied",
                )
                .hint("put it in a folder named like an article (content/2024/NAME/) or in static/"),
            );
        }
    }
    warnings
}

/// Completes one file; collects errors instead of stopping at the first.
struct Cx<'a> {
    file: &'a ParsedFile,
    errors: Vec<Diagnostic>,
    version: u64,
    original_file: Option<&'a Path>,
    original_lang: Option<Lang>,
    /// site.toml's `[terms]`: the slugs it gives words.
    terms: &'a crate::config::Terms,
}

/// A fact of the file itself, else the original's: each keeps its own span.
fn own_or<'v, T>(own: Option<&'v Located<T>>, inherited: Option<&'v Located<T>>) -> Option<&'v Located<T>> {
    own.or(inherited)
}

impl Cx<'_> {
    fn missing(&mut self, field: &str, at: &Span, hint: &str) {
        // A field written with a bad value is already reported; "missing" would be false.
        let reported = |f: &str| {
            // `figures[2].value` is the same field as `figures.value`.
            let f: String = f
                .split('[')
                .map(|part| part.split_once(']').map_or(part, |(_, rest)| rest))
                .collect();
            f == field || f.starts_with(&[field, "."].concat())
        };
        if self.errors.iter().any(|e| e.field.as_deref().is_some_and(reported)) {
            return;
        }
        let d = Diagnostic::error(&self.file.source.display, "required field is missing")
            .field(field)
            .hint(hint.to_string())
            .spanned(at);
        self.errors.push(d);
    }

    /// "here or in the original (content/…)" for hints about a fact that can be inherited.
    fn here_or_original(&self) -> String {
        match self.original_file {
            Some(file) => format!("here or in the original {}", file.display()),
            None => "here".to_string(),
        }
    }

    fn article(&mut self, own: &Arc<ArticleFront>, original: Option<&ArticleFront>, role: Role) -> Option<Article> {
        let p = self.file;
        let title = self.words("title", own.title.as_ref(), &own.span);
        let date = own_or(own.date.as_ref(), original.and_then(|o| o.date.as_ref()));
        let updated = own_or(own.updated.as_ref(), original.and_then(|o| o.updated.as_ref()));
        let with_time = |d: Option<&Located<jiff::ZonedDateTime>>| d.is_some_and(|d| d.span.text().contains(':'));
        let times_given = (with_time(date), with_time(updated));
        let date = date.map(|d| d.value.clone());
        if date.is_none() {
            let hint = format!(
                "add date = 2024-10-22 (or a datetime such as 2024-10-31T11:08:24+08:00) {}",
                self.here_or_original()
            );
            self.missing("date", &own.span, &hint);
        }
        let slug = self.slug(own.slug.as_ref(), original.and_then(|o| o.slug.as_ref()));
        let id = own_or(own.id.as_ref(), original.and_then(|o| o.id.as_ref()))
            .map_or_else(|| p.source.name.to_string(), |i| i.value.clone());
        let event = self.event(own, original, &title);
        let location = self.location(own, original);
        let source = self.source(own, original);
        let figures = self.figures(own, original);
        let image = self.image(own, original).map(Box::new);
        let summary = self.summary(own, &figures);
        self.check_citations(&p.body.citations, &figures);
        let date = date?;
        Some(Article {
            name: p.source.name.clone(),
            lang: p.source.lang,
            file: p.file.clone(),
            role,
            title,
            date,
            updated: updated.map(|d| d.value.clone()),
            times_given,
            summary,
            slug,
            id,
            tags: own.tags.iter().map(|t| t.value.clone()).collect(),
            draft: own.draft,
            event,
            location,
            source,
            figures,
            image,
            extra: own.extra.clone(),
            body: p.body.clone(),
            path: Routes::chooser(),
            assets: Vec::new(),
            front: Some(own.clone()),
            spans: Spans {
                top: Spans::range(&own.span),
                slug: own.slug.as_ref().map(|s| Spans::range(&s.span)),
                tags: own.tags.iter().map(|t| Spans::range(&t.span)).collect(),
                location: own.location.as_ref().map(|l| Spans::range(&l.span)),
                source: own.source.as_ref().map(|s| Spans::range(&s.span)),
            },
            version: self.version,
        })
    }

    fn page(&mut self, own: &Arc<PageFront>, original: Option<&PageFront>) -> Option<Page> {
        let p = self.file;
        let title = self.words("title", own.title.as_ref(), &own.span);
        if title.is_empty() {
            return None;
        }
        let slug = self.slug(own.slug.as_ref(), original.and_then(|o| o.slug.as_ref()));
        Some(Page {
            name: p.source.name.clone(),
            lang: p.source.lang,
            file: p.file.clone(),
            title,
            summary: own
                .summary
                .as_ref()
                .map_or_else(|| p.body.summary.clone(), |s| s.value.clone()),
            slug,
            draft: own.draft,
            updated: own.updated.as_ref().map(|d| d.value.clone()),
            extra: own.extra.clone(),
            body: p.body.clone(),
            path: Routes::chooser(),
            assets: Vec::new(),
            front: own.clone(),
            version: self.version,
        })
    }

    /// Words every version writes itself (a title): required, not empty, not inherited.
    fn words(&mut self, field: &str, own: Option<&Located<String>>, top: &Span) -> String {
        match own {
            Some(t) if !t.value.trim().is_empty() => t.value.clone(),
            Some(t) => {
                let d = Diagnostic::at_span(&t.span, format!("the {field} is empty"))
                    .field(field)
                    .hint(format!("write the {field} in this file's language"));
                self.errors.push(d);
                String::new()
            }
            None => {
                self.missing(field, top, &format!("add {field} = \"…\" to the front matter"));
                String::new()
            }
        }
    }

    /// Reports a slug that is not one safe URL segment, with a slug made from it as the hint.
    fn check_slug(&mut self, field: &str, given: &Located<String>) {
        if slug::is_valid(&given.value) {
            return;
        }
        let suggestion = slug::slugify(&given.value, self.file.source.lang.as_str());
        let try_this = if suggestion.is_empty() {
            String::new()
        } else {
            format!(": try \"{suggestion}\"")
        };
        let d = Diagnostic::at_span(&given.span, format!("`{}` is not a safe slug", given.value))
            .field(field)
            .hint(format!(
                "a slug is one URL segment of letters, digits, `-`, `_` and `.`; it cannot contain `/` or `..`{try_this}"
            ));
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
        let derived = slug::slugify(last, self.file.source.lang.as_str());
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
        let start = own_or(front.start.as_ref(), inherited.and_then(|o| o.start.as_ref()));
        let Some(start) = start else {
            let hint = format!("add start = 2024-10-22 to [event] {}", self.here_or_original());
            self.missing("event.start", &front.span, &hint);
            return None;
        };
        let end = own_or(front.end.as_ref(), inherited.and_then(|o| o.end.as_ref()));
        if let Some(end) = end
            && end.value < start.value
            && end.span.file() != start.span.file()
        {
            // Each file's own dates were checked while parsing; here the two come from
            // different files, and the later file is where the mistake most likely is.
            let d = Diagnostic::at_span(
                &end.span,
                format!(
                    "the event ends ({}) before it starts ({}, {})",
                    end.value,
                    start.value,
                    start.span.file().display()
                ),
            )
            .field("event.end")
            .hint("one of the dates differs from the original's; `end` must not be before `start`");
            self.errors.push(d);
        }
        // A translation with its own [event] writes its own name; the original's name is in
        // another language and is not inherited.
        let name = match &own.event {
            Some(e) => e.name.as_ref().map(|n| n.value.clone()),
            None => front.name.as_ref().map(|n| n.value.clone()),
        };
        let status = own_or(front.status.as_ref(), inherited.and_then(|o| o.status.as_ref()));
        let attendance = own_or(front.attendance.as_ref(), inherited.and_then(|o| o.attendance.as_ref()));
        let status = status.map_or(EventStatus::Scheduled, |s| s.value);
        let attendance = attendance.map_or(
            if status == EventStatus::MovedOnline {
                Attendance::Online
            } else {
                Attendance::Offline
            },
            |a| a.value,
        );
        Some(Event {
            name: name.unwrap_or_else(|| title.to_string()),
            start: start.value,
            end: end.map_or(start.value, |e| e.value.max(start.value)),
            status,
            attendance,
        })
    }

    /// A table's `name`, or the original's; an empty or missing name is an error.
    fn name(
        &mut self,
        own: Option<&Located<String>>,
        inherited: Option<&Located<String>>,
        table: &str,
        span: &Span,
    ) -> Option<String> {
        let name = own.or(inherited);
        match name {
            Some(n) if !n.value.trim().is_empty() => Some(n.value.clone()),
            Some(n) => {
                let d = Diagnostic::at_span(&n.span, format!("the {table} name is empty"))
                    .field(format!("{table}.name"))
                    .hint(format!("write the {table}'s name, or leave out [{table}]"));
                self.errors.push(d);
                None
            }
            None => {
                self.missing(
                    &format!("{table}.name"),
                    span,
                    &format!("add name = \"…\" to [{table}]"),
                );
                None
            }
        }
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
        let lang = self.file.source.lang.as_str();
        let slug = match own_or(front.slug.as_ref(), inherited.and_then(|o| o.slug.as_ref())) {
            Some(given) => {
                self.check_slug("location.slug", given);
                given.value.clone()
            }
            None => {
                let own_lang = self.file.source.lang;
                let original_name = inherited.and_then(|o| o.name.as_ref()).zip(self.original_lang);
                // site.toml's [terms.locations] names the place in some language: its slug
                // pairs the pages.
                let named = self
                    .terms
                    .slug(Taxonomy::Locations, own_lang, &name)
                    .or_else(|| original_name.and_then(|(n, l)| self.terms.slug(Taxonomy::Locations, l, &n.value)));
                match (named, original_name) {
                    (Some(named), _) => named.to_string(),
                    // The original's name makes the slug, so both languages' pages pair.
                    (None, Some((original_name, original_lang))) => {
                        slug::slugify(&original_name.value, original_lang.as_str())
                    }
                    (None, None) => slug::slugify(&name, lang),
                }
            }
        };
        Some(Location {
            name,
            name_written: own.location.as_ref().and_then(|l| l.name.as_ref()).is_some(),
            slug,
            country: own_or(front.country.as_ref(), inherited.and_then(|o| o.country.as_ref()))
                .map(|c| c.value.clone()),
            coordinates: own_or(
                front.coordinates.as_ref(),
                inherited.and_then(|o| o.coordinates.as_ref()),
            )
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
        let slug = own_or(front.slug.as_ref(), inherited.and_then(|o| o.slug.as_ref()));
        if let Some(slug) = slug {
            self.check_slug("source.slug", slug);
        }
        Some(Source {
            name,
            name_written: own.source.as_ref().and_then(|s| s.name.as_ref()).is_some(),
            slug: slug.map(|s| s.value.clone()),
            url: own_or(front.url.as_ref(), inherited.and_then(|o| o.url.as_ref())).map(|u| u.value.clone()),
            section: front.section.as_ref().map(|s| s.value.clone()),
        })
    }

    fn figures(&mut self, own: &ArticleFront, original: Option<&ArticleFront>) -> Vec<Figure> {
        let mut figures = Vec::new();
        for figure in &own.figures {
            let from_original = figure.key.as_ref().and_then(|key| {
                original?
                    .figures
                    .iter()
                    .find(|f| f.key.as_ref().map(|k| &k.value) == Some(&key.value))
            });
            let label = match &figure.label {
                Some(label) if !label.value.trim().is_empty() => label.value.clone(),
                _ => {
                    self.missing(
                        "figures.label",
                        &figure.span,
                        "add label = \"…\": what the number counts, in this file's language",
                    );
                    continue;
                }
            };
            let value = own_or(figure.value.as_ref(), from_original.and_then(|f| f.value.as_ref()));
            let Some(value) = value else {
                let hint = match (&figure.key, self.original_file) {
                    (Some(key), Some(file)) => format!(
                        "the original {} has no figure with key = \"{}\" and a value; add value = … here",
                        file.display(),
                        key.value
                    ),
                    _ => "add value = … (a number), or a `key` that matches a figure of the original".to_string(),
                };
                self.missing("figures.value", &figure.span, &hint);
                continue;
            };
            let unit = match (&figure.unit, from_original.and_then(|f| f.unit.as_ref())) {
                (Some(own), _) => own.value.clone(),
                (None, Some(theirs)) if figure.counter.is_some() && !matches!(theirs.value, Unit::None) => {
                    self.counter_beside_inherited_unit(figure, theirs);
                    continue;
                }
                (None, _) if figure.counter.is_some() => {
                    Unit::Words(figure.counter.as_ref().map(|c| c.value.clone()).unwrap_or_default())
                }
                (None, Some(theirs)) if matches!(theirs.value, Unit::Words(_)) => {
                    self.words_not_inherited(figure, theirs);
                    continue;
                }
                (None, Some(theirs)) => theirs.value.clone(),
                (None, None) => Unit::None,
            };
            let approx = own_or(figure.approx.as_ref(), from_original.and_then(|f| f.approx.as_ref()));
            figures.push(Figure {
                label,
                quantity: Quantity {
                    value: value.value.clone(),
                    unit,
                    approx: approx.map(|a| a.value),
                },
                key: figure.key.as_ref().map(|k| k.value.clone()),
            });
        }
        figures
    }

    /// The front matter's summary (its `{{key}}` citations as placeholders, checked), or the
    /// body's first paragraph.
    fn summary(&mut self, own: &ArticleFront, figures: &[Figure]) -> String {
        let Some(given) = &own.summary else {
            return self.file.body.summary.clone();
        };
        let (text, citations) = crate::markdown::cite_text(&given.value);
        for citation in citations {
            if !figures.iter().any(|f| f.key.as_deref() == Some(citation.key.as_str())) {
                self.errors
                    .push(unknown_citation(&citation.key, figures).spanned(&given.span));
            }
        }
        text
    }

    /// Every `{{key}}` of the body names one of the article's figures.
    fn check_citations(&mut self, citations: &[crate::markdown::Citation], figures: &[Figure]) {
        for citation in citations {
            if !figures.iter().any(|f| f.key.as_deref() == Some(citation.key.as_str())) {
                let d = unknown_citation(&citation.key, figures).at(&self.file.file.text, citation.range.clone());
                self.errors.push(d.in_file(&self.file.source.display));
            }
        }
    }

    /// A translation cannot carry over the words its original wrote for a unit: they are in
    /// the other language. The hint names the code that would let both languages write it.
    fn words_not_inherited(&mut self, figure: &crate::content::front_matter::FigureFront, theirs: &Located<Unit>) {
        let Unit::Words(words) = &theirs.value else { return };
        let code = crate::quantity::suggest_code(words).map_or_else(
            || "write the unit in this file's language: unit_text = \"…\"".to_string(),
            |code| format!("write {code} in the original, so each language writes the unit itself; or give this figure its own unit_text here"),
        );
        let d = Diagnostic::error(
            &self.file.source.display,
            format!(
                "the original writes this figure's unit in its own words (`{words}`, {}:{}); a translation cannot inherit them",
                theirs.span.file().display(),
                theirs.span.line()
            ),
        )
        .field("figures.unit_text")
        .hint(code)
        .spanned(&figure.span);
        self.errors.push(d);
    }

    /// A counter word is for a plain count; the original already gives this figure a unit,
    /// which the counter would silently replace (`386亿笔` for a sum in yuan).
    fn counter_beside_inherited_unit(
        &mut self,
        figure: &crate::content::front_matter::FigureFront,
        theirs: &Located<Unit>,
    ) {
        let Some(counter) = &figure.counter else { return };
        let d = Diagnostic::error(
            &self.file.source.display,
            format!(
                "a figure with a unit takes no counter word: the original gives this figure its unit ({}:{})",
                theirs.span.file().display(),
                theirs.span.line()
            ),
        )
        .field("figures.counter")
        .hint("remove counter here; the inherited unit already says what is counted")
        .spanned(&counter.span);
        self.errors.push(d);
    }

    /// The lead photo: the file and credit are facts (inherited), the alt text and caption
    /// are words each language writes; a missing alt text is an error in every language.
    fn image(&mut self, own: &ArticleFront, original: Option<&ArticleFront>) -> Option<LeadImage> {
        let inherited = original.and_then(|o| o.image.as_ref());
        let front = own.image.as_ref().or(inherited)?;
        let file = own_or(front.file.as_ref(), inherited.and_then(|o| o.file.as_ref()));
        let Some(file) = file else {
            self.missing(
                "image.file",
                &front.span,
                "add file = \"photo.jpg\", a file in the article's folder",
            );
            return None;
        };
        let alt = own.image.as_ref().and_then(|i| i.alt.as_ref());
        let alt = match alt {
            Some(alt) if !alt.value.trim().is_empty() => alt.value.clone(),
            _ => {
                let at = own.image.as_ref().map_or(&own.span, |i| &i.span);
                let d = Diagnostic::error(
                    &self.file.source.display,
                    "the lead image has no alt text in this language",
                )
                .field("image.alt")
                .hint(
                    "describe the photo for readers who cannot see it: add [image] alt = \"…\" in this file's language",
                )
                .spanned(at);
                self.errors.push(d);
                return None;
            }
        };
        Some(LeadImage {
            file: file.value.clone(),
            alt,
            caption: own
                .image
                .as_ref()
                .and_then(|i| i.caption.as_ref())
                .map(|c| c.value.clone()),
            credit: own_or(front.credit.as_ref(), inherited.and_then(|o| o.credit.as_ref())).map(|c| c.value.clone()),
            span: file.span.clone(),
        })
    }
}

/// A citation of a key the article has no figure for, with the keys it has.
fn unknown_citation(key: &str, figures: &[Figure]) -> Diagnostic {
    let keys: Vec<&str> = figures.iter().filter_map(|f| f.key.as_deref()).collect();
    let hint = match crate::diagnostics::closest(key, keys.iter().copied()) {
        Some(best) => format!("did you mean {{{{{best}}}}}? a citation names a figure's `key`"),
        None if keys.is_empty() => {
            "this article has no figure with a `key` to cite; add one under [[figures]]".to_string()
        }
        None => format!("the figures' keys here: {}", keys.join(", ")),
    };
    Diagnostic::error("", format!("`{{{{{key}}}}}` cites no figure of this article"))
        .field("citation")
        .hint(hint)
}
