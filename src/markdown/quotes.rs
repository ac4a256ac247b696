//! Quotation marks by language for smart punctuation. pulldown-cmark writes English quotes;
//! German needs „…“ and ‚…‘ (Swiss German «…» and ‹…›), Chinese uses the English code points.
//!
//! pulldown-cmark gives every straight quote it converts as its own Text event over the one
//! source byte, so a converted quote is a Text event of `“ ” ‘ ’` whose source is `"` or `'`.
//! Double quotes map one to one. A single `’` is either an apostrophe or the closer of a
//! matched `‘`: pulldown pairs an opener with the first later `'` that can close (not after
//! whitespace; before whitespace, punctuation or the end), so the same rule, applied from the
//! last `‘` seen in the same block, finds the closer; every other `’` is an apostrophe and
//! stays `’` in every language.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marks {
    double_open: &'static str,
    double_close: &'static str,
    single_open: &'static str,
    single_close: &'static str,
}

const ENGLISH: Marks = Marks {
    double_open: "“",
    double_close: "”",
    single_open: "‘",
    single_close: "’",
};
const GERMAN: Marks = Marks {
    double_open: "„",
    double_close: "“",
    single_open: "‚",
    single_close: "‘",
};
const SWISS: Marks = Marks {
    double_open: "«",
    double_close: "»",
    single_open: "‹",
    single_close: "›",
};

/// Quote state within one block (paragraph, heading, table cell): pulldown pairs quotes only
/// inside one.
#[derive(Debug)]
pub(super) struct Quotes {
    marks: Marks,
    single_open: bool,
}

impl Quotes {
    pub(super) fn new(lang: &str) -> Self {
        let lang = lang.to_ascii_lowercase();
        let mut subtags = lang.split(['-', '_']);
        let marks = match (subtags.next(), subtags.next()) {
            (Some("gsw"), _) | (Some("de"), Some("ch" | "li")) => SWISS,
            (Some("de"), _) => GERMAN,
            _ => ENGLISH,
        };
        Quotes {
            marks,
            single_open: false,
        }
    }

    /// A new block starts: no single quote is open.
    pub(super) fn reset(&mut self) {
        self.single_open = false;
    }

    /// The mark to write instead of `text`, if it is a quote pulldown converted and the
    /// language writes it differently.
    pub(super) fn convert(&mut self, text: &str, source: &Range<usize>, body: &str) -> Option<&'static str> {
        let straight = body.get(source.clone())?;
        let mark = match (text, straight) {
            ("“", "\"") => self.marks.double_open,
            ("”", "\"") => self.marks.double_close,
            ("‘", "'") => {
                self.single_open = true;
                self.marks.single_open
            }
            ("’", "'") if self.single_open && can_close(body, source.start) => {
                self.single_open = false;
                self.marks.single_close
            }
            _ => return None,
        };
        (mark != text).then_some(mark)
    }
}

/// pulldown-cmark's test for a quote that can close (right-flanking, outside tables).
fn can_close(body: &str, at: usize) -> bool {
    let before = body[..at].chars().next_back();
    let after = body.get(at + 1..).and_then(|rest| rest.chars().next());
    match (before, after) {
        (None, _) => false,
        (Some(b), _) if b.is_whitespace() => false,
        (_, None) => true,
        (_, Some(a)) => a.is_whitespace() || !a.is_alphanumeric(),
    }
}
