//! The content stage: discover the Markdown files, read and parse each one (in parallel), pair
//! translations and fill in inherited facts, then drop drafts and embargoed articles and give
//! every page its path. The result is plain data; nothing here renders or writes.

pub mod discover;
pub mod front_matter;
mod inherit;
pub mod model;
pub mod split;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Markdown};
use discover::{Kind, SourceFile};
use front_matter::{ArticleFront, PageFront};
use model::{Article, Page};

/// What the user asked to include.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    pub future: bool,
    /// Articles dated after this are embargoed.
    pub now: Timestamp,
}

/// Everything in content/, complete and validated, newest article first.
#[derive(Debug, Default)]
pub struct Content {
    pub articles: Vec<Arc<Article>>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Diagnostic>,
}

/// Files larger than this are refused: no article is 10 MB of text, and reading a stray
/// data dump into memory 20,000 times over would be the wrong kind of surprise.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// One content file, read and parsed but not yet paired with its translations.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub source: SourceFile,
    pub text: Arc<str>,
    /// A hash of `text`, made once: watch mode compares it on every rebuild.
    pub hash: u64,
    pub front: Front,
    pub body: Arc<Markdown>,
}

#[derive(Debug, Clone)]
pub enum Front {
    Article(Arc<ArticleFront>),
    Page(Arc<PageFront>),
}

pub fn load(root: &Path, config: &Config, options: &LoadOptions) -> Result<Content, Vec<Diagnostic>> {
    let found = discover::discover(root, config)?;
    let results: Vec<Result<ParsedFile, Vec<Diagnostic>>> = found
        .files
        .into_par_iter()
        .map(|file| parse_file(file, config))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(p) => parsed.push(p),
            Err(e) => errors.extend(e),
        }
    }
    let refs: Vec<&ParsedFile> = parsed.iter().collect();
    match complete(&refs, &found.assets, root, config, options, &HashMap::new()) {
        Ok(content) if errors.is_empty() => Ok(content),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// From parsed files to the finished content: translations paired and completed, drafts
/// and embargoed articles left out, paths given, articles sorted newest first. Watch mode
/// calls this with the files it keeps parsed in memory.
pub fn complete(
    parsed: &[&ParsedFile],
    assets: &BTreeMap<String, Vec<std::path::PathBuf>>,
    root: &Path,
    config: &Config,
    options: &LoadOptions,
    previous: &HashMap<u64, Arc<Article>>,
) -> Result<Content, Vec<Diagnostic>> {
    let assembled = inherit::assemble(parsed, assets, root, config, previous);
    let mut errors = assembled.errors;
    let mut content = Content {
        articles: assembled.articles,
        pages: assembled.pages,
        warnings: assembled.warnings,
    };
    content
        .articles
        .retain(|a| (options.drafts || !a.draft) && (options.future || a.date.timestamp() <= options.now));
    content.pages.retain(|p| options.drafts || !p.draft);
    assign_paths(&mut content, config, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    content.articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    Ok(content)
}

/// Reads one file and parses its front matter and body. Files are independent here, which
/// is what lets this run on all cores.
pub fn parse_file(source: SourceFile, config: &Config) -> Result<ParsedFile, Vec<Diagnostic>> {
    let bytes = read_bytes(&source.path, &source.display).map_err(|e| vec![e])?;
    parse_bytes(source, &bytes, config)
}

/// Parses a file's contents; the loader's whole contract with untrusted bytes, so the
/// property tests call it directly.
pub fn parse_bytes(source: SourceFile, bytes: &[u8], config: &Config) -> Result<ParsedFile, Vec<Diagnostic>> {
    let text = decode(bytes, &source.display).map_err(|e| vec![e])?;
    let hash = {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&*text, &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let parts = split::split(&text).map_err(|e| vec![split_error(e, &source.display, &text)])?;
    let parser = front_matter::Parser {
        text: &text,
        range: parts.front_matter.clone(),
        file: &source.display,
        timezone: &config.timezone,
    };
    let front = match source.kind {
        Kind::Article => Front::Article(Arc::new(parser.article()?)),
        Kind::Page => Front::Page(Arc::new(parser.page()?)),
    };
    let mut body = markdown::render(&text[parts.body.clone()], &config.markdown);
    for link in &mut body.links {
        link.1 = link.1.start + parts.body.start..link.1.end + parts.body.start;
    }
    Ok(ParsedFile {
        source,
        text,
        front,
        hash,
        body: Arc::new(body),
    })
}

/// Reads a content file, refusing one too large to be an article.
pub fn read_bytes(path: &Path, display: &Path) -> Result<Vec<u8>, Diagnostic> {
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
pub fn decode(bytes: &[u8], display: &Path) -> Result<Arc<str>, Diagnostic> {
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
    Ok(if text.contains('\r') {
        Arc::from(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Arc::from(text)
    })
}

fn split_error(error: split::SplitError, file: &Path, text: &Arc<str>) -> Diagnostic {
    let example = "+++\ntitle = \"…\"\ndate = 2024-10-22\n+++";
    match error {
        split::SplitError::Empty => Diagnostic::error(file, "the file is empty")
            .hint(format!("start it with front matter between +++ lines:\n{example}")),
        split::SplitError::NoOpening => Diagnostic::error(file, "the file does not start with front matter")
            .at(text, 0..text.find('\n').unwrap_or(text.len()))
            .hint(format!("the first line must be +++, e.g.\n{example}")),
        split::SplitError::Unclosed => Diagnostic::error(file, "the front matter opened here is never closed")
            .at(text, 0..3)
            .hint("add a line with only +++ after the last front matter field"),
    }
}

/// An article's site-absolute path from the permalink pattern; its date in the site's
/// time zone gives the year.
fn article_path(config: &Config, article: &Article) -> String {
    let date = article.date.date();
    config
        .permalinks
        .article
        .replace("{lang}", &article.lang)
        .replace("{year}", &format!("{:04}", date.year()))
        .replace("{month}", &format!("{:02}", date.month()))
        .replace("{day}", &format!("{:02}", date.day()))
        .replace("{slug}", &article.slug)
}

/// Fills `path` on every page from its permalink pattern, and reports two files that would
/// write the same page.
fn assign_paths(content: &mut Content, config: &Config, errors: &mut Vec<Diagnostic>) {
    for page in &mut content.pages {
        page.path = config
            .permalinks
            .page
            .replace("{lang}", &page.lang)
            .replace("{slug}", &page.slug);
    }
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    let all = content.articles.iter().map(|a| (a.path.as_str(), a.file.as_path()));
    let all = all.chain(content.pages.iter().map(|p| (p.path.as_str(), p.file.as_path())));
    let mut clashes = Vec::new();
    for (path, file) in all {
        if let Some(first) = seen.insert(path, file) {
            clashes.push(
                Diagnostic::error(
                    file,
                    format!("this file and {} would both write the page {path}", first.display()),
                )
                .field("slug")
                .hint("give one of them a different `slug` in its front matter"),
            );
        }
    }
    errors.extend(clashes);
}
