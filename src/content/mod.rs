//! The content stage: discover the Markdown files, read and parse each one (in parallel), pair
//! translations and fill in inherited facts, then leave out what is not to be published and
//! give every page its path. The result is plain data; nothing here renders or writes.
//!
//! The original governs publication: while an article's original is a draft or embargoed
//! (dated in the future), no version of it is published, whatever the translations say.

pub(crate) mod discover;
pub(crate) mod front_matter;
#[cfg(test)]
mod fuzz;
mod inherit;
pub(crate) mod model;
pub(crate) mod split;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::markdown::{self, Markdown};
use crate::route::Routes;
use discover::{Kind, SourceFile};
use front_matter::{ArticleFront, PageFront};
use model::{Article, Page, Role};

pub(crate) use inherit::Inputs;

/// What the user asked to include.
#[derive(Debug, Clone)]
pub(crate) struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// Articles dated after this are embargoed.
    pub now: Timestamp,
}

/// Everything in content/, complete and validated, newest article first.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Diagnostic>,
}

/// Files larger than this are refused: no article is 10 MB of text, and reading a stray
/// data dump into memory 20,000 times over would be the wrong kind of surprise.
pub(crate) const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Ids the default theme's pages use themselves; no heading or footnote of a body gets one.
pub(crate) const RESERVED_IDS: &[&str] = &[
    "main",
    "facts-title",
    "figures-title",
    "search-q",
    "search-page-q",
    "gazette-build-error",
];

/// The longest summary made from a body's first paragraph, in characters (cut at a sentence).
const SUMMARY_CHARS: usize = 200;

/// One content file, read and parsed but not yet paired with its translations.
#[derive(Debug, Clone)]
pub(crate) struct ParsedFile {
    pub source: SourceFile,
    pub file: Arc<SourceText>,
    /// A hash of the text, made once: watch mode compares it on every rebuild.
    pub hash: u64,
    pub front: Front,
    pub body: Arc<Markdown>,
    /// Mistakes in the front matter; the file is still completed so every mistake of it is
    /// reported together, but it is never published.
    pub errors: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub(crate) enum Front {
    Article(Arc<ArticleFront>),
    Page(Arc<PageFront>),
}

/// Discovers, parses and completes every content file. All errors of all files come back
/// together, beside the content of the files that had none (so `check` can go on to the
/// checks after loading).
/// Whether articles keep their front matter as written once they are assembled: `check`,
/// `translate` and watch mode read it again; a build does not, and drops it at once. A build
/// also makes each body's HTML while it reads the body, and keeps that instead of the body's
/// text (`Article::keep_html`): each page is written once, and the body need not be parsed
/// again for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrontMatter {
    Keep,
    Drop,
}

/// Reads and completes content/. Each article's versions are parsed, assembled and published
/// together, on all cores, and their parsed files go right after: with `FrontMatter::Drop`,
/// no more than a few articles' front matter is held at once (at 100,000 articles, holding
/// all of it until the plan was made put 0.4 GB more in the build's peak).
pub(crate) fn load(
    root: &Path,
    config: &Config,
    options: &LoadOptions,
    front: FrontMatter,
) -> (Content, Vec<Diagnostic>) {
    let found = discover::discover(root, config);
    let mut errors = found.errors;
    let routes = Routes::new(config);
    let inputs = Inputs {
        assets: &found.assets,
        root,
        config,
        routes: &routes,
        previous: &HashMap::new(),
    };
    // The versions of each article (or page), in the order `complete` assembles them.
    let mut groups: std::collections::BTreeMap<(bool, Arc<str>), Vec<SourceFile>> = Default::default();
    for file in found.files {
        groups
            .entry((file.kind == Kind::Page, file.name.clone()))
            .or_default()
            .push(file);
    }
    // In runs of a few articles: rayon splits by count, and an uneven run of hundreds left
    // one core parsing alone for 70 ms at the end (a tenth of the load).
    let groups: Vec<_> = groups.into_iter().collect();
    let parts: Vec<(inherit::Assembled, Vec<String>)> = groups
        .into_par_iter()
        .with_max_len(8)
        .map(|((is_page, _), files)| {
            let mut failed = Vec::new();
            let parsed: Vec<ParsedFile> = files
                .into_iter()
                .filter_map(|file| {
                    parse_file(file, config, front == FrontMatter::Drop)
                        .map_err(|e| failed.extend(e))
                        .ok()
                })
                .collect();
            let refs: Vec<&ParsedFile> = parsed.iter().collect();
            let (mut part, used) = inherit::assemble_group(is_page, &refs, &inputs);
            drop(refs);
            drop(parsed);
            part.errors.extend(failed);
            part.articles = publish(std::mem::take(&mut part.articles), options, &mut part.errors);
            if front == FrontMatter::Drop {
                for article in &mut part.articles {
                    if let Some(article) = Arc::get_mut(article) {
                        article.front = None;
                        article.keep_html();
                    }
                }
            }
            (part, used)
        })
        .collect();
    let mut used = Vec::new();
    let mut assembled = inherit::merge(parts, &mut used);
    assembled.warnings.extend(inherit::unused_assets(&inputs, &used));
    errors.append(&mut assembled.errors);
    (finish(assembled, options), errors)
}

