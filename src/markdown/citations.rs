//! Figure citations: `{{key}}` in the text stands for a figure's value. A translation's values
//! are inherited from the original after its body is rendered, so rendering writes a
//! placeholder and [`fill`] puts the value in later, in the HTML and in the plain-text outputs.
//!
//! A placeholder is `U+FDD0 key U+FDD1`. Both are Unicode noncharacters, set aside for exactly
//! this (process-internal use, never interchanged), so no font or input method produces them;
//! any that an editor's file still holds are turned into U+FFFD before parsing ([`neutralise`]),
//! so every sentinel in the output comes from a citation. Private Use Area characters were not
//! chosen: icon fonts live there and editors paste them.

use std::borrow::Cow;
use std::ops::Range;

/// Opens a placeholder.
pub(super) const OPEN: char = '\u{FDD0}';
/// Closes a placeholder.
pub(super) const CLOSE: char = '\u{FDD1}';

/// A `{{key}}` in the body: a figure's value, cited by key so the text and the figures box
/// cannot disagree. A key is `[A-Za-z0-9_.-]+`, with optional spaces or tabs inside the braces
/// (`{{ investment }}`). Citations count in text, link text and alt text; not in code spans,
/// code blocks, URLs or raw HTML, nor where the braces are written with entities or
/// escapes: `\{{key}}` writes the braces literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    pub key: String,
    /// Byte range of `{{key}}` in the body, braces included, for an error at its line and column.
    pub range: Range<usize>,
}

/// One Text event of a merged run: where its text starts in the run, and its source range.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    pub(super) at: usize,
    pub(super) source: Range<usize>,
}

/// The body with placeholder sentinels replaced by U+FFFD. Both are three bytes in UTF-8, so
/// every byte offset into the result is the same in the editor's file.
pub(super) fn neutralise(body: &str) -> Cow<'_, str> {
    if body.contains([OPEN, CLOSE]) {
        Cow::Owned(body.replace([OPEN, CLOSE], "\u{FFFD}"))
    } else {
        Cow::Borrowed(body)
    }
}

/// Whether `c` may appear in a figure key.
pub(super) fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The run's text with every citation replaced by its placeholder, or `None` if it has none.
/// A citation counts only where `{{…}}` stands in the body exactly as it is in the text (not
/// written with entities, escapes or smart punctuation) and its first brace is not
/// backslash-escaped: `\{{key}}` is the way to write the braces literally.
pub(super) fn cite(text: &str, segments: &[Segment], body: &str, found: &mut Vec<Citation>) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut search = 0;
    while let Some(offset) = text[search..].find("{{") {
        let start = search + offset;
        let Some((end, key)) = match_citation(text, start) else {
            search = start + 1;
            continue;
        };
        search = end;
        let Some(source) = source_range(segments, start, end).filter(|r| is_literal(body, r, &text[start..end])) else {
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..start]);
        push_placeholder(out, key);
        copied = end;
        found.push(Citation {
            key: key.to_string(),
            range: source,
        });
    }
    let mut out = out?;
    out.push_str(&text[copied..]);
    Some(out)
}

/// `{{`, optional blanks, a key, optional blanks, `}}` at `start`: the end and the key. Scans
/// only blanks and key characters, neither of which is `{`, so it never reads past the next
/// `{{` and each byte is read at most twice overall.
fn match_citation(text: &str, start: usize) -> Option<(usize, &str)> {
    let inner = &text[start + 2..];
    let key_start = inner.len() - inner.trim_start_matches([' ', '\t']).len();
    let key_len = inner[key_start..]
        .find(|c| !is_key_char(c))
        .unwrap_or(inner.len() - key_start);
    let key = &inner[key_start..key_start + key_len];
    let after = inner[key_start + key_len..].trim_start_matches([' ', '\t']);
    if key.is_empty() || !after.starts_with("}}") {
        return None;
    }
    Some((text.len() - after.len() + 2, key))
}

