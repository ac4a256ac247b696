//! The one error type of gazette: a `Diagnostic` points at a file, a line and a column, names
//! the field, says what was expected and offers a hint. Every stage collects them into a list
//! instead of stopping at the first, so an editor sees every mistake of every file in one run.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Whether a diagnostic fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the user's input, with everything needed to find and fix it.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    /// The front matter or config field concerned, dotted (`location.coordinates`).
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The file's text and the byte range of the mistake, so the line can be shown.
    snippet: Option<Box<(Arc<str>, Range<usize>)>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            field: None,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// An I/O failure on a path; the OS message is the most precise thing we have.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::error(path, format!("cannot access this path: {err}"))
    }

    /// The same problem, attributed to another file (for checks that run before the file
    /// name is known).
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = file.into();
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

    /// Points at a line and column without the text at hand (templates, for instance).
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

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
        let file = self.file.display().to_string();
        report.push(match self.snippet.as_deref() {
            // The renderer adds line and column itself when it shows the source.
            Some((text, span)) => title.element(
                Snippet::source(&**text)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            ),
            None => title.element(annotate_snippets::Origin::path(path.as_str())),
        });
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(Level::HELP.secondary_title(hint.as_str())));
        }
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        renderer.render(&report).to_string()
    }

    fn title(&self) -> String {
        match &self.field {
            Some(field) => format!("`{field}`: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// `path:line:column`, the form editors and terminals turn into a link.
    fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One line, for logs and for the browser overlay.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}: {}", self.location(), self.title())?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// Turns a TOML error into a diagnostic. `offset` is where the TOML text starts inside
    /// `text` (the front matter starts after `+++`), so lines count from the file's top.
    pub fn from_toml(err: &toml::de::Error, text: &Arc<str>, file: &Path, offset: usize) -> Self {
        let message = err.message().trim().to_string();
        let mut d = Diagnostic::error(file, message.clone());
        if let Some(name) = quoted_after(&message, "unknown field ") {
            let expected = expected_names(&message);
            d = d.field(name);
            d.message = "unknown field".into();
            d.hint = Some(match closest(name, expected.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known fields here: {}", expected.join(", ")),
            });
        } else if let Some(name) = quoted_after(&message, "missing field ") {
            d = d.field(name).hint(format!("add `{name} = …`; it is required"));
            d.message = "required field is missing".into();
        } else if message.starts_with("invalid type") {
            d.message = message
                .replace("expected f64", "expected a number")
                .replace("expected i64", "expected a whole number");
            if let Some(key) = err.span().and_then(|span| key_before(text, offset + span.start)) {
                d = d.field(key);
            }
            d = d.hint("check the value's type: text is quoted, numbers are not, dates are written bare (2024-10-22)");
        } else if message.contains("date") || message.contains("time") {
            d = d.hint(crate::content::front_matter::DATE_FORMS);
        } else if message.contains("unknown variant") {
            d = d.hint(format!("expected one of: {}", expected_names(&message).join(", ")));
        }
        match err.span() {
            Some(span) => d.at(text, offset + span.start..offset + span.end),
            None => d.at(text, offset..offset),
        }
    }
}

/// The key of a `key = value` line, for errors that point at the value.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text[line_start..offset].split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// The first backquoted name after `prefix`: serde writes "unknown field `x`, expected …".
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(&rest[..rest.find('`')?])
}

/// The backquoted names after "expected", which serde lists for unknown fields and variants.
fn expected_names(message: &str) -> Vec<String> {
    let Some(at) = message.find("expected") else {
        return Vec::new();
    };
    message[at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Sorts by file, then position, so reports read top to bottom like the files do.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity)));
}

/// Prints every diagnostic to stderr, in colour when stderr is a terminal.
pub fn print_all(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render(color));
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
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
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
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
}