/// From parsed files to the finished content: translations paired and completed, what is not
/// to be published left out, articles sorted newest first. Watch mode calls this with the
/// files it keeps parsed in memory.
pub(crate) fn complete(parsed: &[&ParsedFile], inputs: &Inputs, options: &LoadOptions) -> (Content, Vec<Diagnostic>) {
    let mut assembled = inherit::assemble(parsed, inputs);
    let mut errors = std::mem::take(&mut assembled.errors);
    assembled.articles = publish(std::mem::take(&mut assembled.articles), options, &mut errors);
    (finish(assembled, options), errors)
}

/// Published articles and pages as content: drafts left out, articles newest first.
fn finish(assembled: inherit::Assembled, options: &LoadOptions) -> Content {
    let mut content = Content {
        articles: assembled.articles,
        pages: assembled.pages,
        warnings: assembled.warnings,
    };
    content.pages.retain(|p| options.drafts || !p.draft);
    content.articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    content
}

/// Completes the versions of a few articles again, as `complete` would within the whole site:
/// `parsed` holds every version of each of them. Watch mode uses it when only bodies changed.
pub(crate) fn complete_versions(
    parsed: &[&ParsedFile],
    inputs: &Inputs,
    options: &LoadOptions,
) -> (Vec<Arc<Article>>, Vec<Diagnostic>) {
    let assembled = inherit::assemble_versions(parsed, inputs, &mut Vec::new());
    let mut errors = assembled.errors;
    let articles = publish(assembled.articles, options, &mut errors);
    (articles, errors)
}

/// Keeps the versions that may be published: the original decides for all of them (draft,
/// embargo), a translation can only hold itself back. A translation dated before its
/// original would publish the original's facts early: that is an error naming both files.
fn publish(articles: Vec<Arc<Article>>, options: &LoadOptions, errors: &mut Vec<Diagnostic>) -> Vec<Arc<Article>> {
    let originals: HashMap<&str, &Arc<Article>> = articles
        .iter()
        .filter(|a| a.role == Role::Original)
        .map(|a| (&*a.name, a))
        .collect();
    let mut keep = Vec::with_capacity(articles.len());
    for article in &articles {
        let original = originals.get(&*article.name).copied().unwrap_or(article);
        // Only a marked translation may carry a date (an unmarked one with a date is a second
        // original, reported as such).
        if let Some(front) = article.front.as_deref()
            && let Some(own) = &front.date
            && front.translation.is_some()
            && own.value.timestamp() < original.date.timestamp()
        {
            let (mine, theirs) = if own.value.date() == original.date.date() {
                (own.value.datetime().to_string(), original.date.datetime().to_string())
            } else {
                (own.value.date().to_string(), original.date.date().to_string())
            };
            errors.push(
                Diagnostic::at_span(
                    &own.span,
                    format!(
                        "this translation is dated {mine} but its original {} is dated {theirs}",
                        original.file.display.display(),
                    ),
                )
                .field("date")
                .hint(
                    "a translation is published with its original, never before it: remove `date` here to inherit it",
                ),
            );
        }
        let drafted = original.draft || article.draft;
        let embargoed = original.date.timestamp() > options.now;
        if (options.drafts || !drafted) && (options.future || !embargoed) {
            keep.push(article.clone());
        }
    }
    keep
}

/// Reads one file and parses its front matter and body. Files are independent here, which
/// is what lets this run on all cores. With `html`, the body's HTML is made in the same pass
/// (a build; see [`markdown::render_with_html`]).
pub(crate) fn parse_file(source: SourceFile, config: &Config, html: bool) -> Result<ParsedFile, Vec<Diagnostic>> {
    let bytes = read_bytes(&source.path, &source.display).map_err(|e| vec![e])?;
    parse_bytes(source, &bytes, config, html)
}

