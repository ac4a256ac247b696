//! The one error type of gazette. A `Diagnostic` says what went wrong, where and what to do:
//! a problem in the user's input points at a file, a line and a column (through a `Span` that
//! knows its file, so a fact inherited from another file is reported in the file that holds
//! it), names the field and offers a hint. A failure to read or write a path, and a failure of
//! the dev server, are their own kinds: they are reported honestly as what they are, never
//! under a made-up file name. Every stage collects diagnostics into a list instead of
//! stopping at the first, so an editor sees every mistake of every file in one run.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Whether a diagnostic fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run: nothing is written.
    Error,
    /// Reported; the run goes on.
    Warning,
}

/// What kind of thing went wrong, which decides how it is introduced to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A mistake in the site's own files (content, site.toml, templates, command-line values).
    Input,
    /// A path that could not be read or written: the operating system's answer is the message.
    Io,
    /// The development server (binding a port, serving).
    Server,
}

/// A file's text, shared by every span that points into it.
#[derive(Debug)]
pub struct SourceText {
    /// Relative to the site root where possible (`content/2024/x.de.md`).
    pub display: PathBuf,
    pub text: Arc<str>,
}

/// A place in a file: the file travels with the range, so a value read from one file and
/// used for another (an inherited fact) still points at the line that holds it.
#[derive(Clone)]
pub struct Span {
    pub source: Arc<SourceText>,
    pub range: Range<usize>,
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{:?}", self.source.display.display(), self.range)
    }
}

impl PartialEq for Span {
    /// Two spans are the same place when they cover the same bytes of the same file.
    fn eq(&self, other: &Span) -> bool {
        self.range == other.range && self.source.display == other.source.display
    }
}

impl Span {
    pub fn new(source: &Arc<SourceText>, range: Range<usize>) -> Span {
        Span {
            source: source.clone(),
            range,
        }
    }

    pub fn file(&self) -> &Path {
        &self.source.display
    }

    /// 1-based line of the span's start.
    pub fn line(&self) -> usize {
        line_column(&self.source.text, self.range.start).0
    }

    /// The text the span covers.
    pub fn text(&self) -> &str {
        self.source.text.get(self.range.clone()).unwrap_or_default()
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// A problem, with everything needed to find and fix it.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Diagnostic {
    /// Whether the problem fails the run.
    pub severity: Severity,
    /// Where the problem lies: the site's files, the file system, the server.
    pub kind: Kind,
    /// The file or path concerned, relative to the site root where possible; empty for a
    /// problem of the whole run (the server, a command-line flag).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem concerns a whole line.
    pub column: usize,
    /// The front matter or config field concerned, dotted (`location.coordinates`).
    pub field: Option<String>,
    /// What is wrong, in the editor's words.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The file's text and the byte range of the mistake, so the line can be shown.
    snippet: Option<Box<(Arc<str>, Range<usize>)>>,
}

impl Diagnostic {
    /// A mistake in a site file, not yet pointed at a line.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind: Kind::Input,
            file: file.into(),
            line: 0,
            column: 0,
            field: None,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    /// A problem that does not fail the run.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// A mistake at a place in a file.
    pub fn at_span(span: &Span, message: impl Into<String>) -> Self {
        Diagnostic::error(span.file(), message).at(&span.source.text, span.range.clone())
    }

    /// A mistake in something the user typed on the command line (`--base-url`).
    pub fn flag(flag: &str, message: impl Into<String>) -> Self {
        Diagnostic::error(PathBuf::new(), message).field(flag)
    }