/// The body range that text `start..end` came from, if both ends fall in a segment.
fn source_range(segments: &[Segment], start: usize, end: usize) -> Option<Range<usize>> {
    let segment_of = |pos: usize| segments.get(segments.partition_point(|s| s.at <= pos).checked_sub(1)?);
    let first = segment_of(start)?;
    let last = segment_of(end - 1)?;
    Some(first.source.start + (start - first.at)..last.source.start + (end - 1 - last.at) + 1)
}

/// Whether the body holds exactly `text` at `range`, with no escaping backslash before it.
fn is_literal(body: &str, range: &Range<usize>, text: &str) -> bool {
    let backslashes = body.as_bytes()[..range.start.min(body.len())]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count();
    body.get(range.clone()) == Some(text) && backslashes % 2 == 0
}

fn push_placeholder(out: &mut String, key: &str) {
    out.push(OPEN);
    out.push_str(key);
    out.push(CLOSE);
}

/// Replaces every placeholder in `text` (HTML, summary, plain text or a heading's text from
/// [`render`](super::render)) with what `resolve` returns for its key, in one linear pass. For
/// HTML, `resolve` must return escaped text, quotes included (or use [`fill_html`]); for
/// plain text, the value as it is. A key `resolve` does not know is written back as
/// `{{key}}`, visible on the page rather than silently empty.
///
/// A placeholder is `U+FDD0 key U+FDD1`: two Unicode noncharacters, which no font or input
/// method produces and which `render` replaces with U+FFFD wherever the editor's file has
/// them, so each one in its output comes from a citation. A sentinel that is not part of a
/// placeholder is dropped.
pub(crate) fn fill(text: &str, resolve: impl Fn(&str) -> Option<String>) -> Cow<'_, str> {
    let Some(first) = text.find(OPEN) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    push_without_close(&mut out, &text[..first]);
    let mut rest = &text[first + OPEN.len_utf8()..];
    loop {
        let key_len = rest.find(|c| !is_key_char(c)).unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_len);
        if let (false, Some(after)) = (key.is_empty(), after.strip_prefix(CLOSE)) {
            match resolve(key) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("{{");
                    out.push_str(key);
                    out.push_str("}}");
                }
            }
            rest = after;
        }
        let Some(next) = rest.find(OPEN) else {
            push_without_close(&mut out, rest);
            return Cow::Owned(out);
        };
        push_without_close(&mut out, &rest[..next]);
        rest = &rest[next + OPEN.len_utf8()..];
    }
}

fn push_without_close(out: &mut String, text: &str) {
    text.split(CLOSE).for_each(|piece| out.push_str(piece));
}

/// [`fill`] for HTML with raw values: each resolved value is HTML-escaped (quotes too, as a
/// placeholder can sit in an `alt` attribute).
pub(crate) fn fill_html(html: &str, resolve: impl Fn(&str) -> Option<String>) -> Cow<'_, str> {
    fill(html, |key| resolve(key).map(|value| escape_html(&value)))
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text with each placeholder written as its bare key: what a heading's slug is made from,
/// so an anchor never depends on a figure's value.
pub(super) fn keys_only(text: &str) -> Cow<'_, str> {
    fill(text, |key| Some(key.to_string()))
}

/// Citations in plain text that is not Markdown (a front matter `summary`): each `{{key}}`
/// becomes a placeholder, like in a body, and is listed with its byte range in `text`.
pub(crate) fn cite_text(text: &str) -> (String, Vec<Citation>) {
    let text = &*neutralise(text);
    let mut out = String::with_capacity(text.len());
    let mut citations = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{").map(|i| rest + i) {
        let inner_start = open + 2;
        let Some(close) = text[inner_start..].find("}}").map(|i| inner_start + i) else {
            break;
        };
        let key = text[inner_start..close].trim_matches([' ', '\t']);
        if key.is_empty() || !key.chars().all(is_key_char) {
            out.push_str(&text[rest..inner_start]);
            rest = inner_start;
            continue;
        }
        out.push_str(&text[rest..open]);
        out.push(OPEN);
        out.push_str(key);
        out.push(CLOSE);
        citations.push(Citation {
            key: key.to_string(),
            range: open..close + 2,
        });
        rest = close + 2;
    }
    out.push_str(&text[rest..]);
    (out, citations)
}