/// Parses a file's contents; the loader's whole contract with untrusted bytes, so the
/// property tests call it directly.
pub(crate) fn parse_bytes(
    source: SourceFile,
    bytes: &[u8],
    config: &Config,
    html: bool,
) -> Result<ParsedFile, Vec<Diagnostic>> {
    let text = decode(bytes, &source.display).map_err(|e| vec![e])?;
    let hash = {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&*text, &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let file = Arc::new(SourceText {
        display: source.display.clone(),
        text,
    });
    let parts = split::split(&file.text).map_err(|e| vec![split_error(e, &file)])?;
    let languages: Vec<_> = config.langs().collect();
    let parser = front_matter::Parser {
        source: &file,
        range: parts.front_matter.clone(),
        timezone: &config.timezone,
        languages: &languages,
    };
    let (front, errors) = match source.kind {
        Kind::Article => {
            let (front, errors) = parser.article();
            (Front::Article(Arc::new(front)), errors)
        }
        Kind::Page => {
            let (front, errors) = parser.page();
            (Front::Page(Arc::new(front)), errors)
        }
    };
    let text = &file.text[parts.body.clone()];
    let options = markdown_options(config, &source.lang);
    let mut body = if html {
        markdown::render_with_html(text, &options)
    } else {
        markdown::render(text, &options)
    };
    body.source = parts.body.clone();
    let shift = |r: &mut std::ops::Range<usize>| *r = r.start + parts.body.start..r.end + parts.body.start;
    body.links.iter_mut().for_each(|l| shift(&mut l.range));
    body.citations.iter_mut().for_each(|c| shift(&mut c.range));
    Ok(ParsedFile {
        source,
        file,
        front,
        hash,
        body: Arc::new(body),
        errors,
    })
}

/// How the bodies of a language are read and written, the same when a file is loaded and
/// when its page is written.
pub(crate) fn markdown_options<'a>(config: &'a Config, lang: &'a crate::config::Lang) -> markdown::Options<'a> {
    markdown::Options {
        raw_html: config.markdown.raw_html,
        smart_punctuation: config.markdown.smart_punctuation,
        lang: lang.as_str(),
        base_path: config.base_url.path(),
        reserved_ids: RESERVED_IDS,
        summary_chars: SUMMARY_CHARS,
    }
}

/// The HTML of a loaded body: made when it was read, or made now (see [`markdown::html`]).
pub(crate) fn body_html<'b>(
    config: &Config,
    lang: crate::config::Lang,
    file: &SourceText,
    body: &'b markdown::Markdown,
) -> std::borrow::Cow<'b, str> {
    match &body.html {
        Some(html) => std::borrow::Cow::Borrowed(html),
        None => {
            let text = file.text.get(body.source.clone()).unwrap_or_default();
            std::borrow::Cow::Owned(markdown::html(text, &markdown_options(config, &lang)))
        }
    }
}

/// Reads a content file, refusing one too large to be an article.
pub(crate) fn read_bytes(path: &Path, display: &Path) -> Result<Vec<u8>, Diagnostic> {
    let size = std::fs::metadata(path).map_err(|e| Diagnostic::io(display, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            format!(
                "the file is {:.1} MB; content files may be at most 10 MB",
                size as f64 / 1e6
            ),
        )
        .hint("put large data files in static/ and link to them"));
    }
    std::fs::read(path).map_err(|e| Diagnostic::io(display, &e))
}

/// UTF-8 text with `\n` line endings and no byte-order mark.
pub(crate) fn decode(bytes: &[u8], display: &Path) -> Result<Arc<str>, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = crate::diagnostics::line_column(valid, valid.len());
            return Err(Diagnostic::error(
                display,
                format!("the file is not valid UTF-8 (byte {})", e.valid_up_to()),
            )
            .at_line(line, column)
            .hint("save the file as UTF-8; this often happens with files saved as Latin-1 or GBK"));
        }
    };
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    Ok(Arc::from(without_controls(&text)))
}

/// Word and PDF viewers paste line separators as U+000B and friends; HTML, XML and iCalendar
/// forbid them. They become spaces here, once, so every output sees the same clean text and the
/// reader still sees two words where the editor saw two lines.
fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unwanted = |c: char| c.is_control() && c != '\n' && c != '\t';
    // The same test on bytes, as every file is searched (char by char it was 2% of a build):
    // the controls are U+0000–U+001F, U+007F and U+0080–U+009F, which UTF-8 writes as C2 80–9F.
    let bytes = text.as_bytes();
    let found = bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|next| (0x80..0xA0).contains(next)),
        _ => false,
    });
    if found {
        std::borrow::Cow::Owned(text.replace(unwanted, " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn split_error(error: split::SplitError, file: &Arc<SourceText>) -> Diagnostic {
    let example = "+++\ntitle = \"…\"\ndate = 2024-10-22\n+++";
    let text = &file.text;
    match error {
        split::SplitError::Empty => Diagnostic::error(&file.display, "the file is empty")
            .hint(format!("start it with front matter between +++ lines:\n{example}")),
        split::SplitError::NoOpening => Diagnostic::error(&file.display, "the file does not start with front matter")
            .at(text, 0..text.find('\n').unwrap_or(text.len()))
            .hint(format!("the first line must be +++, e.g.\n{example}")),
        split::SplitError::Unclosed => Diagnostic::error(&file.display, "the front matter opened here is never closed")
            .at(text, 0..3)
            .hint("add a line with only +++ after the last front matter field"),
    }
}

/// Every version of each article by name, for checks across languages.
pub(crate) fn by_name(articles: &[Arc<Article>]) -> BTreeMap<&str, Vec<&Article>> {
    let mut map: BTreeMap<&str, Vec<&Article>> = BTreeMap::new();
    for article in articles {
        map.entry(&article.name).or_default().push(article);
    }
    map
}

#[cfg(test)]
mod tests {
    /// The byte test finds exactly the characters the char test would, among all of them.
    #[test]
    fn every_control_but_line_feed_and_tab_becomes_a_space() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let unwanted = c.is_control() && c != '\n' && c != '\t';
            let expected = if unwanted { "a b".to_string() } else { text.clone() };
            assert_eq!(super::without_controls(&text), expected, "U+{:04X}", c as u32);
        }
    }
}