    /// An I/O failure on a path; the OS message is the most precise thing we have.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic {
            kind: Kind::Io,
            ..Diagnostic::error(path, format!("cannot access this path: {err}"))
        }
    }

    /// An I/O failure described in words (copying a file, swapping a folder).
    pub fn io_message(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            kind: Kind::Io,
            ..Diagnostic::error(path, message)
        }
    }

    /// A failure of the development server, which concerns no file.
    pub fn server(message: impl Into<String>) -> Self {
        Diagnostic {
            kind: Kind::Server,
            ..Diagnostic::error(PathBuf::new(), message)
        }
    }

    /// Names the field concerned.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Says what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same problem as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Points the diagnostic at `span` (byte range) in `text`, the whole file's contents.
    pub fn at(mut self, text: &Arc<str>, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, column) = line_column(text, start);
        self.line = line;
        self.column = column;
        self.snippet = Some(Box::new((text.clone(), start..end)));
        self
    }

    /// Points at a span in the diagnostic's own file (or moves it to the span's file).
    pub fn spanned(mut self, span: &Span) -> Self {
        self.file = span.file().to_path_buf();
        self.at(&span.source.text, span.range.clone())
    }

    /// Points at a line and column without the text at hand (templates, for instance).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Whether the problem fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders like a compiler does: title, location, the offending line, the hint.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = self.title();
        let path = self.location();
        let mut report = Vec::new();
        let title = level.primary_title(title.as_str());
        let file = shown_path(&self.file);
        report.push(match (self.snippet.as_deref(), path.is_empty()) {
            // The renderer adds line and column itself when it shows the source.
            (Some((text, span)), _) => title.element(
                Snippet::source(&**text)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            ),
            (None, false) => title.element(annotate_snippets::Origin::path(path.as_str())),
            (None, true) => Group::with_title(title),
        });
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(Level::HELP.secondary_title(hint.as_str())));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&report).to_string()
    }

    fn title(&self) -> String {
        let prefix = match self.kind {
            Kind::Input => "",
            Kind::Io => "file system: ",
            Kind::Server => "server: ",
        };
        match &self.field {
            Some(field) => format!("{prefix}`{field}`: {}", self.message),
            None => format!("{prefix}{}", self.message),
        }
    }

    /// `path:line:column`, the form editors and terminals turn into a link.
    fn location(&self) -> String {
        let file = shown_path(&self.file);
        match (self.line, self.column) {
            _ if self.file.as_os_str().is_empty() => String::new(),
            (0, _) => file,
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

/// A path as messages show it: a control character in a file name (a CR or LF is a valid
/// byte on Linux) is written as its escape, so it cannot break or forge a line of the report.
fn shown_path(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.contains(char::is_control) {
        shown
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_debug().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        shown
    }
}

impl fmt::Display for Diagnostic {
    /// One line, for logs and for the browser overlay.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let location = self.location();
        if location.is_empty() {
            write!(f, "{kind}: {}", self.title())?;
        } else {
            write!(f, "{kind}: {location}: {}", self.title())?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Sorts by file, then position, so reports read top to bottom like the files do; drops
/// exact repeats (the same template error hit by many pages).
pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message).cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
    diagnostics.dedup_by(|a, b| a.to_string() == b.to_string());
}

/// Prints every diagnostic to stderr, in colour when stderr is a terminal.
pub fn print_all(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render(color));
        out.push('\n');
    }
    crate::print_stderr(&out);
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The closest candidate to a misspelt name, for "did you mean" hints.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= 2.max(c.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a\nüb = 1\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 2), (2, 1));
        assert_eq!(line_column(text, 5), (2, 3));
    }

    #[test]
    fn closest_suggests_near_names_only() {
        let fields = ["location", "title", "date"];
        assert_eq!(closest("locaton", fields), Some("location"));
        assert_eq!(closest("tittle", fields), Some("title"));
        assert_eq!(closest("figures", fields), None);
    }

    #[test]
    fn render_shows_the_line_and_the_hint() {
        let text: Arc<str> = Arc::from("+++\nlocaton = \"x\"\n+++\n");
        let d = Diagnostic::error("content/a.md", "unknown field")
            .field("locaton")
            .hint("did you mean `location`?")
            .at(&text, 4..11);
        let out = d.render(false);
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("locaton = \"x\""), "{out}");
        assert!(out.contains("did you mean `location`?"), "{out}");
    }

    #[test]
    fn a_span_carries_its_file_into_the_diagnostic() {
        let source = Arc::new(SourceText {
            display: PathBuf::from("content/a.zh.md"),
            text: Arc::from("+++\ndate = 2024-13-01\n+++\n"),
        });
        let d = Diagnostic::error("content/a.de.md", "bad date").spanned(&Span::new(&source, 11..21));
        assert_eq!(d.file, PathBuf::from("content/a.zh.md"));
        assert_eq!((d.line, d.column), (2, 8));
    }

    #[test]
    fn io_and_server_problems_name_no_made_up_file() {
        let server = Diagnostic::server("cannot listen on 127.0.0.1:1111");
        assert_eq!(server.to_string(), "error: server: cannot listen on 127.0.0.1:1111");
        let io = Diagnostic::io(Path::new("public"), &std::io::Error::other("disk full"));
        assert!(io.to_string().starts_with("error: public: file system:"), "{io}");
    }
}
